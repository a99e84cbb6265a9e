/** 智能派单: build the day's routing problem, solve it with @lq/vrptw, adjust by hand, publish. */

import { DEFAULT_WEIGHTS, type HomeCareProblem, travelMinutes } from '@lq/vrptw';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { assertCanTake, caseRow, create, transition } from '../../platform/cases/index.ts';
import type { Actor } from '../../platform/context.ts';
import { type Executor, queryRows } from '../../platform/db/client.ts';
import { people } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { must } from '../../platform/must.ts';
import { assertUuid, type ElderlyActor, elderlyActor, requireAnyRole } from './access.ts';
import { PLAN_CASE, VISIT_CASE } from './cases.ts';
import { buildDispatchProblem, type DispatchCaregiverInput, type DispatchVisitInput, EXCLUSION_LABELS } from './domain/dispatch-problem.ts';
import { bestInsertion, type RetimeStop, type RouteWarning, type TimedRoute, timeRoute } from './domain/retime.ts';
import { hhmmToMin } from './domain/util.ts';
import { ecCaregivers, ecDispatchPlans, ecMenuItems, ecProviders, ecVisits } from './schema.ts';
import { solveHomeCareInWorker } from './solver.ts';
import { activeBlacklist } from './supervision.service.ts';
import { visitStep } from './visit.service.ts';

const UNSERVED_LABELS: Record<string, string> = {
  NO_SKILLED_CAREGIVER: '没有具备所需技能的护理员',
  NO_ELIGIBLE_CAREGIVER: '没有可派的护理员',
  OUTSIDE_ALL_SHIFTS: '时间窗不在任何护理员班次内',
  MAX_WORK_TIME: '护理员工作时长已满',
  TIME_WINDOW_UNREACHABLE: '无法在时间窗内到达',
  NO_FEASIBLE_INSERTION: '无法排入任何路线',
  NOT_PROFITABLE: '排入成本过高',
  MANUAL: '人工移出',
  ...EXCLUSION_LABELS,
};

