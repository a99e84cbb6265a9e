/** 审核支付: anomaly flags, monthly settlements per provider and the bank payment file. */
import { z } from 'zod';
import { BasisPoints, Fen, Id, IsoInstant, IsoMonth, SignedFen } from './primitives.ts';

export const ANOMALY_CODES = [
  'CHECKIN_FAR',
  'CHECKIN_NO_POSITION',
  'ADDRESS_NOT_LOCATED',
  'CAREGIVER_OVERLAP',
  'DURATION_SHORT',
  'NOT_CHECKED_IN_OUT',
  'AFTER_DEATH',
  'DUPLICATE_CLAIM',
] as const;
export const AnomalyCode = z.enum(ANOMALY_CODES);
export type AnomalyCode = z.infer<typeof AnomalyCode>;
export const ANOMALY_LABELS: Record<AnomalyCode, string> = {
  CHECKIN_FAR: '签到位置距老人住址过远',
  CHECKIN_NO_POSITION: '签到无定位',
  ADDRESS_NOT_LOCATED: '老人住址无坐标',
  CAREGIVER_OVERLAP: '同一护理员服务时间重叠',
  DURATION_SHORT: '服务时长明显低于标准',
  NOT_CHECKED_IN_OUT: '缺少签到或签出',
  AFTER_DEATH: '服务日期晚于死亡日期',
  DUPLICATE_CLAIM: '重复申报',
};

export const ANOMALY_STATUSES = ['open', 'cleared', 'confirmed'] as const;
export type AnomalyStatus = (typeof ANOMALY_STATUSES)[number];
export const AnomalyFlag = z.object({
  id: Id,
  visitId: Id,
  code: AnomalyCode,
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
  status: z.enum(ANOMALY_STATUSES),
  reviewedBy: Id.nullable(),
  reviewNote: z.string().nullable(),
  createdAt: IsoInstant,
});
export type AnomalyFlag = z.infer<typeof AnomalyFlag>;

export const SettlementLine = z.object({
  kind: z.enum(['service', 'adjustment']),
  visitId: Id,
  orderId: Id,
  itemCode: z.string(),
  itemVersionId: Id,
  serviceDate: z.string(),
  selfPayShareBp: BasisPoints,
  /** For adjustments these may be negative; always subsidyFen + selfPayFen === priceFen. */
  priceFen: SignedFen,
  subsidyFen: SignedFen,
  selfPayFen: SignedFen,
  /** Adjustments: the settled line they correct. */
  refersTo: z.object({ settlementId: Id, visitId: Id }).nullable(),
  reason: z.string().nullable(),
});
export type SettlementLine = z.infer<typeof SettlementLine>;

export const SettlementTotals = z.object({
  lines: z.number().int(),
  priceFen: SignedFen,
  subsidyFen: SignedFen,
  selfPayFen: SignedFen,
  /** What the bureau pays the provider: max(0, subsidyFen). */
  payableFen: Fen,
  /** What the provider owes back when negative adjustments exceed the month's services: max(0, -subsidyFen). */
  recoverFen: Fen,
});

export const SETTLEMENT_STATUSES = ['draft', 'approved', 'paid'] as const;
export const Settlement = z.object({
  id: Id,
  providerId: Id,
  month: IsoMonth,
  status: z.enum(SETTLEMENT_STATUSES),
  lines: z.array(SettlementLine),
  totals: SettlementTotals,
  skipped: z.array(z.object({ visitId: Id, reason: z.string() })),
  createdAt: IsoInstant,
  approvedBy: Id.nullable(),
  paidAt: IsoInstant.nullable(),
});
export type Settlement = z.infer<typeof Settlement>;

export const SettlementRunBody = z.object({ month: IsoMonth, providerIds: z.array(Id).optional() });
