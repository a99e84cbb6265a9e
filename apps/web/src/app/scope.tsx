import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { findNode, findPath, useRegionTree } from '../shared/regions';
import { useAuth } from './auth';

/**
 * The region scope chosen in the top bar. null = the user's whole jurisdiction.
 * Lists send it as `regionCode`; every page shows it in its header.
 */
interface ScopeValue {
  scopeCode: string | null;
  setScope: (code: string | null) => void;
  /** e.g. "龙泉市 / 龙渊街道" */
  scopeLabel: string;
  /** the root of the user's jurisdiction (the top node of the region tree) */
  homeCode: string | null;
}

const ScopeContext = createContext<ScopeValue | null>(null);
const KEY = 'lq.scope.';

export function ScopeProvider({ children }: { children: ReactNode }) {
  const { me } = useAuth();
  const { data: tree } = useRegionTree();
  const storageKey = me ? KEY + me.id : null;
  const [scopeCode, setScopeCode] = useState<string | null>(null);

  useEffect(() => {
    if (!storageKey) return;
    try {
      setScopeCode(sessionStorage.getItem(storageKey));
    } catch {
      setScopeCode(null);
    }
  }, [storageKey]);

  const homeCode = useMemo(() => {
    if (tree && tree.length === 1) return tree[0].code;
    return me?.regionCode ?? null;
  }, [tree, me]);

  const setScope = useCallback(
    (code: string | null) => {
      const normalised = code && code !== homeCode ? code : null;
      setScopeCode(normalised);
      if (storageKey) {
        try {
          if (normalised) sessionStorage.setItem(storageKey, normalised);
          else sessionStorage.removeItem(storageKey);
        } catch {
          /* ignore */
        }
      }
    },
    [homeCode, storageKey],
  );

  // a stored scope that is no longer in the tree (e.g. after a region import) is dropped
  useEffect(() => {
    if (tree && scopeCode && !findNode(tree, scopeCode)) setScope(null);
  }, [tree, scopeCode, setScope]);

  const scopeLabel = useMemo(() => {
    const code = scopeCode ?? homeCode;
    const path = findPath(tree, code);
    if (path.length) return path.map((n) => n.name).join(' / ');
    return me?.regionName ?? '';
  }, [tree, scopeCode, homeCode, me]);

  const value = useMemo(() => ({ scopeCode, setScope, scopeLabel, homeCode }), [scopeCode, setScope, scopeLabel, homeCode]);
  return <ScopeContext.Provider value={value}>{children}</ScopeContext.Provider>;
}

export function useScope(): ScopeValue {
  const v = useContext(ScopeContext);
  if (!v) throw new Error('useScope outside ScopeProvider');
  return v;
}
