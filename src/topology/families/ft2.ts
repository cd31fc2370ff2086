/**
 * ft2: two-layer fat-tree (leaf-spine folded Clos) of radix-k switches.
 * Full size: k leaves with k/2 ports down and k/2 up, k/2 spines; k²/2 endpoints, k²/2 links.
 * Citation: C. E. Leiserson, "Fat-trees: universal networks for hardware-efficient supercomputing",
 * IEEE Trans. Computers 1985; two-layer form as in DeepSeek-V3 ISCA'25 Table 3 (FT2).
 */
import { z } from 'zod';
import { commonShape, evenRadix, ceilDiv, fmtCount, type Family, type ClosedCounts, type SizingOption } from '../family.js';
import type { CablePlan } from '../cabling.js';
import { clos2Plan, type P } from '../cable-plans.js';
import { familyEngine, type Fabric } from '../model.js';
import { buildClos, closSize, spinesProblem, unevenSpineNote } from './clos.js';
import { CLOS2_BASIS, closCut2, fillLeaves } from './clos-cut.js';
import { clos2View } from '../floor-clos.js';

export const ft2Schema = z
  .object({
    k: evenRadix(),
    endpoints: z.number().int().min(1).optional(),
    oversubscription: z.number().min(1).max(64).default(1),
    /** spine count; default: the smallest at or above the port minimum that splits every leaf's uplinks evenly */
    spines: z.number().int().min(1).optional(),
    ...commonShape,
  })
  .strict()
  .superRefine((p, ctx) => {
    const { down } = leafPorts(p.k, p.oversubscription);
    // the steepest ratio a radix-k leaf can have is (k−1):1, one port up
    if (p.oversubscription > p.k - 1) {
      ctx.addIssue({ code: 'custom', path: ['oversubscription'], message: `a radix-${p.k} leaf allows at most ${p.k - 1}:1 (${p.k - 1} ports down, 1 up)` });
      return;
    }
    // past this check a leaf has at least one port each way: 1 ≤ r ≤ k − 1 gives k/2 ≤ ⌊k·r/(r+1)⌋ ≤ k − 1
    const max = p.k * down;
    if (p.endpoints !== undefined && p.endpoints > max)
      ctx.addIssue({
        code: 'custom',
        path: ['endpoints'],
        message: `at most ${max} endpoints fit a two-layer fat-tree of radix ${p.k} (${p.k} leaves × ${down} ports down)`,
      });
    else if (p.spines !== undefined) {
      const why = spinesProblem(p.spines, ceilDiv(p.endpoints ?? max, down), p.k - down, p.k);
      if (why) ctx.addIssue({ code: 'custom', path: ['spines'], message: why });
    }
  });

export type Ft2Params = z.output<typeof ft2Schema>;

/**
 * An r:1 oversubscribed leaf puts k·r/(r+1) ports down, rounded down, and the rest up:
 * rounding toward fewer endpoints keeps the ratio at or below r.
 */
export function leafPorts(k: number, r: number): { down: number; up: number } {
  const down = Math.floor((k * r) / (r + 1) + 1e-9);
  return { down, up: k - down };
}

function shape(p: Ft2Params) {
  const { down, up } = leafPorts(p.k, p.oversubscription);
  const endpoints = p.endpoints ?? p.k * down;
  const leaves = ceilDiv(endpoints, down);
  return { down, up, endpoints, leaves, clos: { leaves, up, radix: p.k, tiers: 2 as const, spines: p.spines } };
}

export function ft2Counts(p: Ft2Params): ClosedCounts {
  const s = shape(p);
  const size = closSize(s.clos);
  return {
    endpoints: s.endpoints,
    hosts: ceilDiv(s.endpoints, p.gpusPerHost),
    switches: s.leaves + size.spines,
    switchesByTier: { tier1: s.leaves, tier2: size.spines },
    links: size.links,
    endpointLinks: s.endpoints,
  };
}

