/**
 * Service applications / orders (服务申请 / 工单). One order = one elder's approved service plan
 * (items from the menu with a frequency). The workflow (statuses, actions and who may take them)
 * is implemented server-side in modules/elderly-care/domain/order.states.ts and order.policy.ts;
 * the lists and labels live here so the web can render them.
 */
import { z } from 'zod';
import { IsoDate } from '../common.ts';
import { BasisPoints, Fen, HHMM, Id, IsoInstant, RegionCode } from './primitives.ts';

export const ORDER_STATUSES = [
  'draft',
  'applied',
  'accepted',
  'assessed',
  'approved',
  'rejected',
  'active',
  'suspended',
  'closed',
  'cancelled',
] as const;
export const OrderStatus = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatus>;
export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  draft: '草稿',
  applied: '已申请',
  accepted: '已受理',
  assessed: '已评估',
  approved: '已审批',
  rejected: '不予批准',
  active: '服务中',
  suspended: '暂停',
  closed: '已结束',
  cancelled: '已撤销',
};

export const ORDER_ACTIONS = [
  'apply',
  'return',
  'accept',
  'assess',
  'approve',
  'reject',
  'activate',
  'suspend',
  'resume',
  'close',
  'cancel',
] as const;
export const OrderAction = z.enum(ORDER_ACTIONS);
export type OrderAction = z.infer<typeof OrderAction>;
export const ORDER_ACTION_LABELS: Record<OrderAction, string> = {
  apply: '提交申请',
  return: '退回补正',
  accept: '受理',
  assess: '能力评估',
  approve: '审批通过',
  reject: '不予批准',
  activate: '开始服务',
  suspend: '暂停服务',
  resume: '恢复服务',
  close: '结束服务',
  cancel: '撤销',
};

export const APPLICATION_CHANNELS = ['self', 'family', 'village_worker', 'provider', 'township'] as const;
export type ApplicationChannel = (typeof APPLICATION_CHANNELS)[number];
export const APPLICATION_CHANNEL_LABELS: Record<(typeof APPLICATION_CHANNELS)[number], string> = {
  self: '本人申请',
  family: '家属代办',
  village_worker: '村(社区)代办',
  provider: '服务机构代办',
  township: '乡镇窗口',
};

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export const Weekday = z.number().int().min(1).max(7);

export const Frequency = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('once'), date: IsoDate }),
  z.object({
    kind: z.literal('weekly'),
    weekdays: z
      .array(Weekday)
      .min(1)
      .max(7)
      .refine((d) => new Set(d).size === d.length, { error: '星期重复 / duplicate weekday' }),
    startDate: IsoDate,
    endDate: IsoDate.nullable().default(null),
  }),
]);
export type Frequency = z.infer<typeof Frequency>;

export const OrderItemRequest = z
  .object({
    itemCode: z.string().min(1).max(20),
    frequency: Frequency,
    /** Preferred time window for the visit start, local time. */
    windowStart: HHMM.optional(),
    windowEnd: HHMM.optional(),
    note: z.string().max(200).optional(),
  })
  .refine((i) => !i.windowStart || !i.windowEnd || i.windowEnd > i.windowStart, {
    path: ['windowEnd'],
    error: '时间窗结束须晚于开始 / windowEnd must be after windowStart',
  });

export const ApplicationCreate = z.object({
  personId: Id,
  channel: z.enum(APPLICATION_CHANNELS),
  items: z.array(OrderItemRequest).min(1).max(20),
  /** Preferred provider (optional; dispatch may assign another). */
  preferredProviderId: Id.optional(),
  contactPhone: z.string().max(20).optional(),
  note: z.string().max(1000).optional(),
  /** false = save as draft; true = submit (action 'apply'). */
  submit: z.boolean().default(true),
});
export type ApplicationCreate = z.infer<typeof ApplicationCreate>;

export const OrderItem = z.object({
  itemCode: z.string(),
  itemName: z.string(),
  /** The menu item version the order was made under; settlement prices come from it. */
  itemVersionId: Id,
  priceFen: Fen,
  standardDurationMin: z.number().int(),
  frequency: Frequency,
  windowStart: HHMM.nullable(),
  windowEnd: HHMM.nullable(),
});

export const OrderHistoryEntry = z.object({
  at: IsoInstant,
  actorId: Id,
  actorRole: z.string(),
  action: OrderAction,
  from: OrderStatus,
  to: OrderStatus,
  note: z.string().nullable(),
});

export const Order = z.object({
  id: Id,
  /** Human-readable number, e.g. YL-2024-000123. */
  number: z.string(),
  personId: Id,
  personName: z.string(),
  /** The elder's residence region (12- or 9-digit); used for region-scoped permissions. */
  regionCode: RegionCode,
  channel: z.enum(APPLICATION_CHANNELS),
  status: OrderStatus,
  items: z.array(OrderItem),
  providerId: Id.nullable(),
  assessmentId: Id.nullable(),
  subsidyDecisionId: Id.nullable(),
  /** Copied from the subsidy decision at approval; used by settlement. */
  selfPayShareBp: BasisPoints.nullable(),
  /** QR progress code (码上联办). */
  trackingCode: z.string(),
  history: z.array(OrderHistoryEntry),
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
  version: z.number().int().min(1),
});
export type Order = z.infer<typeof Order>;

/** POST /elderly/orders/:id/actions */
export const OrderActionBody = z.object({
  action: OrderAction,
  /** Optimistic concurrency. */
  version: z.number().int().min(1),
  note: z.string().max(1000).optional(),
  /** action 'approve': provider assignment. */
  providerId: Id.optional(),
  /** action 'assess': the assessment record created beforehand. */
  assessmentId: Id.optional(),
});
export type OrderActionBody = z.infer<typeof OrderActionBody>;

export const OrderListQuery = z.object({
  status: OrderStatus.optional(),
  regionCode: RegionCode.optional(),
  providerId: Id.optional(),
  personId: Id.optional(),
  q: z.string().max(50).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
