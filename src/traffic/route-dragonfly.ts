/**
 * Dragonfly minimal routing as Dragonfly routers do it (Kim et al., ISCA'08): at most one global hop.
 * A packet from router s (group A) to router t (group B ≠ A) goes over a local link to a router of A owning
 * a global link to B, crosses it, then over a local link to t; inside a group, one local link. Where a group
 * pair has several global links, the fluid split is in proportion to their lanes. Shortest paths in the
 * router graph (the `ideal` model) may instead take two global hops when that is as short, which a real
 * Dragonfly's minimal routing never does. Cost: O(destinations · sources · global links per group pair).
 * Failed global links carry nothing (a group pair with none left is unreachable: no detour, that is Valiant's
 * job); failed local links are refused (not modelled).
 */
import type { FabricCsr } from '../topology/csr.js';
import { UsageError } from '../errors.js';
import type { ColumnSource, RouteResult } from './route-ideal.js';

export interface DragonflyIndex {
  /** group of each switch (−1 for switches outside any group) */
  groupOf: Int32Array;
}

/** The global links per ordered group pair (CSR over A·g + B) and each link's lane share of its pair. */
export interface DragonflyGlobals {
  g: number;
  gCount: Int32Array;
  gArc: Int32Array;
  shareOf: Float64Array;
  /** the local link from u to v of its group: localArc[u·a + pos[v]] (−1: none); pos = a router's place in its group */
  localArc: Int32Array;
  pos: Int32Array;
  a: number;
}

