/**
 * Database integrity (migration 0004): every constraint family refuses a bad row on the real
 * database, valid rows (including signed adjusting settlement lines) pass, and the API answers a
 * refused write with a 4xx naming the constraint instead of a 500.
 */
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, type TestEnv, TOWN_A } from '../../test/harness.ts';
import { queryRows } from './client.ts';
import { constraintAppError } from './constraint-errors.ts';

let env: TestEnv;
const uuid = () => crypto.randomUUID();

/** The SQLSTATE and constraint of the database error a statement raises (drizzle wraps it). */
async function refusal(p: Promise<unknown>): Promise<{ code: string; constraint: string | undefined }> {
  try {
    await p;
  } catch (e) {
    let cur: unknown = e;
    while (cur && typeof cur === 'object') {
      const o = cur as { code?: unknown; constraint?: unknown; cause?: unknown };
      if (typeof o.code === 'string') return { code: o.code, constraint: typeof o.constraint === 'string' ? o.constraint : undefined };
      cur = o.cause;
    }
    throw e;
  }
  throw new Error('the statement was accepted');
}

const run = (q: ReturnType<typeof sql>) => queryRows<Record<string, unknown>>(env.ctx.db, q);

interface Chain {
  providerId: string;
  personId: string;
  itemId: string;
  orderId: string;
  orderItemId: string;
  visitId: string;
  settlementId: string;
}

/** A minimal valid chain provider -> person -> menu item -> order -> item -> visit -> settlement. */
async function chain(): Promise<Chain> {
  const tag = crypto.randomBytes(4).toString('hex');
  const [p] = await run(
    sql`INSERT INTO ec_providers (name, kind, region_code, service_area_codes) VALUES (${`完整性${tag}`}, 'meal_point', ${TOWN_A}, ARRAY[${TOWN_A}]) RETURNING id`,
  );
  const [person] =
    await run(sql`INSERT INTO people (name, name_norm, name_pinyin, name_initials, name_grams, id_enc, id_hash, id_tail_rev, birth_date, sex, residence_region_code)
    VALUES ('完整性', '完整性', 'wanzhengxing', 'wzx', ARRAY['完整'], 'enc', ${`h-${tag}`}, 'rev', '1940-01-01', 'F', ${TOWN_A}) RETURNING id`);
  const [item] =
    await run(sql`INSERT INTO ec_menu_items (code, version, name_zh, category, standard_duration_min, required_skill, price_fen, unit, checklist, valid_from)
    VALUES (${`IT-${tag}`}, 1, '完整性项目', '助洁', 60, 'cleaning', 5000, 'visit', '[]'::jsonb, '2024-01-01') RETURNING id`);
  const [order] = await run(sql`INSERT INTO ec_orders (number, person_id, region_code, channel, status, provider_id, tracking_code)
    VALUES (${`N-${tag}`}, ${person.id}, ${TOWN_A}, 'self', 'active', ${p.id}, ${`T-${tag}`}) RETURNING id`);
  const [oi] =
    await run(sql`INSERT INTO ec_order_items (order_id, item_code, item_version_id, item_name, price_fen, standard_duration_min, required_skill, frequency)
    VALUES (${order.id}, ${`IT-${tag}`}, ${item.id}, '完整性项目', 5000, 60, 'cleaning', '{"kind":"once","date":"2025-03-03"}'::jsonb) RETURNING id`);
  const [visit] =
    await run(sql`INSERT INTO ec_visits (order_id, order_item_id, person_id, provider_id, region_code, item_code, item_version_id,
      standard_duration_min, required_skill, service_date, window_start, window_end, status)
    VALUES (${order.id}, ${oi.id}, ${person.id}, ${p.id}, ${TOWN_A}, ${`IT-${tag}`}, ${item.id}, 60, 'cleaning', '2025-03-03', '08:00', '12:00', 'cleared')
    RETURNING id`);
  const [s] = await run(
    sql`INSERT INTO ec_settlements (provider_id, month, region_code, status, totals) VALUES (${p.id}, '2025-03', ${TOWN_A}, 'draft', '{}'::jsonb) RETURNING id`,
  );
  return {
    providerId: String(p.id),
    personId: String(person.id),
    itemId: String(item.id),
    orderId: String(order.id),
    orderItemId: String(oi.id),
    visitId: String(visit.id),
    settlementId: String(s.id),
  };
}

