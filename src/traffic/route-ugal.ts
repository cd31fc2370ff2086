/**
 * UGAL, per flow class, in the fluid model: every flow class (a unit of demand that shares its minimal path
 * and its non-minimal candidates) decides in a seeded random order how much of its bytes to send minimally and
 * how much Valiant, by comparing estimated loads on the two sides, with the loads of every other class where
 * it currently is. UGAL = Universal Globally-Adaptive Load-balanced routing (Singh, "Load-Balanced Routing in
 * Interconnection Networks", PhD thesis, Stanford 2005; on the Dragonfly, Kim, Dally, Scott, Abts,
 * "Technology-Driven, Highly-Scalable Dragonfly Topology", ISCA'08, UGAL-L and UGAL-G; Jiang, Kim, Dally,
 * "Indirect Adaptive Routing on Large Scale Interconnection Networks", ISCA'09: UGAL-G is the idealised
 * variant that sees the queues of all global channels). The decision rule is UGAL's: minimal when
 * q_min ≤ q_nonmin + T, with T = UGAL_THRESHOLD (0, as SST/macro's `ugal_threshold` default).
 *
 * Estimator (docs/traffic.md, "ugal"): q = the seconds of bytes already placed on the busiest link of a side,
 * the class's own bytes included (a what-if drain time). The state starts with every class on its minimal paths
 * (UGAL's default route); a class, when its turn comes, takes its own bytes out and decides against the others
 * where they currently are; a class is a fluid of many small flows of one pair taken back to back.
 *
 * - Dragonfly: a class is a group pair (A, B). Minimal side: the A→B global links (UGAL-G sees global channels
 *   only: every flow of the pair has the same ones, so the aggregation is exact for this estimator). Each packet draws an intermediate group I by its share of Valiant
 *   routers, as UGAL draws one random Valiant candidate; drawing A or B keeps it minimal; drawing I sends it
 *   through I when that path's busiest global link (A→I, I→B) + T is below the minimal side's. Fluid limit: a
 *   level λ, paths filled up to λ − T (each at most its share), λ = the minimal side's final load (bisection).
 * - Slim Fly: a class is a router pair (s, t). Minimal side = the links of its shortest paths; non-minimal side =
 *   s's output links and t's input links, weighted by the share of a uniformly random intermediate's legs they
 *   carry, times H_nm/H_min (Singh's hop weighting: the middle hops are not seen). Split: the largest minimal
 *   fraction x with q_min(x) ≤ q_nonmin(x) + T, the rest Valiant over every router.
 *
 * Cost: classes · candidate links per sweep, plus the minimal passes of the caller. Dragonfly:
 * O(sweeps · g² · g · links per group pair); Slim Fly: O(S · (S + arcs)) + O(sweeps · S² · degree).
 */
import { bfs, switchGraph, type FabricCsr } from '../topology/csr.js';
import { rng } from '../topology/paths.js';
import type { DragonflyGlobals } from './route-dragonfly.js';

/** T: a class goes minimal while q_min ≤ q_nonmin + T (seconds) */
export const UGAL_THRESHOLD = 0;
/**
 * Sweeps over the classes: the first starts from all-minimal, so early classes see the minimal load of classes
 * not yet decided; each further sweep re-decides every class against the others' latest choice (towards UGAL's
 * steady state, where every flow's choice agrees with the loads it sees). A sweep that changes nothing ends it.
 */
export const UGAL_SWEEPS = 3;

export interface UgalDecision {
  /** minimal fraction of each class (length classes) */
  minimalFraction: Float64Array;
  /** class of a (source leaf, destination leaf): −1 = not a UGAL decision (same group / same leaf: minimal) */
  classOf(s: number, t: number): number;
  classes: number;
  /** what the decision unit is, for the output */
  unit: string;
  /**
   * Dragonfly: per class that moved, what it went through (an intermediate group, a router drawn uniformly in it;
   * inside a group, an intermediate router) and the fraction of the class's bytes sent each way; absent: the
   * Valiant part is spread over every router
   */
  via?: Map<number, { through: Int32Array; fraction: Float64Array }>;
  /** Dragonfly: classes below this are group pairs (`through` = groups), the rest router pairs in a group (`through` = routers) */
  groupPairs?: number;
}

