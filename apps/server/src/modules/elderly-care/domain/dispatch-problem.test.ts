import { describe, expect, it } from 'vitest';
import { buildDispatchProblem, type DispatchCaregiverInput, type DispatchVisitInput } from './dispatch-problem.ts';

const cg = (id: string, over: Partial<DispatchCaregiverInput> = {}): DispatchCaregiverInput => ({
  id,
  providerId: 'PV1',
  skills: ['personal_care', 'meal'],
  shiftStart: '08:00',
  shiftEnd: '17:00',
  break: { start: '11:30', end: '13:30', durationMin: 60 },
  home: { lat: 28.07, lng: 119.14 },
  maxWorkMin: 480,
  status: 'active',
  ...over,
});
const vi = (id: string, over: Partial<DispatchVisitInput> = {}): DispatchVisitInput => ({
  id,
  providerId: 'PV1',
  lat: 28.08,
  lng: 119.15,
  windowStart: '09:00',
  windowEnd: '10:30',
  durationMin: 45,
  requiredSkills: ['meal'],
  priority: 1,
  ...over,
});
const ctx = { date: '2024-05-11', blacklistedProviderIds: ['PVX'], blacklistedCaregiverIds: ['C-BAD'] };

describe('buildDispatchProblem', () => {
  it('converts to minutes from midnight in the solver-neutral shape', () => {
    const p = buildDispatchProblem([vi('v1', { preferredCaregiverId: 'C1', priority: 3 })], [cg('C1')], ctx);
    expect(p).toEqual({
      date: '2024-05-11',
      caregivers: [
        {
          id: 'C1',
          start: { lat: 28.07, lng: 119.14 },
          shift: { start: 480, end: 1020 },
          break: { start: 690, end: 810, duration: 60 },
          skills: ['personal_care', 'meal'],
          maxWorkMinutes: 480,
        },
      ],
      visits: [
        {
          id: 'v1',
          location: { lat: 28.08, lng: 119.15 },
          timeWindow: { start: 540, end: 630 },
          duration: 45,
          requiredSkills: ['meal'],
          preferredCaregiver: 'C1',
          priority: 3,
        },
      ],
      excluded: [],
      notes: [],
    });
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });
  it('caregiver without break has no break key', () => {
    expect(buildDispatchProblem([], [cg('C1', { break: null })], ctx).caregivers[0]).not.toHaveProperty('break');
  });
  it.each([
    ['blacklisted caregiver', cg('C-BAD'), 'CAREGIVER_BLACKLISTED'],
    ['caregiver of a blacklisted provider', cg('C2', { providerId: 'PVX' }), 'PROVIDER_BLACKLISTED'],
    ['on leave', cg('C2', { status: 'on_leave' }), 'CAREGIVER_NOT_ACTIVE'],
    ['shift ends before it starts', cg('C2', { shiftStart: '17:00', shiftEnd: '08:00' }), 'BAD_SHIFT'],
    ['malformed shift', cg('C2', { shiftStart: '8am' }), 'BAD_SHIFT'],
    ['break outside the shift', cg('C2', { break: { start: '07:00', end: '09:00', durationMin: 30 } }), 'BAD_BREAK'],
    ['break longer than its window', cg('C2', { break: { start: '12:00', end: '12:30', durationMin: 45 } }), 'BAD_BREAK'],
    ['no home position', cg('C2', { home: { lat: Number.NaN, lng: 119 } }), 'BAD_LOCATION'],
  ] as const)('excludes caregiver: %s', (_n, c, reason) => {
    const p = buildDispatchProblem([], [cg('C1'), c], ctx);
    expect(p.caregivers.map((x) => x.id)).toEqual(['C1']);
    expect(p.excluded).toEqual([{ kind: 'caregiver', id: c.id, reason, message: expect.any(String) }]);
  });
  it.each([
    ['visit of a blacklisted provider', vi('v2', { providerId: 'PVX' }), 'PROVIDER_BLACKLISTED'],
    ['window end before start', vi('v2', { windowStart: '10:00', windowEnd: '09:00' }), 'BAD_WINDOW'],
    ['zero duration', vi('v2', { durationMin: 0 }), 'BAD_DURATION'],
    ['no coordinates', vi('v2', { lat: 0, lng: 0 }), 'BAD_LOCATION'],
    ['skill nobody has', vi('v2', { requiredSkills: ['nursing'] }), 'NO_QUALIFIED_CAREGIVER'],
    ['duplicate id', vi('v1'), 'DUPLICATE_ID'],
  ] as const)('excludes visit: %s', (_n, v, reason) => {
    const p = buildDispatchProblem([vi('v1'), v], [cg('C1')], ctx);
    expect(p.visits.map((x) => x.id)).toEqual(['v1']);
    expect(p.excluded).toEqual([{ kind: 'visit', id: v.id, reason, message: expect.any(String) }]);
  });
  it('a skill only a blacklisted caregiver has makes the visit unservable', () => {
    const p = buildDispatchProblem([vi('v1', { requiredSkills: ['bathing'] })], [cg('C1'), cg('C-BAD', { skills: ['bathing'] })], ctx);
    expect(p.excluded.map((e) => `${e.kind}:${e.id}:${e.reason}`)).toEqual([
      'caregiver:C-BAD:CAREGIVER_BLACKLISTED',
      'visit:v1:NO_QUALIFIED_CAREGIVER',
    ]);
  });
  it('preferred caregiver who is excluded is dropped with a note', () => {
    const p = buildDispatchProblem([vi('v1', { preferredCaregiverId: 'C-BAD' })], [cg('C1'), cg('C-BAD')], ctx);
    expect(p.visits[0]).not.toHaveProperty('preferredCaregiver');
    expect(p.notes).toEqual([{ visitId: 'v1', code: 'PREFERENCE_DROPPED', message: expect.stringContaining('C-BAD') }]);
  });
  it('priority is an integer >= 1; a zero-length window is allowed (fixed start)', () => {
    const p = buildDispatchProblem([vi('v1', { priority: 0 }), vi('v2', { windowStart: '09:00', windowEnd: '09:00' })], [cg('C1')], ctx);
    expect(p.visits.map((v) => [v.priority, v.timeWindow.start, v.timeWindow.end])).toEqual([
      [1, 540, 630],
      [1, 540, 540],
    ]);
  });
});
