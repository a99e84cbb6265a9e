import { z } from 'zod';

export const ROLES = [
  'admin',
  'county_staff',
  'township_staff',
  'village_worker',
  'child_supervisor',
  'provider_staff',
  'caregiver',
  'auditor',
  'resident',
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '系统管理员', en: 'System admin' },
  county_staff: { zh: '市民政局', en: 'County staff' },
  township_staff: { zh: '乡镇(街道)民政经办', en: 'Township staff' },
  village_worker: { zh: '村(社区)工作者', en: 'Village worker' },
  child_supervisor: { zh: '儿童督导员', en: 'Child supervisor' },
  provider_staff: { zh: '服务机构人员', en: 'Provider staff' },
  caregiver: { zh: '护理员', en: 'Caregiver' },
  auditor: { zh: '审计/纪检', en: 'Auditor' },
  resident: { zh: '居民', en: 'Resident' },
};

/** Roles that must be able to enrol a second factor (privileged users). */
export const PRIVILEGED_ROLES: readonly Role[] = ['admin', 'county_staff'];
