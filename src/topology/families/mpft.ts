/**
 * mpft: multi-plane two-layer fat-tree. Every host has `planes` GPU–NIC pairs; NIC i of every host
 * joins plane i, and each plane is an independent ft2 (no switch is shared between planes).
 * Full size: planes × k²/2 endpoints, planes × 3k/2 switches, planes × k²/2 links.
 * Citation: Zhao et al., "Insights into DeepSeek-V3: Scaling Challenges and Reflections on Hardware
 * for AI Architectures", ISCA'25 (arXiv:2505.09343), §5.1 and Table 3 (MPFT).
 */
import { z } from 'zod';
import { commonShape, evenRadix, ceilDiv, fmtCount, type Family, type ClosedCounts } from '../family.js';
import type { CablePlan } from '../cabling.js';
import { clos2Plan, type P } from '../cable-plans.js';
import { familyEngine, type Fabric } from '../model.js';
import { buildClos, closSize, spinesProblem, unevenSpineNote } from './clos.js';
import { CLOS2_BASIS, closCut2, fillLeaves } from './clos-cut.js';
import { clos2View } from '../floor-clos.js';

export const mpftSchema = z
  .object({
    k: evenRadix(),
    planes: z.number().int().min(1).max(64).optional(),
    /** total GPUs; a multiple of gpusPerHost */
    endpoints: z.number().int().min(1).optional(),
    /** spines per plane; default: the smallest at or above the port minimum that splits every leaf's uplinks evenly */
    spines: z.number().int().min(1).optional(),
    ...commonShape,
  })
  .strict()
  .superRefine((p, ctx) => {
    const planes = p.planes ?? p.gpusPerHost;
    if (p.gpusPerHost % planes !== 0) {
      ctx.addIssue({ code: 'custom', path: ['planes'], message: `must divide gpusPerHost (${p.gpusPerHost}) so every plane gets the same NICs of every host` });
      return;
    }
    if (p.endpoints !== undefined) {
      if (p.endpoints % p.gpusPerHost !== 0)
        ctx.addIssue({ code: 'custom', path: ['endpoints'], message: `must be a multiple of gpusPerHost (${p.gpusPerHost}): every host joins every plane` });
      const max = (planes * p.k * p.k) / 2;
      if (p.endpoints > max)
        ctx.addIssue({ code: 'custom', path: ['endpoints'], message: `at most ${max} endpoints fit ${planes} planes of two-layer radix-${p.k} fat-trees (planes × k²/2)` });
    }
    if (p.spines !== undefined) {
      const half = p.k / 2;
      const perPlane = p.endpoints !== undefined ? p.endpoints / planes : (p.k * p.k) / 2;
      const why = spinesProblem(p.spines, ceilDiv(Math.min(perPlane, (p.k * p.k) / 2), half), half, p.k);
      if (why) ctx.addIssue({ code: 'custom', path: ['spines'], message: why });
    }
  })
  .transform((p) => ({ ...p, planes: p.planes ?? p.gpusPerHost }));

export type MpftParams = z.output<typeof mpftSchema>;

function shape(p: MpftParams) {
  const half = p.k / 2;
  const nicsPerPlane = p.gpusPerHost / p.planes;
  const endpoints = p.endpoints ?? Math.floor((p.k * p.k) / 2 / nicsPerPlane) * p.gpusPerHost;
  const hosts = endpoints / p.gpusPerHost;
  const perPlane = hosts * nicsPerPlane;
  const leaves = ceilDiv(perPlane, half);
  return { half, nicsPerPlane, endpoints, hosts, perPlane, leaves, clos: { leaves, up: half, radix: p.k, tiers: 2 as const, spines: p.spines } };
}

export function mpftCounts(p: MpftParams): ClosedCounts {
  const s = shape(p);
  const size = closSize(s.clos);
  return {
    endpoints: s.endpoints,
    hosts: s.hosts,
    switches: p.planes * (s.leaves + size.spines),
    switchesByTier: { tier1: p.planes * s.leaves, tier2: p.planes * size.spines },
    links: p.planes * size.links,
    endpointLinks: s.endpoints,
  };
}