function line(c: Chain, kind: string, price: number, subsidy: number, self: number, refersTo: number | null, reason: string | null) {
  return sql`INSERT INTO ec_settlement_lines (settlement_id, kind, visit_id, order_id, item_code, item_version_id, service_date,
      self_pay_share_bp, price_fen, subsidy_fen, self_pay_fen, refers_to_line_id, reason)
    VALUES (${c.settlementId}, ${kind}, ${c.visitId}, ${c.orderId}, 'X', ${c.itemId}, '2025-03-03', 1000, ${price}, ${subsidy}, ${self}, ${refersTo}, ${reason})
    RETURNING id`;
}

let c: Chain;
beforeAll(async () => {
  env = await createTestEnv();
  c = await chain();
}, 60_000);
afterAll(async () => env?.close());

describe('foreign keys', () => {
  it('refuse a reference to a missing row', async () => {
    const r = await refusal(run(sql`UPDATE ec_orders SET person_id = ${uuid()} WHERE id = ${c.orderId}`));
    expect(r).toEqual({ code: '23503', constraint: 'ec_orders_person_fk' });
    expect((await refusal(run(sql`UPDATE ec_visits SET caregiver_id = ${uuid()} WHERE id = ${c.visitId}`))).constraint).toBe(
      'ec_visits_caregiver_fk',
    );
    expect((await refusal(run(sql`INSERT INTO sessions (id, user_id, csrf_token) VALUES ('s-x', ${uuid()}, 'c')`))).constraint).toBe(
      'sessions_user_fk',
    );
    expect(
      (await refusal(run(sql`UPDATE users SET region_code = '331181999' WHERE username = 'county'`))).constraint,
      'a user scoped to an unknown region',
    ).toBe('users_region_fk');
  });

  it('checks the household <-> people cycle at commit, so either side may be written first', async () => {
    await env.ctx.db.transaction(async (tx) => {
      const hid = uuid();
      await tx.execute(sql`UPDATE people SET household_id = ${hid} WHERE id = ${c.personId}`);
      await tx.execute(sql`INSERT INTO households (id, residence_region_code, head_person_id) VALUES (${hid}, ${TOWN_A}, ${c.personId})`);
    });
    const r = await refusal(
      env.ctx.db.transaction(async (tx) => {
        await tx.execute(sql`UPDATE people SET household_id = ${uuid()} WHERE id = ${c.personId}`);
      }),
    );
    expect(r).toEqual({ code: '23503', constraint: 'people_household_fk' });
  });

  it('refuse deleting a row still referenced; sessions go with their user', async () => {
    expect((await refusal(run(sql`DELETE FROM ec_providers WHERE id = ${c.providerId}`))).code).toBe('23503');
    const [u] = await run(
      sql`INSERT INTO users (username, display_name, password_hash, roles, region_code) VALUES (${`fk-${uuid().slice(0, 8)}`}, 'x', 'x', ARRAY['auditor'], '331181') RETURNING id`,
    );
    await run(sql`INSERT INTO sessions (id, user_id, csrf_token) VALUES (${`s-${u.id}`}, ${u.id}, 'c')`);
    await run(sql`DELETE FROM users WHERE id = ${u.id}`);
    expect(await run(sql`SELECT id FROM sessions WHERE user_id = ${u.id}`)).toEqual([]);
  });

  it('leave the append-only logs free to name anything', async () => {
    await run(sql`INSERT INTO workflow_log (workflow, case_id, action, to_status, actor_id) VALUES ('x', ${uuid()}, 'a', 'b', ${uuid()})`);
    const rows = await run(sql`SELECT count(*)::int AS n FROM workflow_log WHERE workflow = 'x'`);
    expect(rows[0].n).toBe(1);
  });
});

