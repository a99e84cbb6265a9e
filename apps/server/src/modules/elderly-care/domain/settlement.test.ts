import { describe, expect, it } from 'vitest';
import {
  computeSettlement,
  PAYMENT_FILE_COLUMNS,
  type PricedItemVersion,
  paymentFile,
  paymentRowsFromSettlements,
  repriceLine,
  reversalLine,
  type SettlementOrder,
  type SettlementVisit,
  splitFen,
} from './settlement.ts';
import { mulberry32 } from './util.ts';

const versions = new Map<string, PricedItemVersion>([
  ['ZC-01@1', { id: 'ZC-01@1', code: 'ZC-01', priceFen: 1500 }],
  ['ZC-01@2', { id: 'ZC-01@2', code: 'ZC-01', priceFen: 1800 }], // later price rise
  ['ZJ-01@1', { id: 'ZJ-01@1', code: 'ZJ-01', priceFen: 4999 }],
]);
const orders = new Map<string, SettlementOrder>([
  ['O1', { id: 'O1', selfPayShareBp: 0, itemVersionIds: { 'ZC-01': 'ZC-01@1', 'ZJ-01': 'ZJ-01@1' } }],
  ['O2', { id: 'O2', selfPayShareBp: 3333, itemVersionIds: { 'ZC-01': 'ZC-01@2' } }],
  ['O3', { id: 'O3', selfPayShareBp: null, itemVersionIds: { 'ZC-01': 'ZC-01@2' } }],
  ['O4', { id: 'O4', selfPayShareBp: 1000, itemVersionIds: { 'ZC-01': 'missing' } }],
]);
const visit = (id: string, over: Partial<SettlementVisit> = {}): SettlementVisit => ({
  id,
  orderId: 'O1',
  providerId: 'PV1',
  itemCode: 'ZC-01',
  serviceDate: '2024-05-10',
  status: 'cleared',
  ...over,
});
const run = (visits: SettlementVisit[], extra = {}) =>
  computeSettlement({ providerId: 'PV1', month: '2024-05', visits, orders, itemVersions: versions, ...extra });

describe('splitFen never loses a fen', () => {
  it.each([
    [1500, 0, 1500, 0],
    [1500, 10000, 0, 1500],
    [1500, 3000, 1050, 450],
    [1, 5000, 0, 1], // 0.5 rounds half up to the self-pay part
    [3, 5000, 1, 2],
    [1800, 3333, 1200, 600], // 599.94 -> 600
    [4999, 3333, 3333, 1666], // 1666.17 -> 1666
    [-1800, 3333, -1200, -600],
    [0, 5000, 0, 0],
  ])('price %i at %i bp -> subsidy %i + self-pay %i', (price, bp, subsidy, self) => {
    expect(splitFen(price, bp)).toEqual({ subsidyFen: subsidy, selfPayFen: self });
  });
  it('property: parts add up and self-pay is within half a fen of the exact share (random)', () => {
    const rnd = mulberry32(1);
    for (let i = 0; i < 20_000; i++) {
      const price = Math.floor(rnd() * 1_000_000) * (rnd() < 0.1 ? -1 : 1);
      const bp = Math.floor(rnd() * 10_001);
      const { subsidyFen, selfPayFen } = splitFen(price, bp);
      expect(subsidyFen + selfPayFen).toBe(price);
      expect(Math.abs(selfPayFen - (price * bp) / 10000)).toBeLessThanOrEqual(0.5);
      expect(splitFen(-price, bp)).toEqual({ subsidyFen: -subsidyFen || 0, selfPayFen: -selfPayFen || 0 });
    }
  });
  it('rejects fractions and bad shares', () => {
    expect(() => splitFen(1.5, 0)).toThrow();
    expect(() => splitFen(100, 10001)).toThrow();
    expect(() => splitFen(100, -1)).toThrow();
  });
});

