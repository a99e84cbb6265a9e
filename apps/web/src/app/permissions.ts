/**
 * What each role may see and do in the console. The server enforces the same rules;
 * these only decide which menu entries and buttons are shown (never merely disabled).
 */
import type { Role } from '@lq/contracts';

export type Capability =
  | 'people.read'
  | 'people.write'
  | 'people.reveal'
  | 'households.read'
  | 'households.write'
  | 'imports.use'
  | 'audit.read'
  | 'admin.users'
  | 'admin.regions'
  | 'admin.security'
  | 'admin.apiDocs';

const STAFF: Role[] = ['county_staff', 'township_staff', 'village_worker'];

const MATRIX: Record<Capability, Role[]> = {
  'people.read': ['admin', ...STAFF, 'child_supervisor', 'auditor'],
  'people.write': [...STAFF],
  'people.reveal': [...STAFF, 'child_supervisor', 'auditor'],
  'households.read': ['admin', ...STAFF, 'child_supervisor', 'auditor'],
  'households.write': [...STAFF],
  'imports.use': [...STAFF],
  'audit.read': ['admin', 'auditor'],
  'admin.users': ['admin'],
  'admin.regions': ['admin'],
  'admin.security': ['admin'],
  'admin.apiDocs': ['admin'],
};

export function can(roles: readonly Role[] | undefined, cap: Capability): boolean {
  if (!roles) return false;
  return roles.some((r) => MATRIX[cap].includes(r));
}