describe('CHECK constraints', () => {
  it('refuse an unknown status on every status column', async () => {
    const cases: [string, ReturnType<typeof sql>][] = [
      ['ec_orders_status_ck', sql`UPDATE ec_orders SET status = 'bogus' WHERE id = ${c.orderId}`],
      ['ec_visits_status_ck', sql`UPDATE ec_visits SET status = 'done' WHERE id = ${c.visitId}`],
      ['ec_settlements_status_ck', sql`UPDATE ec_settlements SET status = 'open' WHERE id = ${c.settlementId}`],
      ['users_status_ck', sql`UPDATE users SET status = 'deleted' WHERE username = 'county'`],
      [
        'import_jobs_status_ck',
        sql`INSERT INTO import_jobs (kind, file_name, status, region_code) VALUES ('people', 'f.csv', 'uploaded', '331181')`,
      ],
      [
        'ec_dispatch_plans_status_ck',
        sql`INSERT INTO ec_dispatch_plans (service_date, region_code, status, seed, plan) VALUES ('2025-03-03', ${TOWN_A}, 'final', 1, '{}'::jsonb)`,
      ],
      [
        'ec_blacklist_status_ck',
        sql`INSERT INTO ec_blacklist (subject_kind, subject_id, reason, decision_ref, source, measures, valid_from, status)
            VALUES ('provider', ${c.providerId}, 'r', 'd', 's', ARRAY['x'], '2025-01-01', 'removed')`,
      ],
    ];
    for (const [name, q] of cases) expect(await refusal(run(q)), name).toEqual({ code: '23514', constraint: name });
  });

  it('refuse negative money where it cannot be negative, and accept signed adjusting lines', async () => {
    expect((await refusal(run(sql`UPDATE ec_menu_items SET price_fen = -1 WHERE id = ${c.itemId}`))).constraint).toBe(
      'ec_menu_items_price_ck',
    );
    expect((await refusal(run(line(c, 'normal', -5000, -4500, -500, null, null)))).constraint).toBe('ec_settlement_lines_normal_ck');
    const [normal] = await run(line(c, 'normal', 5000, 4500, 500, null, null));
    // A reversal is the exact negation of the line it corrects.
    const [adj] = await run(line(c, 'adjustment', -5000, -4500, -500, Number(normal.id), '服务未实际发生'));
    expect(adj.id).toBeDefined();
    expect((await refusal(run(line(c, 'adjustment', -5000, -4500, -500, null, '无引用')))).constraint).toBe(
      'ec_settlement_lines_adjustment_ck',
    );
    expect((await refusal(run(line(c, 'adjustment', -100, -50, -40, Number(normal.id), '拆分不平')))).constraint).toBe(
      'ec_settlement_lines_split_ck',
    );
    expect((await refusal(run(line(c, 'adjustment', -1, -1, 0, 999_999_999, '引用不存在的行')))).constraint).toBe(
      'ec_settlement_lines_refers_fk',
    );
    expect((await refusal(run(sql`UPDATE ec_orders SET self_pay_share_bp = 10001 WHERE id = ${c.orderId}`))).constraint).toBe(
      'ec_orders_self_pay_ck',
    );
  });

  it('refuse reversed date and time ranges', async () => {
    expect((await refusal(run(sql`UPDATE ec_menu_items SET valid_to = '2023-12-31' WHERE id = ${c.itemId}`))).constraint).toBe(
      'ec_menu_items_dates_ck',
    );
    expect(
      (
        await refusal(
          run(sql`INSERT INTO ec_blacklist (subject_kind, subject_id, reason, decision_ref, source, measures, valid_from, valid_to, status)
            VALUES ('provider', ${c.providerId}, 'r', 'd', 's', ARRAY['x'], '2025-02-01', '2025-01-31', 'active')`),
        )
      ).constraint,
    ).toBe('ec_blacklist_dates_ck');
    expect((await refusal(run(sql`UPDATE ec_visits SET window_end = '07:00' WHERE id = ${c.visitId}`))).constraint).toBe(
      'ec_visits_window_ck',
    );
    expect(
      (
        await refusal(
          run(
            sql`UPDATE ec_visits SET check_in_at = '2025-03-03T02:00:00Z', check_out_at = '2025-03-03T01:00:00Z' WHERE id = ${c.visitId}`,
          ),
        )
      ).constraint,
    ).toBe('ec_visits_check_out_after_in_ck');
    expect((await refusal(run(sql`UPDATE people SET death_date = '1939-12-31' WHERE id = ${c.personId}`))).constraint).toBe(
      'people_death_after_birth_ck',
    );
  });

  it('refuse malformed region codes and blank required text', async () => {
    expect(
      (await refusal(run(sql`INSERT INTO regions (code, name, level, parent_code) VALUES ('33118120', '坏', 'village', '331181')`)))
        .constraint,
    ).toBe('regions_code_format_ck');
    expect((await refusal(run(sql`UPDATE ec_orders SET region_code = '3311' WHERE id = ${c.orderId}`))).constraint).toBe(
      'ec_orders_region_format_ck',
    );
    expect((await refusal(run(sql`UPDATE people SET name = '  ' WHERE id = ${c.personId}`))).constraint).toBe('people_name_ck');
    expect((await refusal(run(sql`UPDATE ec_providers SET name = '' WHERE id = ${c.providerId}`))).constraint).toBe('ec_providers_name_ck');
  });
});

