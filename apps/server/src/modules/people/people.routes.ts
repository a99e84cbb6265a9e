import {
  DISABILITY_LABELS,
  FactChange,
  HEALTH_LABELS,
  LABOUR_LABELS,
  LIVING_LABELS,
  Person,
  PersonCreate,
  PersonPatch,
  PersonSearchQuery,
  pageOf,
  RELATION_LABELS,
  RevealBody,
  RevealResponse,
} from '@lq/contracts';
import { z } from 'zod';
import type { AppContext } from '../../platform/http/app-context.ts';
import { requireActor } from '../../platform/http/auth.ts';
import type { App } from '../../platform/http/types.ts';
import { toXlsx } from '../../platform/tabular.ts';
import { createPerson, exportPeopleRows, getPerson, personHistoryOf, revealField, searchPeople, updatePerson } from './people.service.ts';

const IdParams = z.object({ id: z.string() });

function label(map: Record<string, string>, v: string | null): string {
  return v ? (map[v] ?? v) : '';
}

export async function peopleRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['people'];
  app.get('/api/people', { schema: { tags, querystring: PersonSearchQuery, response: { 200: pageOf(Person) } } }, async (req) =>
    searchPeople(ctx, requireActor(req), req.query),
  );

  app.get('/api/people/export', { schema: { tags, querystring: PersonSearchQuery } }, async (req, reply) => {
    const items = await exportPeopleRows(ctx, requireActor(req), req.query);
    const buf = await toXlsx([
      {
        name: '人员',
        columns: [
          { header: '姓名', key: 'name', width: 12 },
          { header: '身份证号(脱敏)', key: 'idNumber', width: 22 },
          { header: '性别', key: 'sex', width: 6 },
          { header: '年龄', key: 'age', width: 6 },
          { header: '联系电话(脱敏)', key: 'phone', width: 15 },
          { header: '常住地', key: 'residence', width: 20 },
          { header: '户籍地', key: 'registered', width: 20 },
          { header: '与户主关系', key: 'relation', width: 10 },
          { header: '残疾', key: 'disability', width: 14 },
          { header: '健康状况', key: 'health', width: 10 },
          { header: '劳动能力', key: 'labour', width: 16 },
          { header: '居住状况', key: 'living', width: 10 },
          { header: '标签', key: 'tags', width: 20 },
        ],
        rows: items.map((p) => ({
          name: p.name,
          idNumber: p.idNumber,
          sex: p.sex === 'M' ? '男' : '女',
          age: p.age,
          phone: p.phone ?? '',
          residence: p.residenceRegionName ?? p.residenceRegionCode,
          registered: p.registeredRegionName ?? p.registeredRegionCode ?? '',
          relation: label(RELATION_LABELS, p.relationToHead),
          disability: p.disabilityCategory ? `${label(DISABILITY_LABELS, p.disabilityCategory)} ${p.disabilityGrade}级` : '',
          health: label(HEALTH_LABELS, p.health),
          labour: label(LABOUR_LABELS, p.labourCapacity),
          living: label(LIVING_LABELS, p.livingArrangement),
          tags: p.tags.join('、'),
        })),
      },
    ]);
    reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="people.xlsx"; filename*=UTF-8''${encodeURIComponent('人员名单.xlsx')}`);
    return reply.send(buf);
  });

  app.post('/api/people', { schema: { tags, body: PersonCreate, response: { 201: Person } } }, async (req, reply) => {
    const p = await createPerson(ctx, requireActor(req), req.body);
    reply.status(201);
    return p;
  });

  app.get('/api/people/:id', { schema: { tags, params: IdParams, response: { 200: Person } } }, async (req) =>
    getPerson(ctx, requireActor(req), req.params.id),
  );

  app.patch('/api/people/:id', { schema: { tags, params: IdParams, body: PersonPatch, response: { 200: Person } } }, async (req) =>
    updatePerson(ctx, requireActor(req), req.params.id, req.body),
  );

  app.get('/api/people/:id/history', { schema: { tags, params: IdParams, response: { 200: z.array(FactChange) } } }, async (req) =>
    personHistoryOf(ctx, requireActor(req), req.params.id),
  );

  app.post(
    '/api/people/:id/reveal',
    { schema: { tags, params: IdParams, body: RevealBody, response: { 200: RevealResponse } } },
    async (req) => revealField(ctx, requireActor(req), req.params.id, req.body.field, req.body.purpose),
  );
}