/**
 * The split x ∈ [0, 1] of one class: the largest x with qMin(x) ≤ qVal(x) + T (ties minimal). qMin is the max
 * of lines m0[k] + x·(m1[k] − m0[k]); qVal the chord v0 + x·(v1 − v0).
 */
export function ugalSplit(n: number, m0: Float64Array, m1: Float64Array, v0: number, v1: number, threshold = UGAL_THRESHOLD): number {
  const f = (x: number) => {
    let q = -Infinity;
    for (let k = 0; k < n; k++) q = Math.max(q, m0[k] + x * (m1[k] - m0[k]));
    return q - (v0 + x * (v1 - v0)) - threshold;
  };
  let scale = Math.max(Math.abs(v0), Math.abs(v1), 1e-300);
  for (let k = 0; k < n; k++) scale = Math.max(scale, Math.abs(m1[k]));
  const tol = 1e-9 * scale;
  if (n === 0) return 0;
  if (v0 === -Infinity) return 1;
  if (f(1) <= tol) return 1;
  if (f(0) > tol) return 0;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) <= tol) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Seeded Fisher–Yates order of 0..n−1. */
export function ugalOrder(n: number, seed: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const r = rng((seed ^ 0x75a1) >>> 0);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    const x = order[i];
    order[i] = order[j];
    order[j] = x;
  }
  return order;
}

function capacities(c: FabricCsr): Float64Array {
  const cap = new Float64Array(2 * c.edges);
  for (let a = 0; a < 2 * c.edges; a++) cap[a] = (c.lanes[a >> 1] * c.gbps[a >> 1] * 1e9) / 8;
  return cap;
}

/**
 * Dragonfly UGAL. Classes: group pairs A ≠ B (k = A·g + B) and, inside a group, router pairs
 * (k = g² + s·a + pos[t]). `demand[k]` = bytes of class k; `minimalLoad` = per-arc bytes of the all-minimal
 * routing (the starting state); `weight[I]` = share of Valiant intermediates in group I.
 *
 * Each packet of a group-pair class draws an intermediate group I (by `weight`) and goes through it when that
 * path's busiest global link + T is below the minimal global links' (UGAL-G); a packet that draws A or B stays
 * minimal. A router pair inside a group draws an intermediate router r of the group (uniformly; s or t keep it
 * minimal) and goes s → r → t over two local links when they are below the direct one (local misrouting, García
 * et al., "Efficient Routing Mechanisms for Dragonfly Networks", ICPP 2013). Fluid limit: a level λ, candidate
 * paths filled until their busiest link reaches λ − T (each at most its share), the rest minimal, λ = the minimal
 * side's final load (bisection). Returns, per class that moved, what it went through and the fraction of its bytes.
 */
