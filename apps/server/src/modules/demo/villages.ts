/**
 * Demo villages and communities below the township-level units of the deployment's county.
 *
 * The official village list was not available, so these are invented, clearly marked
 * (isDemo: true) and replaced when the bureau imports the official list. Codes follow the
 * statistical pattern: 9-digit township code + 3 digits; communities (社区) 001-099 (mostly in
 * subdistricts, plus the seat community of some towns), villages (村) 200-299.
 *
 * Coordinates are DEMO APPROXIMATIONS: an estimated centre per township (deployment.json
 * demo.villages.townshipCentres; for Longquan the four subdistricts around the city centre, the
 * others spread out in the direction where they lie), villages scattered within ~6 km of it
 * (communities within ~2.5 km), everything clamped to the county's bounding box
 * (demo.villages.bounds). Good enough for maps and routing demos, not for anything else.
 */
import { loadDeployment } from '../../config.ts';
import type { Deployment } from '../../deployment.ts';
import { Rng } from './prng.ts';

export interface TownshipInput {
  code: string;
  name: string;
  level: string;
}

export interface LatLng {
  lat: number;
  lng: number;
}

export interface DemoVillage {
  /** 12 digits: township code + 3 digits. */
  code: string;
  name: string;
  level: 'village' | 'community';
  parentCode: string;
  parentName: string;
  latitude: number;
  longitude: number;
  isDemo: true;
}

/** Demo placement of villages for a deployment: its bounding box, map centre and township centres. */
export function demoPlacementOf(
  d: Deployment,
): Required<Pick<GenerateVillagesOptions, 'centres' | 'bounds' | 'countyCentre' | 'perTownship'>> {
  return {
    centres: d.demo.villages.townshipCentres,
    bounds: d.demo.villages.bounds,
    countyCentre: d.map.center,
    perTownship: d.demo.villages.perTownship,
  };
}

/** First characters of village names. */
const VILLAGE_HEADS = Array.from(
  '大小上下东西南北前后中高黄石竹梅杨林白新老金龙凤桃李枫松柏茶岩周叶吴毛季张陈徐官马牛鹤安平和福红青碧塘岭杉樟桐麻茅蒲荷花宝锦瑞项练仙垟溪坑桥',
);
/** Optional middle characters for three-character village names. */
const VILLAGE_MIDDLES = Array.from('水石竹岭坑溪源门坪田');
/** Last characters of village names: typical south-west Zhejiang place-name elements. */
const VILLAGE_TAILS = Array.from('山坑垟溪口源坪岙坞桥岭头田岗湾庄坳塘坝洋畈底背岱墩寮垄际');

/** Community (社区) names: two characters + 社区. */
const COMMUNITY_HEADS = Array.from('华剑瓯新兴贤良塔安福江滨城东西南北中水秀宏星府留槎雨文昌龙渊凤贞宁和');
const COMMUNITY_TAILS = Array.from('楼园苑城街桥坊门湖滨岸庭亭山岭塔湾里巷坪');

export interface GenerateVillagesOptions {
  /** Township centres; defaults to the deployment's (demoPlacementOf). Unknown townships are placed randomly near the county centre. */
  centres?: Readonly<Record<string, LatLng>>;
  /** Number of units per township, inclusive range (default 6-14). */
  perTownship?: readonly [number, number];
  bounds?: { minLat: number; maxLat: number; minLng: number; maxLng: number };
  countyCentre?: LatLng;
}

const KM_PER_DEG_LAT = 111.2;

/** Move a point by a random offset uniformly inside a disc of the given radius (km). */
export function jitter(rng: Rng, centre: LatLng, radiusKm: number): LatLng {
  const r = radiusKm * Math.sqrt(rng.float());
  const theta = rng.float() * 2 * Math.PI;
  const dLat = (r * Math.cos(theta)) / KM_PER_DEG_LAT;
  const dLng = (r * Math.sin(theta)) / (KM_PER_DEG_LAT * Math.cos((centre.lat * Math.PI) / 180));
  return { lat: centre.lat + dLat, lng: centre.lng + dLng };
}

function clamp(p: LatLng, b: GenerateVillagesOptions['bounds'] & object): LatLng {
  return {
    lat: Math.min(b.maxLat, Math.max(b.minLat, p.lat)),
    lng: Math.min(b.maxLng, Math.max(b.minLng, p.lng)),
  };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Demo villages/communities for each township-level unit (subdistrict, town, township; other
 * levels in the input are ignored). Deterministic for a seed.
 */
export function generateVillages(seed: number, townships: readonly TownshipInput[], options: GenerateVillagesOptions = {}): DemoVillage[] {
  const placement = { ...demoPlacementOf(loadDeployment()), ...options };
  const { centres, bounds, countyCentre } = placement;
  const [minCount, maxCount] = placement.perTownship;
  const out: DemoVillage[] = [];

  for (const t of townships) {
    if (!/^\d{9}$/.test(t.code)) continue;
    if (t.level !== 'subdistrict' && t.level !== 'town' && t.level !== 'township') continue;
    const rng = Rng.derive(seed, `villages:${t.code}`);
    const centre = centres[t.code] ?? clamp(jitter(rng, countyCentre, 20), bounds);
    const count = rng.int(minCount, maxCount);

    // How many communities: most units of a subdistrict; the seat community of some towns; none in townships.
    let communities = 0;
    if (t.level === 'subdistrict') communities = Math.max(1, Math.round(count * rng.range(0.6, 0.9)));
    else if (t.level === 'town' && rng.chance(0.6)) communities = 1;

    const used = new Set<string>();
    let communityNo = 0;
    let villageNo = 0; // first village gets 200-202, then steps of 1-3 (at most 14 units: stays below 299)
    for (let i = 0; i < count; i++) {
      const isCommunity = i < communities;
      let name = '';
      for (let attempt = 0; attempt < 1000 && (name === '' || used.has(name)); attempt++) {
        name = isCommunity ? communityName(rng) : villageName(rng);
      }
      if (used.has(name)) throw new Error(`could not find a unique demo name in ${t.code}`);
      used.add(name);
      let code: string;
      if (isCommunity) {
        communityNo += rng.int(1, 2);
        code = t.code + String(communityNo).padStart(3, '0');
      } else {
        villageNo = villageNo < 200 ? 200 + rng.int(0, 2) : villageNo + rng.int(1, 3);
        code = t.code + String(villageNo).padStart(3, '0');
      }
      const p = clamp(jitter(rng, centre, isCommunity ? 2.5 : 6), bounds);
      out.push({
        code,
        name,
        level: isCommunity ? 'community' : 'village',
        parentCode: t.code,
        parentName: t.name,
        latitude: round6(p.lat),
        longitude: round6(p.lng),
        isDemo: true,
      });
    }
  }
  return out;
}

function villageName(rng: Rng): string {
  const head = rng.pick(VILLAGE_HEADS);
  let tail = rng.pick(VILLAGE_TAILS);
  while (tail === head) tail = rng.pick(VILLAGE_TAILS);
  const middle = rng.chance(0.2) ? rng.pick(VILLAGE_MIDDLES) : '';
  if (middle === head || middle === tail) return `${head}${tail}村`;
  return `${head}${middle}${tail}村`;
}

function communityName(rng: Rng): string {
  const head = rng.pick(COMMUNITY_HEADS);
  let tail = rng.pick(COMMUNITY_TAILS);
  while (tail === head) tail = rng.pick(COMMUNITY_TAILS);
  return `${head}${tail}社区`;
}
