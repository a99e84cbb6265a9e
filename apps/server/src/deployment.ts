/**
 * The deployment: everything that makes this installation a given county's platform (county code
 * and names, titles, map centre, TOTP issuer, demo data settings) and its administrative
 * divisions. Loaded once from a folder `config/deployments/<name>/` of the repository
 * (`DEPLOYMENT`, default `longquan`) or from any folder (`DEPLOYMENT_DIR`), validated on load.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PublicDeployment, RegionLevel } from '@lq/contracts';
import { z } from 'zod';
import { parseCsv } from './platform/tabular.ts';

const Bilingual = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();
const County6 = z.string().regex(/^\d{6}$/, '6 digits');
const Township9 = z.string().regex(/^\d{9}$/, '9 digits');
const LatLng = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).strict();

export const DeploymentFileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
    county: z
      .object({
        code: County6,
        name: Bilingual,
        /** Address codes the county had before (still at the start of older ID numbers). */
        oldAddressCodes: z.array(County6).default([]),
      })
      .strict(),
    prefecture: z.object({ code: County6, name: Bilingual }).strict(),
    province: z.object({ code: County6, name: Bilingual }).strict(),
    bureau: Bilingual,
    map: z.object({ center: LatLng, zoom: z.number().int().min(1).max(20) }).strict(),
    titles: z.object({ console: Bilingual, brand: Bilingual, public: Bilingual, platform: Bilingual }).strict(),
    totpIssuer: z.string().min(1),
    demo: z
      .object({
        exampleTownshipCode: Township9,
        sheTownshipCode: Township9.nullable().default(null),
        neighbourCountyCodes: z.array(County6).default([]),
        bankName: z.string().min(1),
        trainingOrganiser: z.string().min(1),
        villages: z
          .object({
            perTownship: z.tuple([z.number().int().min(1), z.number().int().min(1).max(99)]),
            bounds: z.object({ minLat: z.number(), maxLat: z.number(), minLng: z.number(), maxLng: z.number() }).strict(),
            townshipCentres: z.record(Township9, LatLng),
          })
          .strict(),
      })
      .strict(),
  })
  .strict();

export type DeploymentFile = z.infer<typeof DeploymentFileSchema>;

export interface DivisionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

export interface Deployment extends DeploymentFile {
  /** The folder it was loaded from. */
  dir: string;
  /** The county and its township-level units (divisions.csv). */
  divisions: DivisionRow[];
}

export class DeploymentError extends Error {}

const LEVELS: readonly RegionLevel[] = ['county', 'subdistrict', 'town', 'township', 'village', 'community'];

/** The folder holding the deployments shipped with the repository. */
export function deploymentsRoot(repoRoot: string): string {
  return path.join(repoRoot, 'config', 'deployments');
}

export function resolveDeploymentDir(env: NodeJS.ProcessEnv, repoRoot: string): string {
  if (env.DEPLOYMENT_DIR) return path.resolve(env.DEPLOYMENT_DIR);
  const name = env.DEPLOYMENT || 'longquan';
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name))
    throw new DeploymentError(`DEPLOYMENT 应为部署目录名 / DEPLOYMENT must be a folder name under config/deployments: ${name}`);
  return path.join(deploymentsRoot(repoRoot), name);
}

function readDivisions(file: string, countyCode: string): DivisionRow[] {
  if (!fs.existsSync(file)) throw new DeploymentError(`缺少区划文件 / divisions file missing: ${file}`);
  const [header, ...body] = parseCsv(fs.readFileSync(file, 'utf8'));
  const col = (k: string) => {
    const i = header?.indexOf(k) ?? -1;
    if (i < 0) throw new DeploymentError(`区划文件缺少列 / ${file}: column "${k}" missing (code,name,level,parent_code)`);
    return i;
  };
  const [ci, ni, li, pi] = [col('code'), col('name'), col('level'), col('parent_code')];
  const rows = body
    .filter((r) => r.length >= 3 && r[ci]?.trim())
    .map((r, n): DivisionRow => {
      const level = r[li].trim() as RegionLevel;
      if (!LEVELS.includes(level)) throw new DeploymentError(`${file} row ${n + 2}: unknown level "${r[li]}"`);
      // The county's parent (the prefecture) is outside the platform.
      return { code: r[ci].trim(), name: r[ni].trim(), level, parentCode: level === 'county' ? null : (r[pi] ?? '').trim() };
    });
  const counties = rows.filter((r) => r.level === 'county');
  if (counties.length !== 1 || counties[0].code !== countyCode)
    throw new DeploymentError(`${file}: exactly one county row with code ${countyCode} (county.code of deployment.json) is required`);
  for (const r of rows)
    if (r.level !== 'county' && !r.code.startsWith(countyCode))
      throw new DeploymentError(`${file}: region ${r.code} does not lie in county ${countyCode}`);
  return rows;
}

/** Load and validate a deployment folder; errors name the file and the field. */
export function loadDeploymentDir(dir: string): Deployment {
  const file = path.join(dir, 'deployment.json');
  if (!fs.existsSync(file)) throw new DeploymentError(`找不到部署配置 / deployment not found: ${file} (set DEPLOYMENT or DEPLOYMENT_DIR)`);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new DeploymentError(`部署配置不是有效的 JSON / ${file} is not valid JSON: ${e instanceof Error ? e.message : e}`);
  }
  const parsed = DeploymentFileSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new DeploymentError(`部署配置无效 / invalid deployment ${file}:\n${lines.join('\n')}`);
  }
  const d = parsed.data;
  for (const code of [d.demo.exampleTownshipCode, d.demo.sheTownshipCode, ...Object.keys(d.demo.villages.townshipCentres)])
    if (code && !code.startsWith(d.county.code))
      throw new DeploymentError(`部署配置无效 / invalid deployment ${file}:\n  demo: township ${code} is not in county ${d.county.code}`);
  return { ...d, dir, divisions: readDivisions(path.join(dir, 'divisions.csv'), d.county.code) };
}

/** What the web console and the public pages may know (GET /api/public/deployment). */
export function publicDeployment(d: Deployment): PublicDeployment {
  return {
    id: d.id,
    countyCode: d.county.code,
    countyName: d.county.name,
    provinceName: d.province.name,
    bureau: d.bureau,
    titles: d.titles,
    map: d.map,
    exampleTownshipCode: d.demo.exampleTownshipCode,
  };
}
