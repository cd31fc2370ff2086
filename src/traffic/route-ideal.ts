/**
 * Ideal routing: the fluid model of adaptive routing / packet spraying. Towards each destination leaf,
 * every switch splits the traffic it holds over its shortest-path next hops in proportion to their
 * lanes. One BFS and one reverse sweep per destination leaf over the switch-level CSR:
 * O(destinations · (S + switch arcs)), independent of the number of GPU pairs.
 * Failed edges (mask over undirected edges) carry nothing; shortest paths are recomputed around them;
 * demand with no path is counted as unreachable, never dropped silently.
 * Symmetric demand on a fabric with a verified rotation σ (symmetry.ts) takes one pass per orbit of
 * destinations and rotates the loads, summing each arc orbit once: O(orbits · (S + arcs) + arcs).
 */
import { bfsUntil, switchGraph, type FabricCsr, type SwitchGraph } from '../topology/csr.js';
import type { Rotation } from './symmetry.js';

export interface ColumnSource {
  /** destination switches (leaves) that receive fabric traffic */
  destinations: Int32Array;
  /** writes into col[s] the bytes leaf s sends to destination t over switch links (col is zeroed) */
  fill(t: number, col: Float64Array): void;
  /**
   * true when the demand is invariant under any switch rotation σ that preserves leaf sizes
   * (col_{σt}[σs] = col_t[s]), so symmetric routing may be used
   */
  rotationInvariant?: boolean;
  /** when not invariant under every such rotation: whether the demand is invariant under this switch permutation */
  invariantUnder?(perm: Int32Array): boolean;
}

export interface RouteResult {
  /** bytes per arc (per direction), switch-to-switch arcs only; length 2·edges */
  arcLoad: Float64Array;
  deliveredBytes: number;
  unreachableBytes: number;
  /** Σ bytes × switch hops, for the conservation check Σ arcLoad = Σ demand × hops */
  hopBytes: number;
  /** destination passes actually run (fewer than destinations when a symmetry was used) */
  passes: number;
  /**
   * The work the passes took. The shortcuts give the same loads by construction, so only this shows them (to
   * tests, and to anyone profiling): `searches` = breadth-first searches run (a pass whose destination is a
   * twin of the previous one reuses its tree), `settled` = Σ switches those searches reached (a search stops
   * once its destination's last source has its distance and next hops).
   */
  work?: { searches: number; settled: number };
}

export interface RouteOptions {
  failed?: Uint8Array;
  progress?: (done: number, total: number) => void;
  /** a verified rotation of the switch graph (symmetry.ts); used only for rotation-invariant demand, no failures */
  symmetry?: Rotation | null;
}

export function routeIdeal(c: FabricCsr, src: ColumnSource, opts: RouteOptions = {}): RouteResult {
  const S = c.switches;
  const arcLoad = new Float64Array(2 * c.edges);
  const dist = new Int32Array(S);
  const order = new Int32Array(S);
  const inflow = new Float64Array(S);
  const nextLanes = new Float64Array(S);
  const col = new Float64Array(S);
  const g = opts.failed === undefined ? healthyGraph(c) : switchGraph(c, opts.failed);
  const { off, to, arc, lanes } = g;
  // Loads per switch-graph arc index (the sweep writes them in adjacency order), mapped to arcs at the end.
  const gLoad = new Float64Array(to.length);
  let delivered = 0;
  let unreachable = 0;
  let hopBytes = 0;

  // Symmetric demand on a symmetric fabric: route one destination per orbit, then rotate the loads.
  const sym = opts.failed === undefined && opts.symmetry && (src.rotationInvariant || src.invariantUnder?.(opts.symmetry.perm)) ? opts.symmetry : null;
  let targets = src.destinations;
  let weight = 1;
  if (sym) {
    const reps = orbitRepresentatives(src.destinations, sym);
    if (reps) {
      targets = reps;
      weight = sym.order;
    }
  }

  const D = targets.length;
  const twin = twinKeys(g, targets);
  let reached = 0;
  let searches = 0;
  let settled = 0;
  // whether dist/order/nextLanes hold the whole tree of the previous destination (not one stopped at its sources)
  let complete = false;
  for (let di = 0; di < D; di++) {
    const t = targets[di];
    col.fill(0);
    src.fill(t, col);
    const prev = di > 0 ? targets[di - 1] : -1;
    const twinOfPrev = prev >= 0 && twin[di] !== '' && twin[di] === twin[di - 1] && dist[t] === 2;
    if (twinOfPrev && (complete || reachesSources(col, dist, t, prev))) {
      // t is a twin of the previous destination (same neighbours, same lanes): the BFS from t is the previous
      // one with the two swapped; every other distance and next-hop lane count is unchanged. A tree stopped at
      // the previous destination's last source serves t when it reaches every source of t (uniform demand: the
      // same leaves), since the levels it holds are exact; without this check the shortcut was lost on every
      // truncated tree (ft3:k=64 uniform --no-symmetry 2.6 -> 4.0 s).
      const i = order.indexOf(t);
      order[i] = prev;
      order[0] = t;
      dist[t] = 0;
      dist[prev] = 2;
      nextLanes[prev] = nextLanes[t];
      nextLanes[t] = 0;
    } else {
      // the search stops once every source of this destination has its distance and next hops
      let needed = 0;
      for (let s = 0; s < S; s++) if (col[s] !== 0 && s !== t) needed++;
      ({ reached, complete } = bfsUntil(g, t, dist, order, nextLanes, col, needed));
      searches++;
      settled += reached;
    }
    inflow.fill(0);
    for (let s = 0; s < S; s++) {
      const x = col[s];
      if (x === 0 || s === t) continue;
      if (dist[s] < 0) unreachable += x * weight;
      else {
        inflow[s] = x;
        delivered += x * weight;
        hopBytes += x * dist[s] * weight;
      }
    }
    // Sweep from the farthest switch inwards: all of a switch's inflow is known before it splits.
    for (let k = reached - 1; k > 0; k--) {
      const u = order[k];
      const x = inflow[u];
      if (x === 0) continue;
      const du = dist[u] - 1;
      const perLane = x / nextLanes[u];
      for (let i = off[u], end = off[u + 1]; i < end; i++) {
        const v = to[i];
        if (dist[v] !== du) continue;
        const share = perLane * lanes[i];
        gLoad[i] += share;
        inflow[v] += share;
      }
    }
    if (opts.progress && (di & 63) === 63) opts.progress(di + 1, D);
  }
  const load = weight > 1 ? new Float64Array(2 * c.edges) : arcLoad;
  for (let i = 0; i < gLoad.length; i++) load[arc[i]] += gLoad[i];
  if (weight > 1) rotateLoads(load, arcLoad, sym!);
  opts.progress?.(D, D);
  return { arcLoad, deliveredBytes: delivered, unreachableBytes: unreachable, hopBytes, passes: D, work: { searches, settled } };
}

