/**
 * Ideal routing: the fluid model of adaptive routing / packet spraying. Towards each destination leaf,
 * every switch splits the traffic it holds over its shortest-path next hops in proportion to their
 * lanes. One BFS and one reverse sweep per destination leaf over the switch-level CSR:
 * O(destinations · (S + switch arcs)), independent of the number of GPU pairs.
 * Failed edges (mask over undirected edges) carry nothing; shortest paths are recomputed around them;
 * demand with no path is counted as unreachable, never dropped silently.
 */
import type { FabricCsr } from '../topology/csr.js';

export interface ColumnSource {
  /** destination switches (leaves) that receive fabric traffic */
  destinations: Int32Array;
  /** writes into col[s] the bytes leaf s sends to destination t over switch links (col is zeroed) */
  fill(t: number, col: Float64Array): void;
}

export interface RouteResult {
  /** bytes per arc (per direction), switch-to-switch arcs only; length 2·edges */
  arcLoad: Float64Array;
  deliveredBytes: number;
  unreachableBytes: number;
  /** Σ bytes × switch hops, for the conservation check Σ arcLoad = Σ demand × hops */
  hopBytes: number;
  /** per source leaf, bytes it could not deliver (length S), for reporting */
  unreachableBySource: Float64Array;
}

export interface RouteOptions {
  failed?: Uint8Array;
  progress?: (done: number, total: number) => void;
}

export function routeIdeal(c: FabricCsr, src: ColumnSource, opts: RouteOptions = {}): RouteResult {
  const S = c.switches;
  const arcLoad = new Float64Array(2 * c.edges);
  const unreachableBySource = new Float64Array(S);
  const dist = new Int32Array(S);
  const order = new Int32Array(S);
  const inflow = new Float64Array(S);
  const col = new Float64Array(S);
  const { swOffsets, swTarget, swArc, lanes } = c;
  const failed = opts.failed;
  let delivered = 0;
  let unreachable = 0;
  let hopBytes = 0;
  const D = src.destinations.length;
  for (let di = 0; di < D; di++) {
    const t = src.destinations[di];
    col.fill(0);
    src.fill(t, col);
    // BFS from t (links are symmetric, so distances to t equal distances from t).
    dist.fill(-1);
    dist[t] = 0;
    let head = 0;
    let tail = 0;
    order[tail++] = t;
    while (head < tail) {
      const u = order[head++];
      const du = dist[u] + 1;
      for (let i = swOffsets[u]; i < swOffsets[u + 1]; i++) {
        if (failed !== undefined && failed[swArc[i] >> 1]) continue;
        const v = swTarget[i];
        if (dist[v] < 0) {
          dist[v] = du;
          order[tail++] = v;
        }
      }
    }
    inflow.fill(0);
    for (let s = 0; s < S; s++) {
      const x = col[s];
      if (x === 0 || s === t) continue;
      if (dist[s] < 0) {
        unreachable += x;
        unreachableBySource[s] += x;
      } else {
        inflow[s] = x;
        delivered += x;
        hopBytes += x * dist[s];
      }
    }
    // Sweep from the farthest switch inwards: all of a switch's inflow is known before it splits.
    for (let k = tail - 1; k > 0; k--) {
      const u = order[k];
      const x = inflow[u];
      if (x === 0) continue;
      const du = dist[u] - 1;
      let total = 0;
      for (let i = swOffsets[u]; i < swOffsets[u + 1]; i++) {
        if (dist[swTarget[i]] !== du || (failed !== undefined && failed[swArc[i] >> 1])) continue;
        total += lanes[swArc[i] >> 1];
      }
      const perLane = x / total;
      for (let i = swOffsets[u]; i < swOffsets[u + 1]; i++) {
        const v = swTarget[i];
        if (dist[v] !== du || (failed !== undefined && failed[swArc[i] >> 1])) continue;
        const share = perLane * lanes[swArc[i] >> 1];
        arcLoad[swArc[i]] += share;
        inflow[v] += share;
      }
    }
    if (opts.progress && (di & 63) === 63) opts.progress(di + 1, D);
  }
  opts.progress?.(D, D);
  return { arcLoad, deliveredBytes: delivered, unreachableBytes: unreachable, hopBytes, unreachableBySource };
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
