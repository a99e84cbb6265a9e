/**
 * Deterministic synthetic population of Longquan for demo data and benchmarks.
 *
 * generatePopulation() yields batches of households and people (about `batchSize` people each)
 * so that a million people can be generated and inserted with bounded memory: the only state
 * kept across batches is the per-village household counters and the ID-sequence counters
 * (one small integer per address code and birth date actually used).
 *
 * The model is a demo approximation tuned to Longquan's published shape, not a statistic:
 *  - Age: an old population (60+ about 26-27%, 65+ about 19%, 80+ about 4.5%) with few young
 *    adults actually living there (out-migration: many registered 18-45 year-olds live in
 *    Hangzhou, Wenzhou, Shanghai ...; their residenceRegionCode is that place).
 *  - Households (户): elderly alone, elderly couples (often with children registered but away),
 *    skip-generation households (grandparents + left-behind children), couples with children,
 *    three-generation families, middle-aged couples, single adults, single parents; 1-6
 *    members, about 2.5 on average.
 *  - About 8% of households live in the village but are registered (户籍) elsewhere: in another
 *    village of the county or in another county of Lishui.
 *  - Ethnicity: 畲族 families are ~40% of the people in 竹垟畲族乡 and ~1.5% elsewhere, with the
 *    surnames 蓝 (sometimes written 兰), 雷, 钟 (rarely 锺) and 盘.
 *  - ID numbers are valid GB 11643 numbers, unique within a run: the county's address code, its old code
 *    (deployment.json county.oldAddressCodes) for many people born before 2000, other codes for people born
 *    elsewhere; sequence odd for men and even for women.
 */
import {
  ageOn,
  computeCheckCharacter,
  type DISABILITY_CATEGORIES,
  type HEALTH_STATUSES,
  type LABOUR_CAPACITIES,
  type LIVING_ARRANGEMENTS,
  type RELATIONS,
} from '@lq/contracts';
import { loadDeployment } from '../../config.ts';
import type { Deployment } from '../../deployment.ts';
import { type Ethnicity, NameGenerator, type Sex } from './names.ts';
import { Rng, WeightedTable } from './prng.ts';
import { type DemoVillage, jitter } from './villages.ts';

export const DEMO_SEED = 20201231;

export type Relation = (typeof RELATIONS)[number];
export type DisabilityCategory = (typeof DISABILITY_CATEGORIES)[number];
export type HealthStatus = (typeof HEALTH_STATUSES)[number];
export type LabourCapacity = (typeof LABOUR_CAPACITIES)[number];
export type LivingArrangement = (typeof LIVING_ARRANGEMENTS)[number];

export interface DemoPerson {
  /** Stable within a seed: `<householdKey>-<member number>`. */
  key: string;
  householdKey: string;
  relationToHead: Relation;
  name: string;
  idNumber: string;
  birthDate: string;
  sex: Sex;
  phone: string | null;
  registeredRegionCode: string;
  residenceRegionCode: string;
  ethnicity: Ethnicity;
  disabilityCategory: DisabilityCategory | null;
  disabilityGrade: 1 | 2 | 3 | 4 | null;
  health: HealthStatus;
  seriousIllnesses: string[];
  labourCapacity: LabourCapacity;
  /** Only for people aged 60+, from the members actually living in the household. */
  livingArrangement: LivingArrangement | null;
  tags: string[];
  /** Null for members living away from the village. */
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  isDemo: true;
}

export interface DemoHousehold {
  key: string;
  householdNumber: string;
  registeredRegionCode: string;
  residenceRegionCode: string;
  address: string;
  latitude: number;
  longitude: number;
  isDemo: true;
}

export interface PopulationBatch {
  households: DemoHousehold[];
  people: DemoPerson[];
}

export interface GeneratePopulationOptions {
  seed: number;
  /** Exact number of people to generate. */
  size: number;
  villages: readonly DemoVillage[];
  /** Reference date YYYY-MM-DD (ages are computed on it; use shanghaiToday() or a fixed date for reproducibility). */
  today: string;
  /** People per batch (approximate: households are not split), default 5,000. */
  batchSize?: number;
  /** The county's codes (default: those of the loaded deployment, see demoCountyOf). */
  county?: DemoCounty;
}

