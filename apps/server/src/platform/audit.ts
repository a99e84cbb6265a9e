import { sql } from 'drizzle-orm';
import type { Actor } from './context.ts';
import { canonicalJson, sha256Hex } from './crypto.ts';
import { type Db, type Executor, queryRows, type Tx } from './db/client.ts';

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
  const fields: ChainFields = {
    id,
    at: new Date().toISOString(),
    userId: actor?.userId ?? null,
    username: actor?.username ?? null,
    role: actor ? actor.roles.join(',') : null,
    regionCode: actor?.regionCode ?? null,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    outcome: input.outcome ?? 'success',
    requestId: actor?.requestId ?? null,
    ip: actor?.ip ?? null,
    details: input.details ? JSON.parse(canonicalJson(input.details)) : null,
  };
  const hash = entryHash(row.last_hash, fields);
  await ex.execute(sql`
    INSERT INTO audit_log (id, at, user_id, username, role, region_code, action, target_type, target_id, outcome, request_id, ip, details, prev_hash, hash)
    VALUES (${id}, ${fields.at}, ${fields.userId}, ${fields.username}, ${fields.role}, ${fields.regionCode}, ${fields.action},
            ${fields.targetType}, ${fields.targetId}, ${fields.outcome}, ${fields.requestId}, ${fields.ip},
            ${fields.details === null ? null : JSON.stringify(fields.details)}::jsonb, ${row.last_hash}, ${hash})`);
  await ex.execute(sql`UPDATE audit_head SET last_id = ${id}, last_hash = ${hash} WHERE id = 1`);
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBrokenId: number | null;
  reason: string | null;
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

/** Re-walk the whole chain; report the first entry whose content, link or position is wrong. */
export async function verifyAuditChain(db: Db, batch = 5000): Promise<VerifyResult> {
  let prevHash = '0'.repeat(64);
  let expectedId = 1;
  let checked = 0;
  for (;;) {
    const res = await queryRows<StoredRow>(db, sql`SELECT * FROM audit_log WHERE id >= ${expectedId} ORDER BY id LIMIT ${batch}`);
    if (res.length === 0) break;
    for (const r of res) {
      const id = Number(r.id);
      if (id !== expectedId) {
        return { ok: false, checked, firstBrokenId: expectedId, reason: `entry ${expectedId} is missing (next is ${id})` };
      }
      if (r.prev_hash !== prevHash) {
        return { ok: false, checked, firstBrokenId: id, reason: 'link to the previous entry does not match' };
      }
      const at = r.at instanceof Date ? r.at.toISOString() : new Date(r.at).toISOString();
      const computed = entryHash(prevHash, {
        id,
        at,
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
      });
      if (computed !== r.hash) {
        return { ok: false, checked, firstBrokenId: id, reason: 'content does not match its hash (entry was changed)' };
      }
      prevHash = r.hash;
      expectedId++;
      checked++;
    }
  }
  const head = await queryRows<{ last_id: number | string; last_hash: string }>(
    db,
    sql`SELECT last_id, last_hash FROM audit_head WHERE id = 1`,
  );
  const h = head[0];
  if (h && (Number(h.last_id) !== checked || h.last_hash !== prevHash)) {
    return { ok: false, checked, firstBrokenId: checked + 1, reason: `entries after ${checked} were removed (head says ${h.last_id})` };
  }
  return { ok: true, checked, firstBrokenId: null, reason: null };
}
