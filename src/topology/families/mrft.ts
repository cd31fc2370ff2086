/**
 * mrft: multi-rail (rail-optimized) fat-tree, DGX SuperPOD style. Hosts are grouped in scalable
 * units (SU) of `suHosts` hosts; NIC i of every host of an SU goes to that SU's rail-i leaf. All
 * leaves share one spine layer; beyond `k` leaves a core layer is added, with pods of whole SUs.
 * Citation: NVIDIA DGX SuperPOD reference architecture (B200), compute fabric tables; multi-rail
 * baseline of Zhao et al., ISCA'25 (arXiv:2505.09343), Table 4.
 */
import { z } from 'zod';
import { commonShape, evenRadix, ceilDiv, fmtCount, type Family, type ClosedCounts, type SizingOption } from '../family.js';
import { familyEngine, type Fabric } from '../model.js';
import { buildClos, closSize, spinesProblem, unevenSpineNote, type ClosShape } from './clos.js';
import { CLOS2_BASIS, SPLIT_OR_UNEVEN, closCut2, closCut3, fillLeaves } from './clos-cut.js';
import { clos2View } from '../floor-clos.js';

export const mrftSchema = z
  .object({
    k: evenRadix(),
    suHosts: z.number().int().min(1).default(32),
    sus: z.number().int().min(1).optional(),
    /** total GPUs; a multiple of gpusPerHost */
    endpoints: z.number().int().min(1).optional(),
    /** two-tier only: spine count; default: the smallest at or above the port minimum that splits every leaf's uplinks evenly */
    spines: z.number().int().min(1).optional(),
    ...commonShape,
  })
  .strict()
  .superRefine((p, ctx) => {
    const half = p.k / 2;
    if (p.suHosts > half) {
      ctx.addIssue({ code: 'custom', path: ['suHosts'], message: `at most k/2 = ${half}: a rail leaf needs as many ports up as down for full bisection` });
      return;
    }
    if (p.sus !== undefined && p.endpoints !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['sus'], message: 'give either sus or endpoints, not both' });
      return;
    }
    if (p.endpoints !== undefined && p.endpoints % p.gpusPerHost !== 0) {
      ctx.addIssue({ code: 'custom', path: ['endpoints'], message: `must be a multiple of gpusPerHost (${p.gpusPerHost}): every host has one NIC per rail` });
      return;
    }
    const max = maxEndpoints(p.k, p.suHosts, p.gpusPerHost);
    const n = p.endpoints ?? (p.sus ?? 1) * p.suHosts * p.gpusPerHost;
    if (n > max)
      ctx.addIssue({
        code: 'custom',
        path: [p.sus !== undefined ? 'sus' : 'endpoints'],
        message: `at most ${max} endpoints (${max / (p.suHosts * p.gpusPerHost)} SUs of ${p.suHosts} hosts) fit a rail-optimized fat-tree of radix ${p.k}`,
      });
    else if (p.spines !== undefined) {
      const leaves = ceilDiv(n / p.gpusPerHost, p.suHosts) * p.gpusPerHost;
      const why = leaves > p.k ? `applies to the two-tier form only; ${leaves} leaves need a core layer at radix ${p.k}` : spinesProblem(p.spines, leaves, p.suHosts, p.k);
      if (why) ctx.addIssue({ code: 'custom', path: ['spines'], message: why });
    }
  });

export type MrftParams = z.output<typeof mrftSchema>;

/** SUs per pod in the three-tier form: whole SUs, at most k/2 leaves. */
function susPerPod(k: number, gpusPerHost: number): number {
  return Math.max(1, Math.floor(k / 2 / gpusPerHost));
}

function maxEndpoints(k: number, suHosts: number, gpusPerHost: number): number {
  const twoTierSus = Math.floor(k / gpusPerHost);
  const threeTierSus = gpusPerHost <= k / 2 ? k * susPerPod(k, gpusPerHost) : 0;
  return Math.max(twoTierSus, threeTierSus) * suHosts * gpusPerHost;
}

function shape(p: MrftParams) {
  const endpoints = p.endpoints ?? (p.sus ?? 1) * p.suHosts * p.gpusPerHost;
  const hosts = endpoints / p.gpusPerHost;
  const sus = ceilDiv(hosts, p.suHosts);
  const leaves = sus * p.gpusPerHost;
  const tiers: 2 | 3 = leaves <= p.k ? 2 : 3;
  const clos: ClosShape = { leaves, up: p.suHosts, radix: p.k, tiers, podLeaves: susPerPod(p.k, p.gpusPerHost) * p.gpusPerHost, spines: p.spines };
  return { endpoints, hosts, sus, leaves, clos };
}

