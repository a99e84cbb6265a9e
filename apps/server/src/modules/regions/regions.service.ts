import type { Region, RegionLevel } from '@lq/contracts';
import { and, asc, eq, inArray, like, sql } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit.ts';
import type { Actor } from '../../platform/context.ts';
import { type Executor, execCount, queryRows } from '../../platform/db/client.ts';
import { regions } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { parseCsv } from '../../platform/tabular.ts';
import { disableAccountsInRegions } from '../users/users.service.ts';

export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  isDemo?: boolean;
  latitude?: number | null;
  longitude?: number | null;
}

/**
 * The region table is small and read on most requests, so it is cached per process; but several
 * processes share one database, so the cache is checked against a stamp of the table on every use
 * (row count, newest row version, a hash of codes and names): a region imported or renamed
 * through another process is seen on the next request, and within a transaction its own writes are.
 */
let cache: { stamp: string; byCode: Map<string, RegionRow> } | null = null;

export function invalidateRegionCache(): void {
  cache = null;
}

async function regionStamp(ex: Executor): Promise<string> {
  const [r] = await queryRows<{ n: number; x: string; h: string }>(
    ex,
    sql`SELECT count(*)::int AS n, coalesce(max(xmin::text::bigint), 0)::text AS x, coalesce(sum(hashtext(code || name)), 0)::text AS h FROM regions`,
  );
  return `${r.n}/${r.x}/${r.h}`;
}

export async function regionMap(ex: Executor): Promise<Map<string, RegionRow>> {
  const stamp = await regionStamp(ex);
  if (cache && cache.stamp === stamp) return cache.byCode;
  const rows = await ex.select().from(regions);
  const byCode = new Map<string, RegionRow>(rows.map((r) => [r.code, { ...r, level: r.level as RegionLevel }]));
  cache = { stamp, byCode };
  return byCode;
}

export async function regionName(ex: Executor, code: string | null | undefined): Promise<string | null> {
  if (!code) return null;
  return (await regionMap(ex)).get(code)?.name ?? null;
}

/** A region code is usable for an actor when it exists and lies inside the actor's subtree. */
export async function assertRegionInScope(ex: Executor, actor: Actor, code: string, field: string): Promise<void> {
  const map = await regionMap(ex);
  if (!map.has(code)) {
    throw new AppError('VALIDATION_FAILED', [
      { field, code: 'UNKNOWN_REGION', message: `区划代码 ${code} 不存在 / unknown region code ${code}` },
    ]);
  }
  if (!code.startsWith(actor.regionCode)) {
    throw new AppError('VALIDATION_FAILED', [
      { field, code: 'REGION_OUT_OF_SCOPE', message: `区划 ${code} 不在您的管辖范围内 / region ${code} is outside your scope` },
    ]);
  }
}

function toRegion(r: typeof regions.$inferSelect): Region {
  return { code: r.code, name: r.name, level: r.level as RegionLevel, parentCode: r.parentCode, isDemo: r.isDemo };
}

export async function listChildren(ctx: AppContext, parent?: string): Promise<Region[]> {
  const rows = await ctx.db
    .select()
    .from(regions)
    .where(parent ? eq(regions.parentCode, parent) : sql`${regions.parentCode} IS NULL`)
    .orderBy(asc(regions.code));
  return rows.map(toRegion);
}

export interface RegionNode extends Region {
  children: RegionNode[];
}

/** The tree under the actor's region (for cascaders), the actor's own region at the root. */
export async function regionTree(ctx: AppContext, actor: Actor): Promise<RegionNode[]> {
  const rows = await ctx.db
    .select()
    .from(regions)
    .where(like(regions.code, `${actor.regionCode}%`))
    .orderBy(asc(regions.code));
  const nodes = new Map<string, RegionNode>(rows.map((r) => [r.code, { ...toRegion(r), children: [] }]));
  const roots: RegionNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentCode ? nodes.get(n.parentCode) : undefined;
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  return roots;
}

export async function upsertRegions(ex: Executor, rows: RegionRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await ex
      .insert(regions)
      .values(chunk.map((r) => ({ ...r, isDemo: r.isDemo ?? false })))
      .onConflictDoUpdate({
        target: regions.code,
        set: {
          name: sql`excluded.name`,
          level: sql`excluded.level`,
          parentCode: sql`excluded.parent_code`,
          isDemo: sql`excluded.is_demo`,
          latitude: sql`coalesce(excluded.latitude, ${regions.latitude})`,
          longitude: sql`coalesce(excluded.longitude, ${regions.longitude})`,
        },
      });
  }
  invalidateRegionCache();
}

export interface VillageImportProblem {
  row: number;
  column: string;
  reason: string;
}