/** The county-specific codes the generator uses, from the deployment (config/deployments/<name>/deployment.json). */
export interface DemoCounty {
  /** Current ID address code of the county. */
  addressCode: string;
  /** Earlier address codes (ID numbers of people registered before the change); the first is used. */
  oldAddressCodes: readonly string[];
  /** Other counties of the prefecture (registration elsewhere, birthplaces). */
  neighbourCountyCodes: readonly string[];
  /** The She ethnic township, where She families are frequent (null: none). */
  sheTownshipCode: string | null;
}

export function demoCountyOf(d: Deployment): DemoCounty {
  return {
    addressCode: d.county.code,
    oldAddressCodes: d.county.oldAddressCodes,
    neighbourCountyCodes: d.demo.neighbourCountyCodes,
    sheTownshipCode: d.demo.sheTownshipCode,
  };
}

/** The share of She families in the She township and elsewhere. */
const SHE_FAMILY_SHARE_IN_TOWNSHIP = 0.42;
const SHE_FAMILY_SHARE_ELSEWHERE = 0.015;

/** Birthplaces of people who married in from further away: other Zhejiang cities and the neighbouring Fujian counties. */
const FARTHER_BIRTH_CODES = ['330102', '330106', '330302', '330702', '330782', '350722', '350724', '350725'] as const;
/** Where out-migrants live (residenceRegionCode of members registered here but living away). */
export const AWAY_RESIDENCE_CODES = ['330106', '330110', '330302', '330782', '331102', '310115', '440306'] as const;

const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '134',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '173',
  '176',
  '177',
  '178',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '198',
  '199',
];

const SERIOUS_ILLNESSES = ['恶性肿瘤', '尿毒症', '白血病', '脑卒中后遗症', '重性精神疾病', '终末期肝病', '帕金森病', '阿尔茨海默病'];

// ---------------------------------------------------------------------------------------------
// Dates as day numbers (days since 1970-01-01), proleptic Gregorian.

function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

// ---------------------------------------------------------------------------------------------
// Household structures

type HouseholdType =
  | 'elderly_alone'
  | 'elderly_couple'
  | 'skip_generation'
  | 'nuclear'
  | 'three_generation'
  | 'middle_couple'
  | 'single_adult'
  | 'single_parent';

/** Relative frequency of household types (tuned so that the age and living-arrangement shares come out right). */
const HOUSEHOLD_TYPE_WEIGHTS: readonly (readonly [HouseholdType, number])[] = [
  ['elderly_alone', 0.07],
  ['elderly_couple', 0.19],
  ['skip_generation', 0.045],
  ['nuclear', 0.22],
  ['three_generation', 0.09],
  ['middle_couple', 0.14],
  ['single_adult', 0.2],
  ['single_parent', 0.04],
];

const MAX_HOUSEHOLD_SIZE = 6;

interface Member {
  rel: Relation;
  sex: Sex;
  age: number;
  surname: string;
  ethnicity: Ethnicity;
  /** Registered in the household but living away (out-migrant). */
  away: boolean;
  /** Born outside Longquan (ID address code of another county). */
  bornElsewhere: boolean;
}

/** Members of one household being drafted (head first). */
class HouseholdDraft {
  readonly out: Member[] = [];
  constructor(
    private readonly rng: Rng,
    private readonly names: NameGenerator,
    private readonly surname: string,
    private readonly ethnicity: Ethnicity,
    private readonly sheShare: number,
  ) {}

  person(rel: Relation, sex: Sex, age: number, s = this.surname, eth = this.ethnicity, away = false): Member {
    const m: Member = {
      rel,
      sex,
      age: Math.min(100, Math.max(0, Math.round(age))),
      surname: s,
      ethnicity: eth,
      away,
      bornElsewhere: false,
    };
    this.out.push(m);
    return m;
  }

