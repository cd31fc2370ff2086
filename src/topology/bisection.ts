/**
 * Bisection bandwidth. Three figures:
 * - `theoreticalGbps`: the closed form of the family's natural cut (Clos families, Dragonfly), including
 *   oversubscription and partial population; null where no closed form is known (Slim Fly, imported).
 * - `cutGbps`: max-flow = min-cut between two balanced halves of the endpoints, the family's natural worst
 *   cut (half the pods, SUs, groups, or of every plane's hosts). Endpoints are aggregated into their leaf
 *   (a source or sink arc of the leaf's NIC capacity), so max-flow runs at switch scale.
 * - `randomMinGbps`: the minimum over R seeded random balanced halves (whole leaves): an upper bound on the
 *   true minimum bisection, which is NP-hard to compute.
 * Cost: one Dinic max-flow per cut on S + 2 nodes and the switch links.
 */
import type { Compiled } from './compiled.js';
import type { ClosedBisection, LeafGroup } from './family.js';
import { balancedPrefix } from './halves.js';
import { FlowNetwork } from './maxflow.js';
import { rng } from './paths.js';
import { familyOf } from './registry.js';

export { balancedPrefix };

/** Leaf attributes that group leaves when the family does not say (imported fabrics, toy families). */
export const DEFAULT_LEAF_GROUPS: readonly LeafGroup[] = ['pod', 'su'];

/** The first of the family's leaf-group attributes present on each leaf, with its index (−1: none). */
export function leafGroupKeys(c: Compiled): { key: Float64Array; attr: LeafGroup | null } {
  const { csr } = c;
  const order = familyOf(c.spec).leafGroups ?? DEFAULT_LEAF_GROUPS;
  const key = new Float64Array(csr.switches).fill(-1);
  let attr: LeafGroup | null = null;
  // the engine's columns: −1 where a switch has no such attribute
  const cols = order.map((g) => csr[g]);
  for (let u = 0; u < csr.switches; u++) {
    if (csr.leafEndpoints[u] === 0) continue;
    const at = cols.findIndex((col) => col[u] >= 0);
    if (at < 0) continue;
    key[u] = cols[at][u];
    attr = order[at];
  }
  return { key, attr };
}

function pushTo(m: Map<number, number[]>, k: number, v: number): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export interface CutResult {
  gbps: number;
  /** which halves: pods, sus, groups, hosts (per plane), leaves */
  halves: string;
  sideA: { endpoints: number; leaves: number };
  sideB: { endpoints: number; leaves: number };
  /** switch-to-switch lanes crossing the minimum cut found by max-flow */
  crossingLinks: number;
  /** true when the NICs of one side, not the fabric, bound the cut */
  nicLimited: boolean;
}

export interface Bisection {
  theoreticalGbps: number | null;
  theoreticalBasis: string;
  cutGbps: number;
  cut: CutResult;
  randomMinGbps: number;
  randomTrials: number;
  randomNote: string;
  /** cutGbps / endpoints of the smaller side (N/2 for balanced halves) */
  perEndpointGbps: number;
  /** perEndpointGbps / NIC rate */
  perEndpointFraction: number;
}

export interface BisectionOptions {
  /** per undirected edge, 1 = down */
  failedEdges?: Uint8Array;
  trials?: number;
  seed?: number;
}

/** `side` value of a leaf that is its plane's only leaf: half its endpoints on each side. */
export const SPLIT = 2;

