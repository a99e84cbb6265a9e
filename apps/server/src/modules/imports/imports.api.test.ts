import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobWorker } from '../../platform/jobs/worker.ts';
import { createTestEnv, login, makeIdNumber, type Session, type TestEnv, TOWN_A } from '../../test/harness.ts';
import { IMPORT_JOB_KIND } from './imports.service.ts';

let env: TestEnv;
let town: Session;
let village: string;
beforeAll(async () => {
  env = await createTestEnv();
  town = await login(env.app, `town-${TOWN_A}`);
  village = (await town.request('GET', `/api/regions?parent=${TOWN_A}`)).json()[0].code;
});
afterAll(async () => env?.close());

function upload(name: string, content: Buffer | string, type = 'text/csv') {
  const b = '----imp';
  const head = Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${b}--\r\n`);
  return env.app.inject({
    method: 'POST',
    url: '/api/imports',
    headers: { cookie: town.cookie, 'x-csrf-token': town.csrf, 'content-type': `multipart/form-data; boundary=${b}` },
    payload: Buffer.concat([head, Buffer.isBuffer(content) ? content : Buffer.from(content), tail]),
  });
}

const HEADER =
  '户编号,与户主关系,姓名,身份证号,联系电话,常住地区划代码,户籍地区划代码,详细地址,民族,残疾类别,残疾等级,健康状况,劳动能力,居住状况,标签';

async function goodCsv(rows: number, prefix: string) {
  const lines = [HEADER];
  for (let i = 0; i < rows; i++)
    lines.push(`${prefix}-${Math.floor(i / 2)},${i % 2 ? '配偶' : '户主'},${prefix}${i},${makeIdNumber()},,${village},,,,,,,,,`);
  return lines.join('\n');
}

describe('import people and households', () => {
  it('offers a template in xlsx and csv', async () => {
    const x = await town.request('GET', '/api/imports/template?format=xlsx');
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0].getRow(1).getCell(3).value).toBe('姓名');
    const c = await town.request('GET', '/api/imports/template?format=csv');
    expect(c.body.replace('\ufeff', '').split('\r\n')[0]).toBe(HEADER);
  });

  it('rejects a file with bad rows as a whole, with a row/column/reason report', async () => {
    const good = makeIdNumber();
    const csv = [
      HEADER,
      `H1,户主,蓝一,${good},13800000001,${village},,,畲族,,,健康,,,`,
      `H1,配偶,蓝二,331181195001010011,,${village},,,,,,,,,`,
      `H2,户主,,${makeIdNumber()},,${village},,,,,,,,,`,
      `H2,子女,蓝四,${good},,999999999,,,,肢体残疾,,,,,`,
    ].join('\n');
    const r = await upload('bad.csv', csv);
    expect(r.statusCode).toBe(200);
    const job = r.json();
    expect(job.status).toBe('rejected');
    expect(job.totalRows).toBe(4);
    const byRow = (row: number) => job.errors.filter((e: { row: number }) => e.row === row).map((e: { column: string }) => e.column);
    expect(byRow(3)).toEqual(['身份证号']);
    expect(byRow(4)).toEqual(['姓名']);
    expect(byRow(5)).toEqual(expect.arrayContaining(['身份证号', '常住地区划代码']));
    expect(job.errors[0].reason).toMatch(/校验位/);
    // Nothing was written.
    const list = (await town.request('GET', `/api/people?q=${encodeURIComponent('蓝一')}`)).json();
    expect(list.total).toBe(0);
    // The report downloads.
    const rep = await town.request('GET', `/api/imports/${job.id}/errors?format=csv`);
    expect(rep.body).toContain('行号,列,原因');
    expect(rep.body).toContain('校验位');
    const x = await town.request('GET', `/api/imports/${job.id}/errors?format=xlsx`);
    expect(x.rawPayload.subarray(0, 2).toString()).toBe('PK');
    // A rejected job cannot be committed.
    expect((await town.request('POST', `/api/imports/${job.id}/commit`)).statusCode).toBe(409);
  });

  it('imports a good xlsx in one transaction, creating households with heads, and reports progress', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('人员');
    ws.addRow(HEADER.split(','));
    const rows = 120;
    for (let i = 0; i < rows; i++) {
      const hh = `IMP-${Math.floor(i / 3)}`;
      ws.addRow([
        hh,
        i % 3 === 0 ? '户主' : i % 3 === 1 ? '配偶' : '子女',
        `雷导入${i}`,
        makeIdNumber({ birth: `19${50 + (i % 40)}0101` }),
        '',
        village,
        '',
        `${i}号`,
        '畲族',
        i === 5 ? '肢体残疾' : '',
        i === 5 ? 2 : '',
        '慢性病',
        '',
        i % 3 === 0 ? '空巢' : '',
        i === 0 ? '高龄、独居' : '',
      ]);
    }
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await upload('good.xlsx', buf, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const job = r.json();
    expect(job.status, JSON.stringify(job.errors?.slice(0, 3))).toBe('validated');
    expect(job.totalRows).toBe(rows);
    const c = await town.request('POST', `/api/imports/${job.id}/commit`);
    expect(c.statusCode).toBe(202);
    expect(c.json().status).toBe('importing');
    // A second commit (double click) is refused while it runs.
    expect((await town.request('POST', `/api/imports/${job.id}/commit`)).statusCode).toBe(409);
    // The job runs the import; its page polls the job.
    expect(c.json().jobId).toMatch(/^[0-9a-f-]{36}$/);
    const queued = (await town.request('GET', `/api/jobs/${c.json().jobId}`)).json();
    expect(queued).toMatchObject({ kind: IMPORT_JOB_KIND, status: 'queued', progress: 0 });
    const ran = await new JobWorker(env.ctx, { kinds: [IMPORT_JOB_KIND] }).runUntilIdle();
    expect(ran.map((r) => r.status)).toEqual(['succeeded']);
    const finished = (await town.request('GET', `/api/jobs/${c.json().jobId}`)).json();
    expect(finished).toMatchObject({ status: 'succeeded', progress: 1, result: { importId: job.id, status: 'imported' } });
    const done = (await town.request('GET', `/api/imports/${job.id}`)).json();
    expect(done.jobId).toBe(c.json().jobId);
    expect(done).toMatchObject({ status: 'imported', processedRows: rows, summary: { people: rows, households: rows / 3 } });
    const found = (await town.request('GET', `/api/people?q=${encodeURIComponent('雷导入5')}`)).json();
    found.items = found.items.filter((p: { name: string }) => p.name === '雷导入5');
    expect(found.items[0]).toMatchObject({
      disabilityCategory: 'physical',
      disabilityGrade: 2,
      health: 'chronic',
      relationToHead: 'child',
    });
    const hh = (await town.request('GET', `/api/households/${found.items[0].householdId}`)).json();
    expect(hh.memberCount).toBe(3);
    expect(hh.headName).toBe('雷导入3');
    // Re-importing the same file is now rejected: the ID numbers are registered.
    const again = (await upload('good.xlsx', buf, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).json();
    expect(again.status).toBe('rejected');
    expect(again.errorCount).toBe(rows);
  });

  it('says clearly when the file is not a table it can read', async () => {
    const r = await upload('x.pdf', 'hello', 'application/pdf');
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('FILE_UNREADABLE');
    const r2 = await upload('x.xlsx', 'not a zip', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(r2.statusCode).toBe(400);
  });

  it('picks an import up again after a restart killed it mid-run', async () => {
    const job = (await upload('restart.csv', await goodCsv(60, '重启'))).json();
    expect(job.status, JSON.stringify(job.errors?.slice(0, 2))).toBe('validated');
    const c = await town.request('POST', `/api/imports/${job.id}/commit`);
    expect(c.statusCode).toBe(202);
    let t = Date.now();
    const now = () => new Date(t);
    // The first process claims the job and dies before finishing (its transaction never commits).
    const dead = new JobWorker(env.ctx, { kinds: [IMPORT_JOB_KIND], now, leaseMs: 30_000, workerId: 'killed' });
    expect((await dead.claim())?.id).toBe(c.json().jobId);
    const restarted = new JobWorker(env.ctx, { kinds: [IMPORT_JOB_KIND], now, leaseMs: 30_000, workerId: 'restarted' });
    expect(await restarted.runOnce()).toBeNull(); // still leased
    t += 31_000;
    const ran = await restarted.runOnce();
    expect(ran).toMatchObject({ id: c.json().jobId, status: 'succeeded', attempts: 2 });
    const done = (await town.request('GET', `/api/imports/${job.id}`)).json();
    expect(done).toMatchObject({ status: 'imported', processedRows: 60, summary: { people: 60, households: 30 } });
    const found = (await town.request('GET', `/api/people?q=${encodeURIComponent('重启59')}`)).json();
    expect(found.items.filter((p: { name: string }) => p.name === '重启59')).toHaveLength(1);
  });
});