export function buildMpft(p: MpftParams, name: string): Fabric {
  const s = shape(p);
  const note = mpftSpineNote(p);
  const b = familyEngine('mpft', name, p, s.hosts, p.planes, note ? [note] : [], mpftCounts(p));
  const leaves: number[] = [];
  for (let plane = 0; plane < p.planes; plane++) {
    leaves.push(b.switches(s.leaves, (l) => `p${plane}.leaf${l}`, () => ({ tier: 1, role: 'leaf', radix: p.k, plane })));
    buildClos(b, s.clos, leaves[plane], `p${plane}.`, p.nicGbps, { plane });
  }
  for (let h = 0; h < s.hosts; h++) {
    for (let gpu = 0; gpu < p.gpusPerHost; gpu++) {
      const plane = gpu % p.planes;
      const inPlane = h * s.nicsPerPlane + Math.floor(gpu / p.planes);
      const ep = b.hostScaleUp(h, gpu, 'plane', plane);
      b.link(ep, leaves[plane] + Math.floor(inPlane / s.half), 1, p.nicGbps, 'endpoint');
    }
  }
  return b.fabric();
}

/** The note an explicit uneven `spines=N` carries (build and closed-form analyses alike). */
function mpftSpineNote(p: MpftParams): string | null {
  return p.spines === undefined ? null : unevenSpineNote(p.k / 2, p.spines);
}

function mpftPlan(p: P): CablePlan {
  const half = p.k / 2;
  const nicsPerPlane = p.gpusPerHost / p.planes;
  const n = p.endpoints ?? Math.floor((p.k * p.k) / 2 / nicsPerPlane) * p.gpusPerHost;
  const perPlane = n / p.planes;
  const leaves = ceilDiv(perPlane, half);
  // the user's spines=N, as the build uses it (else the plan would price the default spine rule's count)
  const size = closSize({ leaves, up: half, radix: p.k, tiers: 2, spines: p.spines });
  return clos2Plan(p.planes, n, perPlane, leaves, size.spines, leaves * half, half, p);
}

/** The floor plan's engine view without the graph: per plane leaves then spines; NIC g of host h in plane g mod P. */
function mpftFloorView(p: MpftParams) {
  const s = shape(p);
  return clos2View({
    planes: p.planes,
    leaves: s.leaves,
    spines: closSize(s.clos).spines,
    up: s.half,
    radix: p.k,
    endpoints: s.endpoints,
    nicGbps: p.nicGbps,
    endpointOf: (e) => {
      const h = Math.floor(e / p.gpusPerHost);
      const g = e % p.gpusPerHost;
      return { host: h, plane: g % p.planes, leaf: Math.floor((h * s.nicsPerPlane + Math.floor(g / p.planes)) / s.half) };
    },
  });
}

export const mpft: Family<MpftParams> = {
  floorView: mpftFloorView,
  notes: (p) => {
    const n = mpftSpineNote(p);
    return n ? [n] : [];
  },
  name: 'mpft',
  summary: 'multi-plane two-layer fat-tree: NIC i of every host in plane i, each plane an independent ft2',
  citation: "Zhao et al., Insights into DeepSeek-V3, ISCA'25 (arXiv:2505.09343), §5.1 and Table 3 (MPFT)",
  schema: mpftSchema as unknown as z.ZodType<MpftParams>,
  counts: mpftCounts,
  build: buildMpft,
  pairTransitive: (p) => p.endpoints === undefined,
  bisection: (p) => {
    const perPlane = (p.endpoints ?? (p.planes * p.k * p.k) / 2) / p.planes;
    return { gbps: p.planes * closCut2(fillLeaves(perPlane, p.k / 2), p.k / 2, p.k, p.nicGbps, p.spines), basis: `planes × the two-tier cut of one plane: ${CLOS2_BASIS}` };
  },
  sizing: ({ gpus: N, gpusPerHost: G, radix: k }) => {
    const max = (G * k * k) / 2;
    return [
      N <= max
        ? { design: 'MPFT', params: { k, planes: G, endpoints: N }, capacity: max }
        : { design: 'MPFT', reason: `MPFT (${G} planes of two-layer fat-trees) holds at most ${fmtCount(max)} endpoints at radix ${k}`, largest: max },
    ];
  },
  construction: (p) => `${p.planes} planes`,
  cablePlan: mpftPlan,
};
