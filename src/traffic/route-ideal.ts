/**
 * Ideal routing: the fluid model of adaptive routing / packet spraying. Towards each destination leaf,
 * every switch splits the traffic it holds over its shortest-path next hops in proportion to their
 * lanes. One BFS and one reverse sweep per destination leaf over the switch-level CSR:
 * O(destinations · (S + switch arcs)), independent of the number of GPU pairs.
 * Failed edges (mask over undirected edges) carry nothing; shortest paths are recomputed around them;
 * demand with no path is counted as unreachable, never dropped silently.
 * Symmetric demand on a fabric with a verified rotation σ (symmetry.ts) takes one pass per orbit of
 * destinations and rotates the loads: O(orbits · (S + arcs) + order · arcs).
 */
import type { FabricCsr } from '../topology/csr.js';
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
}

export interface RouteOptions {
  failed?: Uint8Array;
  progress?: (done: number, total: number) => void;
  /** a verified rotation of the switch graph (symmetry.ts); used only for rotation-invariant demand, no failures */
  symmetry?: Rotation | null;
}

/** Live switch adjacency with per-arc lanes, built once per routing call so the hot loops test nothing. */
function liveAdjacency(c: FabricCsr, failed?: Uint8Array) {
  if (failed === undefined) {
    const lanes = new Float64Array(c.swArc.length);
    for (let i = 0; i < lanes.length; i++) lanes[i] = c.lanes[c.swArc[i] >> 1];
    return { off: c.swOffsets, to: c.swTarget, arc: c.swArc, lanes };
  }
  const S = c.switches;
  const off = new Int32Array(S + 1);
  for (let u = 0; u < S; u++) {
    let d = 0;
    for (let i = c.swOffsets[u]; i < c.swOffsets[u + 1]; i++) if (!failed[c.swArc[i] >> 1]) d++;
    off[u + 1] = off[u] + d;
  }
  const to = new Int32Array(off[S]);
  const arc = new Int32Array(off[S]);
  const lanes = new Float64Array(off[S]);
  for (let u = 0, k = 0; u < S; u++)
    for (let i = c.swOffsets[u]; i < c.swOffsets[u + 1]; i++) {
      if (failed[c.swArc[i] >> 1]) continue;
      to[k] = c.swTarget[i];
      arc[k] = c.swArc[i];
      lanes[k++] = c.lanes[c.swArc[i] >> 1];
    }
  return { off, to, arc, lanes };
}

export function routeIdeal(c: FabricCsr, src: ColumnSource, opts: RouteOptions = {}): RouteResult {
  const S = c.switches;
  const arcLoad = new Float64Array(2 * c.edges);
  const dist = new Int32Array(S);
  const order = new Int32Array(S);
  const inflow = new Float64Array(S);
  const nextLanes = new Float64Array(S);
  const col = new Float64Array(S);
  const { off, to, arc, lanes } = liveAdjacency(c, opts.failed);
  let delivered = 0;
  let unreachable = 0;
  let hopBytes = 0;

  // Symmetric demand on a symmetric fabric: route one destination per orbit, then rotate the loads.
  const sym = opts.failed === undefined && src.rotationInvariant ? opts.symmetry : null;
  let targets = src.destinations;
  let weight = 1;
  if (sym) {
    const reps = orbitRepresentatives(src.destinations, sym);
    if (reps) {
      targets = reps;
      weight = sym.order;
    }
  }
  const load = weight > 1 ? new Float64Array(2 * c.edges) : arcLoad;

  const D = targets.length;
  for (let di = 0; di < D; di++) {
    const t = targets[di];
    col.fill(0);
    src.fill(t, col);
    // BFS from t (links are symmetric, so distances to t equal distances from t). Each arc u -> v with
    // dist[v] = dist[u] + 1 makes u a next hop of v: sum those lanes on the way.
    dist.fill(-1);
    nextLanes.fill(0);
    dist[t] = 0;
    let head = 0;
    let tail = 0;
    order[tail++] = t;
    while (head < tail) {
      const u = order[head++];
      const du = dist[u] + 1;
      for (let i = off[u]; i < off[u + 1]; i++) {
        const v = to[i];
        const dv = dist[v];
        if (dv < 0) {
          dist[v] = du;
          order[tail++] = v;
          nextLanes[v] += lanes[i];
        } else if (dv === du) nextLanes[v] += lanes[i];
      }
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
    for (let k = tail - 1; k > 0; k--) {
      const u = order[k];
      const x = inflow[u];
      if (x === 0) continue;
      const du = dist[u] - 1;
      const perLane = x / nextLanes[u];
      for (let i = off[u]; i < off[u + 1]; i++) {
        const v = to[i];
        if (dist[v] !== du) continue;
        const share = perLane * lanes[i];
        load[arc[i]] += share;
        inflow[v] += share;
      }
    }
    if (opts.progress && (di & 63) === 63) opts.progress(di + 1, D);
  }
  if (weight > 1) rotateLoads(load, arcLoad, sym!);
  opts.progress?.(D, D);
  return { arcLoad, deliveredBytes: delivered, unreachableBytes: unreachable, hopBytes, passes: D };
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

/** out[σ^r(a)] += load[a] for r = 0 .. order−1: the loads of every rotated destination. O(order · arcs). */
function rotateLoads(load: Float64Array, out: Float64Array, sym: Rotation): void {
  const arcs: number[] = [];
  for (let a = 0; a < load.length; a++) if (sym.arcPerm[a] >= 0) arcs.push(a);
  const cur = Int32Array.from(arcs);
  const x = Float64Array.from(arcs, (a) => load[a]);
  for (let r = 0; r < sym.order; r++)
    for (let i = 0; i < cur.length; i++) {
      out[cur[i]] += x[i];
      cur[i] = sym.arcPerm[cur[i]];
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
