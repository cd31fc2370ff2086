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
 * UGAL: per flow class (group pair on Dragonfly, router pair on Slim Fly), minimal or Valiant by estimated
 * load, in a seeded order (route-ugal.ts has the estimator, the order, the threshold and the sources). The
 * all-minimal and all-Valiant routings are computed on the way: the first is UGAL's starting state, and both
 * give `plan` and `compare` their figures.
 */
import type { FabricCsr } from '../topology/csr.js';
import { dragonflyMinimal, type DragonflyIndex } from './route-dragonfly.js';
import { ugalDragonfly, ugalRouters, UGAL_THRESHOLD, type UgalDecision } from './route-ugal.js';
import { routeIdeal, type ColumnSource, type RouteOptions, type RouteResult } from './route-ideal.js';

export interface RouterOptions extends RouteOptions {
  /** Dragonfly: groups of the routers (Kim minimal); absent: shortest paths */
  dragonfly?: DragonflyIndex | null;
  /** UGAL: the seed of the class order */
  seed?: number;
}


export interface UgalStats {
  /** fraction of fabric bytes UGAL sent Valiant */
  valiantFraction: number;
  /** the all-minimal and all-Valiant busiest-link times that fed the decision */
  minimalSeconds: number;
  valiantSeconds: number;
  /** UGAL classes decided, and what a class is (group pair on Dragonfly, router pair on Slim Fly) */
  classes: number;
  unit: string;
  /** T of the rule q_min ≤ q_nonmin + T, seconds */
  thresholdSeconds: number;
  estimator: string;
  /** the phase's bound under all-minimal and all-Valiant routing (filled by the phase: NIC and NVLink links included) */
  minimalPhaseSeconds?: number;
  valiantPhaseSeconds?: number;
}

interface MinimalRouter {
  route(cols: ColumnSource): RouteResult;
}

export function minimalRouter(c: FabricCsr, opts: RouterOptions): MinimalRouter {
  if (!opts.dragonfly) return { route: (cols) => routeIdeal(c, cols, { ...opts, progress: undefined }) };
  const df = dragonflyMinimal(c, opts.dragonfly, opts.failed);
  return { route: (cols) => df.route(cols) };
}