export function mrftCounts(p: MrftParams): ClosedCounts {
  const s = shape(p);
  const size = closSize(s.clos);
  const byTier = size.cores > 0 ? { tier1: s.leaves, tier2: size.spines, tier3: size.cores } : { tier1: s.leaves, tier2: size.spines };
  return {
    endpoints: s.endpoints,
    hosts: s.hosts,
    switches: s.leaves + size.spines + size.cores,
    switchesByTier: byTier,
    links: size.links,
    endpointLinks: s.endpoints,
  };
}

export function buildMrft(p: MrftParams, name: string): Fabric {
  const s = shape(p);
  const note = mrftSpineNote(p);
  const b = familyEngine('mrft', name, p, s.hosts, 1, note ? [note] : [], mrftCounts(p));
  const G = p.gpusPerHost;
  // rail leaves SU by SU: leaf su·G + rail
  const leaves = b.switches(s.sus * G, (j) => `su${Math.floor(j / G)}.leaf${j % G}`, (j) => ({ tier: 1, role: 'leaf', radix: p.k, su: Math.floor(j / G), rail: j % G }));
  for (let h = 0; h < s.hosts; h++) {
    const su = Math.floor(h / p.suHosts);
    for (let gpu = 0; gpu < G; gpu++) {
      const ep = b.hostScaleUp(h, gpu, 'su', su);
      b.link(ep, leaves + su * G + gpu, 1, p.nicGbps, 'endpoint');
    }
  }
  buildClos(b, s.clos, leaves, '', p.nicGbps);
  return b.fabric();
}

/** The note an explicit uneven `spines=N` carries (build and closed-form analyses alike). */
function mrftSpineNote(p: MrftParams): string | null {
  return p.spines === undefined ? null : unevenSpineNote(p.suHosts, p.spines);
}

/** The floor plan's engine view without the graph, two-tier form only: rail leaves SU by SU, then the spines. */
function mrftFloorView(p: MrftParams) {
  const s = shape(p);
  if (s.clos.tiers !== 2) return null;
  return clos2View({
    planes: 1,
    leaves: s.leaves,
    spines: closSize(s.clos).spines,
    up: p.suHosts,
    radix: p.k,
    endpoints: s.endpoints,
    nicGbps: p.nicGbps,
    endpointOf: (e) => {
      const h = Math.floor(e / p.gpusPerHost);
      return { host: h, plane: 0, leaf: Math.floor(h / p.suHosts) * p.gpusPerHost + (e % p.gpusPerHost) };
    },
  });
}

export const mrft: Family<MrftParams> = {
  floorView: mrftFloorView,
  notes: (p) => {
    const n = mrftSpineNote(p);
    return n ? [n] : [];
  },
  name: 'mrft',
  summary: 'multi-rail / rail-optimized fat-tree (DGX SuperPOD style): SUs of 32 hosts, one leaf per rail per SU, shared spines, core layer beyond k leaves',
  citation: "NVIDIA DGX SuperPOD reference architecture (B200); Zhao et al., ISCA'25 (arXiv:2505.09343) Table 4 (MRFT)",
  schema: mrftSchema as unknown as z.ZodType<MrftParams>,
  counts: mrftCounts,
  build: buildMrft,
  bisection: (p) => {
    // rail leaves in SU order, G per SU, each holding one NIC per host of its SU and suHosts uplinks
    const hosts = (p.endpoints ?? (p.sus ?? 1) * p.suHosts * p.gpusPerHost) / p.gpusPerHost;
    const sizes = fillLeaves(hosts, p.suHosts).flatMap((h) => new Array<number>(p.gpusPerHost).fill(h));
    if (sizes.length <= p.k) return { gbps: closCut2(sizes, p.suHosts, p.k, p.nicGbps, p.spines), basis: `${CLOS2_BASIS} (rail leaves in SU order)` };
    const g = closCut3(sizes, p.suHosts, susPerPod(p.k, p.gpusPerHost) * p.gpusPerHost, p.k, p.nicGbps);
    return { gbps: g, basis: g === null ? SPLIT_OR_UNEVEN : "Σ over the pods of each half of min(rail leaves' share, aggregation uplinks)" };
  },
  sizing: ({ gpus: N, gpusPerHost: G, radix: k }): SizingOption[] => {
    // DGX SuperPOD units of 32 hosts; smaller switches take k/2 hosts per unit (a rail leaf needs k/2 up)
    const suHosts = Math.min(32, k / 2);
    const suGpus = suHosts * G;
    const max2 = Math.floor(k / G) * suGpus;
    const max3 = G <= k / 2 ? k * susPerPod(k, G) * suGpus : 0;
    if (N <= max2) return [{ design: 'MRFT (2-tier)', params: { k, suHosts, endpoints: N }, capacity: max2 }];
    if (N <= max3) return [{ design: 'MRFT (3-tier)', params: { k, suHosts, endpoints: N }, capacity: max3 }];
    const largest = Math.max(max2, max3);
    return [{ design: 'MRFT', reason: `a rail-optimized fat-tree holds at most ${fmtCount(largest)} endpoints at radix ${k}`, largest }];
  },
};
