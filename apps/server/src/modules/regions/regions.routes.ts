import { Region, RegionImportResult, RegionListQuery } from '@lq/contracts';
import { z } from 'zod';
import type { AppContext } from '../../platform/http/app-context.ts';
import { requireActor, requireRole } from '../../platform/http/auth.ts';
import type { App } from '../../platform/http/types.ts';
import { readUpload } from '../../platform/tabular.ts';
import { importOfficialVillages, listChildren, type RegionNode, regionTree } from './regions.service.ts';

const RegionNodeSchema: z.ZodType<RegionNode> = z.lazy(() =>
  Region.extend({ children: z.array(RegionNodeSchema) }),
) as z.ZodType<RegionNode>;

export async function regionRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['regions'];
  app.get('/api/regions', { schema: { tags, querystring: RegionListQuery, response: { 200: z.array(Region) } } }, async (req) => {
    requireActor(req);
    return listChildren(ctx, req.query.parent);
  });
  app.get('/api/regions/tree', { schema: { tags, response: { 200: z.array(RegionNodeSchema) } } }, async (req) =>
    regionTree(ctx, requireActor(req)),
  );
  app.post(
    '/api/regions/import',
    { schema: { tags, consumes: ['multipart/form-data'], response: { 200: RegionImportResult } } },
    async (req) => {
      const actor = requireRole(req, 'admin');
      const file = await readUpload(req);
      return importOfficialVillages(ctx, actor, file.buffer.toString('utf8'));
    },
  );
}
