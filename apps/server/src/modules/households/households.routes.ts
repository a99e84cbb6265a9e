import { Household, HouseholdCreate, HouseholdPatch, HouseholdSearchQuery, pageOf, Relation } from '@lq/contracts';
import { z } from 'zod';
import { appendAudit } from '../../platform/audit.ts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { requireActor } from '../../platform/http/auth.ts';
import type { App } from '../../platform/http/types.ts';
import { toXlsx } from '../../platform/tabular.ts';
import { addMember, createHousehold, getHousehold, removeMember, searchHouseholds, updateHousehold } from './households.service.ts';

const IdParams = z.object({ id: z.string() });

export async function householdRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['households'];
  app.get('/api/households', { schema: { tags, querystring: HouseholdSearchQuery, response: { 200: pageOf(Household) } } }, async (req) =>
    searchHouseholds(ctx, requireActor(req), req.query),
  );
  app.get('/api/households/export', { schema: { tags, querystring: HouseholdSearchQuery } }, async (req, reply) => {
    const actor = requireActor(req);
    const all: Household[] = [];
    // Page through the same search the list uses (region-scoped), up to 50,000 households.
    for (let page = 1; page <= 250; page++) {
      const r = await searchHouseholds(ctx, actor, { ...req.query, page, pageSize: 200 });
      all.push(...r.items);
      if (r.items.length < 200) break;
    }
    await appendAudit(ctx.db, actor, {
      action: 'household.export',
      targetType: 'household',
      details: { rows: all.length, q: req.query.q ?? null },
    });
    const buf = await toXlsx([
      {
        name: '家庭户',
        columns: [
          { header: '户编号', key: 'householdNumber', width: 16 },
          { header: '户主', key: 'headName', width: 12 },
          { header: '人数', key: 'memberCount', width: 8 },
          { header: '常住地', key: 'residence', width: 20 },
          { header: '户籍地代码', key: 'registeredRegionCode', width: 14 },
          { header: '地址', key: 'address', width: 30 },
        ],
        rows: all.map((h) => ({ ...h, residence: h.residenceRegionName ?? h.residenceRegionCode })),
      },
    ]);
    reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="households.xlsx"; filename*=UTF-8''${encodeURIComponent('家庭户.xlsx')}`);
    return reply.send(buf);
  });
  app.post('/api/households', { schema: { tags, body: HouseholdCreate, response: { 201: Household } } }, async (req, reply) => {
    const h = await createHousehold(ctx, requireActor(req), req.body);
    reply.status(201);
    return h;
  });
  app.get('/api/households/:id', { schema: { tags, params: IdParams, response: { 200: Household } } }, async (req) =>
    getHousehold(ctx, requireActor(req), req.params.id),
  );
  app.patch(
    '/api/households/:id',
    { schema: { tags, params: IdParams, body: HouseholdPatch, response: { 200: Household } } },
    async (req) => updateHousehold(ctx, requireActor(req), req.params.id, req.body),
  );
  app.post(
    '/api/households/:id/members',
    {
      schema: { tags, params: IdParams, body: z.object({ personId: z.string(), relation: Relation }), response: { 200: Household } },
    },
    async (req) => addMember(ctx, requireActor(req), req.params.id, req.body.personId, req.body.relation),
  );
  app.delete(
    '/api/households/:id/members/:personId',
    {
      schema: { tags, params: z.object({ id: z.string(), personId: z.string() }), response: { 200: Household } },
    },
    async (req) => removeMember(ctx, requireActor(req), req.params.id, req.params.personId),
  );
}
