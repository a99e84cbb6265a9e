import { z } from 'zod';
import { Household, HouseholdCreate, HouseholdPatch, HouseholdSearchQuery, pageOf, Relation } from '@lq/contracts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { requireActor } from '../../platform/http/auth.ts';
import type { App } from '../../platform/http/types.ts';
import { addMember, createHousehold, getHousehold, removeMember, searchHouseholds, updateHousehold } from './households.service.ts';

const IdParams = z.object({ id: z.string() });

export async function householdRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['households'];
  app.get('/api/households', { schema: { tags, querystring: HouseholdSearchQuery, response: { 200: pageOf(Household) } } }, async (req) =>
    searchHouseholds(ctx, requireActor(req), req.query),
  );
  app.post('/api/households', { schema: { tags, body: HouseholdCreate, response: { 201: Household } } }, async (req, reply) => {
    const h = await createHousehold(ctx, requireActor(req), req.body);
    reply.status(201);
    return h;
  });
  app.get('/api/households/:id', { schema: { tags, params: IdParams, response: { 200: Household } } }, async (req) =>
    getHousehold(ctx, requireActor(req), req.params.id),
  );
  app.patch('/api/households/:id', { schema: { tags, params: IdParams, body: HouseholdPatch, response: { 200: Household } } }, async (req) =>
    updateHousehold(ctx, requireActor(req), req.params.id, req.body),
  );
  app.post('/api/households/:id/members', {
    schema: { tags, params: IdParams, body: z.object({ personId: z.string(), relation: Relation }), response: { 200: Household } },
  }, async (req) => addMember(ctx, requireActor(req), req.params.id, req.body.personId, req.body.relation));
  app.delete('/api/households/:id/members/:personId', {
    schema: { tags, params: z.object({ id: z.string(), personId: z.string() }), response: { 200: Household } },
  }, async (req) => removeMember(ctx, requireActor(req), req.params.id, req.params.personId));
}
