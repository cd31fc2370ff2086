/**
 * Endpoint-to-endpoint hop statistics over the fabric (NVLink excluded).
 *
 * Leaves with identical switch-neighbour sets ("twins": every leaf of a fat-tree pod or plane) have
 * identical distance vectors, so one BFS per twin class is exact. Cost: O(classes · (S + arcs)).
 * When that exceeds the budget, classes are sampled with a seed and the result says so.
 */
import { bfsSwitches, type FabricCsr } from './csr.js';

export interface PathStats {
  /** longest endpoint-to-endpoint shortest path over the fabric, in links */
  diameterHops: number;
  /** mean over ordered endpoint pairs connected through the fabric, in links */
  meanEndpointHops: number;
  /** ordered endpoint pairs with no fabric path (e.g. across MPFT planes) */
  unreachablePairs: number;
  /** true when every twin class was searched */
  exact: boolean;
  /** BFS runs used */
  searches: number;
}

export interface PathOptions {
  /** max (S + arcs) · searches before sampling; default 4e8 */
  budget?: number;
  seed?: number;
  /** leaves representing every leaf under the fabric's symmetry, with orbit sizes (exact, one BFS each) */
  orbits?: Array<{ leaf: number; size: number }>;
}

export function twinClasses(c: FabricCsr): number[][] {
  const byKey = new Map<string, number[]>();
  for (let u = 0; u < c.switches; u++) {
    if (c.leafEndpoints[u] === 0) continue;
    const nb = Array.from(c.swTarget.subarray(c.swOffsets[u], c.swOffsets[u + 1])).sort((a, b) => a - b);
    // A leaf with no switch neighbours is alone: twins must share a neighbour to be 2 hops apart.
    const key = nb.length ? nb.join(',') : `alone${u}`;
    const cls = byKey.get(key);
    if (cls) cls.push(u);
    else byKey.set(key, [u]);
  }
  return [...byKey.values()];
}

/** mulberry32: small, fast, seedable; good enough for sampling. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pathStats(c: FabricCsr, opts: PathOptions = {}): PathStats {
  if (opts.orbits) return orbitPathStats(c, opts.orbits);
  const classes = twinClasses(c);
  const perSearch = c.switches + c.swTarget.length;
  const budget = opts.budget ?? 4e8;
  let chosen = classes.map((_, i) => i);
  const exact = classes.length * perSearch <= budget;
  if (!exact) {
    const r = rng(opts.seed ?? 1);
    const want = Math.max(1, Math.floor(budget / perSearch));
    for (let i = chosen.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [chosen[i], chosen[j]] = [chosen[j], chosen[i]];
    }
    chosen = chosen.slice(0, want);
  }
  const dist = new Int32Array(c.switches);
  const queue = new Int32Array(c.switches);
  const inClass = new Int32Array(c.switches).fill(-1);
  classes.forEach((cls, i) => cls.forEach((u) => (inClass[u] = i)));

  let hopSum = 0; // over sampled sources
  let pairs = 0; // connected ordered pairs over sampled sources
  let unreachable = 0;
  let diameter = 0;
  let sampledEndpoints = 0;
  for (const ci of chosen) {
    const cls = classes[ci];
    bfsSwitches(c, cls[0], dist, queue);
    // Per unit of source endpoint: hops to every endpoint outside the class.
    let outHops = 0;
    let outPairs = 0;
    let outUnreach = 0;
    for (let t = 0; t < c.switches; t++) {
      const nt = c.leafEndpoints[t];
      if (nt === 0 || inClass[t] === ci) continue;
      if (dist[t] < 0) outUnreach += nt;
      else {
        outHops += nt * (dist[t] + 2);
        outPairs += nt;
        if (dist[t] + 2 > diameter) diameter = dist[t] + 2;
      }
    }
    let classEndpoints = 0;
    for (const s of cls) classEndpoints += c.leafEndpoints[s];
    for (const s of cls) {
      const ns = c.leafEndpoints[s];
      const twins = classEndpoints - ns; // endpoints on the other leaves of the class: 2 switch hops apart
      hopSum += ns * (outHops + twins * 4 + (ns - 1) * 2);
      pairs += ns * (outPairs + twins + (ns - 1));
      unreachable += ns * outUnreach;
      if (ns > 1 && diameter < 2) diameter = 2;
      if (twins > 0 && diameter < 4) diameter = 4;
    }
    sampledEndpoints += classEndpoints;
  }
  const scale = exact ? 1 : c.endpoints / Math.max(1, sampledEndpoints);
  return {
    diameterHops: diameter,
    meanEndpointHops: pairs > 0 ? hopSum / pairs : 0,
    unreachablePairs: Math.round(unreachable * scale),
    exact,
    searches: chosen.length,
  };
}

/** Exact statistics from orbit representatives: every leaf in an orbit has the same distance profile. */
function orbitPathStats(c: FabricCsr, orbits: Array<{ leaf: number; size: number }>): PathStats {
  const dist = new Int32Array(c.switches);
  const queue = new Int32Array(c.switches);
  let hopSum = 0;
  let pairs = 0;
  let unreachable = 0;
  let diameter = 0;
  for (const { leaf: r, size } of orbits) {
    bfsSwitches(c, r, dist, queue);
    const nr = c.leafEndpoints[r];
    let outHops = 0;
    let outPairs = 0;
    let outUnreach = 0;
    for (let t = 0; t < c.switches; t++) {
      const nt = c.leafEndpoints[t];
      if (nt === 0 || t === r) continue;
      if (dist[t] < 0) outUnreach += nt;
      else {
        outHops += nt * (dist[t] + 2);
        outPairs += nt;
        if (dist[t] + 2 > diameter) diameter = dist[t] + 2;
      }
    }
    if (nr > 1 && diameter < 2) diameter = 2;
    hopSum += size * nr * (outHops + (nr - 1) * 2);
    pairs += size * nr * (outPairs + nr - 1);
    unreachable += size * nr * outUnreach;
  }
  return { diameterHops: diameter, meanEndpointHops: pairs > 0 ? hopSum / pairs : 0, unreachablePairs: unreachable, exact: true, searches: orbits.length };
}