/** whether every source of destination t (col ≠ 0) lies in the tree held in dist, once t and prev swap */
function reachesSources(col: Float64Array, dist: Int32Array, t: number, prev: number): boolean {
  for (let s = 0; s < col.length; s++) if (col[s] !== 0 && s !== t && s !== prev && dist[s] < 0) return false;
  return true;
}

/**
 * The live switch graph of the intact fabric, kept per engine view: every phase of a workload and every
 * routing compared on one fabric routes over it, and building it is O(arcs). (Whole shortest-path trees were
 * kept too, until the search began stopping at its last source: a stopped tree is never whole, so none was
 * ever kept.)
 */
const healthyGraphs = new WeakMap<FabricCsr, SwitchGraph>();

function healthyGraph(c: FabricCsr): SwitchGraph {
  let g = healthyGraphs.get(c);
  if (!g) healthyGraphs.set(c, (g = switchGraph(c)));
  return g;
}

/**
 * Per destination: a key equal for two leaves exactly when they have the same live neighbours over the same
 * lanes (twins, e.g. the leaves of one fat-tree pod), '' for a leaf without neighbours. O(destinations · degree).
 */
function twinKeys(g: SwitchGraph, targets: Int32Array): string[] {
  return Array.from(targets, (t) => {
    const nb: string[] = [];
    for (let i = g.off[t]; i < g.off[t + 1]; i++) nb.push(`${g.to[i]}:${g.lanes[i]}`);
    // parallel arcs to one neighbour are one bundle already (no multi-edges), so sorting names the set
    return nb.sort().join(',');
  });
}

/** One destination per orbit of σ, or null when the destinations are not whole orbits of size `order`. */
function orbitRepresentatives(dests: Int32Array, sym: Rotation): Int32Array | null {
  const isDest = new Uint8Array(sym.perm.length);
  for (const t of dests) isDest[t] = 1;
  const seen = new Uint8Array(sym.perm.length);
  const reps: number[] = [];
  for (const t of dests) {
    if (seen[t]) continue;
    let u = t;
    for (let r = 0; r < sym.order; r++) {
      if (!isDest[u] || (r > 0 && u === t)) return null;
      seen[u] = 1;
      u = sym.perm[u];
    }
    if (u !== t) return null;
    reps.push(t);
  }
  return Int32Array.from(reps);
}

/**
 * out[σ^r(a)] += load[a] for r = 0 .. order−1, i.e. every arc gets its orbit's total times order / orbit size.
 * Each arc orbit is summed once: O(arcs).
 */
function rotateLoads(load: Float64Array, out: Float64Array, sym: Rotation): void {
  const done = new Uint8Array(load.length);
  for (let a = 0; a < load.length; a++) {
    if (done[a] || sym.arcPerm[a] < 0) continue;
    let sum = 0;
    let size = 0;
    for (let b = a; !done[b]; b = sym.arcPerm[b]) {
      done[b] = 1;
      sum += load[b];
      size++;
    }
    const x = sum * (sym.order / size);
    for (let b = a, i = 0; i < size; i++, b = sym.arcPerm[b]) out[b] += x;
  }
}

/** Column source over an explicit NIC-to-NIC flow list, counting-sorted by destination leaf. */
export function flowColumns(c: FabricCsr, flows: { src: Int32Array; dst: Int32Array; bytes: Float64Array; length: number }): ColumnSource {
  const S = c.switches;
  const count = new Int32Array(S + 1);
  for (let i = 0; i < flows.length; i++) count[c.endpointLeaf[flows.dst[i]] + 1]++;
  for (let s = 0; s < S; s++) count[s + 1] += count[s];
  const start = count.slice();
  const order = new Int32Array(flows.length);
  for (let i = 0; i < flows.length; i++) order[start[c.endpointLeaf[flows.dst[i]]]++] = i;
  const dests: number[] = [];
  for (let s = 0; s < S; s++) if (count[s + 1] > count[s]) dests.push(s);
  return {
    destinations: Int32Array.from(dests),
    fill(t, col) {
      for (let k = count[t]; k < count[t + 1]; k++) {
        const i = order[k];
        col[c.endpointLeaf[flows.src[i]]] += flows.bytes[i];
      }
    },
  };
}