export function ugalDragonfly(c: FabricCsr, gl: DragonflyGlobals, groupOf: Int32Array, demand: Float64Array, minimalLoad: Float64Array, weight: Float64Array, seed: number): UgalDecision {
  const { g, gCount, gArc, shareOf, localArc, pos, a: per } = gl;
  const S = c.switches;
  const G2 = g * g;
  const cap = capacities(c);
  const L = new Float64Array(minimalLoad.length);
  for (let a = 0; a < L.length; a++) L[a] = minimalLoad[a] > 0 ? minimalLoad[a] / cap[a] : 0;
  const classes = G2 + S * per;
  const x = new Float64Array(classes).fill(1);
  const via = new Map<number, { through: Int32Array; fraction: Float64Array }>();
  // the routers of each group by position, and each group's size
  const routerAt = new Int32Array(g * per).fill(-1);
  const size = new Int32Array(g);
  for (let u = 0; u < S; u++)
    if (groupOf[u] >= 0) {
      routerAt[groupOf[u] * per + pos[u]] = u;
      size[groupOf[u]]++;
    }
  const live: number[] = [];
  for (let k = 0; k < classes; k++) if (demand[k] > 0) live.push(k);
  const order = ugalOrder(live.length, seed);
  let maxPair = 1;
  for (let k = 0; k < G2; k++) maxPair = Math.max(maxPair, gCount[k + 1] - gCount[k]);
  const most = Math.max(g, per);
  // the class being described: its minimal links, and per candidate its path's links (arc, share of a byte)
  let mN = 0;
  const mA = new Int32Array(Math.max(maxPair, 1));
  const mSh = new Float64Array(Math.max(maxPair, 1));
  let n = 0;
  const cand = new Int32Array(most);
  const capW = new Float64Array(most);
  const pathStart = new Int32Array(most + 1);
  const pA = new Int32Array(most * 2 * maxPair);
  const pSh = new Float64Array(most * 2 * maxPair);
  const pL = new Float64Array(most * 2 * maxPair);
  const pS = new Float64Array(most * 2 * maxPair);
  const y = new Float64Array(most);
  /** fills the description of class k */
  const describe = (k: number) => {
    mN = 0;
    n = 0;
    let r = 0;
    if (k < G2) {
      const A = Math.floor(k / g);
      const B = k % g;
      for (let q = gCount[k]; q < gCount[k + 1]; q++) {
        mA[mN] = gArc[q];
        mSh[mN++] = shareOf[q];
      }
      for (let I = 0; I < g; I++) {
        if (I === A || I === B || weight[I] === 0) continue;
        const k1 = A * g + I;
        const k2 = I * g + B;
        if (gCount[k1 + 1] === gCount[k1] || gCount[k2 + 1] === gCount[k2]) continue;
        for (let q = gCount[k1]; q < gCount[k1 + 1]; q++, r++) {
          pA[r] = gArc[q];
          pSh[r] = shareOf[q];
        }
        for (let q = gCount[k2]; q < gCount[k2 + 1]; q++, r++) {
          pA[r] = gArc[q];
          pSh[r] = shareOf[q];
        }
        cand[n] = I;
        capW[n] = weight[I];
        pathStart[++n] = r;
      }
    } else {
      const j = k - G2;
      const s = Math.floor(j / per);
      const A = groupOf[s];
      const t = routerAt[A * per + (j % per)];
      const l = localArc[s * per + pos[t]];
      if (l >= 0) {
        mA[0] = l;
        mSh[0] = 1;
        mN = 1;
      }
      for (let p = 0; p < per; p++) {
        const m = routerAt[A * per + p];
        if (m < 0 || m === s || m === t) continue;
        const l1 = localArc[s * per + p];
        const l2 = localArc[m * per + pos[t]];
        if (l1 < 0 || l2 < 0) continue;
        pA[r] = l1;
        pSh[r++] = 1;
        pA[r] = l2;
        pSh[r++] = 1;
        cand[n] = m;
        capW[n] = 1 / size[A];
        pathStart[++n] = r;
      }
    }
  };
  /** adds (sign 1) or removes (−1) class k's bytes, where they are routed now, to the state (k described) */
  const apply = (k: number, sign: number) => {
    const D = demand[k] * sign;
    for (let i = 0; i < mN; i++) L[mA[i]] += (D * x[k] * mSh[i]) / cap[mA[i]];
    const v = via.get(k);
    if (!v) return;
    for (let i = 0, j = 0; i < v.through.length; i++) {
      while (cand[j] !== v.through[i]) j++;
      for (let r = pathStart[j]; r < pathStart[j + 1]; r++) L[pA[r]] += (D * v.fraction[i] * pSh[r]) / cap[pA[r]];
    }
  };
  /** the minimal side's busiest link with z bytes of the class */
  const qMin = (z: number) => {
    let m = -Infinity;
    for (let i = 0; i < mN; i++) m = Math.max(m, L[mA[i]] + (z * mSh[i]) / cap[mA[i]]);
    return m;
  };
  /** bytes candidate j can take before its path's busiest link passes `level` */
  const fill = (j: number, level: number, D: number) => {
    let yb = D * capW[j];
    for (let r = pathStart[j]; r < pathStart[j + 1]; r++) yb = Math.min(yb, (level - pL[r]) / pS[r]);
    return Math.max(0, yb);
  };
  for (let sweep = 0, changed = true; sweep < UGAL_SWEEPS && changed; sweep++) {
    changed = false;
    for (let oi = 0; oi < live.length; oi++) {
      const k = live[order[oi]];
      const D = demand[k];
      describe(k);
      apply(k, -1); // take the class out of the state (where it sits: minimal at first)
      const before = via.get(k);
      via.delete(k);
      let level0 = Infinity; // the least busy candidate path now
      let W = 0;
      for (let j = 0; j < n; j++) {
        let top = 0;
        for (let r = pathStart[j]; r < pathStart[j + 1]; r++) {
          pL[r] = L[pA[r]];
          pS[r] = pSh[r] / cap[pA[r]];
          top = Math.max(top, pL[r]);
        }
        W += capW[j];
        level0 = Math.min(level0, top);
      }
      const hasMinimal = mN > 0;
      const allMinimal = hasMinimal ? qMin(D) : Infinity;
      let xm = 1;
      if (n > 0 && level0 + UGAL_THRESHOLD < allMinimal * (1 - 1e-12)) {
        let sum = 0;
        if (hasMinimal) {
          // the level λ (the minimal side's final load): q_min(D − Σ fill_j(λ − T)) − λ decreases in λ
          const moved = (level: number) => {
            let m = 0;
            for (let j = 0; j < n; j++) m += fill(j, level - UGAL_THRESHOLD, D);
            return m;
          };
          let hi = allMinimal;
          let lo = qMin(D - D * W);
          for (let i = 0; i < 60 && hi - lo > 1e-12 * hi; i++) {
            const mid = (lo + hi) / 2;
            if (qMin(D - moved(mid)) <= mid) hi = mid;
            else lo = mid;
          }
          for (let j = 0; j < n; j++) sum += y[j] = fill(j, hi - UGAL_THRESHOLD, D);
        } else {
          // no minimal link left: over the candidates, in proportion to their shares
          for (let j = 0; j < n; j++) sum += y[j] = (D * capW[j]) / W;
        }
        if (sum > 0) {
          const used: number[] = [];
          for (let j = 0; j < n; j++) if (y[j] > 0) used.push(j);
          via.set(k, { through: Int32Array.from(used, (j) => cand[j]), fraction: Float64Array.from(used, (j) => y[j] / D) });
          xm = Math.max(0, 1 - sum / D);
        }
      }
      if (Math.abs(xm - x[k]) > 1e-9 || (before === undefined) !== (via.get(k) === undefined)) changed = true;
      x[k] = xm;
      apply(k, 1);
    }
  }
  return {
    minimalFraction: x,
    via,
    classOf: (s, t) => (s === t || groupOf[s] < 0 || groupOf[t] < 0 ? -1 : groupOf[s] === groupOf[t] ? G2 + s * per + pos[t] : groupOf[s] * g + groupOf[t]),
    classes: live.length,
    unit: 'group pairs, and router pairs inside a group',
    groupPairs: G2,
  };
}

