/**
 * 审核支付: monthly settlement per provider, adjusting entries, and the bank payment file.
 *
 * - A settlement takes the provider's visits that are `cleared` (audit passed) and not yet paid,
 *   with a service date on or before the last day of the month (visits cleared late from earlier
 *   months are included; later ones are skipped). Each visit is settled once and only once:
 *   visits already paid or listed twice are skipped with a reason.
 * - Price: from the menu item version recorded on the ORDER for the visit's item (the version the
 *   order was made under), never the current menu price.
 * - Split: selfPayFen = round_half_up(price x selfPayShareBp / 10000); subsidyFen = price - selfPayFen,
 *   so subsidy + self-pay == price exactly on every line. Negative amounts split symmetrically
 *   (split(-p) = -split(p)), so a reversal is the exact negation of the original line.
 * - Adjusting entries are lines of kind 'adjustment' that reference the settled original
 *   ({settlementId, visitId}); they carry signed amounts and are booked in a later settlement.
 */
import type { SettlementLine, VisitStatus } from './contracts.ts';
import { assertIsoDate, fenToYuan } from './util.ts';

export type { SettlementLine };

export interface SettlementVisit {
  id: string;
  orderId: string;
  providerId: string;
  itemCode: string;
  serviceDate: string;
  status: VisitStatus;
}
export interface SettlementOrder {
  id: string;
  /** From the subsidy decision; null if the order was never decided. */
  selfPayShareBp: number | null;
  /** itemCode -> menu item version id the order was made under. */
  itemVersionIds: Readonly<Record<string, string>>;
}
export interface PricedItemVersion {
  id: string;
  code: string;
  priceFen: number;
}

export type SkipReason =
  | 'NOT_CLEARED'
  | 'ALREADY_PAID'
  | 'DUPLICATE'
  | 'OTHER_PROVIDER'
  | 'AFTER_MONTH'
  | 'ORDER_NOT_FOUND'
  | 'NO_SUBSIDY_DECISION'
  | 'ITEM_VERSION_NOT_FOUND';
export const SKIP_REASON_LABELS: Record<SkipReason, string> = {
  NOT_CLEARED: '未审核通过',
  ALREADY_PAID: '已结算过',
  DUPLICATE: '同一服务记录重复出现',
  OTHER_PROVIDER: '不属于该服务机构',
  AFTER_MONTH: '服务日期晚于结算月份',
  ORDER_NOT_FOUND: '找不到工单',
  NO_SUBSIDY_DECISION: '工单无补贴决定（自付比例）',
  ITEM_VERSION_NOT_FOUND: '找不到工单对应的服务项目版本',
};

export interface SettlementInput {
  providerId: string;
  /** 'YYYY-MM' */
  month: string;
  visits: readonly SettlementVisit[];
  orders: ReadonlyMap<string, SettlementOrder>;
  itemVersions: ReadonlyMap<string, PricedItemVersion>;
  /** Visit ids settled in earlier settlements. */
  paidVisitIds?: ReadonlySet<string>;
  /** Adjusting entries to book in this settlement (see reversalLine / repriceLine). */
  adjustments?: readonly SettlementLine[];
}

export interface SettlementTotals {
  lines: number;
  priceFen: number;
  subsidyFen: number;
  selfPayFen: number;
  payableFen: number;
  recoverFen: number;
}
export interface SettlementComputation {
  providerId: string;
  month: string;
  lines: SettlementLine[];
  totals: SettlementTotals;
  skipped: { visitId: string; reason: SkipReason; message: string }[];
}

export class SettlementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettlementError';
  }
}

function assertBp(bp: number): void {
  if (!Number.isInteger(bp) || bp < 0 || bp > 10_000)
    throw new SettlementError(`自付比例须为 0-10000 基点 / selfPayShareBp must be 0..10000: ${bp}`);
}

/** Splits a (possibly negative) price into subsidy and self-pay parts that add up exactly. */
export function splitFen(priceFen: number, selfPayShareBp: number): { subsidyFen: number; selfPayFen: number } {
  if (!Number.isSafeInteger(priceFen) || Math.abs(priceFen) > 1e11)
    throw new SettlementError(`金额须为整数分 / price must be integer fen: ${priceFen}`);
  assertBp(selfPayShareBp);
  const sign = priceFen < 0 ? -1 : 1;
  const abs = Math.abs(priceFen);
  const self = Math.floor((abs * selfPayShareBp + 5000) / 10_000);
  return { subsidyFen: sign * (abs - self) || 0, selfPayFen: sign * self || 0 };
}

