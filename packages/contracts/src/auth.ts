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

/** 8+ characters with at least three of: lower case, upper case, digits, other symbols. */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if (password.length < 8) problems.push('LENGTH');
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (classes < 3) problems.push('CLASSES');
  return problems;
}
export const StrongPassword = z
  .string()
  .max(256)
  .superRefine((v, ctx) => {
    for (const p of passwordProblems(v)) {
      ctx.addIssue({
        code: 'custom',
        message:
          p === 'LENGTH'
            ? '密码至少8位 / at least 8 characters'
            : '密码需包含大写字母、小写字母、数字、符号中的至少三类 / use 3 of: upper, lower, digit, symbol',
      });
    }
  });

export const ChangePasswordBody = z.object({ currentPassword: z.string(), newPassword: StrongPassword });
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
