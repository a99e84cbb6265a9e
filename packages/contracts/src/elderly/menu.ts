/**
 * 菜单式服务 — the service menu. Each item is effective-dated: a change of price, duration or
 * checklist creates a new version; orders keep the version id they were made under, so a later
 * price change never alters what an existing order is settled at.
 */
import { z } from 'zod';
import { IsoDate } from '../common.ts';
import { CaregiverSkill, EffectiveDated, Fen, Id } from './primitives.ts';

export const MENU_CATEGORIES = ['助餐', '助洁', '助浴', '助医', '生活照料', '康复', '精神慰藉', '其他'] as const;
export const MenuCategory = z.enum(MENU_CATEGORIES);

export const ChecklistItem = z.object({
  key: z.string().regex(/^[a-z0-9_]{1,40}$/),
  label: z.string().min(1).max(100),
  /** A required tick must be done for the visit to count as complete. */
  required: z.boolean().default(true),
});
export type ChecklistItem = z.infer<typeof ChecklistItem>;

const menuItemFields = {
  /** Stable code across versions, e.g. 'ZC-01'. */
  code: z.string().regex(/^[A-Z0-9-]{2,20}$/, '编码为 2-20 位大写字母、数字或 - / code: 2-20 of A-Z 0-9 -'),
  nameZh: z.string().min(1).max(60),
  category: MenuCategory,
  description: z.string().max(500).optional(),
  standardDurationMin: z
    .number()
    .int()
    .min(5)
    .max(24 * 60),
  requiredSkill: CaregiverSkill,
  priceFen: Fen,
  /** How it is charged: per visit (次), per hour (小时) or per meal (餐). */
  unit: z.enum(['visit', 'hour', 'meal']).default('visit'),
  checklist: z.array(ChecklistItem).max(30),
};

export const MenuItemVersionCreate = z
  .object({ ...menuItemFields, ...EffectiveDated.shape })
  .refine((v) => v.validTo === null || v.validTo >= v.validFrom, {
    path: ['validTo'],
    error: 'validTo 不得早于 validFrom / validTo before validFrom',
  });
export type MenuItemVersionCreate = z.infer<typeof MenuItemVersionCreate>;

export const MenuItemVersion = z.object({
  id: Id,
  ...menuItemFields,
  ...EffectiveDated.shape,
  /** 1, 2, ... per code. */
  version: z.number().int().min(1),
  createdAt: z.string(),
});
export type MenuItemVersion = z.infer<typeof MenuItemVersion>;

export const MenuQuery = z.object({
  /** The menu in force on this date (default today). */
  on: IsoDate.optional(),
  category: MenuCategory.optional(),
});
