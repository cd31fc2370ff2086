/**
 * Minimal, Valiant and UGAL routing for router networks (Dragonfly, Slim Fly), in the same fluid model as
 * `ideal`. Minimal is Kim et al.'s at-most-one-global-hop routing on Dragonfly (route-dragonfly.ts) and
 * shortest paths on Slim Fly (route-ideal.ts, diameter 2).
 *
 * Valiant: a flow s → t goes minimally to an intermediate router i drawn uniformly among the R routers (those
 * with endpoints), then minimally to t. In the fluid limit s → t sends D/R to every i, so the loads are those
 * of two minimal passes: phase A, every source s sends out(s)/R to every router i; phase B, every router i
 * sends in(t)/R to every destination t (out/in = a leaf's row/column sums). Exact for the fluid model. On a
 * Dragonfly a random router is a random group and a random router in it (Kim et al. pick the group; the extra
 * local hop inside the intermediate group loads local links only).
 *
 * UGAL (global information, fluid): route everything minimally and everything Valiant; T_val = the busiest
 * link's time under all-Valiant. A leaf pair (s, t) goes Valiant when the busiest link on its minimal paths,
 * under all-minimal loads, takes longer than c·T_val; otherwise minimal (ties minimal). The bias c is chosen
 * per phase among {∞ (all minimal), 1, 0 (all Valiant)} by the resulting busiest switch link, as a tuned
 * UGAL-G would be: an optimistic (global-information) estimate of what UGAL achieves.
 */
import { bfs, switchGraph, type FabricCsr } from '../topology/csr.js';
import { dragonflyMinimal, type DragonflyIndex } from './route-dragonfly.js';
import { routeIdeal, type ColumnSource, type RouteOptions, type RouteResult } from './route-ideal.js';

export interface RouterOptions extends RouteOptions {
  /** Dragonfly: groups of the routers (Kim minimal); absent: shortest paths */
  dragonfly?: DragonflyIndex | null;
}

/** the thresholds tried besides all-minimal and all-Valiant, as factors of T_val */
export const UGAL_BIASES = [1];

export interface UgalStats {
  /** fraction of fabric bytes UGAL sent Valiant */
  valiantFraction: number;
  /** the all-minimal and all-Valiant busiest-link times that fed the decision */
  minimalSeconds: number;
  valiantSeconds: number;
  /** the threshold factor c kept (pairs go Valiant when their minimal bottleneck > c·T_val); null = ∞ (all minimal), 0 = all Valiant */
  bias: number | null;
  /** the phase's bound under all-minimal and all-Valiant routing (filled by the phase: NIC and NVLink links included) */
  minimalPhaseSeconds?: number;
  valiantPhaseSeconds?: number;
}

interface MinimalRouter {
  route(cols: ColumnSource): RouteResult;
  /** out[s] = the busiest link's time on s's minimal paths to t, −1 when none */
  worst(t: number, seconds: Float64Array, out: Float64Array): void;
}

/** Shortest-path minimal routing: the ideal router, and a BFS from t for the busiest link per source. */
function shortestPathRouter(c: FabricCsr, opts: RouteOptions): MinimalRouter {
  const S = c.switches;
  const g = switchGraph(c, opts.failed);
  const { off, to, arc } = g;
  const dist = new Int32Array(S);
  const order = new Int32Array(S);
  return {
    route: (cols) => routeIdeal(c, cols, { ...opts, progress: undefined }),
    worst(t, seconds, out) {
      out.fill(-1);
      const tail = bfs(g, t, dist, order);
      out[t] = 0;
      for (let k = 1; k < tail; k++) {
        const u = order[k];
        let w = 0;
        for (let i = off[u]; i < off[u + 1]; i++) if (dist[to[i]] === dist[u] - 1) w = Math.max(w, seconds[arc[i]], out[to[i]]);
        out[u] = w;
      }
      out[t] = -1;
    },
  };
}

