import { z } from 'zod';

export const REGION_LEVELS = ['county', 'subdistrict', 'town', 'township', 'village', 'community', 'grid'] as const;
export const RegionLevel = z.enum(REGION_LEVELS);
export type RegionLevel = z.infer<typeof RegionLevel>;

export const Region = z.object({
  code: z.string(),
  name: z.string(),
  level: RegionLevel,
  parentCode: z.string().nullable(),
  isDemo: z.boolean().optional(),
});
export type Region = z.infer<typeof Region>;

export const RegionListQuery = z.object({ parent: z.string().optional() });

export const RegionImportResult = z.object({
  imported: z.number().int(),
  removedDemo: z.number().int(),
  peopleMovedToTownship: z.number().int(),
  /** accounts scoped to a removed demo village (disabled, recorded) */
  accountsDisabled: z.array(z.string()),
});