/** All-pairs hop distances of the live switch graph (Int16, row t = distances to t). O(S · (S + arcs)). */
export function allPairs(c: FabricCsr, failed?: Uint8Array) {
  const S = c.switches;
  const g = switchGraph(c, failed);
  const dist = new Int16Array(S * S);
  const d = new Int32Array(S);
  const order = new Int32Array(S);
  for (let t = 0; t < S; t++) {
    bfs(g, t, d, order);
    for (let u = 0; u < S; u++) dist[t * S + u] = d[u];
  }
  return { g, dist };
}

/**
 * Per-hop shortest-path split from s to t (lanes-proportional): arcs and the fraction of a byte on each,
 * pushed into `arcs` / `fracs`. O(path DAG).
 */
export function shortestSplit(g: ReturnType<typeof switchGraph>, dist: Int16Array, S: number, s: number, t: number, arcs: number[], fracs: number[]): void {
  const { off, to, arc, lanes } = g;
  const row = t * S;
  let level = new Map<number, number>([[s, 1]]);
  while (level.size && !level.has(t)) {
    const next = new Map<number, number>();
    for (const [u, amount] of level) {
      const du = dist[row + u] - 1;
      let tot = 0;
      for (let i = off[u]; i < off[u + 1]; i++) if (dist[row + to[i]] === du) tot += lanes[i];
      for (let i = off[u]; i < off[u + 1]; i++) {
        if (dist[row + to[i]] !== du) continue;
        const share = (amount * lanes[i]) / tot;
        arcs.push(arc[i]);
        fracs.push(share);
        next.set(to[i], (next.get(to[i]) ?? 0) + share);
      }
    }
    level = next;
  }
}

/**
 * Slim Fly (any router network without groups) UGAL over router pairs. `demand[s·S + t]` = bytes from leaf s
 * to leaf t; `isMid` = the Valiant intermediates (routers with endpoints).
 */
