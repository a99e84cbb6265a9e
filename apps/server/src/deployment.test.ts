import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { createContext } from './bootstrap.ts';
import { loadConfig, REPO_ROOT } from './config.ts';
import { loadDeploymentDir } from './deployment.ts';
import { openPglite } from './platform/db/client.ts';
import { regions, users } from './platform/db/schema.ts';
import { seedConfiguration, seedDemoBase } from './seed.ts';
import { createTestEnv, login, TEST_PASSWORD, type TestEnv } from './test/harness.ts';

const FIXTURE = path.join(import.meta.dirname, 'test', 'fixtures', 'deployments', 'shili');

/** Production sources: apps/<app>/src and packages/<pkg>/src, without tests, test folders and test-only helpers. */
function productionSources(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'test' && e.name !== 'node_modules') walk(full);
      } else if (/\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !TEST_ONLY.has(e.name) && !/\.matrix\.ts$/.test(e.name)) {
        out.push(full);
      }
    }
  };
  for (const group of ['apps', 'packages'])
    for (const p of fs.readdirSync(path.join(REPO_ROOT, group))) {
      const src = path.join(REPO_ROOT, group, p, 'src');
      if (fs.existsSync(src)) walk(src);
    }
  return out;
}
/** Helpers imported only by tests (the permission matrices *.matrix.ts are test-only too). */
const TEST_ONLY = new Set(['test-support.ts', 'test-townships.ts']);

describe('deployment: nothing county-specific in the code', () => {
  it("no production source names Longquan's county code; it comes from config/deployments/", () => {
    const files = productionSources();
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => f.endsWith(path.join('apps', 'server', 'src', 'app.ts')))).toBe(true);
    const offenders = files
      .flatMap((f) =>
        fs
          .readFileSync(f, 'utf8')
          .split('\n')
          .map((line, i) => ({ f, i, line }))
          .filter((x) => x.line.includes('331181')),
      )
      .map((x) => `${path.relative(REPO_ROOT, x.f)}:${x.i + 1}: ${x.line.trim()}`);
    expect(offenders).toEqual([]);
  });

  it('the Longquan deployment ships in the repository with its divisions', () => {
    const d = loadConfig({}).deployment;
    expect(d.dir).toBe(path.join(REPO_ROOT, 'config', 'deployments', 'longquan'));
    expect(d.county.name.zh).toBe('龙泉市');
    expect(d.divisions.filter((r) => r.level !== 'county')).toHaveLength(19);
    expect(d.divisions.every((r) => r.code.startsWith(d.county.code))).toBe(true);
  });
});

describe('deployment: validation', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lq-deployment-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  function variant(name: string, edit: (json: Record<string, unknown>) => void, csv?: string): string {
    const dir = path.join(tmp, name);
    fs.mkdirSync(dir);
    const json = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'deployment.json'), 'utf8'));
    edit(json);
    fs.writeFileSync(path.join(dir, 'deployment.json'), JSON.stringify(json));
    fs.writeFileSync(path.join(dir, 'divisions.csv'), csv ?? fs.readFileSync(path.join(FIXTURE, 'divisions.csv')));
    return dir;
  }

  it('names the field that is wrong', () => {
    const dir = variant('bad-code', (j) => {
      (j.county as { code: string }).code = '33990';
    });
    expect(() => loadDeploymentDir(dir)).toThrow(/county\.code: 6 digits/);
    const dir2 = variant('no-issuer', (j) => {
      delete j.totpIssuer;
    });
    expect(() => loadDeploymentDir(dir2)).toThrow(/totpIssuer/);
    const dir3 = variant('extra', (j) => {
      j.titel = 'typo';
    });
    expect(() => loadDeploymentDir(dir3)).toThrow(/titel/);
  });

  it('refuses divisions of another county and a missing folder', () => {
    const dir = variant(
      'other-county',
      () => {},
      'code,name,level,parent_code\n339901,示例县,county,339900\n331181001,龙渊街道,subdistrict,331181\n',
    );
    expect(() => loadDeploymentDir(dir)).toThrow(/331181001 does not lie in county 339901/);
    expect(() => loadConfig({ DEPLOYMENT: 'no-such-county' })).toThrow(/deployment not found/);
    expect(() => loadConfig({ DEPLOYMENT: '../etc' })).toThrow(/folder name/);
  });
});

describe('deployment: a second county (DEPLOYMENT_DIR)', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv({ deployment: loadConfig({ DEPLOYMENT_DIR: FIXTURE }).deployment });
  });
  afterAll(() => env.close());

  it('serves its county, titles and map centre at GET /api/public/deployment (no login)', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/public/deployment' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: 'shili',
      countyCode: '339901',
      countyName: { zh: '示例县', en: 'Shili County' },
      provinceName: { zh: '浙江省', en: 'Zhejiang' },
      bureau: { zh: '示例县民政局', en: 'Shili County Civil Affairs Bureau' },
      titles: {
        console: { zh: '示例县民政工作台', en: 'Shili Civil Affairs Console' },
        brand: { zh: '示例民政', en: 'Shili Civil Affairs' },
        public: { zh: '示例县民政局', en: 'Shili civil affairs' },
        platform: { zh: '示例县智慧民政平台', en: 'Shili civil-affairs platform' },
      },
      map: { center: { lat: 29.5, lng: 120.5 }, zoom: 10 },
      exampleTownshipCode: '339901101',
    });
    const docs = await env.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(docs.json().info.title).toContain('示例县智慧民政平台');
  });

  it('uses its TOTP issuer and its example township in the import template', async () => {
    const s = await login(env.app, 'admin');
    const enrol = (await s.request('POST', '/api/auth/totp/enrol')).json();
    expect(decodeURIComponent(enrol.otpauthUrl)).toContain('issuer=示例县民政');
    const csv = await s.request('GET', '/api/imports/template?format=csv');
    expect(csv.body).toContain(',339901101,');
    expect(csv.body).toMatch(/,339901195001010\d\d[\dX],/);
  });

  it('seeds a fresh database with its divisions, demo villages inside it and its county accounts', async () => {
    const database = await openPglite({});
    try {
      await database.migrate();
      const config = { ...loadConfig({ DEPLOYMENT_DIR: FIXTURE }), demoMode: true, demoPassword: TEST_PASSWORD };
      const ctx = createContext(config, database, { enc: process.env.LQ_TEST_ENC_KEY ?? '', hash: process.env.LQ_TEST_HASH_KEY ?? '' });
      expect(await seedConfiguration(ctx)).toBe(4);
      await seedDemoBase(ctx, TEST_PASSWORD);
      const all = await database.db.select().from(regions);
      expect(all.find((r) => r.level === 'county')?.code).toBe('339901');
      expect(all.every((r) => r.code.startsWith('339901'))).toBe(true);
      const villages = all.filter((r) => r.isDemo);
      expect(villages.length).toBeGreaterThanOrEqual(6);
      for (const v of villages) {
        expect(v.latitude).toBeGreaterThanOrEqual(29.3);
        expect(v.latitude).toBeLessThanOrEqual(29.7);
      }
      const [county] = await database.db.select().from(users).where(eq(users.username, 'county'));
      expect(county.regionCode).toBe('339901');
      expect(county.displayName).toContain('示例县');
      const app = await buildApp(ctx, { serveWeb: false });
      const s = await login(app, 'town-339901101');
      const kids = await s.request('GET', '/api/regions?parent=339901');
      expect(kids.statusCode).toBe(200);
      await app.close();
    } finally {
      await database.close();
    }
  });
});
