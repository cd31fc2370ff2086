/**
 * Closed-form bisection of the folded Clos networks built by clos.ts (ft2, ft3, mpft, mrft, rail-only
 * rails): the cut between balanced halves of the leaves, taken in order. The families call these from
 * their `bisection` member; test/topology/bisection.test.ts checks them against max-flow.
 */
import { ceilDiv } from '../family.js';
import { balancedPrefix } from '../halves.js';
import { closSize } from './clos.js';

export const CLOS2_BASIS = 'min(Σ min(NICs, uplinks) over the leaves of either half, Σ over the spines of min(lanes from A, lanes to B))';
export const SPLIT_OR_UNEVEN = 'the natural halves split a pod, or a pod spreads its leaf uplinks unevenly: no closed form (see the max-flow cut)';

/** Leaf sizes of n endpoints filled `down` per leaf (the last one partial). */
export function fillLeaves(n: number, down: number): number[] {
  return Array.from({ length: ceilDiv(n, down) }, (_, l) => Math.min(down, n - l * down));
}

/**
 * Two-tier Clos, the smallest of three cuts: side A's leaves (each passes min(its NICs, its uplinks)),
 * side B's leaves, and every spine's smaller side (Σ_s min(lanes from A, lanes to B), with the lanes the
 * builder's round-robin gives: leaf l's uplinks are l·up … l·up + up − 1 mod spines).
 * When up is a multiple of the spine count every leaf has equal lanes to every spine, and a cut with t
 * spines on the source side costs Σ_A min(n_l, (S−t)·up/S) + Σ_B min(n_l, t·up/S), concave in t: the
 * minimum is at t = 0 or S, one of the first two cuts, so the formula is exact. With uneven spreading
 * (partial fabrics) it is exact on every instance tested (test/topology/bisection.test.ts), not proven.
 */
export function closCut2(sizes: number[], up: number, k: number, nic: number, spineCount?: number): number {
  if (sizes.length === 1) return Math.floor(sizes[0] / 2) * nic; // one leaf: a crossbar, halved inside
  const spines = closSize({ leaves: sizes.length, up, radix: k, tiers: 2, spines: spineCount }).spines;
  const a = balancedPrefix(sizes);
  let sa = 0;
  let sb = 0;
  const toA = new Float64Array(spines);
  const toB = new Float64Array(spines);
  sizes.forEach((x, l) => {
    if (l < a) sa += Math.min(x, up);
    else sb += Math.min(x, up);
    for (let i = 0; i < up; i++) (l < a ? toA : toB)[(l * up + i) % spines]++;
  });
  let spineCut = 0;
  for (let j = 0; j < spines; j++) spineCut += Math.min(toA[j], toB[j]);
  return Math.min(sa, sb, spineCut) * nic;
}

/** Three-tier Clos cut between halves of the pods: per pod min(its leaves' share, its aggregation uplinks). */
export function closCut3(sizes: number[], up: number, podLeaves: number, k: number, nic: number): number | null {
  const size = closSize({ leaves: sizes.length, up, radix: k, tiers: 3, podLeaves });
  // one pod is a two-tier Clos, but with the pod's spine count (ports over the aggregation's down ports),
  // not the two-tier even-spine rule: ft3:k=6,endpoints=6 has 2 spines where ft2's rule would take 1
  if (size.pods === 1) return closCut2(sizes, up, k, nic, size.podSpines[0]);
  if (size.podSpines.some((n) => up % n !== 0)) return null;
  // The closed form needs the boundary to fall between pods (otherwise a split pod can shortcut through
  // its own aggregation layer).
  const a = balancedPrefix(sizes);
  if (a % podLeaves !== 0) return null;
  let sa = 0;
  let sb = 0;
  for (let q = 0; q < size.pods; q++) {
    let leafShare = 0;
    for (let l = q * podLeaves; l < Math.min(sizes.length, (q + 1) * podLeaves); l++) leafShare += Math.min(sizes[l], up);
    const pod = Math.min(leafShare, size.podSpines[q] * (k / 2));
    if (q * podLeaves < a) sa += pod;
    else sb += pod;
  }
  return Math.min(sa, sb) * nic;
}
