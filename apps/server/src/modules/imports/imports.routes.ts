import { ImportJob, pageOf } from '@lq/contracts';
import { z } from 'zod';
import type { AppContext } from '../../platform/http/app-context.ts';
import { requireActor } from '../../platform/http/auth.ts';
import type { App } from '../../platform/http/types.ts';
import { readUpload, toCsv, toXlsx } from '../../platform/tabular.ts';
import { exampleRow, IMPORT_COLUMNS } from './import.columns.ts';
import { commitImport, getImport, importErrors, listImports, uploadImport } from './imports.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Format = z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') });

function attachment(name: string, ascii: string) {
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function importRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['imports'];
  app.get('/api/imports/template', { schema: { tags, querystring: Format } }, async (req, reply) => {
    requireActor(req);
    const header = IMPORT_COLUMNS.map((c) => c.header);
    const exampleByKey = exampleRow(ctx.config.deployment);
    const example = IMPORT_COLUMNS.map((c) => exampleByKey[c.key]);
    if (req.query.format === 'csv') {
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', attachment('人员导入模板.csv', 'people-template.csv'));
      return reply.send(toCsv(header, [example]));
    }
    const buf = await toXlsx([
      {
        name: '人员',
        columns: IMPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: 16 })),
        rows: [exampleByKey],
      },
      {
        name: '填写说明',
        columns: [
          { header: '列', key: 'c', width: 16 },
          { header: '说明', key: 'd', width: 80 },
        ],
        rows: [
          { c: '户编号', d: '同一户的成员填写相同户编号;已存在的户编号会加入该户' },
          { c: '与户主关系', d: '户主、配偶、子女、父母、孙子女、祖父母、兄弟姐妹、儿媳/女婿、其他' },
          { c: '身份证号', d: '18位(或旧版15位)居民身份证号,出生日期和性别自动识别' },
          { c: '常住地区划代码', d: '9位乡镇或12位村(社区)代码,须在您的管辖范围内' },
          { c: '残疾类别', d: '视力残疾、听力残疾、言语残疾、肢体残疾、智力残疾、精神残疾、多重残疾;残疾等级填1-4' },
          { c: '健康状况', d: '健康、慢性病、重病' },
          { c: '劳动能力', d: '有劳动能力、部分丧失劳动能力、无劳动能力' },
          { c: '居住状况', d: '独居、空巢、与子女同住、其他' },
          { c: '标签', d: '多个标签用顿号或逗号分隔,如:高龄、独居' },
        ],
      },
    ]);
    reply.header('content-type', XLSX).header('content-disposition', attachment('人员导入模板.xlsx', 'people-template.xlsx'));
    return reply.send(buf);
  });

  app.post('/api/imports', { schema: { tags, consumes: ['multipart/form-data'], response: { 200: ImportJob } } }, async (req) => {
    const actor = requireActor(req);
    const file = await readUpload(req);
    return uploadImport(ctx, actor, file.fileName, file.buffer);
  });

  app.get(
    '/api/imports',
    {
      schema: {
        tags,
        querystring: z.object({
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(100).default(20),
        }),
        response: { 200: pageOf(ImportJob) },
      },
    },
    async (req) => listImports(ctx, requireActor(req), req.query.page, req.query.pageSize),
  );

  app.get('/api/imports/:id', { schema: { tags, params: z.object({ id: z.string() }), response: { 200: ImportJob } } }, async (req) =>
    getImport(ctx, requireActor(req), req.params.id),
  );

  app.post(
    '/api/imports/:id/commit',
    { schema: { tags, params: z.object({ id: z.string() }), response: { 202: ImportJob } } },
    async (req, reply) => {
      const job = await commitImport(ctx, requireActor(req), req.params.id);
      reply.status(202);
      return job;
    },
  );

  app.get(
    '/api/imports/:id/errors',
    { schema: { tags, params: z.object({ id: z.string() }), querystring: Format } },
    async (req, reply) => {
      const { errors } = await importErrors(ctx, requireActor(req), req.params.id);
      if (req.query.format === 'csv') {
        reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', attachment('导入错误报告.csv', 'import-errors.csv'));
        return reply.send(
          toCsv(
            ['行号', '列', '原因'],
            errors.map((e) => [e.row, e.column, e.reason]),
          ),
        );
      }
      const buf = await toXlsx([
        {
          name: '错误报告',
          columns: [
            { header: '行号', key: 'row', width: 8 },
            { header: '列', key: 'column', width: 18 },
            { header: '原因', key: 'reason', width: 80 },
          ],
          rows: errors.map((e) => ({ ...e })),
        },
      ]);
      reply.header('content-type', XLSX).header('content-disposition', attachment('导入错误报告.xlsx', 'import-errors.xlsx'));
      return reply.send(buf);
    },
  );
}
