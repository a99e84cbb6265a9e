import { z } from 'zod';
import { IsoDate } from './common.ts';

export const DISABILITY_CATEGORIES = ['visual', 'hearing', 'speech', 'physical', 'intellectual', 'mental', 'multiple'] as const;
export const DISABILITY_LABELS: Record<(typeof DISABILITY_CATEGORIES)[number], string> = {
  visual: '视力残疾',
  hearing: '听力残疾',
  speech: '言语残疾',
  physical: '肢体残疾',
  intellectual: '智力残疾',
  mental: '精神残疾',
  multiple: '多重残疾',
};
export const HEALTH_STATUSES = ['healthy', 'chronic', 'serious_illness'] as const;
export const HEALTH_LABELS: Record<(typeof HEALTH_STATUSES)[number], string> = {
  healthy: '健康',
  chronic: '慢性病',
  serious_illness: '重病',
};
export const LABOUR_CAPACITIES = ['full', 'partial', 'none'] as const;
export const LABOUR_LABELS: Record<(typeof LABOUR_CAPACITIES)[number], string> = {
  full: '有劳动能力',
  partial: '部分丧失劳动能力',
  none: '无劳动能力',
};
export const LIVING_ARRANGEMENTS = ['alone', 'empty_nest', 'with_children', 'other'] as const;
export const LIVING_LABELS: Record<(typeof LIVING_ARRANGEMENTS)[number], string> = {
  alone: '独居',
  empty_nest: '空巢',
  with_children: '与子女同住',
  other: '其他',
};
export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'grandparent', 'sibling', 'child_in_law', 'other'] as const;
export const RELATION_LABELS: Record<(typeof RELATIONS)[number], string> = {
  head: '户主',
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  grandchild: '孙子女',
  grandparent: '祖父母',
  sibling: '兄弟姐妹',
  child_in_law: '儿媳/女婿',
  other: '其他',
};
export const TAG_SUGGESTIONS = ['高龄', '失能', '独居', '留守', '困境', '低保', '特困', '低保边缘', '残疾', '重病'] as const;

export const DisabilityCategory = z.enum(DISABILITY_CATEGORIES);
export const HealthStatus = z.enum(HEALTH_STATUSES);
export const LabourCapacity = z.enum(LABOUR_CAPACITIES);
export const LivingArrangement = z.enum(LIVING_ARRANGEMENTS);
export const Relation = z.enum(RELATIONS);

const phone = z
  .string()
  .trim()
  .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, '电话号码格式不正确 / invalid phone number');

/** Editable facts of a person (birth date and sex are derived from the ID number, never typed). */
export const PersonFacts = z.object({
  name: z.string().trim().min(1).max(50),
  phone: phone.nullable().optional(),
  registeredRegionCode: z
    .string()
    .regex(/^\d{6,12}$/)
    .nullable()
    .optional(),
  residenceRegionCode: z.string().regex(/^\d{6,12}$/),
  address: z.string().max(200).nullable().optional(),
  ethnicity: z.string().max(20).nullable().optional(),
  disabilityCategory: DisabilityCategory.nullable().optional(),
  disabilityGrade: z.number().int().min(1).max(4).nullable().optional(),
  health: HealthStatus.nullable().optional(),
  seriousIllnesses: z.array(z.string().max(50)).max(20).optional(),
  labourCapacity: LabourCapacity.nullable().optional(),
  livingArrangement: LivingArrangement.nullable().optional(),
  tags: z.array(z.string().min(1).max(20)).max(30).optional(),
  deathDate: IsoDate.nullable().optional(),
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
});

export const PersonCreate = PersonFacts.extend({
  idNumber: z.string().trim().min(1).max(32),
  householdId: z.string().uuid().optional(),
  relationToHead: Relation.optional(),
  /** Set to true after the user has seen the possible-duplicate warning and still wants to create. */
  confirmDuplicate: z.boolean().optional(),
});
export type PersonCreate = z.infer<typeof PersonCreate>;

export const PersonPatch = PersonFacts.partial().extend({
  version: z.number().int().min(1),
  idNumber: z.string().trim().min(1).max(32).optional(),
});
export type PersonPatch = z.infer<typeof PersonPatch>;

export const Person = z.object({
  id: z.string(),
  name: z.string(),
  idNumber: z.string().describe('masked unless revealed'),
  // No birth date next to a masked ID: with the date the masked digits are the birth date, and
  // the ID could be rebuilt without the audited reveal. Age only.
  sex: z.enum(['M', 'F']),
  age: z.number().int().describe('age today (or at death)'),
  phone: z.string().nullable(),
  registeredRegionCode: z.string().nullable(),
  registeredRegionName: z.string().nullable(),
  residenceRegionCode: z.string(),
  residenceRegionName: z.string().nullable(),
  address: z.string().nullable(),
  ethnicity: z.string().nullable(),
  householdId: z.string().nullable(),
  relationToHead: z.string().nullable(),
  disabilityCategory: z.string().nullable(),
  disabilityGrade: z.number().int().nullable(),
  health: z.string().nullable(),
  seriousIllnesses: z.array(z.string()),
  labourCapacity: z.string().nullable(),
  livingArrangement: z.string().nullable(),
  tags: z.array(z.string()),
  deathDate: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  isDemo: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Person = z.infer<typeof Person>;

export const PossibleDuplicate = z.object({
  id: z.string(),
  name: z.string(),
  age: z.number().int(),
  residenceRegionCode: z.string(),
});

export const PersonSearchQuery = z.object({
  q: z.string().max(50).optional(),
  regionCode: z
    .string()
    .regex(/^\d{6,12}$/)
    .optional(),
  tag: z.string().max(20).optional(),
  /** 'age' (and the older name 'birthDate') sort by birth year only: a finer order would leak birth dates. */
  sort: z.enum(['name', 'age', 'birthDate', 'updatedAt', 'regionCode']).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type PersonSearchQuery = z.infer<typeof PersonSearchQuery>;

export const FactChange = z.object({
  id: z.string(),
  field: z.string(),
  oldValue: z.unknown(),
  newValue: z.unknown(),
  version: z.number().int(),
  changedBy: z.string().nullable(),
  changedAt: z.string(),
});

export const RevealBody = z.object({
  field: z.enum(['idNumber', 'phone']),
  purpose: z.string().trim().min(2, '请说明查看目的 / state a purpose').max(200),
});
export const RevealResponse = z.object({ field: z.string(), value: z.string().nullable() });
