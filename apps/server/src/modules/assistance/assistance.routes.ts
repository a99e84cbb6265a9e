/**
 * Preview routes of the assistance rules: they decide nothing and write nothing but an audit entry.
 * Staff login and the CSRF header are required (POST).
 */
import { AssistanceEvaluateBody, AssistanceEvaluateResult, type Role, TekunEvaluateBody, TekunEvaluateResult } from '@lq/contracts';
import { appendAudit } from '../../platform/audit.ts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { requireRole } from '../../platform/http/auth.ts';
import type { App } from '../../platform/http/types.ts';
import { evaluateHousehold, evaluateSingleApplication } from './domain/dibao.ts';
import { fenToYuan, type Reason } from './domain/rules.ts';
import { evaluateTekun } from './domain/tekun.ts';
import { assistanceParamsOn } from './parameters.ts';

/** Case-work staff and auditors may run the previews. */
export const ASSISTANCE_PREVIEW_ROLES: Role[] = ['county_staff', 'township_staff', 'village_worker', 'auditor'];

const tags = ['assistance'];
const api = (rs: Reason[]) => rs.map((r) => ({ code: r.code, message: r.message }));

export async function assistanceRoutes(app: App, ctx: AppContext): Promise<void> {
  app.post(
    '/api/assistance/evaluate',
    {
      schema: {
        tags,
        summary: '低保/低保边缘预评估(不保存) / 低保 preview (nothing saved)',
        body: AssistanceEvaluateBody,
        response: { 200: AssistanceEvaluateResult },
      },
    },
    async (req) => {
      const actor = requireRole(req, ...ASSISTANCE_PREVIEW_ROLES);
      const b = req.body;
      const { params, ruleVersion } = await assistanceParamsOn(ctx.db, b.asOf, b.parameters);
      const d =
        b.applicantId !== undefined
          ? evaluateSingleApplication(b.household, b.applicantId, b.asOf, params, {
              exemptSupportFromSiblingsOrElderlyParents: b.exemptSupportFromSiblingsOrElderlyParents,
            })
          : evaluateHousehold(b.household, b.asOf, params);
      await appendAudit(ctx.db, actor, {
        action: 'assistance.evaluate.preview',
        targetType: 'assistance_preview',
        details: {
          asOf: b.asOf,
          members: b.household.members.length,
          applicantId: b.applicantId ?? null,
          overrides: b.parameters ?? {},
          decision: d.decision,
          countedMembers: d.countedMembers,
          countedMonthlyIncomeFen: d.countedMonthlyIncomeFen,
          monthlyAmountFen: d.monthlyAmountFen,
          reasonCodes: d.reasons.map((r) => r.code),
          ruleVersion,
        },
      });
      return {
        decision: d.decision,
        countedMembers: d.countedMembers,
        countedMonthlyIncome: fenToYuan(d.countedMonthlyIncomeFen),
        perCapitaIncome: fenToYuan(d.perCapitaIncomeFen),
        monthlyAmount: fenToYuan(d.monthlyAmountFen),
        reasons: api(d.reasons),
        ruleVersion,
      };
    },
  );

  app.post(
    '/api/assistance/tekun/evaluate',
    {
      schema: {
        tags,
        summary: '特困人员预评估(不保存) / 特困 preview (nothing saved)',
        body: TekunEvaluateBody,
        response: { 200: TekunEvaluateResult },
      },
    },
    async (req) => {
      const actor = requireRole(req, ...ASSISTANCE_PREVIEW_ROLES);
      const b = req.body;
      const { params, ruleVersion } = await assistanceParamsOn(ctx.db, b.asOf, b.parameters);
      const d = evaluateTekun(b.person, b.obligors, b.selfCareItemsUnable, b.asOf, params);
      await appendAudit(ctx.db, actor, {
        action: 'assistance.tekun.preview',
        targetType: 'assistance_preview',
        details: {
          asOf: b.asOf,
          obligors: b.obligors.length,
          overrides: b.parameters ?? {},
          eligible: d.eligible,
          careLevel: d.careLevel,
          supportStandardFen: d.supportStandardFen,
          careAllowanceFen: d.careAllowanceFen,
          reasonCodes: d.reasons.map((r) => r.code),
          ruleVersion,
        },
      });
      return { eligible: d.eligible, careLevel: d.careLevel, reasons: api(d.reasons), ruleVersion };
    },
  );
}