export function dragonflyMinimal(c: FabricCsr, df: DragonflyIndex, failed?: Uint8Array) {
  const S = c.switches;
  const { groupOf } = df;
  let g = 0;
  for (let u = 0; u < S; u++) g = Math.max(g, groupOf[u] + 1);
  const pos = new Int32Array(S);
  const size = new Int32Array(g);
  for (let u = 0; u < S; u++) if (groupOf[u] >= 0) pos[u] = size[groupOf[u]]++;
  let a = 0;
  for (const x of size) a = Math.max(a, x);
  const localArc = new Int32Array(S * a).fill(-1);
  const gCount = new Int32Array(g * g + 1);
  const live = (arc: number) => !(failed && failed[arc >> 1]);
  for (let u = 0; u < S; u++)
    for (let i = c.swOffsets[u]; i < c.swOffsets[u + 1]; i++) {
      const v = c.swTarget[i];
      if (!live(c.swArc[i])) continue;
      if (groupOf[u] === groupOf[v]) localArc[u * a + pos[v]] = c.swArc[i];
      else gCount[groupOf[u] * g + groupOf[v] + 1]++;
    }
  for (let k = 0; k < g * g; k++) gCount[k + 1] += gCount[k];
  const fillAt = gCount.slice();
  const gArc = new Int32Array(gCount[g * g]);
  for (let u = 0; u < S; u++)
    for (let i = c.swOffsets[u]; i < c.swOffsets[u + 1]; i++) {
      const v = c.swTarget[i];
      if (live(c.swArc[i]) && groupOf[u] !== groupOf[v]) gArc[fillAt[groupOf[u] * g + groupOf[v]]++] = c.swArc[i];
    }
  const lanesOf = (arc: number) => c.lanes[arc >> 1];
  // Per ordered group pair, the usable global links and their lane shares. A link is usable from s / to t
  // only if the local hops to and from it are up; without failures every link of the pair is.
  const shareOf = new Float64Array(gArc.length);
  const pairLanes = new Float64Array(g * g);
  for (let k = 0; k < g * g; k++) {
    let lanes = 0;
    for (let x = gCount[k]; x < gCount[k + 1]; x++) lanes += lanesOf(gArc[x]);
    pairLanes[k] = lanes;
    for (let x = gCount[k]; x < gCount[k + 1]; x++) shareOf[x] = lanesOf(gArc[x]) / lanes;
  }
  const localOk = (u: number, v: number) => u === v || localArc[u * a + pos[v]] >= 0;

  /**
   * Loads by aggregation: rowSum[s·g + B] = bytes s sends to group B, colSum[A·S + t] = bytes group A sends to
   * t. The local hop s → gateway carries s's bytes for B, the global link all of A's for B, the local hop
   * gateway → t all of A's bytes for t. O(D·S) to read the columns, then O((S·g + g·S) · links per pair).
   */
  const route = (cols: ColumnSource, progress?: (d: number, t: number) => void): RouteResult => {
    const arcLoad = new Float64Array(2 * c.edges);
    const col = new Float64Array(S);
    const rowSum = new Float64Array(S * g);
    const colSum = new Float64Array(g * S);
    let delivered = 0;
    let unreachable = 0;
    let hopBytes = 0;
    const D = cols.destinations.length;
    for (let di = 0; di < D; di++) {
      const t = cols.destinations[di];
      const gt = groupOf[t];
      col.fill(0);
      cols.fill(t, col);
      for (let s = 0; s < S; s++) {
        const x = col[s];
        if (x === 0 || s === t) continue;
        const gs = groupOf[s];
        if (gs === gt) {
          const l = localArc[s * a + pos[t]];
          if (l < 0) unreachable += x;
          else {
            arcLoad[l] += x;
            delivered += x;
            hopBytes += x;
          }
        } else {
          rowSum[s * g + gt] += x;
          colSum[gs * S + t] += x;
        }
      }
      if (progress && (di & 255) === 255) progress(di + 1, D);
    }
    for (let s = 0; s < S; s++)
      for (let B = 0; B < g; B++) {
        const x = rowSum[s * g + B];
        if (x === 0) continue;
        const k = groupOf[s] * g + B;
        if (pairLanes[k] === 0) {
          unreachable += x;
          continue;
        }
        delivered += x;
        for (let q = gCount[k]; q < gCount[k + 1]; q++) {
          const arc = gArc[q];
          const ga = c.arcTail[arc];
          const y = x * shareOf[q];
          arcLoad[arc] += y;
          hopBytes += y;
          if (ga !== s) {
            arcLoad[localArc[s * a + pos[ga]]] += y;
            hopBytes += y;
          }
        }
      }
    for (let A = 0; A < g; A++)
      for (let t = 0; t < S; t++) {
        const x = colSum[A * S + t];
        if (x === 0) continue;
        const k = A * g + groupOf[t];
        for (let q = gCount[k]; q < gCount[k + 1]; q++) {
          const gb = c.arcHead[gArc[q]];
          if (gb === t) continue;
          const y = x * shareOf[q];
          arcLoad[localArc[gb * a + pos[t]]] += y;
          hopBytes += y;
        }
      }
    if (failed) checkLocal(cols);
    return { arcLoad, deliveredBytes: delivered, unreachableBytes: unreachable, hopBytes, passes: D };
  };

  /** With failures, a failed local link would force a detour that minimal routing does not take: refuse. */
  const checkLocal = (_cols: ColumnSource) => {
    // a dead router (every link down) takes its endpoints with it and is never a gateway: only a lone
    // failed local link between two live routers would need a detour
    const dead = new Uint8Array(S);
    for (let u = 0; u < S; u++) {
      dead[u] = 1;
      for (let i = c.swOffsets[u]; i < c.swOffsets[u + 1]; i++) if (live(c.swArc[i])) dead[u] = 0;
    }
    for (let u = 0; u < S; u++)
      for (let i = c.swOffsets[u]; i < c.swOffsets[u + 1]; i++)
        if (groupOf[u] === groupOf[c.swTarget[i]] && !dead[u] && !dead[c.swTarget[i]] && !localOk(u, c.swTarget[i]))
          throw new UsageError('Dragonfly minimal/Valiant/UGAL routing with a failed local link is not modelled; use --routing ideal');
  };

  /**
   * The minimal split of one byte from router s to router t: arcs and fractions (pushed), the per-flow view
   * of `route` for the flow model. Returns false when no minimal path is left.
   */
  const fractions = (s: number, t: number, arcs: number[], fracs: number[]): boolean => {
    if (s === t) return true;
    const gs = groupOf[s];
    const gt = groupOf[t];
    if (gs === gt) {
      const l = localArc[s * a + pos[t]];
      if (l < 0) return false;
      arcs.push(l);
      fracs.push(1);
      return true;
    }
    const k = gs * g + gt;
    if (pairLanes[k] === 0) return false;
    for (let q = gCount[k]; q < gCount[k + 1]; q++) {
      const arc = gArc[q];
      const ga = c.arcTail[arc];
      const gb = c.arcHead[arc];
      arcs.push(arc);
      fracs.push(shareOf[q]);
      if (ga !== s) {
        arcs.push(localArc[s * a + pos[ga]]);
        fracs.push(shareOf[q]);
      }
      if (gb !== t) {
        arcs.push(localArc[gb * a + pos[t]]);
        fracs.push(shareOf[q]);
      }
    }
    return true;
  };
  const globals: DragonflyGlobals = { g, gCount, gArc, shareOf, localArc, pos, a };
  return { route, fractions, globals };
}

/** Group of every switch from the model's `group` attribute (Dragonfly routers). */
export function groupsOf(c: FabricCsr, groupAttr: (id: string) => unknown): Int32Array {
  const out = new Int32Array(c.switches).fill(-1);
  for (let u = 0; u < c.switches; u++) {
    const gr = groupAttr(c.ids[u]);
    if (typeof gr === 'number') out[u] = gr;
  }
  return out;
}