/**
 * What Slim Fly UGAL needs of the fabric alone: all-pairs distances, the Valiant legs' shares on each router's
 * output and input links, the mean hops of a leg. O(S · (S + arcs)); kept per fabric and failure mask, since
 * every phase of a workload asks for the same.
 */
function routerShares(c: FabricCsr, isMid: Uint8Array, failed?: Uint8Array) {
  const hit = sharesCache.get(c);
  if (hit && hit.failed === failed) return hit.value;
  const S = c.switches;
  const { g, dist } = allPairs(c, failed);
  const { off, to, arc, lanes } = g;
  let R = 0;
  for (let u = 0; u < S; u++) R += isMid[u];
  // outShare[i] (i = adjacency index of s's arc): the fraction of a byte s sends to a uniformly random
  // intermediate that leaves on that arc; inShare[i] (adjacency index of t's arc t→v): the fraction of a byte
  // a uniformly random intermediate sends t that arrives over v→t.
  const outShare = new Float64Array(to.length);
  const inShare = new Float64Array(to.length);
  const inflow = new Float64Array(S);
  const byDist: number[][] = [];
  for (let s = 0; s < S; s++) {
    for (let i = 0; i < S; i++) {
      if (i === s || !isMid[i] || dist[i * S + s] <= 0) continue;
      const du = dist[i * S + s] - 1;
      let tot = 0;
      for (let j = off[s]; j < off[s + 1]; j++) if (dist[i * S + to[j]] === du) tot += lanes[j];
      for (let j = off[s]; j < off[s + 1]; j++) if (dist[i * S + to[j]] === du) outShare[j] += lanes[j] / tot / R;
    }
  }
  for (let t = 0; t < S; t++) {
    const row = t * S;
    byDist.length = 0;
    inflow.fill(0);
    for (let u = 0; u < S; u++) {
      const d = dist[row + u];
      if (d <= 0) continue;
      (byDist[d] ??= []).push(u);
      if (isMid[u]) inflow[u] = 1 / R;
    }
    for (let d = byDist.length - 1; d >= 1; d--)
      for (const u of byDist[d] ?? []) {
        let tot = 0;
        for (let j = off[u]; j < off[u + 1]; j++) if (dist[row + to[j]] === d - 1) tot += lanes[j];
        for (let j = off[u]; j < off[u + 1]; j++) {
          if (dist[row + to[j]] !== d - 1) continue;
          const y = (inflow[u] * lanes[j]) / tot;
          if (to[j] === t) {
            // the adjacency entry of t for the reverse arc
            for (let k = off[t]; k < off[t + 1]; k++) if (to[k] === u && arc[k] === (arc[j] ^ 1)) inShare[k] += y;
          } else inflow[to[j]] += y;
        }
      }
  }
  // mean hops from a router to a uniformly random intermediate (a Valiant leg)
  const hops = new Float64Array(S);
  for (let u = 0; u < S; u++) {
    for (let i = 0; i < S; i++) if (isMid[i] && i !== u && dist[i * S + u] > 0) hops[u] += dist[i * S + u];
    hops[u] /= R;
  }
  const value = { g, dist, outShare, inShare, hops, R };
  sharesCache.set(c, { failed, value });
  return value;
}
const sharesCache = new WeakMap<FabricCsr, { failed: Uint8Array | undefined; value: { g: ReturnType<typeof switchGraph>; dist: Int16Array; outShare: Float64Array; inShare: Float64Array; hops: Float64Array; R: number } }>();