  /** A spouse for a partner (husbands ~2.5 years older), from the same or another ethnicity. */
  spouseOf(rel: Relation, partner: Member): Member {
    const rng = this.rng;
    const eth: Ethnicity =
      partner.ethnicity === '畲族' ? (rng.chance(0.7) ? '畲族' : '汉族') : rng.chance(this.sheShare * 0.5) ? '畲族' : '汉族';
    const sex: Sex = partner.sex === 'M' ? 'F' : 'M';
    const diff = rng.normal(2.5, 2.5);
    const age = partner.sex === 'M' ? partner.age - diff : partner.age + diff;
    const m = this.person(rel, sex, Math.max(18, age), this.names.surname(rng, eth), eth);
    m.bornElsewhere = rng.chance(0.2);
    return m;
  }

  /** Children of a mother of the given age; adults among them live away with probability awayAdult. */
  childrenOf(rel: Relation, motherAge: number, fatherSurname: string, eth: Ethnicity, max: number, awayAdult: number): Member[] {
    const rng = this.rng;
    const born = motherAge > 50 ? 1 + (rng.chance(0.55) ? 1 : 0) + (rng.chance(0.12) ? 1 : 0) : 1 + (rng.chance(0.38) ? 1 : 0);
    const n = Math.min(born, max);
    const kids: Member[] = [];
    let age = motherAge - rng.int(21, 32);
    for (let i = 0; i < n && age >= 0; i++) {
      const childAway = age >= 18 && rng.chance(awayAdult);
      kids.push(this.person(rel, rng.chance(0.52) ? 'M' : 'F', age, fatherSurname, eth, childAway));
      age -= rng.int(2, 6);
    }
    return kids;
  }

  /** Children of a She parent are mostly registered as She. */
  childEthnicity(a: Member, b?: Member): Ethnicity {
    if (a.ethnicity !== '畲族' && b?.ethnicity !== '畲族') return '汉族';
    return a.ethnicity === b?.ethnicity || this.rng.chance(0.8) ? '畲族' : '汉族';
  }

  /** A couple where the husband is head (85%) or the wife is. */
  couple(husbandAge: number): { husband: Member; wife: Member } {
    const rng = this.rng;
    if (rng.chance(0.85)) {
      const husband = this.person('head', 'M', husbandAge);
      return { husband, wife: this.spouseOf('spouse', husband) };
    }
    const diff = rng.normal(2.5, 2.5);
    const wife = this.person('head', 'F', Math.max(18, husbandAge - diff));
    const husband = this.person('spouse', 'M', husbandAge, this.names.surname(rng, this.ethnicity));
    husband.bornElsewhere = rng.chance(0.1);
    return { husband, wife };
  }
}

type RegistrationMode = 'local' | 'county' | 'outside';

class PopulationGenerator {
  private readonly rng: Rng;
  private readonly names = new NameGenerator();
  private readonly types = new WeightedTable(HOUSEHOLD_TYPE_WEIGHTS);
  private readonly villageTable: WeightedTable<DemoVillage>;
  private readonly elderlyAges: WeightedTable<number>;
  private readonly todayDays: number;
  private readonly today: string;
  private readonly sheTownship: string | null;
  private readonly county: DemoCounty;
  /** Neighbouring counties, or the farther birthplaces when the deployment names none. */
  private readonly neighbours: readonly string[];
  private readonly householdCounters = new Map<string, number>();
  private readonly houseNumbers = new Map<string, number>();
  /** ID sequence counters: key = address-code index * 65536 + birth day index -> (men | women << 10). */
  private readonly idCounters = new Map<number, number>();
  private readonly addressCodeIndex = new Map<string, number>();
  private householdIndex = 0;

