/**
 * Malformed input never reaches a 500: every operation of the OpenAPI document gets malformed
 * path parameters, query values and bodies (as a county user with the CSRF header, so requests
 * pass authentication and reach validation and the use case). Bodies are built from the
 * operation's own JSON schema so that all fields but one are plausible, and that one carries a
 * bad value (NUL, lone surrogate, impossible date, non-UUID id, huge number, wrong type...).
 * The run prints its counts as JSON; the test requires 0 responses of 5xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elderlyFixtures } from '../modules/elderly-care/test-support.ts';
import { createTestEnv, type Session, type TestEnv } from './harness.ts';

type JsonSchema = {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  minLength?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};
type Operation = {
  parameters?: { in: string; name: string; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
};

/** Strings tried, in order, for a pattern or format: the first that matches is the plausible value. */
const CANDIDATES = [
  '2026-01-15',
  '2026-01',
  '08:00',
  '331181203',
  '331181',
  '331181203201',
  '2026-01-15T08:00:00+08:00',
  '00000000-0000-4000-8000-000000000000',
  '13800000000',
  '330000199001011234',
  'ZJ-01',
  'abc',
];

function plausible(s: JsonSchema | undefined, depth = 0): unknown {
  if (!s || depth > 6) return null;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.length) return plausible(alt.find((a) => a.type !== 'null') ?? alt[0], depth + 1);
  if (s.allOf?.length) return plausible(s.allOf[0], depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string': {
      if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      if (s.format === 'date') return '2026-01-15';
      if (s.format === 'date-time') return '2026-01-15T08:00:00+08:00';
      if (s.pattern) {
        const re = new RegExp(s.pattern);
        return CANDIDATES.find((c) => re.test(c)) ?? 'x';
      }
      return 'a'.repeat(Math.max(1, s.minLength ?? 1));
    }
    case 'integer':
    case 'number':
      return Math.max(1, s.minimum ?? 1);
    case 'boolean':
      return true;
    case 'array':
      return [plausible(s.items, depth + 1)];
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = plausible(v, depth + 1);
      return out;
    }
    default:
      return null;
  }
}

/** Bad values for one field: each is sent in turn in place of the plausible value. */
const BAD_VALUES: unknown[] = [
  'a\u0000b',
  'a\ud800b',
  '2026-02-30',
  '2026-13-45T25:61:00Z',
  'not-a-uuid',
  'x'.repeat(5000),
  -1,
  1e308,
  1.5,
  '1',
  true,
  null,
  [],
  {},
  { $ne: 1 },
];
const BAD_PATH = ['not-a-uuid', '%00', '%ED%A0%80', 'x'.repeat(600), '00000000-0000-0000-0000-000000000000', '-1', '2026-02-30'];
const BAD_QUERY = ['x', '%00', '%ED%A0%80', '2026-02-30', '-1', '1e309', 'x'.repeat(3000), '[object Object]', ''];

let env: TestEnv;
let county: Session;
let paths: Record<string, Record<string, Operation>>;

beforeAll(async () => {
  env = await createTestEnv();
  const f = await elderlyFixtures(env);
  county = f.county;
  const doc = await env.app.inject({ method: 'GET', url: '/api/docs/json' });
  paths = doc.json().paths;
}, 120_000);
afterAll(async () => env?.close());

function fill(path: string, value: string): string {
  return path.replace(/\{[^}]+\}/g, value);
}

describe('fuzz: malformed input on every operation', () => {
  it('no 5xx for malformed path parameters, query values and bodies', async () => {
    const fiveXX: string[] = [];
    const badShape: string[] = [];
    let requests = 0;
    let operations = 0;
    const send = async (method: string, url: string, payload?: unknown, raw?: string) => {
      requests++;
      const res = raw
        ? await env.app.inject({
            method: method as 'POST',
            url,
            payload: raw,
            headers: { cookie: county.cookie, 'x-csrf-token': county.csrf, 'content-type': 'application/json' },
          })
        : await county.request(method, url, payload);
      const what = `${method} ${url.slice(0, 120)} ${JSON.stringify(payload ?? raw)?.slice(0, 160)} -> ${res.statusCode}`;
      if (res.statusCode >= 500) fiveXX.push(what);
      else if (res.statusCode >= 400) {
        // Every error has the platform's shape { code, message, details }.
        let body: { code?: unknown; message?: unknown; details?: unknown } = {};
        try {
          body = JSON.parse(res.body);
        } catch {
          body = {};
        }
        if (typeof body.code !== 'string' || typeof body.message !== 'string' || !Array.isArray(body.details)) badShape.push(what);
      }
    };
    for (const [path, ops] of Object.entries(paths)) {
      if (path.startsWith('/api/docs') || path === '/api/auth/logout') continue;
      for (const [m, op] of Object.entries(ops)) {
        const method = m.toUpperCase();
        if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) continue;
        operations++;
        const plain = fill(path, '00000000-0000-4000-8000-000000000000');
        if (path.includes('{')) for (const bad of BAD_PATH) await send(method, fill(path, bad));
        for (const p of (op.parameters ?? []).filter((x) => x.in === 'query')) {
          for (const bad of BAD_QUERY) await send(method, `${plain}?${encodeURIComponent(p.name)}=${bad}`);
        }
        const schema = op.requestBody?.content?.['application/json']?.schema;
        if (schema && method !== 'GET') {
          for (const raw of ['{', '[]', 'null', '"x"', '{"a":"\\u0000"}']) await send(method, plain, undefined, raw);
          const base = plausible(schema);
          await send(method, plain, base);
          if (base && typeof base === 'object' && !Array.isArray(base)) {
            for (const key of Object.keys(base)) {
              for (const bad of BAD_VALUES) await send(method, plain, { ...base, [key]: bad });
            }
          }
        }
      }
    }
    console.log(JSON.stringify({ fuzz: { operations, requests, fiveXX: fiveXX.length, badErrorShape: badShape.length } }));
    expect(fiveXX, fiveXX.slice(0, 40).join('\n')).toEqual([]);
    expect(badShape, badShape.slice(0, 20).join('\n')).toEqual([]);
  }, 600_000);
});