describe('computeSettlement', () => {
  it('prices from the order’s item version and splits by the order’s share', () => {
    const r = run([visit('v1'), visit('v2', { orderId: 'O2' }), visit('v3', { itemCode: 'ZJ-01' })]);
    expect(r.lines.map((l) => [l.visitId, l.itemVersionId, l.priceFen, l.subsidyFen, l.selfPayFen])).toEqual([
      ['v1', 'ZC-01@1', 1500, 1500, 0],
      ['v2', 'ZC-01@2', 1800, 1200, 600],
      ['v3', 'ZJ-01@1', 4999, 4999, 0],
    ]);
    expect(r.totals).toEqual({ lines: 3, priceFen: 8299, subsidyFen: 7699, selfPayFen: 600, payableFen: 7699, recoverFen: 0 });
    expect(r.skipped).toEqual([]);
  });
  it.each([
    ['not cleared', visit('x', { status: 'confirmed' }), 'NOT_CLEARED'],
    ['flagged', visit('x', { status: 'flagged' }), 'NOT_CLEARED'],
    ['already settled status', visit('x', { status: 'settled' }), 'ALREADY_PAID'],
    ['other provider', visit('x', { providerId: 'PV2' }), 'OTHER_PROVIDER'],
    ['after the month', visit('x', { serviceDate: '2024-06-01' }), 'AFTER_MONTH'],
    ['unknown order', visit('x', { orderId: 'O9' }), 'ORDER_NOT_FOUND'],
    ['no subsidy decision', visit('x', { orderId: 'O3' }), 'NO_SUBSIDY_DECISION'],
    ['item version missing', visit('x', { orderId: 'O4' }), 'ITEM_VERSION_NOT_FOUND'],
    ['item not on the order', visit('x', { itemCode: 'ZY-09' }), 'ITEM_VERSION_NOT_FOUND'],
  ] as const)('skips %s', (_n, v, reason) => {
    const r = run([v]);
    expect(r.lines).toEqual([]);
    expect(r.skipped).toEqual([{ visitId: 'x', reason, message: expect.any(String) }]);
    expect(r.totals.payableFen).toBe(0);
  });
  it('includes late-cleared visits of earlier months; last day of month included', () => {
    const r = run([visit('a', { serviceDate: '2024-04-28' }), visit('b', { serviceDate: '2024-05-31' })]);
    expect(r.lines.map((l) => l.visitId)).toEqual(['a', 'b']);
  });
  it('pays once and only once: already paid ids and duplicates are skipped', () => {
    const r = run([visit('a'), visit('a'), visit('b')], { paidVisitIds: new Set(['b']) });
    expect(r.lines.map((l) => l.visitId)).toEqual(['a']);
    expect(r.skipped.map((s) => `${s.visitId}:${s.reason}`)).toEqual(['a:DUPLICATE', 'b:ALREADY_PAID']);
  });
  it('rejects a bad month', () => {
    expect(() => computeSettlement({ providerId: 'PV1', month: '2024-13', visits: [], orders, itemVersions: versions })).toThrow(/YYYY-MM/);
  });
  it('totals always add up (random batch)', () => {
    const rnd = mulberry32(3);
    const vs = Array.from({ length: 2000 }, (_, i) => visit(`v${i}`, { orderId: rnd() < 0.5 ? 'O1' : 'O2', itemCode: 'ZC-01' }));
    const r = run(vs);
    expect(r.totals.subsidyFen + r.totals.selfPayFen).toBe(r.totals.priceFen);
    expect(r.lines.every((l) => l.subsidyFen + l.selfPayFen === l.priceFen)).toBe(true);
  });
});

describe('adjusting entries', () => {
  const april = run([visit('v1', { orderId: 'O2', serviceDate: '2024-04-10' })]);
  const original = april.lines[0];

  it('reversal negates the original exactly and references it', () => {
    const adj = reversalLine(original, 'S-2024-04-PV1', '回访核实未上门');
    expect(adj).toMatchObject({
      kind: 'adjustment',
      visitId: 'v1',
      priceFen: -1800,
      subsidyFen: -1200,
      selfPayFen: -600,
      refersTo: { settlementId: 'S-2024-04-PV1', visitId: 'v1' },
      reason: '回访核实未上门',
    });
    const may = run([visit('v2')], { adjustments: [adj] });
    expect(may.totals).toEqual({
      lines: 2,
      priceFen: 1500 - 1800,
      subsidyFen: 1500 - 1200,
      selfPayFen: -600,
      payableFen: 300,
      recoverFen: 0,
    });
  });
  it('negative balance becomes an amount to recover, never a negative payment', () => {
    const may = run([], { adjustments: [reversalLine(original, 'S1', '虚假记录')] });
    expect(may.totals).toMatchObject({ subsidyFen: -1200, payableFen: 0, recoverFen: 1200 });
  });
  it.each<[{ newPriceFen?: number; newSelfPayShareBp?: number }, number, number, number]>([
    [{ newPriceFen: 1500 }, -300, -200, -100],
    [{ newSelfPayShareBp: 0 }, 0, 600, -600],
    [{ newPriceFen: 2000, newSelfPayShareBp: 1000 }, 200, 600, -400],
  ])('reprice %o -> price %i, subsidy %i, self-pay %i', (change, dp, ds, dself) => {
    const adj = repriceLine(original, 'S1', change, '更正');
    expect([adj.priceFen, adj.subsidyFen, adj.selfPayFen]).toEqual([dp, ds, dself]);
    expect(adj.subsidyFen + adj.selfPayFen).toBe(adj.priceFen);
    expect(original.subsidyFen + adj.subsidyFen).toBe(splitFen(change.newPriceFen ?? 1800, change.newSelfPayShareBp ?? 3333).subsidyFen);
  });
  it('guards', () => {
    expect(() => reversalLine(original, 'S1', ' ')).toThrow(/reason/);
    const adj = reversalLine(original, 'S1', 'x');
    expect(() => reversalLine(adj, 'S1', 'x')).toThrow();
    expect(() => run([], { adjustments: [{ ...adj, refersTo: null }] })).toThrow(/reference/);
    expect(() => run([], { adjustments: [{ ...adj, subsidyFen: adj.subsidyFen + 1 }] })).toThrow(/add up/);
  });
});