  constructor(opts: GeneratePopulationOptions) {
    this.rng = Rng.derive(opts.seed, 'population');
    this.today = opts.today;
    const [y, m, d] = opts.today.split('-').map(Number);
    this.todayDays = daysFromCivil(y, m, d);
    this.county = opts.county ?? demoCountyOf(loadDeployment());
    this.sheTownship = this.county.sheTownshipCode;
    this.neighbours = this.county.neighbourCountyCodes.length > 0 ? this.county.neighbourCountyCodes : FARTHER_BIRTH_CODES;
    if (opts.villages.length === 0) throw new Error('generatePopulation needs at least one village');
    // Communities (town centres) are denser than villages; subdistrict villages are suburban and larger.
    this.villageTable = new WeightedTable(
      opts.villages.map((v) => {
        const w = v.level === 'community' ? 3 : v.code.slice(6, 9).startsWith('0') ? 1.6 : 1;
        return [v, w] as const;
      }),
    );
    // Ages 60-100 of the older generation: survival-shaped weights (see module comment for targets).
    const ages: [number, number][] = [];
    for (let a = 60; a <= 100; a++) {
      let w = Math.exp(-0.005 * (a - 60));
      if (a > 72) w *= Math.exp(-0.075 * (a - 72));
      if (a > 90) w *= Math.exp(-0.2 * (a - 90));
      ages.push([a, w]);
    }
    this.elderlyAges = new WeightedTable(ages);
  }

  *run(size: number, batchSize: number): Generator<PopulationBatch> {
    let produced = 0;
    let batch: PopulationBatch = { households: [], people: [] };
    while (produced < size) {
      const remaining = size - produced;
      const { household, people } = this.household(remaining);
      batch.households.push(household);
      for (const p of people) batch.people.push(p);
      produced += people.length;
      if (batch.people.length >= batchSize) {
        yield batch;
        batch = { households: [], people: [] };
      }
    }
    if (batch.people.length > 0) yield batch;
  }

  // -------------------------------------------------------------------------------------------

  private household(maxPeople: number): { household: DemoHousehold; people: DemoPerson[] } {
    const rng = this.rng;
    const village = this.villageTable.sample(rng);
    const inSheTownship = village.parentCode === this.sheTownship;
    const sheShare = inSheTownship ? SHE_FAMILY_SHARE_IN_TOWNSHIP : SHE_FAMILY_SHARE_ELSEWHERE;
    const familyEthnicity: Ethnicity = rng.chance(sheShare) ? '畲族' : '汉族';

    // Registration: most households are registered where they live.
    const r = rng.float();
    const mode: RegistrationMode = r < 0.92 ? 'local' : r < 0.97 ? 'county' : 'outside';
    let registered = village.code;
    if (mode === 'county') {
      for (let i = 0; i < 5 && registered === village.code; i++) registered = this.villageTable.sample(rng).code;
      if (registered === village.code) registered = village.parentCode;
    } else if (mode === 'outside') {
      registered = rng.pick(this.neighbours);
    }

    let members = this.members(this.types.sample(rng), familyEthnicity, sheShare);
    if (members.length > Math.min(MAX_HOUSEHOLD_SIZE, maxPeople)) members = members.slice(0, Math.min(MAX_HOUSEHOLD_SIZE, maxPeople));

    this.householdIndex++;
    const key = `H${String(this.householdIndex).padStart(7, '0')}`;
    const hhNo = (this.householdCounters.get(village.code) ?? 0) + 1;
    this.householdCounters.set(village.code, hhNo);
    const houseNo = (this.houseNumbers.get(village.code) ?? 0) + rng.int(1, 3);
    this.houseNumbers.set(village.code, houseNo);
    const address = `${village.name}${houseNo}号`;
    const pos = jitter(rng, { lat: village.latitude, lng: village.longitude }, village.level === 'community' ? 0.8 : 1.2);
    const lat = Math.round(pos.lat * 1e6) / 1e6;
    const lng = Math.round(pos.lng * 1e6) / 1e6;

    const household: DemoHousehold = {
      key,
      householdNumber: `${village.code.slice(6)}${String(hhNo).padStart(5, '0')}`,
      registeredRegionCode: registered,
      residenceRegionCode: village.code,
      address,
      latitude: lat,
      longitude: lng,
      isDemo: true,
    };

    const residents = members.filter((m) => !m.away);
    const people = members.map((m, i) => {
      let awayCode: string | null = null;
      if (m.away) {
        awayCode = rng.pick(AWAY_RESIDENCE_CODES);
        if (awayCode === registered) awayCode = AWAY_RESIDENCE_CODES[0];
      }
      return this.person(m, i, members, residents, {
        key,
        registered,
        residence: awayCode ?? village.code,
        mode,
        address: m.away ? null : address,
        lat: m.away ? null : lat,
        lng: m.away ? null : lng,
      });
    });
    return { household, people };
  }

