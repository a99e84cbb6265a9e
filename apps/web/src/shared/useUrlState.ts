import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

/**
 * List state (query, filters, sort, page) kept in the URL so that the back button,
 * a reload or a shared link show the same list.
 */
export function useUrlState<K extends string>(keys: readonly K[], defaults: Partial<Record<K, string>> = {}) {
  const [sp, setSp] = useSearchParams();
  const state = useMemo(() => {
    const o = {} as Record<K, string | undefined>;
    for (const k of keys) o[k] = sp.get(k) ?? defaults[k];
    return o;
    // eslint-style exhaustive deps: keys/defaults are constant per page
    // biome-ignore lint/correctness/useExhaustiveDependencies: constant inputs
  }, [sp]);

  const update = useCallback(
    (patch: Partial<Record<K, string | number | null | undefined>>) => {
      setSp(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch) as [K, string | number | null | undefined][]) {
            if (v === undefined || v === null || v === '' || v === defaults[k]) next.delete(k);
            else next.set(k, String(v));
          }
          return next;
        },
        { replace: false },
      );
    },
    // biome-ignore lint/correctness/useExhaustiveDependencies: constant inputs
    [setSp],
  );
  return [state, update] as const;
}

export function toInt(v: string | undefined, fallback: number): number {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
