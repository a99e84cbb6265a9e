import { describe, expect, it } from 'vitest';
import { passwordProblems } from './auth.ts';
import { findIllFormedText, illFormedTextProblem, storableText } from './text.ts';

describe('ill-formed text', () => {
  it('finds lone surrogates and NUL, accepts proper pairs', () => {
    expect(illFormedTextProblem('a\ud800b')).toBe('LONE_SURROGATE');
    expect(illFormedTextProblem('\udc00x')).toBe('LONE_SURROGATE');
    expect(illFormedTextProblem('x\u0000')).toBe('NUL');
    expect(illFormedTextProblem('龙泉 😀')).toBeNull();
    expect(storableText('a\ud800b\u0000')).toBe('a\ufffdb\ufffd');
    expect(storableText('😀')).toBe('😀');
  });
  it('walks nested values and keys with a path', () => {
    expect(findIllFormedText({ a: [1, { b: 'ok' }, 'x\ud800'] })).toEqual({ path: 'a[2]', problem: 'LONE_SURROGATE' });
    expect(findIllFormedText({ ['k\u0000']: 1 })).toMatchObject({ problem: 'NUL' });
    expect(findIllFormedText({ a: ['ok', 2, null] })).toBeNull();
  });
});

describe('password policy', () => {
  it('refuses short, single-class, user-name, common and patterned passwords', () => {
    expect(passwordProblems('Password1')).toEqual(expect.arrayContaining(['LENGTH', 'COMMON']));
    expect(passwordProblems('Password123!')).toEqual(['COMMON']);
    expect(passwordProblems('P@ssw0rd2026!')).toEqual(['COMMON']);
    expect(passwordProblems('Longquan@2026')).toEqual(['COMMON']);
    expect(passwordProblems('Abcdefgh1234!')).toEqual(['PATTERN']);
    expect(passwordProblems('alllowercase')).toContain('CLASSES');
    expect(passwordProblems('Zh7!town-331181203', { username: 'town-331181203' })).toEqual(['USERNAME']);
    expect(passwordProblems('My#Secret2099', { forbidden: ['My#Secret2099'] })).toEqual(['COMMON']);
    expect(passwordProblems('Zh7!cabin-river')).toEqual([]);
  });
});
