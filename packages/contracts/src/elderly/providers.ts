/** Providers (服务机构), caregivers (护理员), blacklist (黑名单) and 双随机、一公开 inspections. */
import { z } from 'zod';
import { IsoDate } from '../common.ts';
import { CaregiverSkill, EffectiveDated, HHMM, Id, IsoInstant, LatLng, RegionCode } from './primitives.ts';

export const PROVIDER_KINDS = ['home_care_center', 'institution', 'meal_point', 'mutual_aid_point'] as const;
export const ProviderKind = z.enum(PROVIDER_KINDS);
export type ProviderKind = z.infer<typeof ProviderKind>;
export const PROVIDER_KIND_LABELS: Record<ProviderKind, string> = {
  home_care_center: '居家养老服务中心',
  institution: '养老机构',
  meal_point: '助餐点',
  mutual_aid_point: '养老互助点',
};

/** Payee details for the bank payment file. */
export const BankAccount = z.object({
  accountName: z.string().min(1).max(100),
  accountNumber: z.string().regex(/^\d{8,32}$/, '账号为 8-32 位数字 / account number: 8-32 digits'),
  bankName: z.string().min(1).max(100),
});

export const ProviderUpsert = z.object({
  name: z.string().min(1).max(100),
  kind: ProviderKind,
  /** 统一社会信用代码 (18 chars), optional for village mutual-aid points. */
  creditCode: z
    .string()
    .regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/)
    .nullable()
    .optional(),
  /** Where the provider is located. */
  regionCode: RegionCode,
  /** Regions it serves (township or village codes); a visit's region must fall under one of them. */
  serviceAreaCodes: z.array(RegionCode).min(1).max(200),
  address: z.string().max(200).optional(),
  location: LatLng.nullable().optional(),
  contactName: z.string().max(50).optional(),
  contactPhone: z.string().max(20).optional(),
  bankAccount: BankAccount.nullable().optional(),
});
export type ProviderUpsert = z.infer<typeof ProviderUpsert>;

export const Provider = ProviderUpsert.extend({
  id: Id,
  /** Derived from active blacklist entries; never set directly. */
  blacklisted: z.boolean(),
  createdAt: z.string(),
  version: z.number().int().min(1),
});
export type Provider = z.infer<typeof Provider>;

export const CaregiverCertificate = z.object({
  /** e.g. 养老护理员职业技能等级证书, 健康证, 护士执业证书. */
  kind: z.string().min(1).max(60),
  number: z.string().max(60).optional(),
  /** 初级/中级/高级/技师 ... */
  level: z.string().max(20).optional(),
  issuedOn: IsoDate,
  expiresOn: IsoDate.nullable().optional(),
});
export const TrainingRecord = z.object({
  course: z.string().min(1).max(100),
  hours: z.number().min(0).max(1000),
  completedOn: IsoDate,
  /** Organiser, e.g. the 养老服务实训基地 (seed 一). */
  organiser: z.string().max(100).optional(),
});

/** A break to be taken inside [start, end] lasting durationMin. */
export const BreakWindow = z.object({ start: HHMM, end: HHMM, durationMin: z.number().int().min(0).max(240) });

export const CAREGIVER_STATUSES = ['active', 'on_leave', 'inactive'] as const;
export const CaregiverStatus = z.enum(CAREGIVER_STATUSES);
export type CaregiverStatus = z.infer<typeof CaregiverStatus>;
export const CAREGIVER_STATUS_LABELS: Record<(typeof CAREGIVER_STATUSES)[number], string> = {
  active: '在岗',
  on_leave: '休假',
  inactive: '离职',
};

export const CaregiverUpsert = z
  .object({
    providerId: Id,
    name: z.string().min(1).max(50),
    /** Linked resident record (ID number kept there, masked). */
    personId: Id.nullable().optional(),
    phone: z.string().max(20).optional(),
    skills: z.array(CaregiverSkill).min(1),
    certificates: z.array(CaregiverCertificate).max(20).default([]),
    trainingRecords: z.array(TrainingRecord).max(200).default([]),
    shiftStart: HHMM,
    shiftEnd: HHMM,
    breakWindow: BreakWindow.nullable().optional(),
    home: LatLng,
    /** Max travel + service minutes per day. */
    maxWorkMin: z
      .number()
      .int()
      .min(30)
      .max(24 * 60)
      .default(480),
    status: CaregiverStatus.default('active'),
  })
  .refine((c) => c.shiftEnd > c.shiftStart, { path: ['shiftEnd'], error: '下班时间须晚于上班时间 / shiftEnd must be after shiftStart' });
export type CaregiverUpsert = z.infer<typeof CaregiverUpsert>;

export const Caregiver = z.object({
  id: Id,
  providerId: Id,
  name: z.string(),
  personId: z.string().nullable(),
  phone: z.string().nullable(),
  skills: z.array(CaregiverSkill),
  certificates: z.array(CaregiverCertificate),
  trainingRecords: z.array(TrainingRecord),
  shiftStart: HHMM,
  shiftEnd: HHMM,
  breakWindow: BreakWindow.nullable(),
  home: LatLng,
  maxWorkMin: z.number().int(),
  status: CaregiverStatus,
  blacklisted: z.boolean(),
  version: z.number().int().min(1),
});
export type Caregiver = z.infer<typeof Caregiver>;

/** 黑名单 entry (seed 四: 失信 providers and staff, joint punishment). Effective-dated; lifting sets validTo. */
export const BlacklistEntryCreate = z.object({
  subjectKind: z.enum(['provider', 'caregiver']),
  subjectId: Id,
  reason: z.string().min(1).max(500),
  /** Document reference of the decision, e.g. 龙民〔2024〕12号. */
  decisionRef: z.string().min(1).max(100),
  /** Joint-punishment measures notified to partner departments. */
  measures: z.array(z.string().min(1).max(100)).max(20).default([]),
  ...EffectiveDated.shape,
});
export const BlacklistEntry = BlacklistEntryCreate.extend({
  id: Id,
  createdBy: Id,
  createdAt: z.string(),
  liftedReason: z.string().nullable().optional(),
});
export type BlacklistEntry = z.infer<typeof BlacklistEntry>;

/** 双随机、一公开: random providers x random inspectors, seeded and reproducible, results published. */
export const InspectionDrawBody = z.object({
  /** How many providers to draw. */
  providerCount: z.number().int().min(1).max(500),
  inspectorsPerProvider: z.number().int().min(1).max(5).default(2),
  /** Optional: restrict to provider kinds / regions. */
  providerKinds: z.array(ProviderKind).optional(),
  regionCode: RegionCode.optional(),
  /** Omit to let the server generate one; the seed is stored so anyone can replay the draw. */
  seed: z.string().min(8).max(128).optional(),
});
export const INSPECTION_RATINGS = ['合格', '基本合格', '不合格'] as const;
export const InspectionResult = z.object({
  inspectedOn: IsoDate,
  rating: z.enum(INSPECTION_RATINGS),
  findings: z.string().max(4000),
  /** 一公开: published date (null until published). */
  publishedOn: IsoDate.nullable(),
});
export const Inspection = z.object({
  id: Id,
  seed: z.string(),
  /** Algorithm id, so a stored draw can be replayed by the same code. */
  algorithm: z.string(),
  drawnAt: IsoInstant,
  drawnBy: Id,
  assignments: z.array(z.object({ providerId: Id, inspectorIds: z.array(Id), result: InspectionResult.nullable() })),
});
export type Inspection = z.infer<typeof Inspection>;
