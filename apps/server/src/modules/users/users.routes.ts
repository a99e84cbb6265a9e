import {
  CreateUserBody,
  Ok,
  PASSWORD_PROBLEM_MESSAGES,
  pageOf,
  passwordProblems,
  SecuritySettings,
  UserActionBody,
  UserSummary,
} from '@lq/contracts';
import { z } from 'zod';
import { caseHistory } from '../../platform/cases/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { requireRole } from '../../platform/http/auth.ts';
import type { App } from '../../platform/http/types.ts';
import { getSecuritySettings } from '../auth/auth.service.ts';
import { accountAction, createUser, listUsers, setSecuritySettings } from './users.service.ts';

export async function userRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['users'];
  app.get(
    '/api/users',
    {
      schema: {
        tags,
        querystring: z.object({
          q: z.string().optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(20),
        }),
        response: { 200: pageOf(UserSummary) },
      },
    },
    async (req) => listUsers(ctx, requireRole(req, 'admin'), req.query),
  );

  app.post(
    '/api/users',
    { schema: { tags, body: CreateUserBody, response: { 201: z.object({ id: z.string() }) } } },
    async (req, reply) => {
      const actor = requireRole(req, 'admin');
      if (!req.body.regionCode.startsWith(actor.regionCode)) throw new AppError('FORBIDDEN');
      // The schema checks the shape; the user name and the demo password are known only here.
      const weak = passwordProblems(req.body.password, { username: req.body.username, forbidden: [ctx.config.demoPassword] });
      if (weak.length) {
        throw new AppError(
          'VALIDATION_FAILED',
          weak.map((p) => ({ field: 'password', code: p, message: PASSWORD_PROBLEM_MESSAGES[p] })),
        );
      }
      const id = await ctx.db.transaction((tx) => createUser(tx, actor, req.body));
      reply.status(201);
      return { id };
    },
  );

  for (const action of ['unlock', 'disable', 'enable', 'reset-totp'] as const) {
    app.post(
      `/api/users/:id/${action}`,
      {
        schema: {
          tags,
          params: z.object({ id: z.string().uuid() }),
          body: UserActionBody.optional(),
          response: { 200: z.object({ status: z.string() }) },
        },
      },
      async (req) => {
        const actor = requireRole(req, 'admin');
        const status = await accountAction(ctx, actor, req.params.id, action === 'reset-totp' ? 'reset_totp' : action, req.body?.reason);
        return { status };
      },
    );
  }

  app.get('/api/users/:id/history', { schema: { tags, params: z.object({ id: z.string().uuid() }) } }, async (req) => {
    requireRole(req, 'admin', 'auditor');
    const h = await caseHistory(ctx.db, 'account', req.params.id);
    return h.map((s) => ({ ...s, at: s.at.toISOString() }));
  });

  app.get('/api/settings/security', { schema: { tags, response: { 200: SecuritySettings } } }, async (req) => {
    requireRole(req, 'admin', 'auditor');
    return getSecuritySettings(ctx);
  });
  app.put('/api/settings/security', { schema: { tags, body: SecuritySettings, response: { 200: Ok } } }, async (req) => {
    const actor = requireRole(req, 'admin');
    await setSecuritySettings(ctx, actor, req.body);
    return { ok: true as const };
  });
}