describe('payment file', () => {
  it('fixed layout, exact yuan, CRLF, purpose', () => {
    const f = paymentFile('2024-05', [
      { accountName: '龙泉市龙渊街道居家养老服务中心', accountNumber: '6222021207001234567', amountFen: 769_901 },
      { accountName: '查田镇养老互助点', accountNumber: '33050166773500000123', amountFen: 5 },
      { accountName: '零元机构', accountNumber: '12345678', amountFen: 0 },
      { accountName: 'Acme, "Care" Co', accountNumber: '12345678', amountFen: 100 },
    ]);
    expect(f.csv).toBe(
      `${PAYMENT_FILE_COLUMNS.join(',')}\r\n` +
        '龙泉市龙渊街道居家养老服务中心,6222021207001234567,7699.01,2024-05 居家养老服务补贴\r\n' +
        '查田镇养老互助点,33050166773500000123,0.05,2024-05 居家养老服务补贴\r\n' +
        '"Acme, ""Care"" Co",12345678,1.00,2024-05 居家养老服务补贴\r\n',
    );
    expect(f).toMatchObject({ count: 3, totalFen: 770_006, totalYuan: '7700.06' });
  });
  it('options: no header, BOM', () => {
    const f = paymentFile('2024-05', [{ accountName: 'A', accountNumber: '12345678', amountFen: 1 }], { header: false, bom: true });
    expect(f.csv).toBe('\uFEFFA,12345678,0.01,2024-05 居家养老服务补贴\r\n');
  });
  it.each([
    [{ accountName: 'A', accountNumber: '12345678', amountFen: -1 }, /non-negative/],
    [{ accountName: 'A', accountNumber: '12345678', amountFen: 1.5 }, /integer/],
    [{ accountName: '=HYPERLINK()', accountNumber: '12345678', amountFen: 1 }, /payee/],
    [{ accountName: ' ', accountNumber: '12345678', amountFen: 1 }, /payee/],
    [{ accountName: 'A', accountNumber: '6222-0212', amountFen: 1 }, /account number/],
  ])('rejects %o', (row, re) => {
    expect(() => paymentFile('2024-05', [row])).toThrow(re);
  });
  it('large totals stay exact', () => {
    const rows = Array.from({ length: 1000 }, () => ({ accountName: 'A', accountNumber: '12345678', amountFen: 99_999_999 }));
    expect(paymentFile('2024-05', rows).totalYuan).toBe('999999990.00');
  });
});

describe('payment rows from settlements', () => {
  const t = (payableFen: number) => ({ lines: 1, priceFen: payableFen, subsidyFen: payableFen, selfPayFen: 0, payableFen, recoverFen: 0 });
  it('one row per payable provider; zero and negative balances left out', () => {
    const rows = paymentRowsFromSettlements(
      [
        { providerId: 'PV1', totals: t(1200) },
        { providerId: 'PV2', totals: t(0) },
        { providerId: 'PV3', totals: { ...t(0), subsidyFen: -50, recoverFen: 50 } },
      ],
      new Map([['PV1', { accountName: '甲中心', accountNumber: '12345678' }]]),
    );
    expect(rows).toEqual([{ accountName: '甲中心', accountNumber: '12345678', amountFen: 1200 }]);
    expect(paymentFile('2024-05', rows).csv).toContain('甲中心,12345678,12.00,2024-05 居家养老服务补贴');
  });
  it('payable provider without an account is an error naming it', () => {
    expect(() => paymentRowsFromSettlements([{ providerId: 'PV9', totals: t(1) }], new Map())).toThrow(/PV9/);
  });
});