/** Side of every leaf under the family's natural halves (1 = side A), balanced by endpoints per plane. */
export function naturalHalves(c: Compiled): { side: Uint8Array; halves: string } {
  const { csr, fabric } = c;
  const grouped = leafGroupKeys(c);
  const key = grouped.key;
  // leaves without a group attribute sort by their own index
  for (let u = 0; u < csr.switches; u++) if (csr.leafEndpoints[u] > 0 && key[u] < 0) key[u] = u;
  let halves = grouped.attr ? `${grouped.attr}s` : 'leaves';
  if (fabric.getAttribute('planes') > 1) halves = 'hosts (every plane)';
  if (halves === 'groups' && oddGroupCount(c, key)) halves = 'groups (the middle group split)';
  const side = new Uint8Array(csr.switches);
  const byPlane = new Map<number, number[]>();
  for (let u = 0; u < csr.switches; u++) if (csr.leafEndpoints[u] > 0) pushTo(byPlane, csr.plane[u], u);
  // Dragonfly: groups in order, so with odd g (every canonical Dragonfly) the middle group is split by
  // routers and the halves stay balanced; the global links must carry what crosses.
  for (const leaves of byPlane.values()) {
    leaves.sort((x, y) => key[x] - key[y] || x - y);
    if (leaves.length === 1) {
      side[leaves[0]] = SPLIT;
      continue;
    }
    // Leaves in pod / SU / group order go to side A up to half the endpoints (a pod may be split).
    const a = balancedPrefix(leaves.map((u) => csr.leafEndpoints[u]));
    for (let i = 0; i < a; i++) side[leaves[i]] = 1;
  }
  return { side, halves };
}

/** An odd number of equal groups puts the middle one on both sides of a balanced cut. */
function oddGroupCount(c: Compiled, key: Float64Array): boolean {
  const groups = new Set<number>();
  for (let u = 0; u < c.csr.switches; u++) if (c.csr.leafEndpoints[u] > 0) groups.add(key[u]);
  return groups.size % 2 === 1;
}

function nicCapacity(c: Compiled, failed?: Uint8Array): Float64Array {
  const { csr } = c;
  const cap = new Float64Array(csr.switches);
  for (let e = 0; e < csr.endpoints; e++) {
    const arc = csr.endpointUpArc[e];
    if (arc < 0 || (failed && failed[arc >> 1])) continue;
    cap[csr.endpointLeaf[e]] += csr.gbps[arc >> 1];
  }
  return cap;
}

/** Max-flow between the leaves on side A and side B. */
export function cutBetween(c: Compiled, side: Uint8Array, halves: string, failed?: Uint8Array): CutResult {
  const { csr } = c;
  const S = csr.switches;
  const src = S;
  const snk = S + 1;
  const net = new FlowNetwork(S + 2, 4 * csr.swTarget.length + 4 * S);
  const nic = nicCapacity(c, failed);
  const A = { endpoints: 0, leaves: 0 };
  const B = { endpoints: 0, leaves: 0 };
  let capA = 0;
  let capB = 0;
  // A plane with a single leaf (a crossbar) is halved inside the leaf: its first ⌊n/2⌋ endpoints on side A.
  const splitA = new Float64Array(S);
  const seen = new Int32Array(S);
  for (let e = 0; e < csr.endpoints; e++) {
    const u = csr.endpointLeaf[e];
    if (u < 0 || side[u] !== SPLIT || seen[u]++ >= Math.floor(csr.leafEndpoints[u] / 2)) continue;
    const arc = csr.endpointUpArc[e];
    if (!(failed && failed[arc >> 1])) splitA[u] += csr.gbps[arc >> 1];
  }
  for (let u = 0; u < S; u++) {
    if (csr.leafEndpoints[u] === 0) continue;
    if (side[u] === SPLIT) {
      const half = Math.floor(csr.leafEndpoints[u] / 2);
      net.addDirected(src, u, splitA[u]);
      net.addDirected(u, snk, nic[u] - splitA[u]);
      A.endpoints += half;
      B.endpoints += csr.leafEndpoints[u] - half;
      A.leaves++;
      B.leaves++;
      capA += splitA[u];
      capB += nic[u] - splitA[u];
    } else if (side[u]) {
      net.addDirected(src, u, nic[u]);
      A.endpoints += csr.leafEndpoints[u];
      A.leaves++;
      capA += nic[u];
    } else {
      net.addDirected(u, snk, nic[u]);
      B.endpoints += csr.leafEndpoints[u];
      B.leaves++;
      capB += nic[u];
    }
  }
  for (let u = 0; u < S; u++)
    for (let i = csr.swOffsets[u]; i < csr.swOffsets[u + 1]; i++) {
      const v = csr.swTarget[i];
      const e = csr.swArc[i] >> 1;
      if (v <= u || (failed && failed[e])) continue;
      net.addUndirected(u, v, csr.lanes[e] * csr.gbps[e]);
    }
  const gbps = net.maxflow(src, snk);
  const reach = net.sourceSide(src);
  let crossing = 0;
  for (let u = 0; u < S; u++)
    for (let i = csr.swOffsets[u]; i < csr.swOffsets[u + 1]; i++) {
      const v = csr.swTarget[i];
      const e = csr.swArc[i] >> 1;
      if (v > u && !(failed && failed[e]) && reach[u] !== reach[v]) crossing += csr.lanes[e];
    }
  return { gbps, halves, sideA: A, sideB: B, crossingLinks: crossing, nicLimited: Math.abs(gbps - Math.min(capA, capB)) < 1e-6 };
}