/** Valiant's intermediates: routers with endpoints and at least one live switch link (a dead router is never picked). */
export function routers(c: FabricCsr, failed?: Uint8Array): Int32Array {
  const r: number[] = [];
  for (let s = 0; s < c.switches; s++) {
    if (!(c.leafEndpoints[s] > 0)) continue;
    let live = !failed;
    for (let i = c.swOffsets[s]; i < c.swOffsets[s + 1] && !live; i++) if (!failed![c.swArc[i] >> 1]) live = true;
    if (live) r.push(s);
  }
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
function valiantFromMargins(c: FabricCsr, m: MinimalRouter, out: Float64Array, inn: Float64Array, dests: Int32Array, invariant: boolean, failed?: Uint8Array): RouteResult {
  const mids = routers(c, failed);
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
  const r = valiantFromMargins(c, m, out, inn, cols.destinations, cols.rotationInvariant === true, opts.failed);
  opts.progress?.(1, 1);
  return r;
}

/**
 * The Valiant legs of a Dragonfly UGAL decision: bytes of (s, t) in class k sent through group I go minimally to a
 * router drawn uniformly among I's intermediates, then minimally to t. One read of the demand builds
 * F[s·g + I] (bytes s sends through I) and G[I·S + t] (bytes I relays to t); both legs share one pass per
 * destination router (routing is linear in each destination's column). O(D·S + moved pairs · groups used).
 */
function viaGroups(c: FabricCsr, cols: ColumnSource, d: UgalDecision, groupOf: Int32Array, g: number, mids: Int32Array): ColumnSource {
  const S = c.switches;
  const F = new Float64Array(S * g);
  const G = new Float64Array(g * S);
  const n = new Float64Array(g);
  for (const i of mids) n[groupOf[i]]++;
  const col = new Float64Array(S);
  const via = d.via!;
  for (const t of cols.destinations) {
    col.fill(0);
    cols.fill(t, col);
    for (let s = 0; s < S; s++) {
      if (s === t || !(col[s] > 0)) continue;
      const k = d.classOf(s, t);
      // router pairs inside a group (k ≥ groupPairs) are misrouted locally by the caller
      const v = k < 0 || k >= d.groupPairs! ? undefined : via.get(k);
      if (!v) continue;
      for (let j = 0; j < v.through.length; j++) {
        const y = col[s] * v.fraction[j];
        F[s * g + v.through[j]] += y;
        G[v.through[j] * S + t] += y;
      }
    }
  }
  const isMid = new Uint8Array(S);
  for (const i of mids) isMid[i] = 1;
  const extra: number[] = [];
  for (const t of cols.destinations) if (!isMid[t]) extra.push(t);
  return {
    destinations: Int32Array.from([...mids, ...extra]),
    fill(dest, out) {
      if (isMid[dest]) {
        const I = groupOf[dest];
        for (let s = 0; s < S; s++) if (s !== dest && F[s * g + I] > 0) out[s] = F[s * g + I] / n[I];
      }
      for (const i of mids) {
        const y = G[groupOf[i] * S + dest];
        if (y > 0 && i !== dest) out[i] += y / n[groupOf[i]];
      }
    },
  };
}

export function routeUgal(c: FabricCsr, cols: ColumnSource, opts: RouterOptions = {}): RouteResult & { ugal: UgalStats; decision: UgalDecision } {
  const S = c.switches;
  const dfm = opts.dragonfly ? dragonflyMinimal(c, opts.dragonfly, opts.failed) : null;
  const m: MinimalRouter = dfm ? { route: (x) => dfm.route(x) } : minimalRouter(c, opts);
  const minimal = m.route(cols);
  const mids = routers(c, opts.failed);
  const isMid = new Uint8Array(S);
  for (const i of mids) isMid[i] = 1;
  // one read of the demand: margins (all-Valiant) and the demand of every UGAL class
  const groupOf = opts.dragonfly?.groupOf;
  const g = dfm ? dfm.globals.g : 0;
  // Dragonfly: group pairs, then router pairs inside a group (g² + s·a + position of t); Slim Fly: router pairs
  const per = dfm ? dfm.globals.a : 0;
  const classDemand = new Float64Array(dfm ? g * g + S * per : S * S);
  const allOut = new Float64Array(S);
  const allIn = new Float64Array(S);
  const col = new Float64Array(S);
  for (const t of cols.destinations) {
    col.fill(0);
    cols.fill(t, col);
    for (let s = 0; s < S; s++) {
      const x = col[s];
      if (s === t || !(x > 0)) continue;
      allOut[s] += x;
      allIn[t] += x;
      if (groupOf) {
        if (groupOf[s] !== groupOf[t]) classDemand[groupOf[s] * g + groupOf[t]] += x;
        else classDemand[g * g + s * per + dfm!.globals.pos[t]] += x;
      } else classDemand[s * S + t] += x;
    }
  }
  const valiant = valiantFromMargins(c, m, allOut, allIn, cols.destinations, cols.rotationInvariant === true, opts.failed);
  const seed = opts.seed ?? 1;
  let decision: UgalDecision;
  if (dfm) {
    const weight = new Float64Array(g);
    for (const i of mids) if (groupOf![i] >= 0) weight[groupOf![i]] += 1 / mids.length;
    decision = ugalDragonfly(c, dfm.globals, groupOf!, classDemand, minimal.arcLoad, weight, seed);
  } else decision = ugalRouters(c, classDemand, minimal.arcLoad, isMid, seed, opts.failed);
  // the final routing: each class's minimal fraction on its minimal paths, the rest Valiant (fluid)
  const x = decision.minimalFraction;
  const vOut = new Float64Array(S);
  const vIn = new Float64Array(S);
  let movedBytes = 0;
  const minimalPart: ColumnSource = {
    destinations: cols.destinations,
    fill(t, c2) {
      cols.fill(t, c2);
      for (let s = 0; s < S; s++) {
        if (s === t || !(c2[s] > 0)) continue;
        const k = decision.classOf(s, t);
        if (k < 0 || x[k] === 1) continue;
        const y = c2[s] * (1 - x[k]);
        vOut[s] += y;
        vIn[t] += y;
        movedBytes += y;
        c2[s] -= y;
      }
    },
  };
  const via = decision.via;
  let r: RouteResult;
  const routerAt = new Int32Array(dfm ? g * per : 0).fill(-1);
  if (dfm) for (let u = 0; u < S; u++) if (groupOf![u] >= 0) routerAt[groupOf![u] * per + dfm.globals.pos[u]] = u;
  const routerOfPos = (group: number, p: number) => routerAt[group * per + p];
  if (via && via.size > 0) {
    // Dragonfly: the moved bytes of group pairs go through the intermediate groups the decision chose
    const legs = viaGroups(c, cols, decision, groupOf!, g, mids);
    r = m.route(minimalPart);
    if (movedBytes > 0) r = add(r, m.route(legs));
    // router pairs inside a group: s → r → t over two local links
    const { localArc, pos } = dfm!.globals;
    for (const [k, v] of via) {
      if (k < decision.groupPairs!) continue;
      const j = k - decision.groupPairs!;
      const s = Math.floor(j / per);
      const D = classDemand[k];
      const t = routerOfPos(groupOf![s], j % per);
      for (let i = 0; i < v.through.length; i++) {
        const y = D * v.fraction[i];
        const mid = v.through[i];
        r.arcLoad[localArc[s * per + pos[mid]]] += y;
        r.arcLoad[localArc[mid * per + pos[t]]] += y;
        r.hopBytes += 2 * y;
      }
    }
  } else {
    r = m.route(minimalPart);
    if (movedBytes > 0) r = add(r, valiantFromMargins(c, m, vOut, vIn, cols.destinations, false, opts.failed));
  }
  const busiest = (load: Float64Array) => {
    let b = 0;
    for (let a = 0; a < load.length; a++) if (load[a] > 0) b = Math.max(b, load[a] / ((c.lanes[a >> 1] * c.gbps[a >> 1] * 1e9) / 8));
    return b;
  };
  let total = 0;
  for (const v of allOut) total += v;
  opts.progress?.(1, 1);
  return {
    ...r,
    decision,
    deliveredBytes: total - r.unreachableBytes,
    ugal: {
      valiantFraction: total > 0 ? movedBytes / total : 0,
      minimalSeconds: busiest(minimal.arcLoad),
      valiantSeconds: busiest(valiant.arcLoad),
      classes: decision.classes,
      unit: decision.unit,
      thresholdSeconds: UGAL_THRESHOLD,
      estimator: dfm ? 'UGAL-G: busiest global link, minimal vs a Valiant group; inside a group, local misrouting' : 'busiest link: minimal paths vs hop-weighted Valiant first and last hops',
    },
  };
}
