/**
 * The routing models, by name: what each models, and which fabrics it applies to. Every traffic output names
 * the model it used (`routing` key, terminal header).
 */
import { UsageError } from '../errors.js';

export const ROUTINGS = ['ideal', 'ecmp-hash', 'minimal', 'valiant', 'ugal'] as const;
export type RoutingName = (typeof ROUTINGS)[number];

/** single-tier router networks: the families where Valiant and UGAL are what real machines run */
export const ROUTER_FAMILIES = ['dragonfly', 'slimfly'] as const;

export const ROUTING_INFO: Record<RoutingName, { summary: string; routerOnly: boolean }> = {
  ideal: { summary: 'adaptive routing / packet spraying: fluid per-hop split over shortest paths', routerOnly: false },
  'ecmp-hash': { summary: 'ECMP per-flow hashing, seeded: each flow pinned to one path', routerOnly: false },
  minimal: { summary: 'minimal routing (Dragonfly/Slim Fly): fluid split over shortest paths', routerOnly: true },
  valiant: { summary: 'Valiant: minimal to a uniformly random intermediate router, then minimal to the destination', routerOnly: true },
  ugal: { summary: 'UGAL: per flow class (Dragonfly group pair, Slim Fly router pair), in a seeded order, minimal or Valiant by estimated load (docs/traffic.md)', routerOnly: true },
};

export function isRouterFamily(family: string): boolean {
  return (ROUTER_FAMILIES as readonly string[]).includes(family);
}

/** Refuses a router-only model on a fabric that is not a router network. */
export function checkRouting(routing: RoutingName, family: string): void {
  if (ROUTING_INFO[routing].routerOnly && !isRouterFamily(family))
    throw new UsageError(`--routing = ${JSON.stringify(routing)}: only for ${ROUTER_FAMILIES.join(' and ')} (this fabric is ${family}); use ideal or ecmp-hash`);
}

/** The models `plan` and `compare` try for the adaptive column: minimal, Valiant and UGAL on router networks. */
export function adaptiveCandidates(family: string): RoutingName[] {
  return isRouterFamily(family) ? ['minimal', 'valiant', 'ugal'] : ['ideal'];
}
