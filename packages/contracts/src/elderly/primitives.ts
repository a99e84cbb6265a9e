/** Shared primitives for the elderly-care contracts. Money is integer fen; dates 'YYYY-MM-DD'; times ISO instants. */
import { z } from 'zod';
import { IsoDate } from '../common.ts';

/** Integer amount in fen (分), 1 yuan = 100 fen. Never floats. */
export const Fen = z.number().int().min(0).max(1e11);
/** Signed fen for adjustments. */
export const SignedFen = z.number().int().min(-1e11).max(1e11);
/** Basis points, 0..10000 (10000 = 100%). */
export const BasisPoints = z.number().int().min(0).max(10_000);
/** 'YYYY-MM' month. */
export const IsoMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');
/** Local clock time 'HH:MM' (00:00-23:59; '24:00' allowed as an end of day). */
export const HHMM = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'HH:MM');
/** ISO 8601 instant with offset, e.g. 2024-05-01T08:30:00+08:00 or ...Z. */
export const IsoInstant = z.iso.datetime({ offset: true });
export const RegionCode = z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, '区划代码为 6、9 或 12 位 / region code has 6, 9 or 12 digits');
export const LatLng = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });
export type LatLng = z.infer<typeof LatLng>;
/** A phone position fix. */
export const PositionFix = LatLng.extend({ accuracyM: z.number().min(0).max(100_000).optional() });
export const Id = z.string().min(1).max(64);

/** Small image as a data URL (jpeg/png/webp), at most ~300 kB of base64. */
export const PhotoDataUrl = z
  .string()
  .max(400_000, '照片过大（上限约 300 KB）/ photo too large (about 300 kB max)')
  .regex(
    /^data:image\/(jpeg|png|webp);base64,[A-Za-z0-9+/]+={0,2}$/,
    '照片须为 jpeg/png/webp 的 data URL / photo must be a jpeg/png/webp data URL',
  );

/** Validity interval of an effective-dated configuration row: validFrom inclusive, validTo inclusive or open (null). */
export const EffectiveDated = z.object({ validFrom: IsoDate, validTo: IsoDate.nullable() });

/** Caregiver skills (护理技能) used to match menu items and caregivers. */
export const CAREGIVER_SKILLS = [
  'personal_care',
  'meal',
  'bathing',
  'cleaning',
  'medical_escort',
  'rehab',
  'nursing',
  'companionship',
  'haircut',
] as const;
export const CaregiverSkill = z.enum(CAREGIVER_SKILLS);
export type CaregiverSkill = z.infer<typeof CaregiverSkill>;
export const CAREGIVER_SKILL_LABELS: Record<CaregiverSkill, string> = {
  personal_care: '生活照料',
  meal: '助餐',
  bathing: '助浴',
  cleaning: '助洁',
  medical_escort: '助医陪诊',
  rehab: '康复训练',
  nursing: '护理（需执业资格）',
  companionship: '精神慰藉',
  haircut: '理发修甲',
};

/** Economic statuses that matter for elderly-care subsidies. */
export const ECONOMIC_STATUSES = ['特困', '低保', '低保边缘'] as const;
export const EconomicStatus = z.enum(ECONOMIC_STATUSES);
export type EconomicStatus = z.infer<typeof EconomicStatus>;
