/** HTTP routes of the elderly-care loop: thin (schema, auth, call the use case). */

import {
  ApplicationCreate,
  AssessmentPreviewBody,
  EntitlementPreviewBody,
  Entitlement as EntitlementSchema,
  IsoDate,
  IsoMonth,
  JobAccepted,
  type MenuItemVersionCreate as MenuCreate,
  type ProviderUpsert as ProviderIn,
  EcWire as S,
  SubsidyRule as SubsidyRuleSchema,
} from '@lq/contracts';
import { z } from 'zod';
import { appendAudit } from '../../platform/audit.ts';
import { AppError, fieldError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { requireActor } from '../../platform/http/auth.ts';
import type { App } from '../../platform/http/types.ts';
import { toXlsx } from '../../platform/tabular.ts';
import { regionMap } from '../regions/regions.service.ts';
import { requireAnyRole } from './access.ts';
import { decideAnomaly, listAnomalies, runAnomalyChecks } from './anomaly.service.ts';
import {
  createCaregiver,
  createMenuItemVersion,
  createParameterVersion,
  createProvider,
  createSubsidyRule,
  getProvider,
  listCaregivers,
  listMenu,
  listProviders,
  listSubsidyRules,
  toParameter,
  updateCaregiver,
  updateProvider,
} from './catalog.service.ts';
import { buildPlan, getPlan, listPlans, moveVisit, publishPlan } from './dispatch.service.ts';
import {
  complaintAction,
  createComplaint,
  exportFollowupsXlsx,
  listComplaints,
  listFollowups,
  recordFollowup,
  sampleFollowups,
} from './followup.service.ts';
import { AsyncQuery, enqueueAnomalyCheck, enqueueSettlementRun, SettlementRunAnyBody } from './jobs.ts';
import {
  assessmentHistory,
  createAssessment,
  createOrder,
  generateVisits,
  getAssessment,
  getOrder,
  listOrders,
  orderAction,
  previewAssessment,
  previewEntitlement,
} from './order.service.ts';
import { overview } from './overview.service.ts';
import { listParameters, type ParameterKey } from './params.ts';
import { listApplications, rejectApplication, submitPublicApplication, trackByCode, verifyApplication } from './public.service.ts';
import {
  addAdjustment,
  bankFile,
  exportSettlementXlsx,
  getSettlement,
  listSettlements,
  monthBankFile,
  runSettlement,
  settlementAction,
} from './settlement.service.ts';
import {
  addToBlacklist,
  drawInspection,
  getInspection,
  liftBlacklist,
  listBlacklist,
  listInspections,
  publicInspections,
  publishInspection,
  recordInspectionResult,
} from './supervision.service.ts';
import { checkIn, checkOut, confirmVisit, getVisit, listVisits, myRoute, visitPhoto } from './visit.service.ts';

const P = '/api/elderly-care';

/**
 * Item names contain '/' (穿/脱上衣), which the generic JSON-pointer mapping would split; the
 * assessment routes name the field from the zod issue path instead ('scores.穿/脱上衣').
 */
function assertValid(req: { validationError?: Error & { validation?: { message?: string; keyword?: string; instancePath?: string }[] } }) {
  const err = req.validationError;
  if (!err) return;
  throw new AppError(
    'VALIDATION_FAILED',
    (err.validation ?? []).map((v) => {
      const path = (v.instancePath ?? '').replace(/^\//, '');
      const item = /^scores\/(.+)$/.exec(path);
      return {
        field: item ? `scores.${item[1]}` : path.split('/').filter(Boolean).join('.'),
        code: String(v.keyword ?? 'invalid'),
        message: v.message ?? 'invalid',
      };
    }),
  );
}

/** Light in-memory limit for the public application form: N per IP per window. */
const publicHits = new Map<string, number[]>();
export const PUBLIC_APPLY_LIMIT = { max: 10, windowMs: 10 * 60_000 };
export function resetPublicRateLimit() {
  publicHits.clear();
}
function rateLimit(ip: string) {
  const now = Date.now();
  const hits = (publicHits.get(ip) ?? []).filter((t) => now - t < PUBLIC_APPLY_LIMIT.windowMs);
  if (hits.length >= PUBLIC_APPLY_LIMIT.max)
    throw new AppError('RATE_LIMITED', [
      { field: 'ip', message: `${PUBLIC_APPLY_LIMIT.max} / ${PUBLIC_APPLY_LIMIT.windowMs / 60_000} min` },
    ]);
  hits.push(now);
  publicHits.set(ip, hits);
  if (publicHits.size > 10_000) publicHits.delete(publicHits.keys().next().value as string);
}

export async function elderlyCareRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['elderly-care'];
  const CONFIG_READERS = ['admin', 'county_staff', 'township_staff', 'village_worker', 'provider_staff', 'caregiver', 'auditor'] as const;

  // ---------------------------------------------------------------- configuration
  app.get(`${P}/parameters`, { schema: { tags, response: { 200: z.array(S.Parameter) } } }, async (req) => {
    requireAnyRole(requireActor(req), CONFIG_READERS);
    return (await listParameters(ctx.db)).map(toParameter);
  });
  app.post(`${P}/parameters`, { schema: { tags, body: S.ParameterBody, response: { 201: S.Parameter } } }, async (req, reply) => {
    const r = await createParameterVersion(ctx.db, requireActor(req), { ...req.body, key: req.body.key as ParameterKey });
    reply.status(201);
    return r;
  });
  app.get(`${P}/subsidy-rules`, { schema: { tags, response: { 200: z.array(SubsidyRuleSchema) } } }, async (req) => {
    requireAnyRole(requireActor(req), CONFIG_READERS);
    return listSubsidyRules(ctx);
  });
  app.post(
    `${P}/subsidy-rules`,
    { schema: { tags, body: SubsidyRuleSchema, response: { 201: SubsidyRuleSchema } } },
    async (req, reply) => {
      const r = await createSubsidyRule(ctx.db, requireActor(req), req.body);
      reply.status(201);
      return r;
    },
  );
  // What approving would decide: same rules and function as the approval, nothing written.
  app.post(
    `${P}/subsidy/preview`,
    {
      schema: {
        tags,
        body: EntitlementPreviewBody,
        response: { 200: EntitlementSchema.extend({ on: z.string(), abilityLevel: z.number().int() }) },
      },
    },
    async (req) => previewEntitlement(ctx, requireActor(req), req.body),
  );
  app.get(`${P}/menu-items`, { schema: { tags, querystring: S.MenuQuery, response: { 200: z.array(S.MenuItem) } } }, async (req) => {
    requireAnyRole(requireActor(req), CONFIG_READERS);
    return listMenu(ctx, req.query);
  });
  app.post(`${P}/menu-items`, { schema: { tags, body: S.MenuItemVersionCreate, response: { 201: S.MenuItem } } }, async (req, reply) => {
    const r = await createMenuItemVersion(ctx.db, requireActor(req), req.body as MenuCreate);
    reply.status(201);
    return r;
  });
  app.get(`${P}/providers`, { schema: { tags, querystring: S.ProviderQuery, response: { 200: z.array(S.ProviderOut) } } }, async (req) =>
    listProviders(ctx, requireActor(req), req.query),
  );
  app.post(`${P}/providers`, { schema: { tags, body: S.ProviderUpsert, response: { 201: S.ProviderOut } } }, async (req, reply) => {
    const r = await createProvider(ctx.db, requireActor(req), req.body as ProviderIn);
    reply.status(201);
    return r;
  });
  app.get(`${P}/providers/:id`, { schema: { tags, params: S.IdParams, response: { 200: S.ProviderOut } } }, async (req) =>
    getProvider(ctx, requireActor(req), req.params.id),
  );
  app.put(
    `${P}/providers/:id`,
    { schema: { tags, params: S.IdParams, body: S.ProviderUpdate, response: { 200: S.ProviderOut } } },
    async (req) => updateProvider(ctx, requireActor(req), req.params.id, req.body as ProviderIn & { version: number }),
  );
  app.get(
    `${P}/caregivers`,
    { schema: { tags, querystring: z.object({ providerId: z.string().uuid().optional() }), response: { 200: z.array(S.CaregiverOut) } } },
    async (req) => listCaregivers(ctx, requireActor(req), req.query),
  );
  app.post(`${P}/caregivers`, { schema: { tags, body: S.CaregiverCreate, response: { 201: S.CaregiverOut } } }, async (req, reply) => {
    const r = await createCaregiver(ctx.db, requireActor(req), req.body);
    reply.status(201);
    return r;
  });
  app.put(
    `${P}/caregivers/:id`,
    { schema: { tags, params: S.IdParams, body: S.CaregiverUpdate, response: { 200: S.CaregiverOut } } },
    async (req) => updateCaregiver(ctx, requireActor(req), req.params.id, req.body),
  );

  // ---------------------------------------------------------------- apply, assess, approve
  app.get(`${P}/orders`, { schema: { tags, querystring: S.OrderListQuery, response: { 200: S.OrderListOut } } }, async (req) =>
    listOrders(ctx, requireActor(req), req.query),
  );
  app.get(`${P}/orders/export`, { schema: { tags, querystring: S.OrderListQuery } }, async (req, reply) => {
    const actor = requireActor(req);
    const items: Awaited<ReturnType<typeof listOrders>>['items'] = [];
    // The same scoped list the page shows, up to 20,000 orders.
    for (let page = 1; page <= 100; page++) {
      const r = await listOrders(ctx, actor, { ...req.query, page, pageSize: 200 });
      items.push(...r.items);
      if (r.items.length < 200) break;
    }
    await appendAudit(ctx.db, actor, {
      action: 'elderly.order.export',
      targetType: 'order',
      details: { rows: items.length, status: req.query.status ?? null },
    });
    const buf = await toXlsx([
      {
        name: '养老服务工单',
        columns: [
          { header: '工单号', key: 'number', width: 18 },
          { header: '老人', key: 'personName', width: 12 },
          { header: '区划', key: 'regionCode', width: 14 },
          { header: '渠道', key: 'channel', width: 10 },
          { header: '状态', key: 'statusLabel', width: 10 },
          { header: '服务机构', key: 'providerName', width: 24 },
          { header: '申请时间', key: 'createdAt', width: 22 },
        ],
        rows: items.map((o) => ({ ...o })),
      },
    ]);
    reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="orders.xlsx"; filename*=UTF-8''${encodeURIComponent('养老服务工单.xlsx')}`);
    return reply.send(buf);
  });
  app.post(`${P}/orders`, { schema: { tags, body: ApplicationCreate, response: { 201: S.OrderOut } } }, async (req, reply) => {
    const r = await createOrder(ctx, requireActor(req), req.body);
    reply.status(201);
    return r;
  });
  app.get(`${P}/orders/:id`, { schema: { tags, params: S.IdParams, response: { 200: S.OrderOut } } }, async (req) =>
    getOrder(ctx, requireActor(req), req.params.id),
  );
  app.post(
    `${P}/orders/:id/actions/:action`,
    { schema: { tags, params: S.OrderActionParams, body: S.OrderActionPayload, response: { 200: S.OrderOut } } },
    async (req) => orderAction(ctx, requireActor(req), req.params.id, req.params.action, req.body),
  );
  // The scoring contract: no personal data, so outside checks and the public form may call it without a session.
  app.post(
    `${P}/assessments/preview`,
    { attachValidation: true, schema: { tags, body: AssessmentPreviewBody, response: { 200: S.PreviewOut } } },
    async (req) => {
      assertValid(req);
      return previewAssessment(ctx, req.body);
    },
  );
  app.post(
    `${P}/assessments`,
    { attachValidation: true, schema: { tags, body: S.AssessmentBody, response: { 201: S.AssessmentOut } } },
    async (req, reply) => {
      assertValid(req);
      const r = await createAssessment(ctx, requireActor(req), req.body);
      reply.status(201);
      return r;
    },
  );
  app.get(
    `${P}/assessments`,
    { schema: { tags, querystring: S.AssessmentHistoryQuery, response: { 200: S.AssessmentHistoryOut } } },
    async (req) => assessmentHistory(ctx, requireActor(req), req.query.personId, req.query.conditionChanged ?? false),
  );
  app.get(`${P}/assessments/:id`, { schema: { tags, params: S.IdParams, response: { 200: S.AssessmentOut } } }, async (req) =>
    getAssessment(ctx, requireActor(req), req.params.id),
  );
  app.get(
    `${P}/applications`,
    { schema: { tags, querystring: S.StatusQuery, response: { 200: z.array(S.ApplicationOut) } } },
    async (req) => listApplications(ctx, requireActor(req), req.query),
  );
  app.post(
    `${P}/applications/:id/verify`,
    {
      schema: {
        tags,
        params: S.IdParams,
        body: S.VerifyBody,
        response: { 200: z.object({ applicationId: z.string(), orderId: z.string().nullable() }) },
      },
    },
    async (req) => verifyApplication(ctx, requireActor(req), req.params.id, req.body),
  );
  app.post(
    `${P}/applications/:id/reject`,
    {
      schema: {
        tags,
        params: S.IdParams,
        body: S.RejectBody,
        response: { 200: z.object({ applicationId: z.string(), orderId: z.string().nullable() }) },
      },
    },
    async (req) => rejectApplication(ctx, requireActor(req), req.params.id, req.body),
  );

  // ---------------------------------------------------------------- visits and serving
  app.get(`${P}/visits`, { schema: { tags, querystring: S.VisitListQuery, response: { 200: S.VisitListOut } } }, async (req) =>
    listVisits(ctx, requireActor(req), req.query),
  );
  app.post(
    `${P}/visits/generate`,
    { schema: { tags, body: S.GenerateBody, response: { 200: z.object({ orders: z.number().int(), visitsCreated: z.number().int() }) } } },
    async (req) => generateVisits(ctx, requireActor(req), req.body.from, req.body.to),
  );
  app.get(`${P}/visits/:id`, { schema: { tags, params: S.IdParams, response: { 200: S.VisitOut } } }, async (req) =>
    getVisit(ctx, requireActor(req), req.params.id),
  );
  app.get(`${P}/visits/:id/photo`, { schema: { tags, params: S.IdParams } }, async (req, reply) => {
    const p = await visitPhoto(ctx, requireActor(req), req.params.id);
    return reply.type(p.type).send(p.data);
  });
  app.post(
    `${P}/visits/:id/check-in`,
    { schema: { tags, params: S.IdParams, body: S.CheckInBody, response: { 200: S.VisitStepOut } } },
    async (req) => checkIn(ctx, requireActor(req), req.params.id, req.body),
  );
  app.post(
    `${P}/visits/:id/check-out`,
    { schema: { tags, params: S.IdParams, body: S.CheckOutBody, response: { 200: S.VisitStepOut } } },
    async (req) => checkOut(ctx, requireActor(req), req.params.id, req.body),
  );
  app.post(
    `${P}/visits/:id/confirm`,
    { schema: { tags, params: S.IdParams, body: S.ConfirmBody, response: { 200: S.VisitStepOut } } },
    async (req) => confirmVisit(ctx, requireActor(req), req.params.id, req.body),
  );
  app.get(`${P}/caregiver/my-route`, { schema: { tags, querystring: S.MyRouteQuery, response: { 200: S.MyRouteOut } } }, async (req) =>
    myRoute(ctx, requireActor(req), req.query.date),
  );

  // ---------------------------------------------------------------- dispatch
  app.get(
    `${P}/dispatch/plans`,
    {
      schema: {
        tags,
        querystring: z.object({ date: IsoDate.optional() }),
        response: { 200: S.PlanListOut },
      },
    },
    async (req) => listPlans(ctx, requireActor(req), req.query),
  );
  app.post(`${P}/dispatch/plans`, { schema: { tags, body: S.PlanBuildBody, response: { 201: S.PlanOut } } }, async (req, reply) => {
    const r = await buildPlan(ctx, requireActor(req), req.body);
    reply.status(201);
    return r;
  });
  app.get(`${P}/dispatch/plans/:id`, { schema: { tags, params: S.IdParams, response: { 200: S.PlanOut } } }, async (req) =>
    getPlan(ctx, requireActor(req), req.params.id),
  );
  app.patch(
    `${P}/dispatch/plans/:id`,
    { schema: { tags, params: S.IdParams, body: S.MoveBody, response: { 200: S.PlanOut } } },
    async (req) => moveVisit(ctx, requireActor(req), req.params.id, req.body),
  );
  app.post(
    `${P}/dispatch/plans/:id/publish`,
    { schema: { tags, params: S.IdParams, body: S.Versioned, response: { 200: S.PublishOut } } },
    async (req) => publishPlan(ctx, requireActor(req), req.params.id, req.body),
  );

  // ---------------------------------------------------------------- follow-up and complaints
  app.get(
    `${P}/followups`,
    { schema: { tags, querystring: S.FollowupListQuery, response: { 200: z.array(S.FollowupOut) } } },
    async (req) => listFollowups(ctx, requireActor(req), req.query),
  );
  app.get(`${P}/followups/export`, { schema: { tags, querystring: S.FollowupListQuery } }, async (req, reply) => {
    const { limit: _l, offset: _o, ...q } = req.query;
    const { buf, fileName } = await exportFollowupsXlsx(ctx, requireActor(req), q);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="followups.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
      .send(buf);
  });
  app.post(`${P}/followups/sample`, { schema: { tags, body: S.SampleBody, response: { 200: S.SampleOut } } }, async (req) =>
    sampleFollowups(ctx, requireActor(req), req.body),
  );
  app.post(
    `${P}/followups/:id/record`,
    {
      schema: {
        tags,
        params: S.IdParams,
        body: S.FollowupRecordBody,
        response: { 200: S.FollowupOut.extend({ complaintId: z.string().nullable() }) },
      },
    },
    async (req) => recordFollowup(ctx, requireActor(req), req.params.id, req.body),
  );
  app.get(
    `${P}/complaints`,
    { schema: { tags, querystring: S.ComplaintListQuery, response: { 200: z.array(S.ComplaintOut) } } },
    async (req) => listComplaints(ctx, requireActor(req), req.query),
  );
  app.post(`${P}/complaints`, { schema: { tags, body: S.ComplaintBody, response: { 201: S.ComplaintOut } } }, async (req, reply) => {
    const r = await createComplaint(ctx, requireActor(req), req.body);
    reply.status(201);
    return r;
  });
  app.post(
    `${P}/complaints/:id/actions/:action`,
    { schema: { tags, params: S.ComplaintActionParams, body: S.ComplaintActionBody, response: { 200: S.ComplaintOut } } },
    async (req) => complaintAction(ctx, requireActor(req), req.params.id, req.params.action, req.body),
  );

  // ---------------------------------------------------------------- audit (审核)
  // ?async=1: runs as a background job (202 with the job; poll GET /api/jobs/:id).
  app.post(
    `${P}/anomalies/run`,
    { schema: { tags, querystring: AsyncQuery, body: S.AnomalyRunBody, response: { 200: S.AnomalyRunOut, 202: JobAccepted } } },
    async (req, reply) => {
      if (req.query.async !== '1') return runAnomalyChecks(ctx, requireActor(req), req.body);
      reply.status(202);
      return { job: await enqueueAnomalyCheck(ctx, requireActor(req), req.body) };
    },
  );
  app.get(`${P}/anomalies`, { schema: { tags, querystring: S.AnomalyQuery, response: { 200: z.array(S.AnomalyOut) } } }, async (req) =>
    listAnomalies(ctx, requireActor(req), req.query),
  );
  app.post(
    `${P}/anomalies/visits/:visitId/decide`,
    { schema: { tags, params: S.DecideParams, body: S.DecideBody, response: { 200: S.DecideOut } } },
    async (req) => decideAnomaly(ctx, requireActor(req), req.params.visitId, req.body),
  );

  // ---------------------------------------------------------------- pay (支付)
  app.post(
    `${P}/settlements/run`,
    // ?async=1 without providerId: every provider of the region with cleared visits to settle.
    { schema: { tags, querystring: AsyncQuery, body: SettlementRunAnyBody, response: { 200: S.SettlementRunOut, 202: JobAccepted } } },
    async (req, reply) => {
      if (req.query.async !== '1') {
        const { month, providerId } = req.body;
        if (!providerId) throw fieldError('providerId', '请选择服务机构', 'providerId is required');
        return runSettlement(ctx, requireActor(req), { month, providerId });
      }
      reply.status(202);
      return { job: await enqueueSettlementRun(ctx, requireActor(req), req.body) };
    },
  );
  app.get(
    `${P}/settlements`,
    { schema: { tags, querystring: S.SettlementQuery, response: { 200: z.array(S.SettlementOut) } } },
    async (req) => listSettlements(ctx, requireActor(req), req.query),
  );
  app.get(`${P}/settlements/:id`, { schema: { tags, params: S.IdParams, response: { 200: S.SettlementDetailOut } } }, async (req) =>
    getSettlement(ctx, requireActor(req), req.params.id),
  );
  app.post(
    `${P}/settlements/:id/approve`,
    { schema: { tags, params: S.IdParams, body: S.Versioned, response: { 200: S.SettlementOut } } },
    async (req) => settlementAction(ctx, requireActor(req), req.params.id, 'approve', req.body),
  );
  app.post(
    `${P}/settlements/:id/pay`,
    { schema: { tags, params: S.IdParams, body: S.Versioned, response: { 200: S.SettlementOut } } },
    async (req) => settlementAction(ctx, requireActor(req), req.params.id, 'pay', req.body),
  );
  app.post(
    `${P}/settlements/:id/adjustments`,
    { schema: { tags, params: S.IdParams, body: S.AdjustmentBody, response: { 201: S.SettlementLineOut } } },
    async (req, reply) => {
      const r = await addAdjustment(ctx, requireActor(req), req.params.id, req.body);
      reply.status(201);
      return r;
    },
  );
  app.get(`${P}/settlements/:id/export.xlsx`, { schema: { tags, params: S.IdParams } }, async (req, reply) => {
    const { buf, fileName } = await exportSettlementXlsx(ctx, requireActor(req), req.params.id);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .send(buf);
  });
  // One bank file for the month's approved, unpaid settlements of all providers.
  app.get(`${P}/settlements/bank-file`, { schema: { tags, querystring: z.object({ month: IsoMonth }) } }, async (req, reply) => {
    const f = await monthBankFile(ctx, requireActor(req), req.query.month);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${f.fileName}"`)
      .header('x-payment-count', String(f.count))
      .header('x-payment-total-fen', String(f.totalFen))
      .send(f.csv);
  });
  app.get(`${P}/settlements/:id/bank-file`, { schema: { tags, params: S.IdParams } }, async (req, reply) => {
    const f = await bankFile(ctx, requireActor(req), req.params.id);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${f.fileName}"`)
      .send(f.csv);
  });

  // ---------------------------------------------------------------- supervision
  app.get(`${P}/blacklist`, { schema: { tags, response: { 200: z.array(S.BlacklistOut) } } }, async (req) =>
    listBlacklist(ctx, requireActor(req)),
  );
  app.post(`${P}/blacklist`, { schema: { tags, body: S.BlacklistBody, response: { 201: S.BlacklistOut } } }, async (req, reply) => {
    const r = await addToBlacklist(ctx, requireActor(req), req.body);
    reply.status(201);
    return r;
  });
  app.post(
    `${P}/blacklist/:id/lift`,
    { schema: { tags, params: S.IdParams, body: S.LiftBody, response: { 200: S.BlacklistOut } } },
    async (req) => liftBlacklist(ctx, requireActor(req), req.params.id, req.body.reason),
  );
  app.get(`${P}/inspections`, { schema: { tags, response: { 200: z.array(S.InspectionOut) } } }, async (req) =>
    listInspections(ctx, requireActor(req)),
  );
  app.post(`${P}/inspections/draw`, { schema: { tags, body: S.DrawBody, response: { 201: S.InspectionOut } } }, async (req, reply) => {
    const r = await drawInspection(ctx, requireActor(req), req.body);
    reply.status(201);
    return r;
  });
  app.get(`${P}/inspections/:id`, { schema: { tags, params: S.IdParams, response: { 200: S.InspectionOut } } }, async (req) =>
    getInspection(ctx, requireActor(req), req.params.id),
  );
  app.post(
    `${P}/inspections/:id/results`,
    { schema: { tags, params: S.IdParams, body: S.ResultBody, response: { 200: S.InspectionOut } } },
    async (req) => recordInspectionResult(ctx, requireActor(req), req.params.id, req.body),
  );
  app.post(`${P}/inspections/:id/publish`, { schema: { tags, params: S.IdParams, response: { 200: S.InspectionOut } } }, async (req) =>
    publishInspection(ctx, requireActor(req), req.params.id),
  );
  app.get(`${P}/overview`, { schema: { tags, querystring: S.OverviewQuery, response: { 200: S.OverviewOut } } }, async (req) =>
    overview(ctx, requireActor(req), req.query),
  );

  // ---------------------------------------------------------------- public (no login)
  const publicSchema = { tags: [...tags, 'public'], security: [] };
  app.post(
    '/api/public/elderly-care/applications',
    { schema: { ...publicSchema, body: S.PublicApplicationBody, response: { 201: S.PublicApplicationOut } } },
    async (req, reply) => {
      rateLimit(req.ip);
      const r = await submitPublicApplication(ctx, req.body, { ip: req.ip, requestId: req.id });
      reply.status(201);
      return r;
    },
  );
  app.get(
    '/api/public/elderly-care/track/:code',
    { schema: { ...publicSchema, params: S.TrackParams, response: { 200: S.TrackOut } } },
    async (req) => trackByCode(ctx, req.params.code),
  );
  // What a resident may choose on the public form: services in force today (no prices of
  // other versions, no internal fields) and the township-level units.
  app.get('/api/public/elderly-care/menu', { schema: { ...publicSchema } }, async () =>
    (await listMenu(ctx, {})).map((m) => ({
      code: m.code,
      nameZh: m.nameZh,
      category: m.category,
      priceFen: m.priceFen,
      description: m.description,
    })),
  );
  app.get('/api/public/elderly-care/regions', { schema: { ...publicSchema } }, async () => {
    const map = await regionMap(ctx.db);
    return [...map.values()]
      .filter((r) => ['subdistrict', 'town', 'township'].includes(r.level))
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((r) => ({ code: r.code, name: r.name }));
  });
  app.get('/api/public/elderly-care/inspections', { schema: { ...publicSchema, response: { 200: S.PublicInspectionsOut } } }, async () =>
    publicInspections(ctx),
  );
}