export function ugalRouters(c: FabricCsr, demand: Float64Array, minimalLoad: Float64Array, isMid: Uint8Array, seed: number, failed?: Uint8Array): UgalDecision {
  const S = c.switches;
  const cap = capacities(c);
  const { g, dist, outShare, inShare, hops, R } = routerShares(c, isMid, failed);
  const { off, arc } = g;
  const L = new Float64Array(minimalLoad.length);
  for (let a = 0; a < L.length; a++) L[a] = minimalLoad[a] > 0 ? minimalLoad[a] / cap[a] : 0;
  const live: number[] = [];
  for (let k = 0; k < S * S; k++) if (demand[k] > 0 && Math.floor(k / S) !== k % S && dist[(k % S) * S + Math.floor(k / S)] > 0) live.push(k);
  const order = ugalOrder(live.length, seed);
  const x = new Float64Array(S * S).fill(1);
  const arcs: number[] = [];
  const fracs: number[] = [];
  let m0 = new Float64Array(64);
  let m1 = new Float64Array(64);
  // per-arc scratch: the minimal share μ and the non-minimal share ν of the current class
  const mu = new Float64Array(2 * c.edges);
  const nu = new Float64Array(2 * c.edges);
  const touched: number[] = [];
  for (let sweep = 0, changed = true; sweep < UGAL_SWEEPS && changed; sweep++) {
  changed = false;
  for (let oi = 0; oi < live.length; oi++) {
    const k = live[order[oi]];
    const s = Math.floor(k / S);
    const t = k % S;
    const D = demand[k];
    arcs.length = 0;
    fracs.length = 0;
    shortestSplit(g, dist, S, s, t, arcs, fracs);
    touched.length = 0;
    const touch = (a: number) => {
      if (mu[a] === 0 && nu[a] === 0) touched.push(a);
    };
    // Valiant through s or t itself is the minimal path: its share 2/R stays on the minimal links
    const self = (isMid[s] + isMid[t]) / R;
    for (let j = 0; j < arcs.length; j++) {
      touch(arcs[j]);
      mu[arcs[j]] += fracs[j];
      nu[arcs[j]] += fracs[j] * self;
    }
    const vStart = touched.length;
    for (let j = off[s]; j < off[s + 1]; j++) if (outShare[j] > 0) {
      touch(arc[j]);
      nu[arc[j]] += outShare[j];
    }
    for (let j = off[t]; j < off[t + 1]; j++) if (inShare[j] > 0) {
      const a = arc[j] ^ 1;
      touch(a);
      nu[a] += inShare[j];
    }
    // take the class out of the state (where it sits: on its minimal paths at first)
    for (const a of touched) L[a] -= (D * (x[k] * mu[a] + (1 - x[k]) * nu[a])) / cap[a];
    let n = 0;
    if (m0.length < arcs.length) {
      m0 = new Float64Array(2 * arcs.length);
      m1 = new Float64Array(2 * arcs.length);
    }
    const minArcs = touched.slice(0, vStart);
    for (const a of minArcs) {
      m1[n] = L[a] + (D * mu[a]) / cap[a];
      m0[n++] = L[a] + (D * nu[a]) / cap[a];
    }
    // the non-minimal estimate: the expected load of the first hop (s's output link) and of the last hop (t's
    // input link) of a Valiant path through a random intermediate, weighted by the share of paths using each
    let o0 = 0;
    let o1 = 0;
    let oW = 0;
    let i0 = 0;
    let i1 = 0;
    let iW = 0;
    for (let j = off[s]; j < off[s + 1]; j++) if (outShare[j] > 0) {
      const a = arc[j];
      o0 += outShare[j] * (L[a] + (D * nu[a]) / cap[a]);
      o1 += outShare[j] * (L[a] + (D * mu[a]) / cap[a]);
      oW += outShare[j];
    }
    for (let j = off[t]; j < off[t + 1]; j++) if (inShare[j] > 0) {
      const a = arc[j] ^ 1;
      i0 += inShare[j] * (L[a] + (D * nu[a]) / cap[a]);
      i1 += inShare[j] * (L[a] + (D * mu[a]) / cap[a]);
      iW += inShare[j];
    }
    // Singh's hop weighting q_min·H_min ≤ q_nm·H_nm: the estimate sees two of the Valiant path's hops, and
    // the hops it does not see carry the Valiant bytes too
    const h = (hops[s] + hops[t]) / dist[t * S + s];
    const v0 = oW > 0 && iW > 0 ? h * Math.max(o0 / oW, i0 / iW) : -Infinity;
    const v1 = oW > 0 && iW > 0 ? h * Math.max(o1 / oW, i1 / iW) : -Infinity;
    const xm = ugalSplit(n, m0, m1, v0, v1);
    if (Math.abs(xm - x[k]) > 1e-9) changed = true;
    x[k] = xm;
    for (const a of touched) {
      L[a] += (D * (xm * mu[a] + (1 - xm) * nu[a])) / cap[a];
      mu[a] = 0;
      nu[a] = 0;
    }
  }
  }
  return { minimalFraction: x, classOf: (s, t) => (s === t ? -1 : s * S + t), classes: live.length, unit: 'router pairs' };
}