export function minimalRouter(c: FabricCsr, opts: RouterOptions): MinimalRouter {
  if (!opts.dragonfly) return shortestPathRouter(c, opts);
  const df = dragonflyMinimal(c, opts.dragonfly, opts.failed);
  return { route: (cols) => df.route(cols), worst: df.worst };
}

function routers(c: FabricCsr): Int32Array {
  const r: number[] = [];
  for (let s = 0; s < c.switches; s++) if (c.leafEndpoints[s] > 0) r.push(s);
  return Int32Array.from(r);
}

/** Row sums (bytes each leaf sends) and column sums (bytes each leaf receives) over switch links. */
function margins(c: FabricCsr, cols: ColumnSource): { out: Float64Array; inn: Float64Array } {
  const S = c.switches;
  const col = new Float64Array(S);
  const out = new Float64Array(S);
  const inn = new Float64Array(S);
  for (const t of cols.destinations) {
    col.fill(0);
    cols.fill(t, col);
    for (let s = 0; s < S; s++) if (s !== t && col[s] > 0) {
      out[s] += col[s];
      inn[t] += col[s];
    }
  }
  return { out, inn };
}

function add(a: RouteResult, b: RouteResult): RouteResult {
  for (let i = 0; i < a.arcLoad.length; i++) a.arcLoad[i] += b.arcLoad[i];
  return { arcLoad: a.arcLoad, deliveredBytes: a.deliveredBytes + b.deliveredBytes, unreachableBytes: a.unreachableBytes + b.unreachableBytes, hopBytes: a.hopBytes + b.hopBytes, passes: a.passes + b.passes };
}

/** The two minimal passes of Valiant for row sums `out` and column sums `inn`. */
function valiantFromMargins(c: FabricCsr, m: MinimalRouter, out: Float64Array, inn: Float64Array, dests: Int32Array, invariant: boolean): RouteResult {
  const mids = routers(c);
  const R = mids.length;
  const srcs = Int32Array.from([...out.keys()].filter((s) => out[s] > 0));
  // Routing is linear in each destination's column, so both legs share one pass per router: column d holds
  // the first leg's out(s)/R from every source and the second leg's in(d)/R from every router.
  const isMid = new Uint8Array(c.switches);
  for (const i of mids) isMid[i] = 1;
  const extra = dests.filter((t) => inn[t] > 0 && !isMid[t]);
  const both: ColumnSource = {
    destinations: Int32Array.from([...mids, ...extra]),
    fill(d, col) {
      if (isMid[d]) for (const s of srcs) if (s !== d) col[s] = out[s] / R;
      if (inn[d] > 0) for (const i of mids) if (i !== d) col[i] += inn[d] / R;
    },
    rotationInvariant: invariant,
  };
  const r = m.route(both);
  let total = 0;
  for (const s of srcs) total += out[s];
  // a pair's bytes are delivered when both of its legs are; what failed on a leg is unreachable
  return { ...r, deliveredBytes: total - r.unreachableBytes };
}

export function routeMinimal(c: FabricCsr, cols: ColumnSource, opts: RouterOptions = {}): RouteResult {
  const r = minimalRouter(c, opts).route(cols);
  opts.progress?.(1, 1);
  return r;
}

export function routeValiant(c: FabricCsr, cols: ColumnSource, opts: RouterOptions = {}): RouteResult {
  const m = minimalRouter(c, opts);
  const { out, inn } = margins(c, cols);
  const r = valiantFromMargins(c, m, out, inn, cols.destinations, cols.rotationInvariant === true);
  opts.progress?.(1, 1);
  return r;
}

