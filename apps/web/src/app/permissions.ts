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
  | 'admin.apiDocs'
  // 养老服务 (elderly care)
  | 'elderly.overview'
  | 'elderly.menu'
  | 'elderly.menu.write'
  | 'elderly.providers'
  | 'elderly.providers.write'
  | 'elderly.orders'
  | 'elderly.applications'
  | 'elderly.apply'
  | 'elderly.dispatch'
  | 'elderly.care'
  | 'elderly.followups'
  | 'elderly.audit'
  | 'elderly.settlements'
  | 'elderly.settlements.approve'
  | 'elderly.supervision'
  | 'elderly.supervision.write'
  | 'elderly.parameters'
  | 'elderly.parameters.write';

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
  'elderly.overview': ['county_staff', 'township_staff', 'auditor'],
  'elderly.menu': ['county_staff', 'township_staff', 'provider_staff', 'auditor'],
  'elderly.menu.write': ['county_staff'],
  'elderly.providers': ['county_staff', 'township_staff', 'provider_staff', 'auditor'],
  'elderly.providers.write': ['county_staff', 'provider_staff'],
  'elderly.orders': [...STAFF, 'provider_staff', 'auditor'],
  'elderly.applications': ['county_staff', 'township_staff', 'auditor'],
  'elderly.apply': ['township_staff', 'village_worker', 'provider_staff'],
  'elderly.dispatch': ['township_staff', 'provider_staff', 'county_staff', 'auditor'],
  'elderly.care': ['caregiver'],
  'elderly.followups': ['county_staff', 'township_staff', 'auditor'],
  'elderly.audit': ['auditor', 'county_staff'],
  'elderly.settlements': ['county_staff', 'provider_staff', 'auditor'],
  'elderly.settlements.approve': ['county_staff'],
  'elderly.supervision': ['county_staff', 'township_staff', 'auditor'],
  'elderly.supervision.write': ['county_staff'],
  // the server lets every console role read the configuration (CONFIG_READERS); only the county changes it
  'elderly.parameters': ['admin', ...STAFF, 'provider_staff', 'caregiver', 'auditor'],
  'elderly.parameters.write': ['county_staff'],
};

export function can(roles: readonly Role[] | undefined, cap: Capability): boolean {
  if (!roles) return false;
  return roles.some((r) => MATRIX[cap].includes(r));
}
