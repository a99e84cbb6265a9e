/** Preview route of the children's categories: writes nothing but an audit entry (no child data in it). */
import { ChildClassifyBody, ChildClassifyResult, type Role } from '@lq/contracts';
import { appendAudit } from '../../platform/audit.ts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { requireRole } from '../../platform/http/auth.ts';
import type { App } from '../../platform/http/types.ts';
import { classifyChild } from './domain/classify.ts';
import { childParamsOn } from './parameters.ts';

export const CHILDREN_PREVIEW_ROLES: Role[] = ['county_staff', 'township_staff', 'village_worker', 'child_supervisor', 'auditor'];

export async function childrenRoutes(app: App, ctx: AppContext): Promise<void> {
  app.post(
    '/api/children/classify',
    {
      schema: {
        tags: ['children'],
        summary: '儿童类别预判(不保存) / children category preview (nothing saved)',
        body: ChildClassifyBody,
        response: { 200: ChildClassifyResult },
      },
    },
    async (req) => {
      const actor = requireRole(req, ...CHILDREN_PREVIEW_ROLES);
      const b = req.body;
      const { params, ruleVersion } = await childParamsOn(ctx.db, b.asOf);
      const r = classifyChild(b, b.asOf, params);
      await appendAudit(ctx.db, actor, {
        action: 'children.classify.preview',
        targetType: 'children_preview',
        details: { asOf: b.asOf, category: r.category, reasonCodes: r.reasons.map((x) => x.code), ruleVersion },
      });
      return { category: r.category, reasons: r.reasons.map((x) => ({ code: x.code, message: x.message })) };
    },
  );
}
