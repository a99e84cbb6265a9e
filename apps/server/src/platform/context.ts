import type { Role } from '@lq/contracts';
import { loadDeployment } from '../config.ts';

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

/**
 * The platform acting on its own (seed, CLI, jobs) over a region, by default the whole county of
 * the deployment chosen by the environment; code holding a context passes ctx.config.deployment.county.code.
 */
export function systemActor(regionCode: string = loadDeployment().county.code, label = 'system'): Actor {
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

/** Region codes are hierarchical prefixes: county (6 digits) > township (9) > village (12). */
export function inRegion(actorRegion: string, targetRegion: string | null | undefined): boolean {
  return !!targetRegion && targetRegion.startsWith(actorRegion);
}
