/** Date helpers (the server sends ISO strings; staff read Beijing time). */

const pad = (n: number) => String(n).padStart(2, '0');

/** 2026-03-01 14:05 in Asia/Shanghai regardless of the browser's zone. */
export function formatDateTime(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const s = new Date(d.getTime() + 8 * 3600_000);
  const base = `${s.getUTCFullYear()}-${pad(s.getUTCMonth() + 1)}-${pad(s.getUTCDate())} ${pad(s.getUTCHours())}:${pad(s.getUTCMinutes())}`;
  return withSeconds ? `${base}:${pad(s.getUTCSeconds())}` : base;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return formatDateTime(iso).slice(0, 10);
}

/** Render any value from a change history or audit detail as short text. */
export function formatValue(v: unknown, empty = '—'): string {
  if (v === null || v === undefined || v === '') return empty;
  if (Array.isArray(v)) return v.length ? v.map((x) => formatValue(x, '')).join('、') : empty;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
