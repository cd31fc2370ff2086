/**
 * ft3: three-layer k-ary fat-tree. k pods of k/2 edge (leaf) and k/2 aggregation (spine) switches,
 * (k/2)² core switches; k³/4 endpoints, 5k²/4 switches, k³/2 switch-to-switch links.
 * Citation: M. Al-Fares, A. Loukissas, A. Vahdat, "A scalable, commodity data center network
 * architecture", SIGCOMM 2008.
 */
import { z } from 'zod';
import { commonShape, evenRadix, ceilDiv, fmtCount, type Family, type ClosedCounts } from '../family.js';
import type { CablePlan, CableClass, SwitchClass } from '../cabling.js';
import type { P } from '../cable-plans.js';
import { familyEngine, type Fabric } from '../model.js';
import { buildClos, closSize } from './clos.js';
import { SPLIT_OR_UNEVEN, closCut3, fillLeaves } from './clos-cut.js';

export const ft3Schema = z
  .object({
    k: evenRadix(),
    endpoints: z.number().int().min(1).optional(),
    ...commonShape,
  })
  .strict()
  .superRefine((p, ctx) => {
    const max = (p.k * p.k * p.k) / 4;
    if (p.endpoints !== undefined && p.endpoints > max)
      ctx.addIssue({ code: 'custom', path: ['endpoints'], message: `at most ${max} endpoints fit a three-layer fat-tree of radix ${p.k} (k³/4)` });
  });

export type Ft3Params = z.output<typeof ft3Schema>;

function shape(p: Ft3Params) {
  const half = p.k / 2;
  const endpoints = p.endpoints ?? (p.k * p.k * p.k) / 4;
  const leaves = ceilDiv(endpoints, half);
  return { half, endpoints, leaves, clos: { leaves, up: half, radix: p.k, tiers: 3 as const, podLeaves: half } };
}

export function ft3Counts(p: Ft3Params): ClosedCounts {
  const s = shape(p);
  const size = closSize(s.clos);
  return {
    endpoints: s.endpoints,
    hosts: ceilDiv(s.endpoints, p.gpusPerHost),
    switches: s.leaves + size.spines + size.cores,
    switchesByTier: size.cores > 0 ? { tier1: s.leaves, tier2: size.spines, tier3: size.cores } : { tier1: s.leaves, tier2: size.spines },
    links: size.links,
    endpointLinks: s.endpoints,
  };
}

export function buildFt3(p: Ft3Params, name: string): Fabric {
  const s = shape(p);
  const b = familyEngine('ft3', name, p, ceilDiv(s.endpoints, p.gpusPerHost), 1, [], ft3Counts(p));
  const leaves = b.switches(s.leaves, (l) => `pod${Math.floor(l / s.half)}.leaf${l % s.half}`, () => ({ tier: 1, role: 'leaf', radix: p.k }));
  for (let e = 0; e < s.endpoints; e++) {
    const leaf = Math.floor(e / s.half);
    const ep = b.hostScaleUp(Math.floor(e / p.gpusPerHost), e % p.gpusPerHost, 'pod', Math.floor(leaf / s.half));
    b.link(ep, leaves + leaf, 1, p.nicGbps, 'endpoint');
  }
  buildClos(b, s.clos, leaves, '', p.nicGbps);
  return b.fabric();
}

function ft3Plan(p: P): CablePlan {
  const half = p.k / 2;
  const n = p.endpoints ?? (p.k * p.k * p.k) / 4;
  const leaves = ceilDiv(n, half);
  const size = closSize({ leaves, up: half, radix: p.k, tiers: 3, podLeaves: half });
  const leafSpine = leaves * half;
  const switches: SwitchClass[] = [
    { tier: 1, role: 'leaf', radix: p.k, count: leaves },
    { tier: 2, role: 'spine', radix: p.k, count: size.spines },
  ];
  const cables: CableClass[] = [
    { layer: 'endpoint', cables: n, gbps: p.nicGbps, blockEndpoints: Math.min(half, n), placement: 'NIC to its leaf' },
    { layer: 'leaf-spine', cables: leafSpine, gbps: p.nicGbps, blockEndpoints: Math.min(half * half, n), placement: 'inside a pod' },
  ];
  if (size.cores > 0) {
    switches.push({ tier: 3, role: 'core', radix: p.k, count: size.cores });
    cables.push({ layer: 'spine-core', cables: size.links - leafSpine, gbps: p.nicGbps, blockEndpoints: n, placement: 'across the floor' });
  }
  return { planes: 1, planeEndpoints: n, endpoints: n, nicGbps: p.nicGbps, gpusPerHost: p.gpusPerHost, switches, cables, source: 'closed form' };
}

export const ft3: Family<Ft3Params> = {
  name: 'ft3',
  summary: 'three-layer k-ary fat-tree (pods of edge+aggregation switches, core layer); optional partial population',
  citation: 'Al-Fares, Loukissas, Vahdat, "A scalable, commodity data center network architecture", SIGCOMM 2008',
  schema: ft3Schema as unknown as z.ZodType<Ft3Params>,
  counts: ft3Counts,
  build: buildFt3,
  pairTransitive: (p) => p.endpoints === undefined,
  bisection: (p) => {
    const g = closCut3(fillLeaves(p.endpoints ?? p.k ** 3 / 4, p.k / 2), p.k / 2, p.k / 2, p.k, p.nicGbps);
    return { gbps: g, basis: g === null ? SPLIT_OR_UNEVEN : 'Σ over the pods of each half of min(NICs and edge uplinks, aggregation uplinks)' };
  },
  sizing: ({ gpus: N, radix: k }) => {
    const max = (k * k * k) / 4;
    // below the two-layer limit an FT3's pods hold every GPU and it builds two tiers: that is FT2, not an FT3
    if (N <= (k * k) / 2) return [{ design: 'FT3', reason: `${fmtCount(N)} GPUs fit a two-layer fat-tree at radix ${k}; an FT3 would build only two tiers (see FT2)`, largest: max }];
    return [N <= max ? { design: 'FT3', params: { k, endpoints: N }, capacity: max } : { design: 'FT3', reason: `FT3 holds at most ${fmtCount(max)} endpoints at radix ${k}`, largest: max }];
  },
  cablePlan: ft3Plan,
};
