import type { Role } from '@lq/contracts';

export interface DemoAccount {
  username: string;
  displayName: string;
  roles: Role[];
  regionCode: string;
}

/** The demo accounts of a county: admin, county staff, auditor, and staff per township-level unit. */
export function demoAccounts(county: { code: string; name: string }, townships: { code: string; name: string }[]): DemoAccount[] {
  return [
    { username: 'admin', displayName: '系统管理员(演示)', roles: ['admin'], regionCode: county.code },
    { username: 'county', displayName: `${county.name}民政局(演示)`, roles: ['county_staff'], regionCode: county.code },
    { username: 'auditor', displayName: '审计员(演示)', roles: ['auditor'], regionCode: county.code },
    ...townships.map((t) => ({
      username: `town-${t.code}`,
      displayName: `${t.name}民政经办(演示)`,
      roles: ['township_staff'] as Role[],
      regionCode: t.code,
    })),
  ];
}