export function routeUgal(c: FabricCsr, cols: ColumnSource, opts: RouterOptions = {}): RouteResult & { ugal: UgalStats } {
  const S = c.switches;
  const m = minimalRouter(c, opts);
  const minimal = m.route(cols);
  const { out: allOut, inn: allIn } = margins(c, cols);
  const valiant = valiantFromMargins(c, m, allOut, allIn, cols.destinations, cols.rotationInvariant === true);
  const seconds = (load: Float64Array) => {
    const t = new Float64Array(load.length);
    for (let a = 0; a < load.length; a++) if (load[a] > 0) t[a] = load[a] / ((c.lanes[a >> 1] * c.gbps[a >> 1] * 1e9) / 8);
    return t;
  };
  const tMin = seconds(minimal.arcLoad);
  let tVal = 0;
  let tMinMax = 0;
  for (const x of seconds(valiant.arcLoad)) tVal = Math.max(tVal, x);
  for (const x of tMin) tMinMax = Math.max(tMinMax, x);
  const worst = new Float64Array(S);
  const col = new Float64Array(S);
  const D = cols.destinations.length;
  const index = new Map<number, number>();
  cols.destinations.forEach((t, di) => index.set(t, di));
  let total = 0;
  for (const x of allOut) total += x;
  const busiest = (load: Float64Array) => {
    let m = 0;
    for (const x of seconds(load)) m = Math.max(m, x);
    return m;
  };
  /** pairs whose minimal bottleneck exceeds `threshold` go Valiant, the rest minimal */
  const mixture = (threshold: number, worthRouting: (movedBytes: number) => boolean) => {
    // moved[di·S + s]: pair (s, destinations[di]) goes Valiant (a bitset: D·S bits)
    const moved = new Uint8Array(Math.ceil((D * S) / 8));
    const out = new Float64Array(S);
    const inn = new Float64Array(S);
    let movedBytes = 0;
    for (let di = 0; di < D; di++) {
      const t = cols.destinations[di];
      col.fill(0);
      cols.fill(t, col);
      m.worst(t, tMin, worst);
      for (let s = 0; s < S; s++) {
        if (s === t || col[s] === 0 || !(worst[s] > threshold)) continue;
        const bit = di * S + s;
        moved[bit >> 3] |= 1 << (bit & 7);
        out[s] += col[s];
        inn[t] += col[s];
        movedBytes += col[s];
      }
    }
    if (!worthRouting(movedBytes)) return null;
    const minimalPart: ColumnSource = {
      destinations: cols.destinations,
      fill(t, c2) {
        cols.fill(t, c2);
        const base = index.get(t)! * S;
        for (let s = 0; s < S; s++) if (moved[(base + s) >> 3] & (1 << ((base + s) & 7))) c2[s] = 0;
      },
    };
    const kept = m.route(minimalPart);
    return { r: movedBytes > 0 ? add(kept, valiantFromMargins(c, m, out, inn, cols.destinations, false)) : kept, movedBytes };
  };
  // The bias: thresholds c·T_val for c in UGAL_BIASES, plus all-minimal (c = ∞) and all-Valiant (c = 0), which are
  // already routed; the phase keeps the mixture whose busiest switch link is least busy.
  let best = { r: minimal, movedBytes: 0, c: Infinity as number };
  let bestTime = tMinMax;
  if (tVal < bestTime) {
    best = { r: valiant, movedBytes: total, c: 0 };
    bestTime = tVal;
  }
  // a bias whose decision moves nothing or everything reproduces a routing already done: skip it
  let lastMoved = -1;
  if (tMinMax > tVal)
    for (const cc of UGAL_BIASES) {
      const x = mixture(tVal * cc * (1 + 1e-9), (moved) => moved > 0 && moved < total * (1 - 1e-12) && moved !== lastMoved);
      if (!x) continue;
      lastMoved = x.movedBytes;
      const bt = busiest(x.r.arcLoad);
      if (bt < bestTime) {
        best = { ...x, c: cc };
        bestTime = bt;
      }
    }
  const r = best.r;
  const movedBytes = best.movedBytes;
  opts.progress?.(1, 1);
  return { ...r, deliveredBytes: total - r.unreachableBytes, ugal: { valiantFraction: total > 0 ? movedBytes / total : 0, minimalSeconds: tMinMax, valiantSeconds: tVal, bias: best.c === Infinity ? null : best.c } };
}
