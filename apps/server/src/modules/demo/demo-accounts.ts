import type { Role } from '@lq/contracts';

export interface DemoAccount {
  username: string;
  displayName: string;
  roles: Role[];
  regionCode: string;
}

/**
 * The demo accounts of a county: admin, county staff, auditor, staff per township-level unit, and a
 * village worker (村务工作者) for the first village (by code) of each township when villages are given.
 */
export function demoAccounts(
  county: { code: string; name: string },
  townships: { code: string; name: string }[],
  villages: { code: string; name: string; parentCode: string | null }[] = [],
): DemoAccount[] {
  const firstVillage = new Map<string, { code: string; name: string }>();
  for (const v of [...villages].sort((a, b) => a.code.localeCompare(b.code)))
    if (v.parentCode && !firstVillage.has(v.parentCode)) firstVillage.set(v.parentCode, v);
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
    ...townships.flatMap((t) => {
      const v = firstVillage.get(t.code);
      return v
        ? [
            {
              username: `village-${v.code}`,
              displayName: `${t.name}${v.name}村务工作者(演示)`,
              roles: ['village_worker'] as Role[],
              regionCode: v.code,
            },
          ]
        : [];
    }),
  ];
}
