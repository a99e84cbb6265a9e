import { z } from 'zod';
import { Relation } from './people.ts';

export const HouseholdMember = z.object({
  personId: z.string(),
  name: z.string(),
  relation: z.string(),
  idNumber: z.string().describe('masked'),
  age: z.number().int(),
  sex: z.enum(['M', 'F']),
});

export const Household = z.object({
  id: z.string(),
  householdNumber: z.string().nullable(),
  headPersonId: z.string().nullable(),
  headName: z.string().nullable(),
  registeredRegionCode: z.string().nullable(),
  residenceRegionCode: z.string(),
  residenceRegionName: z.string().nullable(),
  address: z.string().nullable(),
  memberCount: z.number().int(),
  members: z.array(HouseholdMember).optional(),
  isDemo: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Household = z.infer<typeof Household>;

export const HouseholdCreate = z.object({
  householdNumber: z.string().max(40).nullable().optional(),
  registeredRegionCode: z
    .string()
    .regex(/^\d{6,12}$/)
    .nullable()
    .optional(),
  residenceRegionCode: z.string().regex(/^\d{6,12}$/),
  address: z.string().max(200).nullable().optional(),
  members: z
    .array(z.object({ personId: z.string().uuid(), relation: Relation }))
    .max(50)
    .optional(),
});
export const HouseholdPatch = HouseholdCreate.partial().extend({ version: z.number().int().min(1) });

export const HouseholdSearchQuery = z.object({
  q: z.string().max(50).optional(),
  regionCode: z
    .string()
    .regex(/^\d{6,12}$/)
    .optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