/** Closed-form bisection of the natural cut, where the family has one. */
export function theoreticalBisection(c: Compiled): ClosedBisection {
  return familyOf(c.spec).bisection?.(c.spec.params) ?? { gbps: null, basis: 'no closed form for this family' };
}

export function bisection(c: Compiled, opts: BisectionOptions = {}): Bisection {
  const { side, halves } = naturalHalves(c);
  const cut = cutBetween(c, side, halves, opts.failedEdges);
  // Random halves cost one max-flow each: four on most fabrics, one on the largest (DF: ~0.7 s a cut).
  const trials = opts.trials ?? (c.csr.swTarget.length > 200_000 ? 1 : 4);
  const r = rng(opts.seed ?? 1);
  const { csr } = c;
  // Random halves are balanced within every plane (planes share no link, so an unbalanced plane would
  // only measure the imbalance).
  const byPlane = new Map<number, number[]>();
  for (let u = 0; u < csr.switches; u++) if (csr.leafEndpoints[u] > 0) pushTo(byPlane, csr.plane[u], u);
  let randomMin = Infinity;
  for (let t = 0; t < trials; t++) {
    const s2 = new Uint8Array(csr.switches);
    for (const leaves of byPlane.values()) {
      if (leaves.length === 1) {
        s2[leaves[0]] = SPLIT;
        continue;
      }
      const order = [...leaves];
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(r() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      const total = order.reduce((s, u) => s + csr.leafEndpoints[u], 0);
      let acc = 0;
      for (const u of order) {
        if (acc * 2 >= total) break;
        s2[u] = 1;
        acc += csr.leafEndpoints[u];
      }
    }
    randomMin = Math.min(randomMin, cutBetween(c, s2, 'random leaves', opts.failedEdges).gbps);
  }
  const th = opts.failedEdges ? { gbps: null, basis: 'closed form applies to the healthy fabric only' } : theoreticalBisection(c);
  // per endpoint of the smaller side (the halves are equal unless leaves hold unequal, indivisible counts)
  const half = Math.min(cut.sideA.endpoints, cut.sideB.endpoints) || csr.endpoints / 2;
  const nicGbps = c.fabric.getAttribute('nicGbps');
  return {
    theoreticalGbps: th.gbps,
    theoreticalBasis: th.basis,
    cutGbps: cut.gbps,
    cut,
    randomMinGbps: trials > 0 ? randomMin : cut.gbps,
    randomTrials: trials,
    randomNote: 'minimum over random balanced halves of whole leaves: an upper bound on the true minimum bisection',
    perEndpointGbps: cut.gbps / half,
    perEndpointFraction: cut.gbps / half / nicGbps,
  };
}
