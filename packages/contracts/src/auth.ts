import { z } from 'zod';
import { Role } from './roles.ts';
import { safeText } from './text.ts';

export const LoginBody = z.object({
  username: safeText(1, 64),
  password: safeText(1, 256),
  totp: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});

export const Me = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(Role),
  regionCode: z.string(),
  regionName: z.string(),
  providerId: z.string().nullable(),
  isDemo: z.boolean(),
  totpEnabled: z.boolean(),
  mustEnrolTotp: z.boolean(),
});
export type Me = z.infer<typeof Me>;

export const LoginResponse = z.object({ csrfToken: z.string(), user: Me });

export type PasswordProblem = 'LENGTH' | 'CLASSES' | 'USERNAME' | 'COMMON' | 'PATTERN';
export const PASSWORD_MIN_LENGTH = 10;

// Words that put a password on every guessing list (checked in lower case and with the usual
// letter-for-digit swaps undone, so 'P@ssw0rd' counts as 'password').
const COMMON_WORDS = [
  'password',
  'passwd',
  'qwer',
  'asdf',
  'zxcv',
  '1qaz',
  'qazwsx',
  'iloveyou',
  'welcome',
  'letmein',
  'admin',
  'longquan',
  'woaini',
  'monkey',
  'dragon',
  'master',
  'sunshine',
  'princess',
  'football',
  'superman',
  'trustno',
  'changeme',
  'default',
];
const LEET: Record<string, string> = { '@': 'a', '4': 'a', '0': 'o', '1': 'i', '!': 'i', '3': 'e', $: 's', '5': 's', '7': 't' };

/** The password without runs of 3+ repeated or consecutive characters ('aaa', 'abcd', '4321'). */
function withoutRuns(s: string): string {
  const c = [...s.toLowerCase()].map((ch) => ch.codePointAt(0) ?? 0);
  const keep = c.map(() => true);
  for (let i = 0; i + 2 < c.length; i++) {
    const d = c[i + 1] - c[i];
    if (Math.abs(d) > 1 || c[i + 2] - c[i + 1] !== d) continue;
    let j = i + 2;
    while (j + 1 < c.length && c[j + 1] - c[j] === d) j++;
    for (let k = i; k <= j; k++) keep[k] = false;
    i = j - 1;
  }
  return c.filter((_, i) => keep[i]).length ? String.fromCodePoint(...c.filter((_, i) => keep[i])) : '';
}

/**
 * Why a password is too weak: fewer than 10 characters, fewer than three of (lower, upper, digit,
 * symbol), contains the user name (or a 4+ character part of it), contains a common word or a
 * password given in `forbidden` (the demo password), or is mostly repeated/sequential characters.
 */
export function passwordProblems(password: string, opts: { username?: string; forbidden?: string[] } = {}): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push('LENGTH');
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (classes < 3) problems.push('CLASSES');
  const lower = password.toLowerCase();
  const user = (opts.username ?? '').toLowerCase();
  const userParts = [user, ...user.split(/[-_.@\s]+/)].filter((p) => p.length >= 4 || (p === user && p.length >= 3));
  if (userParts.some((p) => lower.includes(p))) problems.push('USERNAME');
  const plain = [...lower].map((ch) => LEET[ch] ?? ch).join('');
  const forbidden = (opts.forbidden ?? []).filter((f) => f.length >= 4).map((f) => f.toLowerCase());
  if (COMMON_WORDS.some((w) => lower.includes(w) || plain.includes(w)) || forbidden.some((f) => lower.includes(f))) {
    problems.push('COMMON');
  }
  if (withoutRuns(password).length < 6) problems.push('PATTERN');
  return problems;
}

export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, string> = {
  LENGTH: `密码至少${PASSWORD_MIN_LENGTH}位 / at least ${PASSWORD_MIN_LENGTH} characters`,
  CLASSES: '密码需包含大写字母、小写字母、数字、符号中的至少三类 / use 3 of: upper, lower, digit, symbol',
  USERNAME: '密码不能包含用户名 / must not contain the user name',
  COMMON: '密码含有常见词或默认密码,容易被猜中 / contains a common word or the default password',
  PATTERN: '密码主要由重复或连续字符组成 / mostly repeated or consecutive characters',
};

export const StrongPassword = safeText(1, 256).superRefine((v, ctx) => {
  for (const p of passwordProblems(v)) ctx.addIssue({ code: 'custom', message: PASSWORD_PROBLEM_MESSAGES[p] });
});

export const ChangePasswordBody = z.object({ currentPassword: safeText(1, 256), newPassword: StrongPassword });
export const TotpEnrolResponse = z.object({ secret: z.string(), otpauthUrl: z.string(), qrDataUrl: z.string() });
export const TotpConfirmBody = z.object({ code: z.string().regex(/^\d{6}$/) });

export const UserSummary = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(Role),
  regionCode: z.string(),
  status: z.string(),
  isDemo: z.boolean(),
  totpEnabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
});
export const CreateUserBody = z.object({
  username: z.string().regex(/^[a-zA-Z0-9_.-]{3,64}$/),
  displayName: z.string().min(1).max(64),
  roles: z.array(Role).min(1),
  regionCode: z.string(),
  providerId: z.string().optional(),
  password: StrongPassword,
});
export const UserActionBody = z.object({ reason: z.string().max(500).optional() });
export const SecuritySettings = z.object({ requireTotpForPrivileged: z.boolean() });
