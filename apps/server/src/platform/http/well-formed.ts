/**
 * Ill-formed text is refused at the edge: a NUL character (PostgreSQL text cannot hold it) or a
 * lone UTF-16 surrogate (JSON can carry it, but it would be stored as U+FFFD while hashes and
 * comparisons saw the escape) anywhere in the query, the path parameters or a JSON body.
 */
import type { ErrorDetail } from '@lq/contracts';

/** NUL, or a high surrogate not followed by a low one, or a low one not preceded by a high one. */
const ILL_FORMED = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function illFormedString(s: string): boolean {
  return ILL_FORMED.test(s);
}

/** The first field path holding an ill-formed string (keys included), or null; depth-limited. */
export function findIllFormed(value: unknown, path: string[] = [], depth = 0): ErrorDetail | null {
  if (depth > 64) return null;
  if (typeof value === 'string') {
    return illFormedString(value) ? { field: path.join('.'), code: 'ill_formed_string', message: illFormedMessage() } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findIllFormed(value[i], [...path, String(i)], depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (illFormedString(k)) return { field: [...path, k].join('.'), code: 'ill_formed_string', message: illFormedMessage() };
      const hit = findIllFormed(v, [...path, k], depth + 1);
      if (hit) return hit;
    }
  }
  return null;
}

function illFormedMessage(): string {
  return '含有不允许的字符(空字符或残缺的 Unicode 代理项) / contains a NUL character or a lone Unicode surrogate';
}
