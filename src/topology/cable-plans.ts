/**
 * Building blocks of the families' closed-form cable plans (Family.cablePlan): a two-tier Clos plane and a
 * single-tier router network. The placement rules behind each block are in docs/cost-model.md.
 */
import type { CablePlan, CableClass } from './cabling.js';

export type P = Record<string, any>;

export function clos2Plan(planes: number, endpoints: number, perPlane: number, leaves: number, spines: number, up: number, down: number, p: P): CablePlan {
  return {
    planes,
    planeEndpoints: perPlane,
    endpoints,
    nicGbps: p.nicGbps,
    gpusPerHost: p.gpusPerHost,
    switches: [
      { tier: 1, role: 'leaf', radix: p.k, count: leaves },
      { tier: 2, role: 'spine', radix: p.k, count: spines },
    ],
    cables: [
      { layer: 'endpoint', cables: perPlane, gbps: p.nicGbps, blockEndpoints: Math.min(down, perPlane), placement: 'NIC to its leaf' },
      { layer: 'leaf-spine', cables: up, gbps: p.nicGbps, blockEndpoints: perPlane, placement: 'across the plane' },
    ],
    source: 'closed form',
  };
}

/** A single-tier (direct) network of routers with p endpoints each: NIC cables plus `links` classes. */
export function routerPlan(p: P, routers: number, links: Array<Omit<CableClass, 'gbps'>>): CablePlan {
  const n = p.p * routers;
  return {
    planes: 1,
    planeEndpoints: n,
    endpoints: n,
    nicGbps: p.nicGbps,
    gpusPerHost: p.gpusPerHost,
    switches: [{ tier: 1, role: 'router', radix: p.k, count: routers }],
    cables: [{ layer: 'endpoint' as const, cables: n, blockEndpoints: p.p, placement: 'NIC to its router' }, ...links].map((c): CableClass => ({ ...c, gbps: p.nicGbps })),
    source: 'closed form',
  };
}
