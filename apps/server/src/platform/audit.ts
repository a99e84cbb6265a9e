import { storableText } from '@lq/contracts';
import { sql } from 'drizzle-orm';
import type { Actor } from './context.ts';
import { canonicalJson, sha256Hex } from './crypto.ts';
import { type Db, type Executor, queryRows, type Tx } from './db/client.ts';
import { must } from './must.ts';

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditInput {
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  outcome?: AuditOutcome;
  details?: Record<string, unknown> | null;
}

interface ChainFields {
  id: number;
  at: string;
  userId: string | null;
  username: string | null;
  role: string | null;
  regionCode: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: string;
  requestId: string | null;
  ip: string | null;
  details: unknown;
}

export function entryHash(prevHash: string, f: ChainFields): string {
  return sha256Hex(`${prevHash}\n${canonicalJson(f)}`);
}

/** A JSON value in the form jsonb stores and gives back: keys and strings storable, no undefined, no Dates. */
function storableJson(value: unknown): unknown {
  return JSON.parse(canonicalJson(value), (_k, v) => {
    if (typeof v === 'string') return storableText(v);
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[storableText(k)] = x;
      return out;
    }
    return v;
  });
}

function storable(s: string | null | undefined): string | null {
  return s === null || s === undefined ? null : storableText(s);
}

function isTx(ex: Executor): ex is Tx {
  return 'rollback' in ex;
}

/**
 * Append one entry to the hash chain. Call it last in a use case's transaction so the entry
 * commits (or rolls back) with the write it describes; the head row lock orders all appends.
 */
export async function appendAudit(ex: Executor, actor: Actor | null, input: AuditInput): Promise<void> {
  if (!isTx(ex)) {
    await (ex as Db).transaction((tx) => appendAudit(tx, actor, input));
    return;
  }
  const head = await queryRows<{ last_id: number | string; last_hash: string }>(
    ex,
    sql`SELECT last_id, last_hash FROM audit_head WHERE id = 1 FOR UPDATE`,
  );
  const row = head[0];
  if (!row) throw new Error('audit_head missing: migrations not applied');
  const id = Number(row.last_id) + 1;
  // Hash exactly what the database will hold: every string in its storable form (lone surrogates
  // and NUL would otherwise be replaced by the driver after hashing), details as jsonb gives them back.
  const fields: ChainFields = {
    id,
    at: new Date().toISOString(),
    userId: actor?.userId ?? null,
    username: storable(actor?.username),
    role: actor ? storableText(actor.roles.join(',')) : null,
    regionCode: storable(actor?.regionCode),
    action: storableText(input.action),
    targetType: storable(input.targetType),
    targetId: storable(input.targetId),
    outcome: input.outcome ?? 'success',
    requestId: storable(actor?.requestId),
    ip: storable(actor?.ip),
    details: input.details ? storableJson(input.details) : null,
  };
  const hash = entryHash(row.last_hash, fields);
  const stored = await queryRows<StoredRow>(
    ex,
    sql`
    INSERT INTO audit_log (id, at, user_id, username, role, region_code, action, target_type, target_id, outcome, request_id, ip, details, prev_hash, hash)
    VALUES (${id}, ${fields.at}, ${fields.userId}, ${fields.username}, ${fields.role}, ${fields.regionCode}, ${fields.action},
            ${fields.targetType}, ${fields.targetId}, ${fields.outcome}, ${fields.requestId}, ${fields.ip},
            ${fields.details === null ? null : JSON.stringify(fields.details)}::jsonb, ${row.last_hash}, ${hash})
    RETURNING *`,
  );
  // The verifier re-hashes the row as read back; refuse (roll back) an entry it would call broken.
  const back = must(stored[0], 'inserted audit row');
  if (entryHash(row.last_hash, fieldsOf(back)) !== hash) {
    throw new Error(`audit entry ${id} would not verify as stored`);
  }
  await ex.execute(sql`UPDATE audit_head SET last_id = ${id}, last_hash = ${hash} WHERE id = 1`);
}

export interface BrokenEntry {
  id: number;
  reason: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** The first broken entry (kept for callers that show one); `broken` lists all of them. */
  firstBrokenId: number | null;
  reason: string | null;
  broken: BrokenEntry[];
}

interface StoredRow {
  id: number | string;
  at: Date | string;
  user_id: string | null;
  username: string | null;
  role: string | null;
  region_code: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: string;
  request_id: string | null;
  ip: string | null;
  details: unknown;
  prev_hash: string;
  hash: string;
}

/** The hashed fields of a row as the database gives it back. */
function fieldsOf(r: StoredRow): ChainFields {
  return {
    id: Number(r.id),
    at: r.at instanceof Date ? r.at.toISOString() : new Date(r.at).toISOString(),
    userId: r.user_id,
    username: r.username,
    role: r.role,
    regionCode: r.region_code,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    outcome: r.outcome,
    requestId: r.request_id,
    ip: r.ip,
    details: typeof r.details === 'string' ? JSON.parse(r.details) : r.details,
  };
}

/**
 * Re-walk the whole chain and report EVERY entry whose content, link or position is wrong: a
 * break does not stop the check, so later tampering cannot hide behind an earlier break. Each
 * entry's content is checked against its own stored link, and each link against the stored hash
 * of the entry before it.
 */
export async function verifyAuditChain(db: Db, batch = 5000): Promise<VerifyResult> {
  const broken: BrokenEntry[] = [];
  let prevHash = '0'.repeat(64);
  let expectedId = 1;
  let checked = 0;
  for (;;) {
    const res = await queryRows<StoredRow>(db, sql`SELECT * FROM audit_log WHERE id >= ${expectedId} ORDER BY id LIMIT ${batch}`);
    if (res.length === 0) break;
    for (const r of res) {
      const id = Number(r.id);
      const gap = id !== expectedId;
      if (gap) {
        broken.push({
          id: expectedId,
          reason: id === expectedId + 1 ? `entry ${expectedId} is missing` : `entries ${expectedId}-${id - 1} are missing`,
        });
      } else if (r.prev_hash !== prevHash) {
        // After a gap the link cannot match; the gap is already reported.
        broken.push({ id, reason: 'link to the previous entry does not match' });
      }
      if (entryHash(r.prev_hash, fieldsOf(r)) !== r.hash) {
        broken.push({ id, reason: 'content does not match its hash (entry was changed)' });
      }
      prevHash = r.hash;
      expectedId = id + 1;
      checked++;
    }
  }
  const head = await queryRows<{ last_id: number | string; last_hash: string }>(
    db,
    sql`SELECT last_id, last_hash FROM audit_head WHERE id = 1`,
  );
  const h = head[0];
  const lastId = expectedId - 1;
  if (h && (Number(h.last_id) !== lastId || h.last_hash !== prevHash)) {
    broken.push({ id: lastId + 1, reason: `entries after ${lastId} were removed (head says ${h.last_id})` });
  }
  const first = broken[0] ?? null;
  return { ok: broken.length === 0, checked, firstBrokenId: first?.id ?? null, reason: first?.reason ?? null, broken };
}
