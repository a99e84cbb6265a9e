/** Response types derived from the shared zod contracts (type-only: no runtime cost). */
import type {
  AuditEntry as AuditEntrySchema,
  AuditVerifyResult as AuditVerifyResultSchema,
  FactChange as FactChangeSchema,
  HouseholdMember as HouseholdMemberSchema,
  PossibleDuplicate as PossibleDuplicateSchema,
  RegionImportResult as RegionImportResultSchema,
  Region as RegionSchema,
  SecuritySettings as SecuritySettingsSchema,
  TotpEnrolResponse as TotpEnrolResponseSchema,
  UserSummary as UserSummarySchema,
} from '@lq/contracts';
import type { infer as Infer } from 'zod';

export type { Household, ImportJob, Me, Person, PersonCreate, PersonPatch, Role } from '@lq/contracts';

export type AuditEntry = Infer<typeof AuditEntrySchema>;
export type AuditVerifyResult = Infer<typeof AuditVerifyResultSchema>;
export type FactChange = Infer<typeof FactChangeSchema>;
export type HouseholdMember = Infer<typeof HouseholdMemberSchema>;
export type PossibleDuplicate = Infer<typeof PossibleDuplicateSchema>;
export type Region = Infer<typeof RegionSchema>;
export type RegionImportResult = Infer<typeof RegionImportResultSchema>;
export type TotpEnrolResponse = Infer<typeof TotpEnrolResponseSchema>;
export type UserSummary = Infer<typeof UserSummarySchema>;
export type SecuritySettings = Infer<typeof SecuritySettingsSchema>;

export interface Page<T> {
  items: T[];
  total: number;
  totalCapped?: boolean;
}

export interface RegionNode {
  code: string;
  name: string;
  level: string;
  isDemo?: boolean;
  parentCode?: string | null;
  children?: RegionNode[];
}
