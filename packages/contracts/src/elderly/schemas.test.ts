import { describe, expect, it } from 'vitest';
import {
  ApplicationCreate,
  BlacklistEntryCreate,
  CaregiverUpsert,
  Frequency,
  MenuItemVersionCreate,
  PhotoDataUrl,
  ProviderUpsert,
  SubsidyRule,
  VisitCheckOutBody,
} from './index.ts';

const ok = (s: { safeParse: (v: unknown) => { success: boolean } }, v: unknown) => expect(s.safeParse(v).success).toBe(true);
const bad = (s: { safeParse: (v: unknown) => { success: boolean } }, v: unknown) => expect(s.safeParse(v).success).toBe(false);

const terms = { monthlyAmountFen: 10000, monthlyHours: 4, selfPayShareBp: 0 };

describe('elderly contracts', () => {
  it('menu item versions: integer fen, effective dates', () => {
    const item = {
      code: 'ZC-01',
      nameZh: '上门助餐',
      category: '助餐',
      standardDurationMin: 30,
      requiredSkill: 'meal',
      priceFen: 1500,
      checklist: [{ key: 'deliver', label: '送餐到户' }],
      validFrom: '2024-01-01',
      validTo: null,
    };
    ok(MenuItemVersionCreate, item);
    bad(MenuItemVersionCreate, { ...item, priceFen: 15.5 });
    bad(MenuItemVersionCreate, { ...item, validTo: '2023-12-31' });
    bad(MenuItemVersionCreate, { ...item, code: 'zc 01' });
  });
  it('providers: kinds and region codes', () => {
    const p = { name: '龙渊街道居家养老服务中心', kind: 'home_care_center', regionCode: '331181001', serviceAreaCodes: ['331181001'] };
    ok(ProviderUpsert, p);
    bad(ProviderUpsert, { ...p, kind: 'hospital' });
    bad(ProviderUpsert, { ...p, serviceAreaCodes: ['3311'] });
  });
  it('caregivers: HH:MM shift, skills', () => {
    const c = {
      providerId: 'p1',
      name: '李芳',
      skills: ['personal_care'],
      shiftStart: '08:00',
      shiftEnd: '17:00',
      home: { lat: 28.07, lng: 119.14 },
    };
    ok(CaregiverUpsert, c);
    bad(CaregiverUpsert, { ...c, shiftEnd: '07:00' });
    bad(CaregiverUpsert, { ...c, shiftStart: '8:00' });
    bad(CaregiverUpsert, { ...c, skills: [] });
  });
  it('frequency: once or weekly with distinct weekdays', () => {
    ok(Frequency, { kind: 'once', date: '2024-05-01' });
    ok(Frequency, { kind: 'weekly', weekdays: [1, 3, 5], startDate: '2024-05-01' });
    bad(Frequency, { kind: 'weekly', weekdays: [1, 1], startDate: '2024-05-01' });
    bad(Frequency, { kind: 'weekly', weekdays: [0], startDate: '2024-05-01' });
    bad(Frequency, { kind: 'daily' });
  });
  it('applications', () => {
    ok(ApplicationCreate, {
      personId: 'x',
      channel: 'self',
      items: [{ itemCode: 'ZC-01', frequency: { kind: 'once', date: '2024-05-01' }, windowStart: '09:00', windowEnd: '11:00' }],
    });
    bad(ApplicationCreate, { personId: 'x', channel: 'self', items: [] });
    bad(ApplicationCreate, {
      personId: 'x',
      channel: 'self',
      items: [{ itemCode: 'ZC-01', frequency: { kind: 'once', date: '2024-05-01' }, windowStart: '11:00', windowEnd: '09:00' }],
    });
  });
  it('visit check-out: small data-URL photo only', () => {
    const b = {
      at: '2024-05-01T09:30:00+08:00',
      position: { lat: 28.07, lng: 119.14 },
      checklist: [{ key: 'deliver', done: true }],
      version: 1,
    };
    ok(VisitCheckOutBody, b);
    ok(VisitCheckOutBody, { ...b, photo: 'data:image/jpeg;base64,/9j/4AAQ' });
    bad(VisitCheckOutBody, { ...b, at: '2024-05-01 09:30' });
    bad(PhotoDataUrl, 'http://example.com/a.jpg');
    bad(PhotoDataUrl, `data:image/png;base64,${'A'.repeat(400_001)}`);
  });
  it('subsidy rules', () => {
    const rule = {
      version: 'DEMO-2024',
      validFrom: '2024-01-01',
      validTo: null,
      elderlyAgeThreshold: 80,
      elderlyBonus: { monthlyAmountFen: 0, monthlyHours: 0 },
      byStatus: { 特困: terms, 低保: terms, 低保边缘: terms },
      byLevel: { 0: terms, 1: terms, 2: terms, 3: terms, 4: terms },
      source: 'DEMO PARAMETERS',
    };
    const parsed = SubsidyRule.parse(rule);
    expect(parsed.minAge).toBe(60);
    bad(SubsidyRule, { ...rule, byLevel: { 0: terms } });
    bad(SubsidyRule, { ...rule, byStatus: { ...rule.byStatus, 低保: { ...terms, selfPayShareBp: 10001 } } });
  });
  it('blacklist entries', () => {
    ok(BlacklistEntryCreate, {
      subjectKind: 'provider',
      subjectId: 'p1',
      reason: '虚报服务',
      decisionRef: '龙民〔2024〕1号',
      validFrom: '2024-01-01',
      validTo: null,
    });
  });
});
