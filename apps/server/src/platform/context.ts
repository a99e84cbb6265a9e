import type { Role } from '@lq/contracts';

/** Who is acting, from where: passed explicitly to every use case (routes, CLI, seed and jobs alike). */
export interface Actor {
  userId: string | null;
  username: string;
  displayName: string;
  roles: Role[];
  regionCode: string;
  providerId: string | null;
  requestId: string | null;
  ip: string | null;
}

export const COUNTY_CODE_DEFAULT = '331181';

export function systemActor(regionCode = COUNTY_CODE_DEFAULT, label = 'system'): Actor {
  return {
    userId: null,
    username: label,
    displayName: label,
    roles: ['admin'],
    regionCode,
    providerId: null,
    requestId: null,
    ip: null,
  };
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

/** Region codes are hierarchical prefixes: 331181 > 331181203 > 331181203201. */
export function inRegion(actorRegion: string, targetRegion: string | null | undefined): boolean {
  return !!targetRegion && targetRegion.startsWith(actorRegion);
}