/** Minutes from midnight as HH:MM, rounded to the minute (599.6 -> 10:00). */
export const hhmm = (min: number) => {
  const m = Math.round(min);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

export interface PlanStop {
  visitId: string;
  personId: string;
  personName: string;
  itemCode: string;
  itemName: string;
  location: { lat: number; lng: number } | null;
  windowStart: string;
  windowEnd: string;
  arrival: string | null;
  start: string;
  end: string;
  manual: boolean;
  /** the visit's standard duration as planned; absent in plans built before re-timing existed */
  durationMin?: number;
}
/** The caregiver's shift as the planner saw it; absent in plans built before re-timing existed. */
export interface PlanShift {
  start: string;
  end: string;
  break: { start: string; end: string; durationMin: number } | null;
  maxWorkMin: number;
}
export interface PlanRoute {
  caregiverId: string;
  caregiverName: string;
  providerId: string;
  skills: string[];
  home: { lat: number; lng: number };
  departure: string | null;
  arrival: string | null;
  break: { start: string; end: string } | null;
  travelMinutes: number;
  workMinutes: number;
  stops: PlanStop[];
  shift?: PlanShift;
  /** set when a manual change left the route breaking a window, the shift, the break or the work maximum */
  warnings?: RouteWarning[];
}
export interface PlanBody {
  date: string;
  providerId: string | null;
  townshipCode: string | null;
  routes: PlanRoute[];
  unserved: {
    visitId: string;
    personName: string;
    itemName: string;
    location: { lat: number; lng: number } | null;
    reason: string;
    message: string;
  }[];
  cost: { travel: number; lateness: number; unserved: number; preference: number; imbalance: number; total: number };
  stats: {
    visits: number;
    caregivers: number;
    served: number;
    unserved: number;
    usedCaregivers: number;
    travelMinutes: number;
    preferenceMisses: number;
    iterations: number;
    elapsedMs: number;
    workMinutes: { min: number; max: number; mean: number };
  };
  notes: { visitId: string; code: string; message: string }[];
  moves: { visitId: string; from: string | null; to: string | null; reason: string; by: string; at: string }[];
  /** the solver's travel settings (null: its defaults); absent in plans built before re-timing existed */
  travel?: HomeCareProblem['travel'] | null;
}

export interface BuildPlanInput {
  date: string;
  providerId?: string;
  townshipCode?: string;
  timeLimitMs?: number;
  iterations?: number;
  seed?: number;
}

/** Who may plan what: provider staff their provider, township staff their township (or its providers). */
async function planScope(ex: Executor, ea: ElderlyActor, input: { providerId?: string | null; townshipCode?: string | null }) {
  requireAnyRole(ea.base, ['township_staff', 'provider_staff']);
  if (!!input.providerId === !!input.townshipCode)
    throw new AppError('VALIDATION_FAILED', [
      { field: 'providerId', message: '须指定服务机构或乡镇之一 / give providerId or townshipCode' },
    ]);
  if (input.providerId) {
    assertUuid(input.providerId);
    const [p] = await ex.select().from(ecProviders).where(eq(ecProviders.id, input.providerId));
    if (!p) throw new AppError('NOT_FOUND');
    const own = ea.roles.includes('provider_staff') && ea.providerId === p.id;
    const town = ea.roles.includes('township_staff') && p.regionCode.startsWith(ea.regionCode);
    if (!own && !town) throw new AppError('NOT_FOUND');
    return { providerIds: [p.id], regionCode: p.regionCode, visitFilter: sql`v.provider_id = ${p.id}` };
  }
  const code = input.townshipCode as string;
  if (!ea.roles.includes('township_staff') || !code.startsWith(ea.regionCode))
    throw new AppError('FORBIDDEN', [{ field: 'townshipCode', message: code }]);
  const provs = await ex
    .select({ id: ecProviders.id })
    .from(ecProviders)
    .where(sql`${ecProviders.regionCode} LIKE ${`${code}%`}`);
  return { providerIds: provs.map((p) => p.id), regionCode: code, visitFilter: sql`v.region_code LIKE ${`${code}%`}` };
}

export async function buildPlan(ctx: AppContext, actor: Actor, input: BuildPlanInput) {
  const ea = await elderlyActor(ctx.db, actor);
  const scope = await planScope(ctx.db, ea, input);
  const seed = input.seed ?? 1;
  const visits = await queryRows<{
    id: string;
    provider_id: string;
    person_id: string;
    name: string;
    lat: number | null;
    lng: number | null;
    window_start: string;
    window_end: string;
    duration: number;
    skill: string;
    item_code: string;
    item_name: string;
    preferred: string | null;
  }>(
    ctx.db,
    sql`
    SELECT v.id, v.provider_id, v.person_id, p.name, p.latitude AS lat, p.longitude AS lng, v.window_start, v.window_end, v.standard_duration_min AS duration,
           v.required_skill AS skill, v.item_code, m.name_zh AS item_name,
           (SELECT h.caregiver_id FROM ec_visits h WHERE h.person_id = v.person_id AND h.caregiver_id IS NOT NULL AND h.service_date < v.service_date
             AND h.status NOT IN ('cancelled') ORDER BY h.service_date DESC LIMIT 1) AS preferred
    FROM ec_visits v JOIN people p ON p.id = v.person_id JOIN ec_menu_items m ON m.id = v.item_version_id
    WHERE v.service_date = ${input.date} AND v.status IN ('planned', 'dispatched') AND ${scope.visitFilter}
    ORDER BY v.id`,
  );
  const providerIds = [...new Set([...scope.providerIds, ...visits.map((v) => v.provider_id)])];
  const caregivers = providerIds.length
    ? await ctx.db.select().from(ecCaregivers).where(inArray(ecCaregivers.providerId, providerIds)).orderBy(ecCaregivers.id)
    : [];
  const bl = await activeBlacklist(ctx.db, input.date);
  const vin: DispatchVisitInput[] = visits.map((v) => ({
    id: v.id,
    providerId: v.provider_id,
    lat: v.lat ?? Number.NaN,
    lng: v.lng ?? Number.NaN,
    windowStart: v.window_start,
    windowEnd: v.window_end,
    durationMin: v.duration,
    requiredSkills: [v.skill],
    preferredCaregiverId: v.preferred,
    priority: 1,
  }));
  const cin: DispatchCaregiverInput[] = caregivers.map((c) => ({
    id: c.id,
    providerId: c.providerId,
    skills: c.skills,
    shiftStart: c.shiftStart,
    shiftEnd: c.shiftEnd,
    break: (c.breakWindow as DispatchCaregiverInput['break']) ?? null,
    home: { lat: c.homeLat, lng: c.homeLng },
    maxWorkMin: c.maxWorkMin,
    status: c.status as 'active' | 'on_leave' | 'inactive',
  }));
  const problem = buildDispatchProblem(vin, cin, {
    date: input.date,
    blacklistedProviderIds: bl.providers,
    blacklistedCaregiverIds: bl.caregivers,
  });
  // A caregiver serves only the visits of their own provider.
  const cgProvider = new Map(caregivers.map((c) => [c.id, c.providerId]));
  const vProvider = new Map(visits.map((v) => [v.id, v.provider_id]));
  const hc: HomeCareProblem = {
    caregivers: problem.caregivers,
    visits: problem.visits.map((v) => ({
      ...v,
      forbiddenCaregivers: problem.caregivers.filter((c) => cgProvider.get(c.id) !== vProvider.get(v.id)).map((c) => c.id),
    })),
  };
  const sol =
    hc.visits.length && hc.caregivers.length
      ? await solveHomeCareInWorker(
          hc,
          input.iterations ? { seed, iterations: input.iterations } : { seed, timeLimitMs: input.timeLimitMs ?? 3000 },
        )
      : null;
  const vById = new Map(visits.map((v) => [v.id, v]));
  const loc = (v: (typeof visits)[number]) => (v.lat !== null && v.lng !== null ? { lat: v.lat, lng: v.lng } : null);
  const routes: PlanRoute[] = caregivers
    .filter((c) => problem.caregivers.some((p) => p.id === c.id))
    .map((c) => {
      const r = sol?.routes.find((x) => x.caregiverId === c.id);
      return {
        caregiverId: c.id,
        caregiverName: c.name,
        providerId: c.providerId,
        skills: c.skills,
        home: { lat: c.homeLat, lng: c.homeLng },
        departure: r?.departure != null ? hhmm(r.departure) : null,
        arrival: r?.arrival != null ? hhmm(r.arrival) : null,
        break: r?.break ? { start: hhmm(r.break.start), end: hhmm(r.break.end) } : null,
        travelMinutes: Math.round(r?.travelMinutes ?? 0),
        workMinutes: Math.round(r?.workMinutes ?? 0),
        shift: {
          start: c.shiftStart,
          end: c.shiftEnd,
          break: (c.breakWindow as PlanShift['break']) ?? null,
          maxWorkMin: c.maxWorkMin,
        },
        stops: (r?.stops ?? []).map((s) => {
          const v = must(vById.get(s.visitId), 'planned visit');
          return {
            visitId: v.id,
            personId: v.person_id,
            personName: v.name,
            itemCode: v.item_code,
            itemName: v.item_name,
            location: loc(v),
            windowStart: v.window_start,
            windowEnd: v.window_end,
            arrival: hhmm(s.arrival),
            start: hhmm(s.start),
            end: hhmm(s.end),
            manual: false,
            durationMin: v.duration,
          };
        }),
      };
    });
  const unserved: PlanBody['unserved'] = [
    ...problem.excluded.filter((e) => e.kind === 'visit').map((e) => ({ visitId: e.id, reason: e.reason as string, message: e.message })),
    ...(sol?.unserved ?? []).map((u) => ({
      visitId: u.visitId,
      reason: u.reason as string,
      message: UNSERVED_LABELS[u.reason] ?? u.reason,
    })),
    ...(!sol
      ? hc.visits.map((v) => ({ visitId: v.id, reason: 'NO_ELIGIBLE_CAREGIVER', message: UNSERVED_LABELS.NO_ELIGIBLE_CAREGIVER }))
      : []),
  ].map((u) => {
    const v = must(vById.get(u.visitId), 'unplanned visit');
    return { ...u, personName: v.name, itemName: v.item_name, location: loc(v) };
  });
  const zero = { travel: 0, lateness: 0, unserved: 0, preference: 0, imbalance: 0, total: 0 };
  const plan: PlanBody = {
    date: input.date,
    providerId: input.providerId ?? null,
    townshipCode: input.townshipCode ?? null,
    routes,
    unserved,
    cost: sol ? sol.cost : { ...zero, unserved: unserved.length * 1000, total: unserved.length * 1000 },
    stats: {
      visits: visits.length,
      caregivers: caregivers.length,
      served: sol?.stats.servedVisits ?? 0,
      unserved: unserved.length,
      usedCaregivers: sol?.stats.usedCaregivers ?? 0,
      travelMinutes: Math.round(sol?.stats.travelMinutes ?? 0),
      preferenceMisses: sol?.stats.preferenceMisses ?? 0,
      iterations: sol?.stats.iterations ?? 0,
      elapsedMs: Math.round(sol?.stats.elapsedMs ?? 0),
      workMinutes: sol?.stats.workMinutes ?? { min: 0, max: 0, mean: 0 },
    },
    notes: [
      ...problem.notes,
      ...problem.excluded
        .filter((e) => e.kind === 'caregiver')
        .map((e) => ({
          visitId: '',
          code: e.reason,
          message: `护理员 ${caregivers.find((c) => c.id === e.id)?.name ?? e.id}：${e.message}`,
        })),
    ],
    moves: [],
    travel: hc.travel ?? null,
  };
  return ctx.db.transaction(async (tx) => {
    const row = await create(tx, PLAN_CASE, {
      action: 'build',
      actor,
      values: {
        serviceDate: input.date,
        providerId: input.providerId ?? null,
        townshipCode: input.townshipCode ?? null,
        regionCode: scope.regionCode,
        seed,
        plan,
        createdBy: actor.userId,
      },
      payload: { visits: visits.length, served: plan.stats.served, cost: plan.cost.total },
      audit: {
        date: input.date,
        providerId: input.providerId ?? null,
        townshipCode: input.townshipCode ?? null,
        visits: visits.length,
        served: plan.stats.served,
        cost: plan.cost,
      },
    });
    return toPlan(row);
  });
}

export function toPlan(r: typeof ecDispatchPlans.$inferSelect) {
  return {
    id: r.id,
    status: caseRow(PLAN_CASE, r).status,
    seed: r.seed,
    regionCode: r.regionCode,
    createdAt: r.createdAt.toISOString(),
    publishedAt: r.publishedAt?.toISOString() ?? null,
    version: r.version,
    ...(r.plan as PlanBody),
  };
}

async function loadPlan(ex: Executor, ea: ElderlyActor, id: string, forUpdate = false) {
  assertUuid(id);
  const conds = [];
  if (ea.roles.includes('auditor')) conds.push(sql`TRUE`);
  if (ea.roles.includes('township_staff') || ea.roles.includes('county_staff'))
    conds.push(sql`${ecDispatchPlans.regionCode} LIKE ${`${ea.regionCode}%`}`);
  if (ea.roles.includes('provider_staff') && ea.providerId) conds.push(eq(ecDispatchPlans.providerId, ea.providerId));
  if (!conds.length) throw new AppError('FORBIDDEN');
  const q = ex
    .select()
    .from(ecDispatchPlans)
    .where(and(eq(ecDispatchPlans.id, id), sql`(${sql.join(conds, sql` OR `)})`));
  const [r] = forUpdate ? await q.for('update') : await q;
  if (!r) throw new AppError('NOT_FOUND');
  return caseRow(PLAN_CASE, r);
}

export async function getPlan(ctx: AppContext, actor: Actor, id: string) {
  requireAnyRole(actor, ['county_staff', 'township_staff', 'provider_staff', 'auditor']);
  const ea = await elderlyActor(ctx.db, actor);
  return toPlan(await loadPlan(ctx.db, ea, id));
}

export async function listPlans(ctx: AppContext, actor: Actor, q: { date?: string }) {
  requireAnyRole(actor, ['county_staff', 'township_staff', 'provider_staff', 'auditor']);
  const ea = await elderlyActor(ctx.db, actor);
  const conds = [];
  if (ea.roles.includes('auditor')) conds.push(sql`TRUE`);
  if (ea.roles.includes('township_staff') || ea.roles.includes('county_staff'))
    conds.push(sql`${ecDispatchPlans.regionCode} LIKE ${`${ea.regionCode}%`}`);
  if (ea.roles.includes('provider_staff') && ea.providerId) conds.push(eq(ecDispatchPlans.providerId, ea.providerId));
  const rows = await ctx.db
    .select()
    .from(ecDispatchPlans)
    .where(and(sql`(${sql.join(conds, sql` OR `)})`, q.date ? eq(ecDispatchPlans.serviceDate, q.date) : undefined))
    .orderBy(desc(ecDispatchPlans.createdAt))
    .limit(100);
  return rows.map((r) => {
    const p = r.plan as PlanBody;
    return {
      id: r.id,
      date: r.serviceDate,
      status: caseRow(PLAN_CASE, r).status,
      providerId: r.providerId,
      townshipCode: r.townshipCode,
      served: p.stats.served,
      unserved: p.stats.unserved,
      cost: p.cost.total,
      createdAt: r.createdAt.toISOString(),
    };
  });
}

/** Move a visit to another caregiver (or out of the plan) by hand; recorded in the plan's action log. */
export async function moveVisit(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: { visitId: string; toCaregiverId: string | null; reason: string; version: number },
) {
  requireAnyRole(actor, ['township_staff', 'provider_staff']);
  return ctx.db.transaction(async (tx) => {
    const ea = await elderlyActor(tx, actor);
    const row = await loadPlan(tx, ea, id, true);
    if (row.version !== body.version) throw new AppError('VERSION_CONFLICT');
    assertCanTake(PLAN_CASE, row, 'move', actor);
    const plan = structuredClone(row.plan as PlanBody);
    const before = { travel: plan.routes.reduce((n, r) => n + r.travelMinutes, 0), unserved: plan.unserved.length };
    let stop: PlanStop | undefined;
    let from: string | null = null;
    for (const r of plan.routes) {
      const i = r.stops.findIndex((s) => s.visitId === body.visitId);
      if (i >= 0) {
        stop = r.stops.splice(i, 1)[0];
        from = r.caregiverId;
      }
    }
    const ui = plan.unserved.findIndex((u) => u.visitId === body.visitId);
    let unservedEntry: PlanBody['unserved'][number] | undefined;
    if (!stop && ui >= 0) unservedEntry = plan.unserved.splice(ui, 1)[0];
    if (!stop && !unservedEntry)
      throw new AppError('VALIDATION_FAILED', [{ field: 'visitId', message: '该服务不在本计划中 / visit not in this plan' }]);
    if (!stop) {
      const [v] = await tx
        .select({ v: ecVisits, m: ecMenuItems.nameZh, p: people })
        .from(ecVisits)
        .innerJoin(ecMenuItems, eq(ecMenuItems.id, ecVisits.itemVersionId))
        .innerJoin(people, eq(people.id, ecVisits.personId))
        .where(eq(ecVisits.id, body.visitId));
      stop = {
        visitId: v.v.id,
        personId: v.v.personId,
        personName: v.p.name,
        itemCode: v.v.itemCode,
        itemName: v.m,
        location: unservedEntry?.location ?? null,
        windowStart: v.v.windowStart,
        windowEnd: v.v.windowEnd,
        arrival: null,
        start: v.v.windowStart,
        end: v.v.windowStart,
        manual: true,
        durationMin: v.v.standardDurationMin,
      };
    }
    if (body.toCaregiverId) {
      const target = plan.routes.find((r) => r.caregiverId === body.toCaregiverId);
      if (!target)
        throw new AppError('VALIDATION_FAILED', [{ field: 'toCaregiverId', message: '护理员不在本计划中 / caregiver not in this plan' }]);
      const bl = await activeBlacklist(tx, plan.date);
      if (bl.caregivers.has(target.caregiverId) || bl.providers.has(target.providerId))
        throw new AppError('CAREGIVER_BLACKLISTED', [{ field: 'toCaregiverId', message: target.caregiverName }]);
      const [v] = await tx
        .select({ skill: ecVisits.requiredSkill, providerId: ecVisits.providerId })
        .from(ecVisits)
        .where(eq(ecVisits.id, body.visitId));
      if (!target.skills.includes(v.skill))
        throw new AppError('VALIDATION_FAILED', [
          { field: 'toCaregiverId', message: `护理员不具备技能 ${v.skill} / caregiver lacks skill ${v.skill}` },
        ]);
      if (v.providerId !== target.providerId)
        throw new AppError('VALIDATION_FAILED', [
          { field: 'toCaregiverId', message: '护理员不属于该服务的机构 / caregiver of another provider' },
        ]);
      target.stops.push({ ...stop, manual: true, arrival: null, start: stop.windowStart, end: stop.windowStart });
    } else {
      plan.unserved.push({
        visitId: stop.visitId,
        personName: stop.personName,
        itemName: stop.itemName,
        location: stop.location,
        reason: 'MANUAL',
        message: UNSERVED_LABELS.MANUAL,
      });
    }
    plan.moves.push({
      visitId: body.visitId,
      from,
      to: body.toCaregiverId,
      reason: body.reason,
      by: actor.displayName,
      at: new Date().toISOString(),
    });
    // Re-time the routes the visit left and joined with the planner's travel model; the moved visit
    // goes where it breaks least and adds least travel.
    const placed = await retimeAfterMove(tx, plan, body.visitId, from, body.toCaregiverId);
    refreshPlanTotals(plan, before);
    const saved = await transition(tx, PLAN_CASE, {
      caseId: id,
      action: 'move',
      actor,
      expectedVersion: body.version,
      note: body.reason,
      payload: { visitId: body.visitId, toCaregiverId: body.toCaregiverId },
      set: { plan },
      audit: {
        visitId: body.visitId,
        from,
        to: body.toCaregiverId,
        reason: body.reason,
        position: placed?.position ?? null,
        feasible: placed ? placed.warnings.length === 0 : null,
        warnings: placed?.warnings ?? [],
      },
    });
    return toPlan(saved);
  });
}

/** The planner's travel estimate under the plan's travel settings (old plans: the solver defaults, as buildPlan used). */
const planTravel = (plan: PlanBody) => {
  const model: HomeCareProblem = { caregivers: [], visits: [], ...(plan.travel ? { travel: plan.travel } : {}) };
  return (a: { lat: number; lng: number }, b: { lat: number; lng: number }) => travelMinutes(model, a, b);
};

function applyTimes(route: PlanRoute, timed: TimedRoute): void {
  route.departure = timed.departure === null ? null : hhmm(timed.departure);
  route.arrival = timed.arrival === null ? null : hhmm(timed.arrival);
  route.break = timed.break ? { start: hhmm(timed.break.start), end: hhmm(timed.break.end) } : null;
  route.travelMinutes = Math.round(timed.travelMinutes);
  route.workMinutes = Math.round(timed.workMinutes);
  const byId = new Map(timed.stops.map((t) => [t.visitId, t]));
  for (const s of route.stops) {
    const t = byId.get(s.visitId);
    if (!t) continue;
    s.arrival = hhmm(t.arrival);
    s.start = hhmm(t.start);
    s.end = hhmm(t.end);
  }
  route.warnings = timed.warnings;
}

/**
 * After a manual move: place the visit in the target route at its best position and re-time the
 * target and source routes with the planner's model (domain/retime.ts). Shifts, durations and travel
 * settings come from the plan as built; plans stored before they were kept there fall back to the
 * caregiver and visit rows (and the solver's default travel settings), and the missing data is kept
 * in the plan from then on.
 */
async function retimeAfterMove(
  tx: Executor,
  plan: PlanBody,
  visitId: string,
  fromCaregiverId: string | null,
  toCaregiverId: string | null,
) {
  const touched = plan.routes.filter((r) => r.caregiverId === fromCaregiverId || r.caregiverId === toCaregiverId);
  if (!touched.length) return null;
  const noShift = touched.filter((r) => !r.shift).map((r) => r.caregiverId);
  const cgs = noShift.length ? await tx.select().from(ecCaregivers).where(inArray(ecCaregivers.id, noShift)) : [];
  for (const c of cgs) {
    const r = touched.find((x) => x.caregiverId === c.id) as PlanRoute;
    r.shift = { start: c.shiftStart, end: c.shiftEnd, break: (c.breakWindow as PlanShift['break']) ?? null, maxWorkMin: c.maxWorkMin };
  }
  const noDuration = touched.flatMap((r) => r.stops.filter((s) => s.durationMin === undefined).map((s) => s.visitId));
  const durations = new Map(
    (noDuration.length
      ? await tx.select({ id: ecVisits.id, d: ecVisits.standardDurationMin }).from(ecVisits).where(inArray(ecVisits.id, noDuration))
      : []
    ).map((v) => [v.id, v.d]),
  );
  for (const r of touched)
    for (const s of r.stops) s.durationMin ??= durations.get(s.visitId) ?? Math.max(0, hhmmToMin(s.end) - hhmmToMin(s.start));
  const spec = (r: PlanRoute) => {
    // a caregiver deleted since the plan was built: a day-long shift, so only windows are checked
    const sh = r.shift ?? { start: '00:00', end: '24:00', break: null, maxWorkMin: 1440 };
    return { home: r.home, shiftStart: sh.start, shiftEnd: sh.end, break: sh.break, maxWorkMin: sh.maxWorkMin };
  };
  const asStop = (s: PlanStop): RetimeStop => ({
    visitId: s.visitId,
    location: s.location,
    windowStart: s.windowStart,
    windowEnd: s.windowEnd,
    durationMin: s.durationMin as number,
  });
  const travel = planTravel(plan);
  let placed: { position: number; warnings: RouteWarning[] } | null = null;
  for (const r of touched) {
    if (r.caregiverId === toCaregiverId) {
      const moved = r.stops.find((s) => s.visitId === visitId);
      const others = r.stops.filter((s) => s.visitId !== visitId);
      if (!moved) continue;
      const best = bestInsertion(spec(r), others.map(asStop), asStop(moved), travel);
      r.stops = [...others.slice(0, best.index), moved, ...others.slice(best.index)];
      applyTimes(r, best.route);
      placed = { position: best.index, warnings: best.route.warnings };
    } else {
      applyTimes(r, timeRoute(spec(r), r.stops.map(asStop), travel));
    }
  }
  return placed;
}

/** Served/unserved counts, travel, work spread and the travel and unserved parts of the cost, after a change. */
function refreshPlanTotals(plan: PlanBody, before: { travel: number; unserved: number }): void {
  const used = plan.routes.filter((r) => r.stops.length);
  plan.stats.served = plan.routes.reduce((n, r) => n + r.stops.length, 0);
  plan.stats.unserved = plan.unserved.length;
  plan.stats.usedCaregivers = used.length;
  plan.stats.travelMinutes = plan.routes.reduce((n, r) => n + r.travelMinutes, 0);
  const work = used.map((r) => r.workMinutes);
  plan.stats.workMinutes = work.length
    ? { min: Math.min(...work), max: Math.max(...work), mean: Math.round(work.reduce((a, b) => a + b, 0) / work.length) }
    : { min: 0, max: 0, mean: 0 };
  // The change in travel and in unserved visits, at the planner's weights; the preference and balance
  // parts are kept from the solver's answer.
  plan.cost.travel += (plan.stats.travelMinutes - before.travel) * DEFAULT_WEIGHTS.travel;
  plan.cost.unserved += (plan.unserved.length - before.unserved) * DEFAULT_WEIGHTS.unserved;
  plan.cost.total = plan.cost.travel + plan.cost.lateness + plan.cost.unserved + plan.cost.preference + plan.cost.imbalance;
}

/** Publish: every routed visit is dispatched (or reassigned) to its caregiver with its planned start. */
export async function publishPlan(ctx: AppContext, actor: Actor, id: string, body: { version: number }) {
  requireAnyRole(actor, ['township_staff', 'provider_staff']);
  return ctx.db.transaction(async (tx) => {
    const ea = await elderlyActor(tx, actor);
    const row = await loadPlan(tx, ea, id, true);
    if (row.version !== body.version) throw new AppError('VERSION_CONFLICT');
    assertCanTake(PLAN_CASE, row, 'publish', actor);
    const plan = row.plan as PlanBody;
    const bl = await activeBlacklist(tx, plan.date);
    const skipped: { visitId: string; reason: string }[] = [];
    let dispatched = 0;
    for (const r of plan.routes) {
      if (r.stops.length && (bl.caregivers.has(r.caregiverId) || bl.providers.has(r.providerId)))
        throw new AppError('CAREGIVER_BLACKLISTED', [{ field: 'routes', message: r.caregiverName }]);
      for (const s of r.stops) {
        const [raw] = await tx.select().from(ecVisits).where(eq(ecVisits.id, s.visitId)).for('update');
        const v = raw ? caseRow(VISIT_CASE, raw) : undefined;
        if (!v || !['planned', 'dispatched'].includes(v.status)) {
          skipped.push({ visitId: s.visitId, reason: v ? `status ${v.status}` : 'missing' });
          continue;
        }
        if (v.status === 'dispatched' && v.caregiverId === r.caregiverId) {
          await tx.update(ecVisits).set({ plannedStart: s.start }).where(eq(ecVisits.id, v.id));
          continue;
        }
        const action = v.status === 'planned' ? 'dispatch' : 'reassign';
        await visitStep(tx, ea, v, action, {
          note: s.manual ? '人工调整 / manual override' : null,
          payload: { planId: id, caregiverId: r.caregiverId, plannedStart: s.start, manual: s.manual },
          set: { caregiverId: r.caregiverId, plannedStart: s.start, manualOverride: s.manual },
        });
        dispatched++;
      }
    }
    const saved = await transition(tx, PLAN_CASE, {
      caseId: id,
      action: 'publish',
      actor,
      expectedVersion: body.version,
      set: { publishedAt: new Date() },
      audit: { dispatched, skipped: skipped.length },
    });
    return { ...toPlan(saved), dispatched, skipped };
  });
}
