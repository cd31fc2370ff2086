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
import type { Compiled } from './analyze.js';
import { ceilDiv } from './family.js';
import { leafPorts } from './families/ft2.js';
import { closSize } from './families/clos.js';
import { globalLinkCount } from './families/dragonfly.js';
import { railShape } from './families/railonly.js';
import { FlowNetwork } from './maxflow.js';
import { rng } from './paths.js';

/**
 * How many of the leaves, taken in order, form side A: the prefix whose endpoint count is nearest to half
 * (ties: the shorter). The natural halves and the closed forms share this rule, so they describe one cut.
 */
export function balancedPrefix(sizes: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < sizes.length; i++) total += sizes[i];
  let acc = 0;
  let i = 0;
  // adding leaf i brings 2·acc − total closer to 0 exactly when 2·acc + size < total
  while (i < sizes.length && 2 * acc + sizes[i] < total) acc += sizes[i++];
  return i;
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
  const key = new Float64Array(csr.switches);
  let halves = 'leaves';
  const fam = c.spec.family;
  for (let u = 0; u < csr.switches; u++) {
    if (csr.leafEndpoints[u] === 0) continue;
    const a = fabric.getNodeAttributes(csr.ids[u]) as { pod?: number; su?: number; group?: number };
    if (fam === 'dragonfly' && a.group !== undefined) {
      key[u] = a.group;
      halves = 'groups';
    } else if (a.pod !== undefined && fam !== 'slimfly') {
      key[u] = a.pod;
      halves = 'pods';
    } else if (a.su !== undefined) {
      key[u] = a.su;
      halves = 'sus';
    } else key[u] = u;
  }
  if (fabric.getAttribute('planes') > 1) halves = 'hosts (every plane)';
  if (halves === 'groups' && Number(c.spec.params.g) % 2 === 1) halves = 'groups (the middle group split)';
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

const CLOS2 = 'min(Σ min(NICs, uplinks) over the leaves of either half, Σ over the spines of min(lanes from A, lanes to B))';
const SPLIT_OR_UNEVEN = 'the natural halves split a pod, or a pod spreads its leaf uplinks unevenly: no closed form (see the max-flow cut)';

