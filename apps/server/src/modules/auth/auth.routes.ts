import { ChangePasswordBody, LoginBody, LoginResponse, Me, Ok, TotpConfirmBody, TotpEnrolResponse } from '@lq/contracts';
import { z } from 'zod';
import type { AppContext } from '../../platform/http/app-context.ts';
import { requireActor, SESSION_COOKIE } from '../../platform/http/auth.ts';
import type { App } from '../../platform/http/types.ts';
import { must } from '../../platform/must.ts';
import { changePassword, confirmTotpEnrolment, login, logout, meOf, startTotpEnrolment } from './auth.service.ts';

export async function authRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['auth'];
  app.post('/api/auth/login', { schema: { tags, body: LoginBody, response: { 200: LoginResponse } } }, async (req, reply) => {
    const r = await login(ctx, {
      ...req.body,
      ip: req.ip,
      userAgent: req.headers['user-agent'] ?? null,
      requestId: req.id,
    });
    req.auditWritten = true;
    reply.setCookie(SESSION_COOKIE, r.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: ctx.config.cookieSecure,
      path: '/',
    });
    return { csrfToken: r.csrfToken, user: r.me };
  });

  app.post('/api/auth/logout', { schema: { tags, response: { 200: Ok } } }, async (req, reply) => {
    const actor = requireActor(req);
    await logout(ctx, actor, must(req.sessionId, 'session id'));
    req.auditWritten = true;
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  app.get('/api/auth/me', { schema: { tags, response: { 200: z.object({ user: Me, csrfToken: z.string() }) } } }, async (req) => {
    const actor = requireActor(req);
    return { user: await meOf(ctx, must(actor.userId, 'user id')), csrfToken: must(req.csrfToken, 'csrf token') };
  });

  app.post('/api/auth/password', { schema: { tags, body: ChangePasswordBody, response: { 200: Ok } } }, async (req) => {
    const actor = requireActor(req);
    await changePassword(ctx, actor, req.body.currentPassword, req.body.newPassword, req.sessionId);
    req.auditWritten = true;
    return { ok: true as const };
  });

  app.post('/api/auth/totp/enrol', { schema: { tags, response: { 200: TotpEnrolResponse } } }, async (req) => {
    const actor = requireActor(req);
    const r = await startTotpEnrolment(ctx, actor);
    req.auditWritten = true;
    return r;
  });

  app.post('/api/auth/totp/confirm', { schema: { tags, body: TotpConfirmBody, response: { 200: Ok } } }, async (req) => {
    const actor = requireActor(req);
    await confirmTotpEnrolment(ctx, actor, req.body.code);
    req.auditWritten = true;
    return { ok: true as const };
  });
}