describe('API mapping of database refusals', () => {
  it('maps 23503 / 23514 / 23505 to AppErrors with Chinese and English messages', async () => {
    const fk = constraintAppError(await refusal(run(sql`UPDATE ec_orders SET provider_id = ${uuid()} WHERE id = ${c.orderId}`)));
    expect(fk?.status).toBe(409);
    expect(fk?.code).toBe('REFERENCE_VIOLATION');
    const ck = constraintAppError(await refusal(run(sql`UPDATE ec_orders SET status = 'x' WHERE id = ${c.orderId}`)));
    expect(ck?.status).toBe(400);
    expect(ck?.details[0].code).toBe('ec_orders_status_ck');
    const dup = constraintAppError(
      await refusal(
        run(
          sql`INSERT INTO ec_settlements (provider_id, month, region_code, status, totals) VALUES (${c.providerId}, '2025-03', ${TOWN_A}, 'draft', '{}'::jsonb)`,
        ),
      ),
    );
    expect(dup?.status).toBe(409);
    expect(dup?.code).toBe('DUPLICATE_RECORD');
    expect(constraintAppError(new Error('plain'))).toBeNull();
  });

  it('a user created for a provider that does not exist is a 409, not a 500', async () => {
    const admin = await login(env.app, 'admin');
    const body = {
      username: `ghost-${crypto.randomBytes(3).toString('hex')}`,
      displayName: '幽灵',
      roles: ['provider_staff'],
      regionCode: TOWN_A,
      providerId: uuid(),
      password: 'Good#Pass9',
    };
    const r = await admin.request('POST', '/api/users', body);
    expect(r.statusCode, r.body).toBe(409);
    expect(r.json()).toMatchObject({ code: 'REFERENCE_VIOLATION', messageEn: expect.stringContaining('referenced record') });
    expect(r.json().message).toMatch(/引用/);
    expect(r.json().details[0].code).toBe('users_provider_fk');
    const en = await admin.request('POST', '/api/users', { ...body, username: `${body.username}-en` }, { 'accept-language': 'en' });
    expect(en.json().message).toMatch(/referenced record/);
    // The same request with a real provider succeeds.
    const ok = await admin.request('POST', '/api/users', { ...body, username: `${body.username}-ok`, providerId: c.providerId });
    expect(ok.statusCode, ok.body).toBe(201);
  });
});