  /** Members of a household of a type; the head is first. */
  private members(type: HouseholdType, ethnicity: Ethnicity, sheShare: number): Member[] {
    const rng = this.rng;
    const surname = this.names.surname(rng, ethnicity);
    const d = new HouseholdDraft(rng, this.names, surname, ethnicity, sheShare);
    const out = d.out;

    switch (type) {
      case 'elderly_alone': {
        const head = d.person('head', rng.chance(0.62) ? 'F' : 'M', this.elderlyAges.sample(rng));
        // A widow's children carry her late husband's surname.
        const childSurname = head.sex === 'M' ? surname : this.names.surname(rng, ethnicity);
        if (rng.chance(0.25)) d.childrenOf('child', head.sex === 'F' ? head.age : head.age - 3, childSurname, ethnicity, 1, 1);
        break;
      }
      case 'elderly_couple': {
        const { husband, wife } = d.couple(this.elderlyAges.sample(rng));
        if (rng.chance(0.3)) d.childrenOf('child', wife.age, husband.surname, d.childEthnicity(husband, wife), 2, 1);
        break;
      }
      case 'skip_generation': {
        const grandAge = rng.int(55, 78);
        let grandmotherAge: number;
        let lineSurname = surname;
        if (rng.chance(0.8)) {
          const { husband, wife } = d.couple(grandAge);
          grandmotherAge = wife.age;
          lineSurname = husband.surname;
        } else {
          const head = d.person('head', rng.chance(0.7) ? 'F' : 'M', grandAge);
          grandmotherAge = head.sex === 'F' ? head.age : head.age - 3;
          if (head.sex === 'F') lineSurname = this.names.surname(rng, ethnicity);
        }
        const parentAge = Math.max(22, grandmotherAge - rng.int(22, 32));
        const son = d.person('child', 'M', parentAge, lineSurname, ethnicity, true);
        const dil = d.spouseOf('child_in_law', son);
        dil.away = true;
        d.childrenOf('grandchild', Math.min(dil.age, parentAge + 2), son.surname, d.childEthnicity(son, dil), 2, 0).forEach((k) => {
          if (k.age > 15) k.age = rng.int(3, 15);
        });
        break;
      }
      case 'nuclear': {
        const { husband, wife } = d.couple(rng.int(26, 56));
        if (rng.chance(0.15)) husband.away = true;
        d.childrenOf('child', wife.age, husband.surname, d.childEthnicity(husband, wife), 2, 0.7);
        break;
      }
      case 'three_generation': {
        // The older generation are the head's parents.
        const elder = this.elderlyAges.sample(rng);
        const two = rng.chance(0.45);
        const fatherAge = two ? elder : rng.chance(0.6) ? Math.min(100, elder + 3) : elder;
        const motherAge = fatherAge - rng.normal(2.5, 2);
        const headAge = Math.max(25, motherAge - rng.int(23, 33));
        const head = d.person('head', 'M', headAge);
        const wife = d.spouseOf('spouse', head);
        if (two) {
          d.person('parent', 'M', fatherAge, surname);
          d.person('parent', 'F', motherAge, this.names.surname(rng, ethnicity));
        } else if (rng.chance(0.7)) {
          d.person('parent', 'F', motherAge, this.names.surname(rng, ethnicity));
        } else {
          d.person('parent', 'M', fatherAge, surname);
        }
        const kids = d.childrenOf('child', wife.age, head.surname, d.childEthnicity(head, wife), 2, 0.55);
        const married = kids.find((k) => !k.away && k.age >= 24 && k.sex === 'M');
        if (married && rng.chance(0.5)) {
          const dil = d.spouseOf('child_in_law', married);
          const gAge = dil.age - rng.int(22, 30);
          if (gAge >= 0) d.person('grandchild', rng.chance(0.52) ? 'M' : 'F', gAge, married.surname, married.ethnicity);
        }
        break;
      }
      case 'middle_couple': {
        const { husband, wife } = d.couple(rng.int(45, 64));
        if (rng.chance(0.55)) d.childrenOf('child', wife.age, husband.surname, d.childEthnicity(husband, wife), 2, 1);
        break;
      }
      case 'single_adult': {
        const head = d.person('head', rng.chance(0.66) ? 'M' : 'F', rng.int(20, 62));
        if (head.age < 50 && rng.chance(0.45)) head.away = true;
        break;
      }
      case 'single_parent': {
        const head = d.person('head', rng.chance(0.6) ? 'F' : 'M', rng.int(30, 58));
        const childSurname = head.sex === 'F' && rng.chance(0.85) ? this.names.surname(rng, ethnicity) : head.surname;
        d.childrenOf('child', head.sex === 'F' ? head.age : head.age - 3, childSurname, ethnicity, 2, 0.6);
        break;
      }
    }
    return out;
  }

