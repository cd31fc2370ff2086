/**
 * railonly: rail-only network. The spine that joins rails is removed: NIC r of every host joins rail r,
 * and each rail is its own Clos of the fewest tiers that holds it (one switch, leaf-spine, or three tiers).
 * Cross-rail traffic is forwarded inside the host over NVLink, as in MPFT, which is the two-tier case.
 * Citation: W. Wang et al., "How to Build Low-cost Networks for Large Language Models (without
 * Sacrificing Performance)", arXiv:2307.12169 (rail-only); cf. Zhao et al., ISCA'25 (MPFT).
 */
import { z } from 'zod';
import { commonShape, evenRadix, ceilDiv, fmtCount, type Family, type ClosedCounts } from '../family.js';
import { familyEngine, type Fabric } from '../model.js';
import { buildClos, closSize, type ClosShape } from './clos.js';
import { SPLIT_OR_UNEVEN, closCut2, closCut3, fillLeaves } from './clos-cut.js';

export const railonlySchema = z
  .object({
    k: evenRadix(),
    /** total GPUs; a multiple of gpusPerHost (default: the largest two-tier build) */
    endpoints: z.number().int().min(1).optional(),
    ...commonShape,
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.endpoints === undefined) return;
    if (p.endpoints % p.gpusPerHost !== 0)
      ctx.addIssue({ code: 'custom', path: ['endpoints'], message: `must be a multiple of gpusPerHost (${p.gpusPerHost}): every host joins every rail` });
    const max = (p.gpusPerHost * p.k ** 3) / 4;
    if (p.endpoints > max)
      ctx.addIssue({ code: 'custom', path: ['endpoints'], message: `at most ${max} endpoints fit ${p.gpusPerHost} rails of three-tier radix-${p.k} fat-trees` });
  });

export type RailonlyParams = z.output<typeof railonlySchema>;

/** One rail's Clos: the fewest tiers that hold `perRail` endpoints. */
export function railShape(perRail: number, k: number): { tiers: 1 | 2 | 3; leaves: number; down: number; clos?: ClosShape } {
  if (perRail <= k) return { tiers: 1, leaves: 1, down: k };
  const half = k / 2;
  const leaves = ceilDiv(perRail, half);
  if (perRail <= (k * k) / 2) return { tiers: 2, leaves, down: half, clos: { leaves, up: half, radix: k, tiers: 2 } };
  return { tiers: 3, leaves, down: half, clos: { leaves, up: half, radix: k, tiers: 3, podLeaves: half } };
}

function shape(p: RailonlyParams) {
  const endpoints = p.endpoints ?? (p.gpusPerHost * p.k * p.k) / 2;
  const hosts = endpoints / p.gpusPerHost;
  return { endpoints, hosts, rail: railShape(hosts, p.k) };
}

export function railonlyCounts(p: RailonlyParams): ClosedCounts {
  const s = shape(p);
  const R = p.gpusPerHost;
  const size = s.rail.clos ? closSize(s.rail.clos) : { spines: 0, cores: 0, links: 0 };
  const byTier: ClosedCounts['switchesByTier'] = { tier1: R * s.rail.leaves };
  if (size.spines) byTier.tier2 = R * size.spines;
  if (size.cores) byTier.tier3 = R * size.cores;
  return {
    endpoints: s.endpoints,
    hosts: s.hosts,
    switches: R * (s.rail.leaves + size.spines + size.cores),
    switchesByTier: byTier,
    links: R * size.links,
    endpointLinks: s.endpoints,
  };
}

function railonlyNotes(p: RailonlyParams): string[] {
  return [`each rail is an independent ${shape(p).rail.tiers}-tier network; cross-rail traffic is forwarded over NVLink`];
}

export function buildRailonly(p: RailonlyParams, name: string): Fabric {
  const s = shape(p);
  const R = p.gpusPerHost;
  const b = familyEngine('railonly', name, p, s.hosts, R, railonlyNotes(p), railonlyCounts(p));
  const leaves: number[] = [];
  for (let rail = 0; rail < R; rail++) {
    leaves.push(b.switches(s.rail.leaves, (l) => `r${rail}.leaf${l}`, () => ({ tier: 1, role: 'leaf', radix: p.k, plane: rail, rail })));
    if (s.rail.clos) buildClos(b, s.rail.clos, leaves[rail], `r${rail}.`, p.nicGbps, { plane: rail, rail });
  }
  for (let h = 0; h < s.hosts; h++)
    for (let gpu = 0; gpu < R; gpu++) {
      const ep = b.hostScaleUp(h, gpu, 'plane', gpu);
      b.link(ep, leaves[gpu] + Math.floor(h / s.rail.down), 1, p.nicGbps, 'endpoint');
    }
  return b.fabric();
}

export const railonly: Family<RailonlyParams> = {
  name: 'railonly',
  summary: 'rail-only: NIC r of every host in rail r, each rail its own Clos of 1-3 tiers, no spine joining rails',
  citation: 'Wang et al., "How to Build Low-cost Networks for Large Language Models", arXiv:2307.12169',
  schema: railonlySchema as unknown as z.ZodType<RailonlyParams>,
  counts: railonlyCounts,
  build: buildRailonly,
  bisection: (p) => {
    const hosts = (p.endpoints ?? (p.gpusPerHost * p.k * p.k) / 2) / p.gpusPerHost;
    const r = railShape(hosts, p.k);
    const half = p.k / 2;
    const one =
      r.tiers === 1 ? Math.floor(hosts / 2) * p.nicGbps : r.tiers === 2 ? closCut2(fillLeaves(hosts, half), half, p.k, p.nicGbps) : closCut3(fillLeaves(hosts, half), half, half, p.k, p.nicGbps);
    return { gbps: one === null ? null : p.gpusPerHost * one, basis: one === null ? `no closed form for one rail: ${SPLIT_OR_UNEVEN}` : 'rails × the cut of one rail' };
  },
  notes: railonlyNotes,
  sizing: ({ gpus: N, gpusPerHost: G, radix: k }) => {
    const perRail = N / G;
    const ft2Max = (k * k) / 2;
    const ft3Max = (k * k * k) / 4;
    const tiers = perRail <= k ? 1 : perRail <= ft2Max ? 2 : perRail <= ft3Max ? 3 : 0;
    const largest = G * ft3Max;
    if (tiers === 2) return [{ design: 'Rail-only', reason: `at ${fmtCount(N)} GPUs each rail is a two-layer fat-tree: the same network as MPFT (see MPFT)`, largest }];
    if (tiers) return [{ design: `Rail-only (${tiers}-tier rails)`, params: { k, endpoints: N }, capacity: G * (tiers === 1 ? k : ft3Max) }];
    return [{ design: 'Rail-only', reason: `rail-only holds at most ${fmtCount(largest)} endpoints at radix ${k} (three-tier rails)`, largest }];
  },
};
