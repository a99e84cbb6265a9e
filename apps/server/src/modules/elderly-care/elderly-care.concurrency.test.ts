/** 50 parallel settlement runs for the same month: every visit is paid exactly once. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/client.ts';
import { createTestEnv, type TestEnv } from '../../test/harness.ts';
import { approvedOrder, type ElderlyFixtures, elderlyFixtures, shanghaiNow } from './test-support.ts';

let env: TestEnv;
let f: ElderlyFixtures;
const N = 60;
const month = shanghaiNow().slice(0, 7);

beforeAll(async () => {
  env = await createTestEnv();
  f = await elderlyFixtures(env);
  const order = await approvedOrder(f, f.elderA, f.vwA, f.townA, { providerId: f.providerA.id });
  // N audited, cleared visits of the order this month (as if served, confirmed and checked), each on an
  // order item of its own (copies of the order's item) so the visits stay distinct and reference real rows.
  await env.ctx.db.execute(sql`
    WITH items AS (
      INSERT INTO ec_order_items (order_id, item_code, item_version_id, item_name, price_fen, standard_duration_min, required_skill, frequency)
      SELECT i.order_id, i.item_code, i.item_version_id, i.item_name, i.price_fen, i.standard_duration_min, i.required_skill, i.frequency
      FROM ec_order_items i, generate_series(1, ${N}) g WHERE i.order_id = ${order.id}
      RETURNING id),
    base AS (SELECT * FROM ec_visits WHERE order_id = ${order.id} LIMIT 1)
    INSERT INTO ec_visits (order_id, order_item_id, person_id, provider_id, region_code, item_code, item_version_id, standard_duration_min, required_skill,
                           service_date, window_start, window_end, status)
    SELECT v.order_id, items.id, v.person_id, v.provider_id, v.region_code, v.item_code, v.item_version_id, v.standard_duration_min, v.required_skill,
           ${`${month}-01`}::date + (row_number() OVER () % 28)::int, '08:00', '10:00', 'cleared'
    FROM items, base v`);
}, 120_000);
afterAll(async () => env?.close());

describe('settlement under concurrency', () => {
  it('50 parallel runs: one settlement, exactly one normal line per visit', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        f.county.request('POST', '/api/elderly-care/settlements/run', { month, providerId: f.providerA.id }),
      ),
    );
    const codes = results.map((r) => r.statusCode);
    expect(
      codes.every((c) => c === 200),
      JSON.stringify(
        results
          .filter((r) => r.statusCode !== 200)
          .map((r) => r.body)
          .slice(0, 2),
      ),
    ).toBe(true);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    expect(results.reduce((n, r) => n + r.json().added, 0)).toBe(N);
    const [lines] = await queryRows<{ n: number; visits: number }>(
      env.ctx.db,
      sql`SELECT count(*)::int AS n, count(DISTINCT visit_id)::int AS visits FROM ec_settlement_lines WHERE kind = 'normal'`,
    );
    expect(lines).toEqual({ n: N, visits: N });
    const [settled] = await queryRows<{ n: number }>(env.ctx.db, sql`SELECT count(*)::int AS n FROM ec_visits WHERE status = 'settled'`);
    expect(settled.n).toBe(N);
    const [log] = await queryRows<{ n: number; dup: number }>(
      env.ctx.db,
      sql`
      SELECT count(*)::int AS n, count(*)::int - count(DISTINCT case_id)::int AS dup FROM workflow_log WHERE workflow = 'ec_visit' AND action = 'settle'`,
    );
    expect(log).toEqual({ n: N, dup: 0 });
    const totals = results.at(-1)?.json().totals;
    expect(totals.lines).toBe(N);
  });

  it('the database itself refuses a second normal line for a visit', async () => {
    const [l] = await queryRows<{ settlement_id: string; visit_id: string; order_id: string; item_version_id: string }>(
      env.ctx.db,
      sql`SELECT * FROM ec_settlement_lines LIMIT 1`,
    );
    await expect(
      env.ctx.db.execute(sql`
      INSERT INTO ec_settlement_lines (settlement_id, kind, visit_id, order_id, item_code, item_version_id, service_date, self_pay_share_bp, price_fen, subsidy_fen, self_pay_fen)
      VALUES (${l.settlement_id}, 'normal', ${l.visit_id}, ${l.order_id}, 'ZC-01', ${l.item_version_id}, '2024-01-01', 0, 1, 1, 0)`),
    ).rejects.toThrow();
  });
});