  private person(
    m: Member,
    index: number,
    members: readonly Member[],
    residents: readonly Member[],
    hh: {
      key: string;
      registered: string;
      residence: string;
      mode: RegistrationMode;
      address: string | null;
      lat: number | null;
      lng: number | null;
    },
  ): DemoPerson {
    const rng = this.rng;
    // Birth date: a random day within the year of life given by the age.
    const birthDays = this.todayDays - Math.floor((m.age + rng.float()) * 365.2425);
    const [by, bm, bd] = civilFromDays(birthDays);
    const birthDate = `${by}-${pad2(bm)}-${pad2(bd)}`;
    const age = ageOn(birthDate, this.today);

    const idNumber = this.idNumber(this.addressCodeFor(m, by, hh.mode, hh.registered), birthDays, `${by}${pad2(bm)}${pad2(bd)}`, m.sex);
    const name = m.surname + this.names.givenName(rng, m.sex, by);

    // Health, disability, labour capacity.
    const tags: string[] = [];
    let disabilityCategory: DisabilityCategory | null = null;
    let disabilityGrade: 1 | 2 | 3 | 4 | null = null;
    const pDisabled = age < 18 ? 0.015 : age < 45 ? 0.03 : age < 60 ? 0.06 : age < 80 ? 0.12 : 0.22;
    if (rng.chance(pDisabled)) {
      disabilityCategory = this.disabilityCategory(age);
      const g = rng.float();
      disabilityGrade = g < 0.12 ? 1 : g < 0.32 ? 2 : g < 0.6 ? 3 : 4;
      tags.push('残疾');
    }
    const h = rng.float();
    const [pChronic, pSerious] = age < 40 ? [0.03, 0.004] : age < 60 ? [0.15, 0.02] : age < 80 ? [0.45, 0.05] : [0.6, 0.1];
    let health: HealthStatus = h < pSerious ? 'serious_illness' : h < pSerious + pChronic ? 'chronic' : 'healthy';
    const seriousIllnesses: string[] = [];
    if (health === 'serious_illness') {
      seriousIllnesses.push(rng.pick(SERIOUS_ILLNESSES));
      tags.push('重病');
    }
    const pDisabledCare = age >= 80 ? 0.14 : age >= 70 ? 0.04 : age >= 60 ? 0.015 : 0;
    const incapacitated = (age >= 60 && disabilityGrade === 1) || rng.chance(pDisabledCare);
    if (incapacitated) {
      tags.push('失能');
      if (health === 'healthy') health = 'chronic';
    }
    const labourCapacity = this.labour(age, disabilityCategory, disabilityGrade, health, incapacitated);

    // Living arrangement (60+) from the members who actually live in the household.
    let livingArrangement: LivingArrangement | null = null;
    if (age >= 60) {
      livingArrangement = m.away ? 'other' : this.living(m, residents);
      if (livingArrangement === 'alone') tags.push('独居');
    }
    if (age >= 80) tags.unshift('高龄');
    // Left-behind child: under 16, living here, and every parent registered in the household lives away.
    if (age < 16 && !m.away) {
      const parents = members.filter((p) =>
        m.rel === 'grandchild'
          ? p.rel === 'child' || p.rel === 'child_in_law'
          : m.rel === 'child' && (p.rel === 'head' || p.rel === 'spouse'),
      );
      if (parents.length > 0 && parents.every((p) => p.away)) tags.push('留守');
    }

    const phoneShare = age < 16 ? 0.02 : age < 18 ? 0.5 : age < 60 ? 0.96 : age < 70 ? 0.85 : age < 80 ? 0.62 : 0.32;
    const phone = rng.chance(phoneShare) ? rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0') : null;

    return {
      key: `${hh.key}-${index + 1}`,
      householdKey: hh.key,
      relationToHead: m.rel,
      name,
      idNumber,
      birthDate,
      sex: m.sex,
      phone,
      registeredRegionCode: hh.registered,
      residenceRegionCode: hh.residence,
      ethnicity: m.ethnicity,
      disabilityCategory,
      disabilityGrade,
      health,
      seriousIllnesses,
      labourCapacity,
      livingArrangement,
      tags,
      latitude: hh.lat,
      longitude: hh.lng,
      address: hh.address,
      isDemo: true,
    };
  }

