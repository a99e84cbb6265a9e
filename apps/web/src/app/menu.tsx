import {
  ApiOutlined,
  AuditOutlined,
  CloudUploadOutlined,
  ClusterOutlined,
  HeartOutlined,
  HomeOutlined,
  IdcardOutlined,
  SafetyOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { Role } from '@lq/contracts';
import type { ReactNode } from 'react';
import type { MessageKey } from './messages';
import { type Capability, can } from './permissions';

/**
 * The left menu, by capability. To add a module (e.g. 养老服务), append an entry here
 * and its routes in router.tsx; entries whose capability the user lacks are not shown.
 */
export interface MenuEntry {
  key: string;
  labelKey: MessageKey;
  icon?: ReactNode;
  /** route inside the console */
  path?: string;
  /** a link outside the SPA (opens in a new tab) */
  href?: string;
  cap?: Capability;
  children?: MenuEntry[];
}

export const MENU: MenuEntry[] = [
  { key: 'home', labelKey: 'menu.home', icon: <HomeOutlined />, path: '/' },
  {
    key: 'registry',
    labelKey: 'menu.registry',
    icon: <IdcardOutlined />,
    children: [
      { key: 'people', labelKey: 'menu.people', icon: <UserOutlined />, path: '/people', cap: 'people.read' },
      { key: 'households', labelKey: 'menu.households', icon: <TeamOutlined />, path: '/households', cap: 'households.read' },
      { key: 'imports', labelKey: 'menu.imports', icon: <CloudUploadOutlined />, path: '/imports', cap: 'imports.use' },
    ],
  },
  {
    key: 'elderly',
    labelKey: 'menu.elderly',
    icon: <HeartOutlined />,
    children: [
      { key: 'ec-overview', labelKey: 'menu.elderly.overview', path: '/elderly/overview', cap: 'elderly.overview' },
      { key: 'ec-orders', labelKey: 'menu.elderly.orders', path: '/elderly/orders', cap: 'elderly.orders' },
      { key: 'ec-applications', labelKey: 'menu.elderly.applications', path: '/elderly/applications', cap: 'elderly.applications' },
      { key: 'ec-dispatch', labelKey: 'menu.elderly.dispatch', path: '/elderly/dispatch', cap: 'elderly.dispatch' },
      { key: 'ec-care', labelKey: 'menu.elderly.care', path: '/care/today', cap: 'elderly.care' },
      { key: 'ec-followups', labelKey: 'menu.elderly.followups', path: '/elderly/followups', cap: 'elderly.followups' },
      { key: 'ec-audit', labelKey: 'menu.elderly.audit', path: '/elderly/anomalies', cap: 'elderly.audit' },
      { key: 'ec-settlements', labelKey: 'menu.elderly.settlements', path: '/elderly/settlements', cap: 'elderly.settlements' },
      { key: 'ec-menu', labelKey: 'menu.elderly.menu', path: '/elderly/menu', cap: 'elderly.menu' },
      { key: 'ec-providers', labelKey: 'menu.elderly.providers', path: '/elderly/providers', cap: 'elderly.providers' },
      { key: 'ec-supervision', labelKey: 'menu.elderly.supervision', path: '/elderly/supervision', cap: 'elderly.supervision' },
      { key: 'ec-parameters', labelKey: 'menu.elderly.parameters', path: '/elderly/parameters', cap: 'elderly.parameters' },
    ],
  },
  { key: 'audit', labelKey: 'menu.audit', icon: <AuditOutlined />, path: '/audit', cap: 'audit.read' },
  {
    key: 'admin',
    labelKey: 'menu.admin',
    icon: <SettingOutlined />,
    children: [
      { key: 'users', labelKey: 'menu.users', icon: <UserOutlined />, path: '/admin/users', cap: 'admin.users' },
      { key: 'regions', labelKey: 'menu.regions', icon: <ClusterOutlined />, path: '/admin/regions', cap: 'admin.regions' },
      { key: 'security', labelKey: 'menu.security', icon: <SafetyOutlined />, path: '/admin/security', cap: 'admin.security' },
      { key: 'apiDocs', labelKey: 'menu.apiDocs', icon: <ApiOutlined />, href: '/api/docs', cap: 'admin.apiDocs' },
    ],
  },
];

/** The menu restricted to what these roles may use; groups without visible children disappear. */
export function visibleMenu(roles: readonly Role[], entries: MenuEntry[] = MENU): MenuEntry[] {
  const out: MenuEntry[] = [];
  for (const e of entries) {
    if (e.cap && !can(roles, e.cap)) continue;
    if (e.children) {
      const kids = visibleMenu(roles, e.children);
      if (kids.length) out.push({ ...e, children: kids });
      continue;
    }
    out.push(e);
  }
  return out;
}

/** The deepest menu entry whose path is a prefix of the location. */
export function activeEntry(entries: MenuEntry[], pathname: string): MenuEntry | null {
  let best: MenuEntry | null = null;
  const walk = (list: MenuEntry[]) => {
    for (const e of list) {
      if (e.path && (e.path === '/' ? pathname === '/' : pathname === e.path || pathname.startsWith(`${e.path}/`))) {
        if (!best || (best.path ?? '').length < e.path.length) best = e;
      }
      if (e.children) walk(e.children);
    }
  };
  walk(entries);
  return best;
}

export function parentKeys(entries: MenuEntry[]): string[] {
  return entries.filter((e) => e.children).map((e) => e.key);
}
