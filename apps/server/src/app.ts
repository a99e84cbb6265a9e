import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { findIllFormedText, ILL_FORMED_TEXT_MESSAGE, PublicDeploymentSchema } from '@lq/contracts';
import Fastify from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { WEB_DIST } from './config.ts';
import { publicDeployment } from './deployment.ts';
import { auditRoutes } from './modules/audit-log/audit.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { householdRoutes } from './modules/households/households.routes.ts';
import { importRoutes } from './modules/imports/imports.routes.ts';
import { peopleRoutes } from './modules/people/people.routes.ts';
import { regionRoutes } from './modules/regions/regions.routes.ts';
import { extraModules } from './modules/registry.ts';
import { userRoutes } from './modules/users/users.routes.ts';
import { appendAudit } from './platform/audit.ts';
import { AppError } from './platform/errors.ts';
import type { AppContext } from './platform/http/app-context.ts';
import { anonymousActor, checkCsrf, loadSession } from './platform/http/auth.ts';
import { errorBody, handleError, handleFrameworkError } from './platform/http/errors-handler.ts';
import type { App } from './platform/http/types.ts';
import { jobRoutes } from './platform/jobs/jobs.routes.ts';

/** Every API route registered (method + path): the permission matrix test walks all of them. */
export const routeCatalog = new Set<string>();

const CSRF_EXEMPT = new Set(['/api/auth/login']);
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface BuildOptions {
  logger?: boolean | object;
  serveWeb?: boolean;
}

/** index.html of the console with the deployment's title (read once per file: the build replaces the file, not its contents in place). */
const indexCache = new Map<string, { mtimeMs: number; html: string }>();
function indexWithTitle(file: string, title: string): string {
  const mtimeMs = fs.statSync(file).mtimeMs;
  let c = indexCache.get(file);
  if (!c || c.mtimeMs !== mtimeMs) {
    c = { mtimeMs, html: fs.readFileSync(file, 'utf8') };
    indexCache.set(file, c);
  }
  const escaped = title.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return c.html.replace(/<title>[^<]*<\/title>/, `<title>${escaped}</title>`);
}

/** Builds the HTTP app over a context; never listens (tests drive it with app.inject). */
export async function buildApp(ctx: AppContext, options: BuildOptions = {}): Promise<App> {
  const app = Fastify({
    logger: options.logger ?? false,
    genReqId: () => crypto.randomUUID(),
    trustProxy: ctx.config.trustProxy,
    bodyLimit: 5 * 1024 * 1024,
    // Errors Fastify raises before routing (a URI that is not valid UTF-8, a path parameter over
    // maxParamLength) get the platform's { code, message, details } shape too.
    frameworkErrors: handleFrameworkError,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    for (const m of methods)
      if (m !== 'HEAD' && r.url.startsWith('/api/') && !r.url.startsWith('/api/docs')) routeCatalog.add(`${m} ${r.url}`);
  });

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 30 * 1024 * 1024, files: 1 } });
  await app.register(swagger, {
    openapi: {
      info: {
        title: `${ctx.config.deployment.titles.platform.zh} API / ${ctx.config.deployment.titles.platform.en} API`,
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'lq_sid' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
      security: [{ session: [], csrf: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('auditWritten', false);

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    if (!req.url.startsWith('/api/docs')) {
      reply.header(
        'content-security-policy',
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'",
      );
    }
  });

  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/') || req.url.startsWith('/api/docs')) return;
    reply.header('cache-control', 'no-store');
    await loadSession(ctx, req);
    checkCsrf(req, reply, CSRF_EXEMPT);
  });

  // Text that PostgreSQL cannot store as received (lone surrogates, NUL) is refused at the edge,
  // before any use case (or audit entry) sees it.
  app.addHook('preValidation', async (req) => {
    for (const [where, value] of [
      ['body', req.body],
      ['query', req.query],
      ['params', req.params],
    ] as const) {
      const bad = findIllFormedText(value);
      if (bad) throw new AppError('BAD_REQUEST', [{ field: bad.path || where, code: bad.problem, message: ILL_FORMED_TEXT_MESSAGE }]);
    }
  });

  // Every write is audited: use cases append their success entry in their transaction;
  // a write that ends in an error without one gets a failure/denied entry here.
  app.addHook('onResponse', async (req, reply) => {
    if (!WRITE_METHODS.has(req.method) || req.auditWritten || !req.url.startsWith('/api/')) return;
    if (reply.statusCode < 400 || req.url.startsWith('/api/auth/login')) return;
    const outcome = [401, 403, 404].includes(reply.statusCode) ? 'denied' : 'failure';
    try {
      await appendAudit(ctx.db, req.actor ?? anonymousActor(req), {
        action: `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`,
        targetType: 'http',
        targetId: req.url.split('?')[0],
        outcome,
        details: { status: reply.statusCode },
      });
    } catch (err) {
      req.log.error({ err }, 'could not audit a failed write');
    }
  });

  app.get('/api/health', { schema: { tags: ['system'], response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({
    status: 'ok' as const,
  }));

  app.get(
    '/api/public/deployment',
    {
      schema: {
        tags: ['system'],
        summary: '本部署的县(市)、标题与地图中心 / this deployment: county, titles, map centre',
        response: { 200: PublicDeploymentSchema },
      },
    },
    async () => publicDeployment(ctx.config.deployment),
  );

  await app.register(async (api) => {
    const a = api.withTypeProvider<ZodTypeProvider>() as App;
    await authRoutes(a, ctx);
    await userRoutes(a, ctx);
    await regionRoutes(a, ctx);
    await peopleRoutes(a, ctx);
    await householdRoutes(a, ctx);
    await importRoutes(a, ctx);
    await auditRoutes(a, ctx);
    await jobRoutes(a, ctx);
    for (const m of extraModules) await m(a, ctx);
  });

  const serveWeb = options.serveWeb ?? true;
  const indexHtml = path.join(WEB_DIST, 'index.html');
  if (serveWeb && fs.existsSync(indexHtml)) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: false });
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || !serveWeb || !fs.existsSync(indexHtml) || req.method !== 'GET') {
      reply.status(404).send(errorBody(req, 'NOT_FOUND', []));
      return;
    }
    reply.type('text/html').send(indexWithTitle(indexHtml, ctx.config.deployment.titles.console.zh));
  });

  return app as unknown as App;
}