  private addressCodeFor(m: Member, birthYear: number, mode: RegistrationMode, registered: string): string {
    const rng = this.rng;
    if (mode === 'outside' && rng.chance(0.85)) return registered;
    if (m.bornElsewhere) return rng.chance(0.6) ? rng.pick(this.neighbours) : rng.pick(FARTHER_BIRTH_CODES);
    const old = this.county.oldAddressCodes[0];
    if (old && birthYear < 2000 && rng.chance(birthYear < 1985 ? 0.6 : 0.4)) return old;
    return this.county.addressCode;
  }

  /**
   * A unique ID number. Sequences are drawn per (address code, birth date) from a permutation of
   * the 500 odd (men) or 499 even non-zero (women) values, so consecutive people do not get
   * 001, 003, ...; when a date is full the next fallback address code is used.
   */
  private idNumber(preferred: string, birthDays: number, yyyymmdd: string, sex: Sex): string {
    const id = this.tryIdNumber(preferred, birthDays, yyyymmdd, sex);
    if (id !== null) return id;
    for (const code of [this.county.addressCode, ...this.county.oldAddressCodes, ...this.neighbours]) {
      const fallback = this.tryIdNumber(code, birthDays, yyyymmdd, sex);
      if (fallback !== null) return fallback;
    }
    throw new Error(`ID sequences exhausted for ${yyyymmdd}`);
  }

  private tryIdNumber(code: string, birthDays: number, yyyymmdd: string, sex: Sex): string | null {
    let ci = this.addressCodeIndex.get(code);
    if (ci === undefined) {
      ci = this.addressCodeIndex.size;
      this.addressCodeIndex.set(code, ci);
    }
    const key = ci * 65536 + birthDays + 25567; // day index since 1900-01-01 fits in 16 bits until 2079
    const packed = this.idCounters.get(key) ?? 0;
    const offset = (Math.imul(key, 0x9e3779b1) ^ Number(code)) >>> 0;
    let seq: number;
    if (sex === 'M') {
      const men = packed & 0x3ff;
      if (men >= 500) return null;
      seq = ((men * 37 + offset) % 500) * 2 + 1;
      this.idCounters.set(key, packed + 1);
    } else {
      const women = packed >>> 10;
      if (women >= 499) return null;
      seq = (((women * 37 + offset) % 499) + 1) * 2;
      this.idCounters.set(key, packed + 1024);
    }
    const first17 = code + yyyymmdd + (seq < 10 ? `00${seq}` : seq < 100 ? `0${seq}` : String(seq));
    return first17 + computeCheckCharacter(first17);
  }

