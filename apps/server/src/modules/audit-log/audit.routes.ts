import { AuditEntry, AuditQuery, AuditVerifyResult, pageOf } from '@lq/contracts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { requireActor } from '../../platform/http/auth.ts';
import type { App } from '../../platform/http/types.ts';
import { toXlsx } from '../../platform/tabular.ts';
import { exportAudit, searchAudit, verifyChain } from './audit.service.ts';

export async function auditRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['audit'];
  app.get('/api/audit', { schema: { tags, querystring: AuditQuery, response: { 200: pageOf(AuditEntry) } } }, async (req) =>
    searchAudit(ctx, requireActor(req), req.query),
  );
  app.get('/api/audit/export', { schema: { tags, querystring: AuditQuery } }, async (req, reply) => {
    const rows = await exportAudit(ctx, requireActor(req), req.query);
    const buf = await toXlsx([
      {
        name: '审计日志',
        columns: [
          { header: '序号', key: 'id', width: 8 },
          { header: '时间', key: 'at', width: 24 },
          { header: '用户', key: 'username', width: 16 },
          { header: '角色', key: 'role', width: 16 },
          { header: '区划', key: 'regionCode', width: 14 },
          { header: '操作', key: 'action', width: 24 },
          { header: '对象类型', key: 'targetType', width: 12 },
          { header: '对象', key: 'targetId', width: 38 },
          { header: '结果', key: 'outcome', width: 10 },
          { header: '请求号', key: 'requestId', width: 38 },
          { header: 'IP', key: 'ip', width: 16 },
          { header: '详情', key: 'details', width: 50 },
          { header: '哈希', key: 'hash', width: 66 },
        ],
        rows: rows.map((r) => ({ ...r, details: r.details ? JSON.stringify(r.details) : '' })),
      },
    ]);
    reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="audit-log.xlsx"; filename*=UTF-8''${encodeURIComponent('审计日志.xlsx')}`);
    return reply.send(buf);
  });
  app.post('/api/audit/verify', { schema: { tags, response: { 200: AuditVerifyResult } } }, async (req) =>
    verifyChain(ctx, requireActor(req)),
  );
}
