import { useCallback, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router';

/**
 * List state (query, filters, sort, page) kept in the URL so that the back button,
 * a reload or a shared link show the same list.
 */
export function useUrlState<K extends string>(keys: readonly K[], defaults: Partial<Record<K, string>> = {}) {
  const [sp, setSp] = useSearchParams();
  // keys and defaults are constants of the page: keep the first ones
  const keysRef = useRef(keys);
  const defaultsRef = useRef(defaults);
  const state = useMemo(() => {
    const o = {} as Record<K, string | undefined>;
    for (const k of keysRef.current) o[k] = sp.get(k) ?? defaultsRef.current[k];
    return o;
  }, [sp]);

  const update = useCallback(
    (patch: Partial<Record<K, string | number | null | undefined>>) => {
      setSp((prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch) as [K, string | number | null | undefined][]) {
          if (v === undefined || v === null || v === '' || v === defaultsRef.current[k]) next.delete(k);
          else next.set(k, String(v));
        }
        return next;
      });
    },
    [setSp],
  );
  return [state, update] as const;
}

export function toInt(v: string | undefined, fallback: number): number {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