/** Parse and check an official village list (CSV: code,name[,level]); returns rows or per-row problems. */
export async function checkVillageList(ex: Executor, text: string): Promise<{ rows: RegionRow[]; problems: VillageImportProblem[] }> {
  const table = parseCsv(text).filter((r) => r.some((c) => c.trim() !== ''));
  const problems: VillageImportProblem[] = [];
  if (table.length === 0) return { rows: [], problems: [{ row: 1, column: 'code', reason: '文件为空 / empty file' }] };
  let start = 0;
  let codeCol = 0;
  let nameCol = 1;
  let levelCol = -1;
  const head = table[0].map((h) => h.trim().toLowerCase());
  if (!/^\d+$/.test(head[0] ?? '')) {
    start = 1;
    codeCol = head.findIndex((h) => h === 'code' || h.includes('代码'));
    nameCol = head.findIndex((h) => h === 'name' || h.includes('名称'));
    levelCol = head.findIndex((h) => h === 'level' || h.includes('级别') || h.includes('类型'));
    if (codeCol < 0 || nameCol < 0) {
      return {
        rows: [],
        problems: [{ row: 1, column: 'header', reason: '表头需包含 code 和 name 列 / the header needs code and name columns' }],
      };
    }
  }
  const map = await regionMap(ex);
  const seen = new Set<string>();
  const rows: RegionRow[] = [];
  table.slice(start).forEach((r, i) => {
    const rowNo = i + start + 1;
    const code = (r[codeCol] ?? '').trim();
    const name = (r[nameCol] ?? '').trim();
    if (!/^\d{12}$/.test(code)) {
      problems.push({ row: rowNo, column: 'code', reason: `代码应为12位数字:${code} / code must be 12 digits` });
      return;
    }
    const parent = map.get(code.slice(0, 9));
    if (!parent || !['subdistrict', 'town', 'township'].includes(parent.level)) {
      problems.push({
        row: rowNo,
        column: 'code',
        reason: `上级乡镇 ${code.slice(0, 9)} 不存在 / parent township ${code.slice(0, 9)} not found`,
      });
      return;
    }
    if (!name) {
      problems.push({ row: rowNo, column: 'name', reason: '名称为空 / name is empty' });
      return;
    }
    if (seen.has(code)) {
      problems.push({ row: rowNo, column: 'code', reason: `代码重复:${code} / duplicate code` });
      return;
    }
    seen.add(code);
    let level: RegionLevel = /社区|居委会/.test(name) ? 'community' : 'village';
    const given = levelCol >= 0 ? (r[levelCol] ?? '').trim() : '';
    if (given === 'community' || given === '社区') level = 'community';
    if (given === 'village' || given === '村') level = 'village';
    rows.push({ code, name, level, parentCode: code.slice(0, 9), isDemo: false });
  });
  // An empty list would silently remove every demo village: refuse it.
  if (rows.length === 0 && problems.length === 0)
    problems.push({ row: start + 1, column: 'code', reason: '文件中没有村(社区) / the file lists no villages' });
  return { rows, problems };
}

/**
 * Replace the demo villages by the official list, in one transaction. People and households
 * registered in a demo village that the list does not contain move up to its township.
 */
export async function importOfficialVillages(ctx: AppContext, actor: Actor, text: string) {
  return ctx.db.transaction(async (tx) => {
    const { rows, problems } = await checkVillageList(tx, text);
    if (problems.length) {
      throw new AppError(
        'VALIDATION_FAILED',
        problems.map((p) => ({ row: p.row, field: p.column, message: p.reason })),
      );
    }
    await upsertRegions(tx, rows);
    const official = new Set(rows.map((r) => r.code));
    const demo = await tx
      .select()
      .from(regions)
      .where(and(eq(regions.isDemo, true), inArray(regions.level, ['village', 'community'])));
    const toRemove = demo.filter((d) => !official.has(d.code));
    let moved = 0;
    for (const d of toRemove) {
      moved += await execCount(
        tx,
        sql`UPDATE people SET residence_region_code = ${d.parentCode}, version = version + 1, updated_at = now() WHERE residence_region_code = ${d.code}`,
      );
      await tx.execute(sql`UPDATE people SET registered_region_code = ${d.parentCode} WHERE registered_region_code = ${d.code}`);
      await tx.execute(sql`UPDATE households SET residence_region_code = ${d.parentCode} WHERE residence_region_code = ${d.code}`);
      await tx.execute(sql`UPDATE households SET registered_region_code = ${d.parentCode} WHERE registered_region_code = ${d.code}`);
    }
    const accountsDisabled = await disableAccountsInRegions(
      tx,
      actor,
      toRemove.map((d) => d.code),
      '所属演示村社已被正式村社名单替换 / demo village replaced by the official list',
    );
    // The accounts stay disabled; their scope moves up to the township so the village row can go (users_region_fk).
    for (const d of toRemove) await tx.execute(sql`UPDATE users SET region_code = ${d.parentCode} WHERE region_code = ${d.code}`);
    if (toRemove.length)
      await tx.delete(regions).where(
        inArray(
          regions.code,
          toRemove.map((d) => d.code),
        ),
      );
    invalidateRegionCache();
    const result = { imported: rows.length, removedDemo: toRemove.length, peopleMovedToTownship: moved, accountsDisabled };
    await appendAudit(tx, actor, { action: 'regions.import', targetType: 'regions', targetId: 'villages', details: result });
    return result;
  });
}