export function buildFt2(p: Ft2Params, name: string): Fabric {
  const s = shape(p);
  const note = ft2SpineNote(p);
  const b = familyEngine('ft2', name, p, ceilDiv(s.endpoints, p.gpusPerHost), 1, note ? [note] : [], ft2Counts(p));
  const leaves = b.switches(s.leaves, (l) => `leaf${l}`, () => ({ tier: 1, role: 'leaf', radix: p.k }));
  for (let e = 0; e < s.endpoints; e++) {
    const ep = b.hostScaleUp(Math.floor(e / p.gpusPerHost), e % p.gpusPerHost);
    b.link(ep, leaves + Math.floor(e / s.down), 1, p.nicGbps, 'endpoint');
  }
  buildClos(b, s.clos, leaves, '', p.nicGbps);
  return b.fabric();
}

/** The note an explicit uneven `spines=N` carries (build and closed-form analyses alike). */
function ft2SpineNote(p: Ft2Params): string | null {
  return p.spines === undefined ? null : unevenSpineNote(leafPorts(p.k, p.oversubscription).up, p.spines);
}

function ft2Plan(p: P): CablePlan {
  const { down, up } = leafPorts(p.k, p.oversubscription ?? 1);
  const n = p.endpoints ?? p.k * down;
  const leaves = ceilDiv(n, down);
  // the user's spines=N, as the build uses it (else the plan would price the default spine rule's count)
  const size = closSize({ leaves, up, radix: p.k, tiers: 2, spines: p.spines });
  return clos2Plan(1, n, n, leaves, size.spines, leaves * up, down, p);
}

/** The floor plan's engine view without the graph: leaves then spines, endpoint e on leaf ⌊e / down⌋. */
function ft2FloorView(p: Ft2Params) {
  const s = shape(p);
  return clos2View({ planes: 1, leaves: s.leaves, spines: closSize(s.clos).spines, up: s.up, radix: p.k, endpoints: s.endpoints, nicGbps: p.nicGbps, endpointOf: (e) => ({ host: Math.floor(e / p.gpusPerHost), plane: 0, leaf: Math.floor(e / s.down) }) });
}

export const ft2: Family<Ft2Params> = {
  floorView: ft2FloorView,
  notes: (p) => {
    const n = ft2SpineNote(p);
    return n ? [n] : [];
  },
  name: 'ft2',
  summary: 'two-layer fat-tree (leaf-spine) of radix-k switches; optional partial population and r:1 oversubscription',
  citation: 'Leiserson, IEEE Trans. Computers 1985; DeepSeek-V3 ISCA\'25 (arXiv:2505.09343) Table 3, FT2',
  schema: ft2Schema as unknown as z.ZodType<Ft2Params>,
  counts: ft2Counts,
  build: buildFt2,
  pairTransitive: (p) => p.endpoints === undefined,
  bisection: (p) => {
    const { down, up } = leafPorts(p.k, p.oversubscription);
    return { gbps: closCut2(fillLeaves(p.endpoints ?? p.k * down, down), up, p.k, p.nicGbps, p.spines), basis: CLOS2_BASIS };
  },
  sizing: ({ gpus: N, radix: k, maxOversubscription: ratio }) => {
    const ft2Max = (k * k) / 2;
    const out: SizingOption[] = [
      N <= ft2Max ? { design: 'FT2', params: { k, endpoints: N }, capacity: ft2Max } : { design: 'FT2', reason: `FT2 holds at most ${fmtCount(ft2Max)} endpoints at radix ${k}`, largest: ft2Max },
    ];
    if (ratio > 1) {
      const { down } = leafPorts(k, ratio);
      const cap = k * down;
      const design = `FT2 ${fmtCount(down / (k - down))}:1`;
      out.push(
        N <= cap
          ? { design, params: { k, endpoints: N, oversubscription: ratio }, capacity: cap }
          : { design, reason: `a ${ratio}:1 oversubscribed FT2 holds at most ${fmtCount(cap)} endpoints at radix ${k}`, largest: cap },
      );
    }
    return out;
  },
  cablePlan: ft2Plan,
};
