import { useQuery } from '@tanstack/react-query';
import { Cascader, Tag } from 'antd';
import { useMemo } from 'react';
import { useI18n } from '../app/i18n';
import { api } from './api';
import type { RegionNode } from './types';

export function useRegionTree() {
  return useQuery({
    queryKey: ['regions', 'tree'],
    queryFn: () => api.get<RegionNode[]>('/regions/tree'),
    staleTime: 10 * 60_000,
  });
}

/** Path of nodes from a root down to `code` (empty when not found). */
export function findPath(tree: RegionNode[] | undefined, code: string | null | undefined): RegionNode[] {
  if (!tree || !code) return [];
  for (const n of tree) {
    if (n.code === code) return [n];
    if (n.children?.length && code.startsWith(n.code.slice(0, 6))) {
      const sub = findPath(n.children, code);
      if (sub.length) return [n, ...sub];
    }
  }
  return [];
}

export function findNode(tree: RegionNode[] | undefined, code: string | null | undefined): RegionNode | null {
  const p = findPath(tree, code);
  return p.length ? p[p.length - 1] : null;
}

export function regionNameMap(tree: RegionNode[] | undefined): Map<string, string> {
  const m = new Map<string, string>();
  const walk = (nodes: RegionNode[]) => {
    for (const n of nodes) {
      m.set(n.code, n.name);
      if (n.children) walk(n.children);
    }
  };
  if (tree) walk(tree);
  return m;
}

/** A readable path like 龙泉市 / 龙渊街道 / 某村 for a code. */
export function useRegionLabel() {
  const { data } = useRegionTree();
  return useMemo(() => {
    return (code: string | null | undefined, fallback?: string | null): string => {
      if (!code) return fallback ?? '';
      const p = findPath(data, code);
      if (!p.length) return fallback ?? code;
      return p.map((n) => n.name).join(' / ');
    };
  }, [data]);
}

interface CascaderOption {
  value: string;
  label: React.ReactNode;
  /** plain text for search */
  text: string;
  children?: CascaderOption[];
}

function toOptions(nodes: RegionNode[], demoLabel: string): CascaderOption[] {
  return nodes.map((n) => ({
    value: n.code,
    text: `${n.name} ${n.code}`,
    label: n.isDemo ? (
      <span>
        {n.name}{' '}
        <Tag color="orange" style={{ marginInlineEnd: 0 }} variant="filled">
          {demoLabel}
        </Tag>
      </span>
    ) : (
      n.name
    ),
    children: n.children?.length ? toOptions(n.children, demoLabel) : undefined,
  }));
}

interface RegionCascaderProps {
  value?: string | null;
  onChange?: (code: string | null) => void;
  /** restrict choices to this node's subtree (the page's region scope) */
  rootCode?: string | null;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  size?: 'small' | 'middle' | 'large';
  id?: string;
  status?: 'error' | 'warning';
  variant?: 'outlined' | 'borderless' | 'filled' | 'underlined';
  'aria-label'?: string;
}

/** A township -> village cascader over the user's region tree; any level may be chosen. */
export function RegionCascader({
  value,
  onChange,
  rootCode,
  placeholder,
  allowClear = true,
  style,
  size,
  id,
  status,
  variant,
  ...rest
}: RegionCascaderProps) {
  const { data, isLoading } = useRegionTree();
  const { t } = useI18n();
  const options = useMemo(() => {
    if (!data) return [];
    if (rootCode) {
      const node = findNode(data, rootCode);
      if (node) return toOptions([node], t('common.demo'));
    }
    return toOptions(data, t('common.demo'));
  }, [data, rootCode, t]);
  const path = useMemo(() => {
    const full = findPath(data, value ?? null).map((n) => n.code);
    if (!rootCode) return full;
    const i = full.indexOf(rootCode);
    return i >= 0 ? full.slice(i) : full;
  }, [data, value, rootCode]);

  return (
    <Cascader<CascaderOption>
      id={id}
      aria-label={rest['aria-label']}
      size={size}
      status={status}
      variant={variant}
      style={style}
      loading={isLoading}
      options={options}
      value={path.length ? path : undefined}
      changeOnSelect
      allowClear={allowClear}
      placeholder={placeholder}
      showSearch={{
        filter: (input, opts) => opts.some((o) => o.text.toLowerCase().includes(input.toLowerCase())),
      }}
      displayRender={(labels, selected) =>
        selected?.length ? selected.map((o) => (o as CascaderOption).text.split(' ')[0]).join(' / ') : labels.join(' / ')
      }
      onChange={(v) => {
        const arr = (v ?? []) as string[];
        onChange?.(arr.length ? arr[arr.length - 1] : null);
      }}
    />
  );
}