/** Closed-form bisection of the natural cut, where the family has one. */
export function theoreticalBisection(c: Compiled): { gbps: number | null; basis: string } {
  const p = c.spec.params as Record<string, any>;
  const nic = p.nicGbps as number;
  const k = p.k as number;
  // Leaf sizes of n endpoints filled `down` per leaf (the last one partial).
  const fill = (n: number, down: number) => Array.from({ length: ceilDiv(n, down) }, (_, l) => Math.min(down, n - l * down));
  // Two-tier Clos, the smallest of three cuts: side A's leaves (each passes min(its NICs, its uplinks)),
  // side B's leaves, and every spine's smaller side (Σ_s min(lanes from A, lanes to B), with the lanes the
  // builder's round-robin gives: leaf l's uplinks are l·up … l·up + up − 1 mod spines).
  // When up is a multiple of the spine count every leaf has equal lanes to every spine, and a cut with t
  // spines on the source side costs Σ_A min(n_l, (S−t)·up/S) + Σ_B min(n_l, t·up/S), concave in t: the
  // minimum is at t = 0 or S, one of the first two cuts, so the formula is exact. With uneven spreading
  // (partial fabrics) it is exact on every instance tested (test/topology/bisection.test.ts), not proven.
  const clos2 = (sizes: number[], up: number): number => {
    if (sizes.length === 1) return Math.floor(sizes[0] / 2) * nic; // one leaf: a crossbar, halved inside
    const spines = closSize({ leaves: sizes.length, up, radix: k, tiers: 2, spines: p.spines }).spines;
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
  };
  // Three-tier Clos cut between halves of the pods: per pod min(its leaves' share, its aggregation uplinks).
  const clos3 = (sizes: number[], up: number, podLeaves: number): number | null => {
    const size = closSize({ leaves: sizes.length, up, radix: k, tiers: 3, podLeaves });
    if (size.pods === 1) return clos2(sizes, up);
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
  };
  switch (c.spec.family) {
    case 'ft2': {
      const { down, up } = leafPorts(k, p.oversubscription);
      return { gbps: clos2(fill(p.endpoints ?? k * down, down), up), basis: CLOS2 };
    }
    case 'ft3': {
      const g = clos3(fill(p.endpoints ?? k ** 3 / 4, k / 2), k / 2, k / 2);
      return { gbps: g, basis: g === null ? SPLIT_OR_UNEVEN : 'Σ over the pods of each half of min(NICs and edge uplinks, aggregation uplinks)' };
    }
    case 'mpft': {
      const perPlane = (p.endpoints ?? (p.planes * k * k) / 2) / p.planes;
      return { gbps: p.planes * clos2(fill(perPlane, k / 2), k / 2), basis: `planes × the two-tier cut of one plane: ${CLOS2}` };
    }
    case 'railonly': {
      const hosts = (p.endpoints ?? (p.gpusPerHost * k * k) / 2) / p.gpusPerHost;
      const r = railShape(hosts, k);
      const one = r.tiers === 1 ? Math.floor(hosts / 2) * nic : r.tiers === 2 ? clos2(fill(hosts, k / 2), k / 2) : clos3(fill(hosts, k / 2), k / 2, k / 2);
      return { gbps: one === null ? null : p.gpusPerHost * one, basis: one === null ? `no closed form for one rail: ${SPLIT_OR_UNEVEN}` : 'rails × the cut of one rail' };
    }
    case 'mrft': {
      // rail leaves in SU order, G per SU, each holding one NIC per host of its SU and suHosts uplinks
      const n = p.endpoints ?? (p.sus ?? 1) * p.suHosts * p.gpusPerHost;
      const hosts = n / p.gpusPerHost;
      const sizes = fill(hosts, p.suHosts).flatMap((h) => new Array<number>(p.gpusPerHost).fill(h));
      if (sizes.length <= k) return { gbps: clos2(sizes, p.suHosts), basis: `${CLOS2} (rail leaves in SU order)` };
      const g = clos3(sizes, p.suHosts, Math.max(1, Math.floor(k / 2 / p.gpusPerHost)) * p.gpusPerHost);
      return { gbps: g, basis: g === null ? SPLIT_OR_UNEVEN : 'Σ over the pods of each half of min(rail leaves\' share, aggregation uplinks)' };
    }
    case 'dragonfly': {
      const half = (p.g * p.a * p.p) / 2;
      if (p.g % 2 === 0) {
        // whole groups on each side: only global links cross
        const gA = p.g / 2;
        let global = 0;
        for (let i = 0; i < gA; i++) for (let j = gA; j < p.g; j++) global += globalLinkCount(p as any, (j - i + p.g) % p.g);
        return { gbps: Math.min(global, half) * nic, basis: 'global links between the two halves of the groups (or the NICs of a half)' };
      }
      if (p.g === p.a * p.h + 1 && p.arrangement === 'palm-tree' && p.p === p.h && p.a % 2 === 0) {
        // Balanced canonical palm-tree, m = (g−1)/2 whole groups a side plus half of the middle group M.
        // Flow ≥ m² + 2m: the m² global links between whole groups, the m links from M's first half (its
        // ports towards the m groups after it) and the m links into M's second half, all disjoint.
        // Cut ≤ m² + m + (a/2)·p: cut around side A's whole groups (m² + m global links) and the NICs of
        // M's first half. With p = h, (a/2)·p = a·h/2 = m, so both are m² + 2m.
        const m = (p.g - 1) / 2;
        return { gbps: Math.min(m * m + 2 * m, half) * nic, basis: 'canonical palm-tree, p = h: m² + 2m global links, m = (g−1)/2 whole groups a side' };
      }
      return { gbps: null, basis: 'odd g splits a group between the halves: no closed form for this Dragonfly (see the max-flow cut)' };
    }
    default:
      return { gbps: null, basis: 'no closed form for this family' };
  }
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