function monthEnd(month: string): string {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new SettlementError(`月份须为 YYYY-MM / month must be YYYY-MM: ${month}`);
  const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  return `${month}-${String(last).padStart(2, '0')}`;
}

function checkLine(l: SettlementLine): void {
  if (l.subsidyFen + l.selfPayFen !== l.priceFen) throw new SettlementError(`行金额不平 / line does not add up: visit ${l.visitId}`);
}

export function computeSettlement(input: SettlementInput): SettlementComputation {
  const last = monthEnd(input.month);
  const lines: SettlementLine[] = [];
  const skipped: SettlementComputation['skipped'] = [];
  const seen = new Set<string>();
  const skip = (visitId: string, reason: SkipReason) => skipped.push({ visitId, reason, message: SKIP_REASON_LABELS[reason] });

  const sorted = [...input.visits].sort((a, b) =>
    a.serviceDate < b.serviceDate ? -1 : a.serviceDate > b.serviceDate ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  for (const v of sorted) {
    if (v.providerId !== input.providerId) {
      skip(v.id, 'OTHER_PROVIDER');
      continue;
    }
    if (seen.has(v.id)) {
      skip(v.id, 'DUPLICATE');
      continue;
    }
    seen.add(v.id);
    if (v.status === 'settled' || input.paidVisitIds?.has(v.id)) {
      skip(v.id, 'ALREADY_PAID');
      continue;
    }
    if (v.status !== 'cleared') {
      skip(v.id, 'NOT_CLEARED');
      continue;
    }
    assertIsoDate(v.serviceDate, 'serviceDate');
    if (v.serviceDate > last) {
      skip(v.id, 'AFTER_MONTH');
      continue;
    }
    const order = input.orders.get(v.orderId);
    if (!order) {
      skip(v.id, 'ORDER_NOT_FOUND');
      continue;
    }
    if (order.selfPayShareBp === null) {
      skip(v.id, 'NO_SUBSIDY_DECISION');
      continue;
    }
    const versionId = order.itemVersionIds[v.itemCode];
    const version = versionId === undefined ? undefined : input.itemVersions.get(versionId);
    if (!version || version.code !== v.itemCode) {
      skip(v.id, 'ITEM_VERSION_NOT_FOUND');
      continue;
    }
    const { subsidyFen, selfPayFen } = splitFen(version.priceFen, order.selfPayShareBp);
    lines.push({
      kind: 'service',
      visitId: v.id,
      orderId: v.orderId,
      itemCode: v.itemCode,
      itemVersionId: version.id,
      serviceDate: v.serviceDate,
      selfPayShareBp: order.selfPayShareBp,
      priceFen: version.priceFen,
      subsidyFen,
      selfPayFen,
      refersTo: null,
      reason: null,
    });
  }

  for (const a of input.adjustments ?? []) {
    if (a.kind !== 'adjustment' || !a.refersTo)
      throw new SettlementError(`调整行须引用原结算行 / adjustment must reference the original line: ${a.visitId}`);
    checkLine(a);
    lines.push(a);
  }

  const totals: SettlementTotals = { lines: lines.length, priceFen: 0, subsidyFen: 0, selfPayFen: 0, payableFen: 0, recoverFen: 0 };
  for (const l of lines) {
    totals.priceFen += l.priceFen;
    totals.subsidyFen += l.subsidyFen;
    totals.selfPayFen += l.selfPayFen;
  }
  totals.payableFen = Math.max(0, totals.subsidyFen);
  totals.recoverFen = Math.max(0, -totals.subsidyFen);
  return { providerId: input.providerId, month: input.month, lines, totals, skipped };
}

/** Adjusting entry that cancels a settled line (e.g. the service proved false after payment). */
export function reversalLine(original: SettlementLine, settlementId: string, reason: string): SettlementLine {
  if (original.kind !== 'service') throw new SettlementError('只能冲销服务行 / only service lines can be reversed');
  if (!reason.trim()) throw new SettlementError('须填写调整原因 / a reason is required');
  return {
    ...original,
    kind: 'adjustment',
    priceFen: -original.priceFen,
    subsidyFen: -original.subsidyFen || 0,
    selfPayFen: -original.selfPayFen || 0,
    refersTo: { settlementId, visitId: original.visitId },
    reason,
  };
}

/**
 * Adjusting entry for a corrected price and/or self-pay share: books the difference between the
 * corrected split and the original one (positive or negative), each part exact.
 */
export function repriceLine(
  original: SettlementLine,
  settlementId: string,
  change: { newPriceFen?: number; newSelfPayShareBp?: number },
  reason: string,
): SettlementLine {
  if (original.kind !== 'service') throw new SettlementError('只能调整服务行 / only service lines can be repriced');
  if (!reason.trim()) throw new SettlementError('须填写调整原因 / a reason is required');
  const price = change.newPriceFen ?? original.priceFen;
  const bp = change.newSelfPayShareBp ?? original.selfPayShareBp;
  if (price < 0) throw new SettlementError('新价格不得为负 / new price must not be negative');
  const s = splitFen(price, bp);
  return {
    ...original,
    kind: 'adjustment',
    selfPayShareBp: bp,
    priceFen: price - original.priceFen,
    subsidyFen: s.subsidyFen - original.subsidyFen,
    selfPayFen: s.selfPayFen - original.selfPayFen,
    refersTo: { settlementId, visitId: original.visitId },
    reason,
  };
}

// ---------------------------------------------------------------------------------------------
// Bank payment file

/** Fixed column layout of the payment file. */
export const PAYMENT_FILE_COLUMNS = ['收款户名', '收款账号', '金额(元)', '用途'] as const;

export interface PaymentRow {
  accountName: string;
  accountNumber: string;
  amountFen: number;
}
export interface PaymentFile {
  csv: string;
  count: number;
  totalFen: number;
  totalYuan: string;
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * CSV text (UTF-8, CRLF, header row) with columns 收款户名, 收款账号, 金额(元), 用途; amounts are
 * computed from fen exactly with 2 decimals; purpose 'YYYY-MM 居家养老服务补贴'. Rows with a
 * zero amount are left out; negative amounts, malformed accounts and names that a spreadsheet
 * would run as a formula (leading = + - @) are rejected.
 */
export function paymentFile(month: string, rows: readonly PaymentRow[], opts: { header?: boolean; bom?: boolean } = {}): PaymentFile {
  monthEnd(month);
  const purpose = `${month} 居家养老服务补贴`;
  const out: string[] = [];
  if (opts.header !== false) out.push(PAYMENT_FILE_COLUMNS.join(','));
  let totalFen = 0;
  let count = 0;
  for (const r of rows) {
    if (!Number.isSafeInteger(r.amountFen) || r.amountFen < 0)
      throw new SettlementError(`付款金额须为非负整数分 / amount must be non-negative integer fen: ${r.accountName} ${r.amountFen}`);
    if (r.amountFen === 0) continue;
    const name = r.accountName.trim();
    if (!name || /[\r\n\t]/.test(name) || /^[=+\-@]/.test(name))
      throw new SettlementError(`收款户名无效 / invalid payee name: ${JSON.stringify(r.accountName)}`);
    if (!/^\d{8,32}$/.test(r.accountNumber)) throw new SettlementError(`收款账号须为 8-32 位数字 / invalid account number for ${name}`);
    out.push([csvField(name), r.accountNumber, fenToYuan(r.amountFen), purpose].join(','));
    totalFen += r.amountFen;
    count++;
  }
  const csv = (opts.bom ? '\uFEFF' : '') + out.map((l) => `${l}\r\n`).join('');
  return { csv, count, totalFen, totalYuan: fenToYuan(totalFen) };
}

/**
 * Payment rows for the month's settlements: one per provider with a payable amount, using the
 * provider's bank account. Throws (naming the provider) when a payable provider has no account.
 */
export function paymentRowsFromSettlements(
  settlements: readonly Pick<SettlementComputation, 'providerId' | 'totals'>[],
  accounts: ReadonlyMap<string, { accountName: string; accountNumber: string } | null>,
): PaymentRow[] {
  const rows: PaymentRow[] = [];
  for (const s of settlements) {
    if (s.totals.payableFen <= 0) continue;
    const acc = accounts.get(s.providerId);
    if (!acc) throw new SettlementError(`服务机构 ${s.providerId} 未登记收款账户 / provider ${s.providerId} has no bank account`);
    rows.push({ accountName: acc.accountName, accountNumber: acc.accountNumber, amountFen: s.totals.payableFen });
  }
  return rows;
}
