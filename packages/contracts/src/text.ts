import { z } from 'zod';

// A lone UTF-16 surrogate (high without low, or low without high) cannot be stored as UTF-8:
// the database driver turns it into U+FFFD, so what is stored differs from what was checked.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATE_ALL = new RegExp(LONE_SURROGATE.source, 'g');

/** Why a string cannot be stored as given: a lone surrogate, a NUL character, or nothing (null). */
export function illFormedTextProblem(s: string): 'LONE_SURROGATE' | 'NUL' | null {
  if (LONE_SURROGATE.test(s)) return 'LONE_SURROGATE';
  if (s.includes('\u0000')) return 'NUL';
  return null;
}

/** The form PostgreSQL text/jsonb can hold: lone surrogates and NUL become U+FFFD. */
export function storableText(s: string): string {
  return s.replace(LONE_SURROGATE_ALL, '\uFFFD').replaceAll('\u0000', '\uFFFD');
}

/**
 * The first ill-formed string (or object key) inside a parsed JSON value, with its path, or null.
 * Used by the server on every request body, query and path before validation.
 */
export function findIllFormedText(value: unknown, path = ''): { path: string; problem: 'LONE_SURROGATE' | 'NUL' } | null {
  if (typeof value === 'string') {
    const problem = illFormedTextProblem(value);
    return problem ? { path, problem } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const r = findIllFormedText(value[i], `${path}[${i}]`);
      if (r) return r;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const keyProblem = illFormedTextProblem(k);
      const p = path ? `${path}.${storableText(k)}` : storableText(k);
      if (keyProblem) return { path: p, problem: keyProblem };
      const r = findIllFormedText(v, p);
      if (r) return r;
    }
  }
  return null;
}

export const ILL_FORMED_TEXT_MESSAGE =
  '含有无法保存的字符(孤立代理项或空字符) / contains characters that cannot be stored (lone surrogate or NUL)';

/** A string of min..max characters that can be stored exactly as received (no lone surrogates, no NUL). */
export function safeText(min = 0, max = 10_000) {
  return z
    .string()
    .min(min)
    .max(max)
    .refine((s) => illFormedTextProblem(s) === null, ILL_FORMED_TEXT_MESSAGE);
}
