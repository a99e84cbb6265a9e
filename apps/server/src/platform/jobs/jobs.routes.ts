import { Job, JobList, JobListQuery } from '@lq/contracts';
import { z } from 'zod';
import type { AppContext } from '../http/app-context.ts';
import { requireActor } from '../http/auth.ts';
import type { App } from '../http/types.ts';
import './catalog.ts';
import { cancelJob, getJob, listJobs } from './queue.ts';

export async function jobRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['jobs'];
  const Params = z.object({ id: z.string() });
  app.get('/api/jobs', { schema: { tags, querystring: JobListQuery, response: { 200: JobList } } }, async (req) =>
    listJobs(ctx.db, requireActor(req), req.query),
  );
  app.get('/api/jobs/:id', { schema: { tags, params: Params, response: { 200: Job } } }, async (req) =>
    getJob(ctx.db, requireActor(req), req.params.id),
  );
  app.post('/api/jobs/:id/cancel', { schema: { tags, params: Params, response: { 200: Job } } }, async (req) =>
    cancelJob(ctx.db, requireActor(req), req.params.id),
  );
}