  private disabilityCategory(age: number): DisabilityCategory {
    const r = this.rng.float();
    if (age < 18)
      return r < 0.35
        ? 'intellectual'
        : r < 0.5
          ? 'speech'
          : r < 0.65
            ? 'hearing'
            : r < 0.85
              ? 'physical'
              : r < 0.9
                ? 'visual'
                : 'multiple';
    if (age < 60)
      return r < 0.42
        ? 'physical'
        : r < 0.52
          ? 'visual'
          : r < 0.6
            ? 'hearing'
            : r < 0.63
              ? 'speech'
              : r < 0.73
                ? 'intellectual'
                : r < 0.87
                  ? 'mental'
                  : 'multiple';
    return r < 0.38
      ? 'physical'
      : r < 0.55
        ? 'visual'
        : r < 0.78
          ? 'hearing'
          : r < 0.8
            ? 'speech'
            : r < 0.83
              ? 'intellectual'
              : r < 0.87
                ? 'mental'
                : 'multiple';
  }

  private labour(
    age: number,
    category: DisabilityCategory | null,
    grade: number | null,
    health: HealthStatus,
    incapacitated: boolean,
  ): LabourCapacity {
    const rng = this.rng;
    if (age < 16 || incapacitated) return 'none';
    const severe = grade !== null && (grade <= 2 || ((category === 'mental' || category === 'intellectual') && grade <= 3));
    if (severe) return 'none';
    if (age < 60) {
      if (health === 'serious_illness') return rng.chance(0.5) ? 'partial' : 'none';
      return grade !== null ? 'partial' : 'full';
    }
    if (health === 'serious_illness' || grade !== null) return rng.chance(0.3) ? 'partial' : 'none';
    const r = rng.float();
    if (age < 70) return r < 0.25 ? 'full' : r < 0.85 ? 'partial' : 'none';
    if (age < 80) return r < 0.4 ? 'partial' : 'none';
    return r < 0.1 ? 'partial' : 'none';
  }

  /** Living arrangement of a resident aged 60+ from the other residents of the household. */
  private living(self: Member, residents: readonly Member[]): LivingArrangement {
    const others = residents.filter((r) => r !== self);
    if (others.length === 0) return 'alone';
    // Own children of self: for the head or spouse their 子女 and 儿媳/女婿; for a parent of the head, the head and spouse.
    const childRels: readonly Relation[] =
      self.rel === 'head' || self.rel === 'spouse'
        ? ['child', 'child_in_law']
        : self.rel === 'parent'
          ? ['head', 'spouse']
          : self.rel === 'child'
            ? ['grandchild']
            : [];
    let spouseOrGrandchildren = true;
    for (const o of others) {
      if (childRels.includes(o.rel)) return 'with_children';
      if (!(o.age >= 60 || o.rel === 'grandchild' || o.rel === 'spouse' || o.rel === 'head')) spouseOrGrandchildren = false;
    }
    return spouseOrGrandchildren ? 'empty_nest' : 'other';
  }
}

/**
 * Generate `size` people in batches of about `batchSize` (default 5,000). Deterministic: the same
 * options give identical output. Memory stays bounded: consume (insert) each batch and drop it.
 */
export function* generatePopulation(opts: GeneratePopulationOptions): Generator<PopulationBatch> {
  if (!Number.isInteger(opts.size) || opts.size < 0) throw new Error('size must be a non-negative integer');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.today)) throw new Error('today must be YYYY-MM-DD');
  const generator = new PopulationGenerator(opts);
  yield* generator.run(opts.size, opts.batchSize ?? 5000);
}
