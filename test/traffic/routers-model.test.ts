/**
 * The router-network routers (route-dragonfly.ts, route-valiant.ts, route-ugal.ts) against oracles written here,
 * on fabrics small enough to enumerate every (source, intermediate, destination):
 * - Dragonfly minimal = Kim et al.'s rule written per pair from the CSR's arcs and the routers' ids ("gA.rX"):
 *   one local hop inside a group; otherwise a local hop to the router owning an A→B global link, the link, a
 *   local hop to t, split over the pair's global links by lanes;
 * - Slim Fly minimal = the per-pair reference router (test/helpers/reference-router.ts);
 * - Valiant = for every source s, intermediate i and destination t, D/R over minimal(s → i) then minimal(i → t),
 *   i over the R routers with endpoints and a live link (each leg's lost bytes counted unreachable);
 * - UGAL: single-class demands, where the decision rule of docs/traffic.md ("ugal") is solved in the test (the
 *   Dragonfly level λ by bisection over the hand-computed per-byte loads of each path; the Slim Fly estimator
 *   from the per-pair reference router's shortest paths), and the loads then follow from the two oracles above.
 * Demand comes from a seeded generator; nothing of src/traffic feeds an expected value.
 */
import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { compile, type Compiled } from '../../src/topology/compiled.js';
import type { ColumnSource, RouteResult } from '../../src/traffic/route-ideal.js';
import { routeMinimal, routers, routeUgal, routeValiant } from '../../src/traffic/route-valiant.js';
import { ugalOrder, ugalSplit } from '../../src/traffic/route-ugal.js';
import { dragonflyMinimal, groupsOf } from '../../src/traffic/route-dragonfly.js';
import { switchRotation } from '../../src/traffic/symmetry.js';
import { UsageError } from '../../src/errors.js';
import { prng, reference } from '../helpers/reference-router.js';

type Demand = Map<number, Map<number, number>>;
/** a unit split: the fraction of one byte on each arc, or null when no path is left */
type Split = (s: number, t: number) => Map<number, number> | null;

const build = (ref: string) => compile(resolveTopology(ref)[0]);

function source(demand: Demand, claims: Partial<Pick<ColumnSource, 'rotationInvariant'>> = {}): ColumnSource {
  return {
    destinations: Int32Array.from([...demand.keys()]),
    fill(t, col) {
      for (const [s, x] of demand.get(t) ?? []) col[s] += x;
    },
    ...claims,
  };
}

/** Group of each router from its id "g<group>.r<router>" (not from the fabric's attributes). */
function groupIds(c: Compiled): Int32Array {
  return Int32Array.from({ length: c.csr.switches }, (_, u) => Number(/^g(\d+)\./.exec(c.csr.ids[u])![1]));
}

/** Switch-to-switch arcs of live edges: [arc, tail, head] (both directions). */
function switchArcs(c: Compiled, failed?: Uint8Array): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  for (let e = 0; e < c.csr.edges; e++) {
    const u = c.csr.arcTail[2 * e];
    const v = c.csr.arcHead[2 * e];
    if (u >= c.csr.switches || v >= c.csr.switches || failed?.[e]) continue;
    out.push([2 * e, u, v], [2 * e + 1, v, u]);
  }
  return out;
}

const cap = (c: Compiled, arc: number) => (c.csr.lanes[arc >> 1] * c.csr.gbps[arc >> 1] * 1e9) / 8;

/** Kim et al.'s Dragonfly minimal route of one byte, per pair. */
function kimSplit(c: Compiled, failed?: Uint8Array): Split {
  const grp = groupIds(c);
  const local = new Map<string, number>();
  const global = new Map<string, Array<[number, number, number]>>();
  for (const [a, u, v] of switchArcs(c, failed)) {
    if (grp[u] === grp[v]) local.set(`${u},${v}`, a);
    else {
      const key = `${grp[u]},${grp[v]}`;
      if (!global.has(key)) global.set(key, []);
      global.get(key)!.push([a, u, v]);
    }
  }
  return (s, t) => {
    const m = new Map<number, number>();
    const add = (a: number | undefined, f: number) => {
      if (a === undefined) throw new Error(`no local link on a minimal path ${s} → ${t}`);
      m.set(a, (m.get(a) ?? 0) + f);
    };
    if (s === t) return m;
    if (grp[s] === grp[t]) {
      add(local.get(`${s},${t}`), 1);
      return m;
    }
    const links = global.get(`${grp[s]},${grp[t]}`) ?? [];
    const lanes = links.reduce((x, [a]) => x + c.csr.lanes[a >> 1], 0);
    if (lanes === 0) return null;
    for (const [a, u, v] of links) {
      const f = c.csr.lanes[a >> 1] / lanes;
      add(a, f);
      if (u !== s) add(local.get(`${s},${u}`), f);
      if (v !== t) add(local.get(`${v},${t}`), f);
    }
    return m;
  };
}

/** Shortest paths split by lanes at every hop, one pair at a time through the reference router. */
const splitMemo = new WeakMap<Compiled, Map<Uint8Array | undefined, Map<number, Map<number, number> | null>>>();
function shortestSplit(c: Compiled, failed?: Uint8Array): Split {
  if (!splitMemo.has(c)) splitMemo.set(c, new Map());
  const byMask = splitMemo.get(c)!;
  if (!byMask.has(failed)) byMask.set(failed, new Map());
  const memo = byMask.get(failed)!;
  return (s, t) => {
    const key = s * c.csr.switches + t;
    if (!memo.has(key)) {
      const r = reference(c, new Map([[t, new Map([[s, 1]])]]), failed);
      const m = new Map<number, number>();
      r.arcLoad.forEach((x, a) => {
        if (x > 0) m.set(a, x);
      });
      memo.set(key, s !== t && r.unreachable > 0 ? null : m);
    }
    return memo.get(key)!;
  };
}

interface Expected {
  arcLoad: Float64Array;
  delivered: number;
  unreachable: number;
  hopBytes: number;
}

const empty = (c: Compiled): Expected => ({ arcLoad: new Float64Array(2 * c.csr.edges), delivered: 0, unreachable: 0, hopBytes: 0 });

/** puts y bytes on a unit split; false when there is no path */
function place(e: Expected, p: Map<number, number> | null, y: number): boolean {
  if (!p) return false;
  for (const [a, f] of p) {
    e.arcLoad[a] += y * f;
    e.hopBytes += y * f;
  }
  return true;
}

const pairs = (demand: Demand) => [...demand].flatMap(([t, col]) => [...col].filter(([s, x]) => s !== t && x > 0).map(([s, x]) => [s, t, x] as const));

function minimalOracle(c: Compiled, split: Split, demand: Demand, e = empty(c), scale: (s: number, t: number) => number = () => 1): Expected {
  for (const [s, t, x0] of pairs(demand)) {
    const x = x0 * scale(s, t);
    if (place(e, split(s, t), x)) e.delivered += x;
    else e.unreachable += x;
  }
  return e;
}

/** Valiant's intermediates: switches with endpoints and at least one live switch link. */
function mids(c: Compiled, failed?: Uint8Array): number[] {
  const live = new Set(switchArcs(c, failed).map(([, u]) => u));
  return Array.from({ length: c.csr.switches }, (_, u) => u).filter((u) => c.csr.leafEndpoints[u] > 0 && live.has(u));
}

function valiantOracle(c: Compiled, split: Split, demand: Demand, failed?: Uint8Array, e = empty(c), scale: (s: number, t: number) => number = () => 1): Expected {
  const M = mids(c, failed);
  let total = 0;
  for (const [s, t, x0] of pairs(demand)) {
    const x = x0 * scale(s, t);
    total += x;
    for (const i of M) {
      if (i !== s && !place(e, split(s, i), x / M.length)) e.unreachable += x / M.length;
      if (i !== t && !place(e, split(i, t), x / M.length)) e.unreachable += x / M.length;
    }
  }
  e.delivered += total - e.unreachable;
  return e;
}

/** Valiant's passes: one per intermediate (both legs share it) and one per other destination with bytes. */
function valiantPasses(c: Compiled, demand: Demand, failed?: Uint8Array): number {
  const dests = new Set(mids(c, failed));
  for (const [, t] of pairs(demand)) dests.add(t);
  return dests.size;
}

function expectRoute(r: RouteResult, e: Expected, label: string, tolerance = 1e-9) {
  let peak = 0;
  for (const x of e.arcLoad) peak = Math.max(peak, x);
  expect(peak, `${label}: the oracle loads something`).toBeGreaterThan(0);
  let worst = 0;
  let at = -1;
  for (let a = 0; a < e.arcLoad.length; a++) {
    const d = Math.abs(r.arcLoad[a] - e.arcLoad[a]);
    if (d > worst) [worst, at] = [d, a];
  }
  expect(worst, `${label}: arc ${at} carries ${r.arcLoad[at]}, the oracle ${e.arcLoad[at]}`).toBeLessThanOrEqual(tolerance * peak);
  const near = (x: number, y: number, what: string) => expect(Math.abs(x - y), `${label}: ${what} ${x}, the oracle ${y}`).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(y)));
  near(r.hopBytes, e.hopBytes, 'hop bytes');
  near(r.deliveredBytes, e.delivered, 'delivered');
  near(r.unreachableBytes, e.unreachable, 'unreachable');
}

/** Random bytes between routers (each pair kept with probability `keep`), itself included (never in the fabric). */
function randomDemand(S: number, seed: number, keep = 0.7, from?: number[], to?: number[]): Demand {
  const r = prng(seed);
  const demand: Demand = new Map();
  for (const t of to ?? Array.from({ length: S }, (_, u) => u)) {
    const col = new Map<number, number>();
    for (const s of from ?? Array.from({ length: S }, (_, u) => u)) if (r() < keep) col.set(s, Math.round(1 + r() * 9999));
    if (col.size) demand.set(t, col);
  }
  return demand;
}

const arcOf = (c: Compiled, u: string, v: string) => {
  const [a] = switchArcs(c).find(([, x, y]) => c.csr.ids[x] === u && c.csr.ids[y] === v)!;
  return a;
};

// non-canonical: group pairs with one link of 3 lanes (0–1, 2–3, 1–2, 0–3) or two links of 1 lane on different routers
const dfSmall = () => build('dragonfly:p=1,a=2,h=4,g=4,gpusPerHost=1');
// bundles of 3 lanes and pairs of 2 or 3 single links
const dfMixed = build('dragonfly:p=1,a=3,h=4,g=5,gpusPerHost=1');
const dfCanonical = build('dragonfly:p=1,a=2,h=2,gpusPerHost=1');
const sf = build('slimfly:q=3,gpusPerHost=1');

describe('Dragonfly minimal = Kim et al.’s at-most-one-global-hop rule, per pair', () => {
  it('random demand on three Dragonflies (bundled lanes, several links per group pair, canonical)', () => {
    const df = dfSmall();
    // one of the pair 0–2's two links gets a second lane: the pair then splits 2:1, not evenly
    const e02 = arcOf(df, 'g0.r0', 'g2.r0') >> 1;
    df.csr.lanes[e02] = 2;
    for (const [c, seed] of [[df, 1], [dfMixed, 2], [dfCanonical, 3]] as const) {
      const demand = randomDemand(c.csr.switches, seed);
      const r = routeMinimal(c.csr, source(demand), { dragonfly: { groupOf: groupIds(c) } });
      expectRoute(r, minimalOracle(c, kimSplit(c), demand), c.spec.name);
      expect(r.passes).toBe(demand.size);
    }
  });

  it('a failed global link: its group pair uses the others; a pair with none left is unreachable, no detour', () => {
    const c = dfMixed;
    const failed = new Uint8Array(c.csr.edges);
    // pair 0–2 has links g0.r0–g2.r1, g0.r1–g2.r1, g0.r1–g2.r2: fail one; pair 0–1 has one bundle g0.r0–g1.r2: fail it
    failed[arcOf(c, 'g0.r1', 'g2.r1') >> 1] = 1;
    failed[arcOf(c, 'g0.r0', 'g1.r2') >> 1] = 1;
    const demand = randomDemand(c.csr.switches, 4, 0.8);
    const r = routeMinimal(c.csr, source(demand), { dragonfly: { groupOf: groupIds(c) }, failed });
    const e = minimalOracle(c, kimSplit(c, failed), demand);
    // group 0 ↔ group 1 both ways: 3 × 3 router pairs each way
    const g = groupIds(c);
    let lost = 0;
    for (const [s, t, x] of pairs(demand)) if ((g[s] === 0 && g[t] === 1) || (g[s] === 1 && g[t] === 0)) lost += x;
    expect(lost).toBeGreaterThan(0);
    expect(e.unreachable).toBeCloseTo(lost, 6);
    expectRoute(r, e, 'failed global links');
  });

  it('a dead router (every link down) is allowed; a lone failed local link between live routers is refused', () => {
    const c = dfMixed;
    const dead = c.csr.ids.indexOf('g1.r1');
    const failed = new Uint8Array(c.csr.edges);
    for (const [a, u, v] of switchArcs(c)) if (u === dead || v === dead) failed[a >> 1] = 1;
    // the dead router neither sends nor receives (its endpoints went with it)
    const live = Array.from({ length: c.csr.switches }, (_, u) => u).filter((u) => u !== dead);
    const demand = randomDemand(c.csr.switches, 5, 0.8, live, live);
    const r = routeMinimal(c.csr, source(demand), { dragonfly: { groupOf: groupIds(c) }, failed });
    expectRoute(r, minimalOracle(c, kimSplit(c, failed), demand), 'dead router');
    const local = new Uint8Array(c.csr.edges);
    local[arcOf(c, 'g3.r0', 'g3.r2') >> 1] = 1;
    expect(() => routeMinimal(c.csr, source(demand), { dragonfly: { groupOf: groupIds(c) }, failed: local })).toThrow(UsageError);
    expect(() => routeValiant(c.csr, source(demand), { dragonfly: { groupOf: groupIds(c) }, failed: local })).toThrow(/failed local link/);
  });

  it('the per-pair split the flow model uses (fractions) is Kim’s, with and without failures', () => {
    const df = dfSmall();
    df.csr.lanes[arcOf(df, 'g0.r1', 'g2.r1') >> 1] = 2;
    const failed = new Uint8Array(dfMixed.csr.edges);
    failed[arcOf(dfMixed, 'g0.r1', 'g2.r1') >> 1] = 1;
    failed[arcOf(dfMixed, 'g0.r0', 'g1.r2') >> 1] = 1;
    for (const [c, f] of [[df, undefined], [dfCanonical, undefined], [dfMixed, failed]] as const) {
      const { fractions } = dragonflyMinimal(c.csr, { groupOf: groupIds(c) }, f);
      const want = kimSplit(c, f);
      let unreachable = 0;
      for (let s = 0; s < c.csr.switches; s++)
        for (let t = 0; t < c.csr.switches; t++) {
          const arcs: number[] = [];
          const fracs: number[] = [];
          const ok = fractions(s, t, arcs, fracs);
          const w = want(s, t);
          expect(ok, `${c.spec.name} ${s} → ${t}`).toBe(w !== null);
          if (!w) {
            unreachable++;
            continue;
          }
          const got = new Map<number, number>();
          arcs.forEach((a, j) => got.set(a, (got.get(a) ?? 0) + fracs[j]));
          expect([...got.keys()].sort((x, y) => x - y), `${c.spec.name} ${s} → ${t}`).toEqual([...w.keys()].sort((x, y) => x - y));
          for (const [a, x] of w) expect(got.get(a), `${c.spec.name} ${s} → ${t} arc ${a}`).toBeCloseTo(x, 12);
        }
      // the failed bundle 0–1 cuts 3 × 3 router pairs each way
      expect(unreachable, c.spec.name).toBe(f ? 18 : 0);
    }
  });

  it('groupsOf reads the group attribute, −1 where there is none', () => {
    const c = dfMixed;
    const g = groupsOf(c.csr, (id) => (id === 'g2.r1' ? 'two' : Number(id.slice(1).split('.')[0])));
    const want = Array.from(groupIds(c));
    want[c.csr.ids.indexOf('g2.r1')] = -1;
    expect(Array.from(g)).toEqual(want);
  });

  it('reports progress once, at the end', () => {
    const calls: Array<[number, number]> = [];
    routeMinimal(dfCanonical.csr, source(randomDemand(10, 6)), { dragonfly: { groupOf: groupIds(dfCanonical) }, progress: (d, t) => calls.push([d, t]) });
    routeValiant(dfCanonical.csr, source(randomDemand(10, 6)), { dragonfly: { groupOf: groupIds(dfCanonical) }, progress: (d, t) => calls.push([d, t]) });
    // shortest paths (Slim Fly): the minimal router's own per-destination progress is not passed through
    routeMinimal(sf.csr, source(randomDemand(18, 6)), { progress: (d, t) => calls.push([d, t]) });
    routeValiant(sf.csr, source(randomDemand(18, 6)), { progress: (d, t) => calls.push([d, t]) });
    routeUgal(sf.csr, source(randomDemand(18, 6)), { progress: (d, t) => calls.push([d, t]) });
    expect(calls).toEqual([[1, 1], [1, 1], [1, 1], [1, 1], [1, 1]]);
  });
});

describe('Valiant = minimal to every router, then minimal to the destination, D/R each', () => {
  it('Dragonfly (Kim legs), random demand on three Dragonflies', () => {
    const df = dfSmall();
    df.csr.lanes[arcOf(df, 'g0.r1', 'g2.r1') >> 1] = 3;
    for (const [c, seed] of [[df, 7], [dfMixed, 8], [dfCanonical, 9]] as const) {
      const demand = randomDemand(c.csr.switches, seed);
      const r = routeValiant(c.csr, source(demand), { dragonfly: { groupOf: groupIds(c) } });
      expectRoute(r, valiantOracle(c, kimSplit(c), demand), c.spec.name);
      expect(r.passes, c.spec.name).toBe(valiantPasses(c, demand));
    }
  });

  it('Slim Fly (shortest-path legs), random demand, one router sending only and one receiving only', () => {
    const c = sf;
    const all = Array.from({ length: c.csr.switches }, (_, u) => u);
    const demand = randomDemand(c.csr.switches, 10, 0.5, all.slice(1), all.slice(0, -1));
    const r = routeValiant(c.csr, source(demand));
    expectRoute(r, valiantOracle(c, shortestSplit(c), demand), 'slimfly:q=3');
    expect(r.passes).toBe(valiantPasses(c, demand));
  });

  it('Slim Fly with failures: a failed link; a dead router is no intermediate, and its own bytes are lost on the first leg', () => {
    const c = sf;
    const failed = new Uint8Array(c.csr.edges);
    const arcs = switchArcs(c);
    failed[arcs[10][0] >> 1] = 1;
    const dead = 7;
    for (const [a, u] of arcs) if (u === dead) failed[a >> 1] = 1;
    const demand = randomDemand(c.csr.switches, 11, 0.5);
    const r = routeValiant(c.csr, source(demand), { failed });
    const e = valiantOracle(c, shortestSplit(c, failed), demand, failed);
    expect(mids(c, failed)).toHaveLength(c.csr.switches - 1);
    expect(e.unreachable).toBeGreaterThan(0);
    expectRoute(r, e, 'slimfly:q=3, failures');
    // the dead router still receives bytes: one pass for it besides the 17 intermediates
    expect(r.passes).toBe(valiantPasses(c, demand, failed));
    expect(r.passes).toBe(18);
    expect(Array.from(routers(c.csr, failed))).toEqual(mids(c, failed));
  });

  it('routers(): only routers with endpoints and a live link are intermediates', () => {
    const c = build('slimfly:q=3,gpusPerHost=1');
    c.csr.leafEndpoints[4] = 0;
    const failed = new Uint8Array(c.csr.edges);
    for (const [a, u] of switchArcs(c)) if (u === 9) failed[a >> 1] = 1;
    const expected = Array.from({ length: c.csr.switches }, (_, u) => u).filter((u) => u !== 4 && u !== 9);
    expect(Array.from(routers(c.csr, failed))).toEqual(expected);
    expect(Array.from(routers(c.csr))).toEqual(expected.concat(9).sort((x, y) => x - y));
    // and Valiant spreads over exactly those: the oracle over the same intermediates
    const demand = randomDemand(c.csr.switches, 12, 0.5);
    expectRoute(routeValiant(c.csr, source(demand), { failed: new Uint8Array(c.csr.edges) }), valiantOracle(c, shortestSplit(c), demand), 'an endpoint-less router');
  });

  it('symmetry (shortest-path legs on a Dragonfly, which rotates by groups): uniform demand claimed rotation-invariant gives the oracle’s loads; other demand is not rotated', () => {
    const c = build('dragonfly:p=1,a=2,h=2,gpusPerHost=1');
    const symmetry = switchRotation(c);
    expect(symmetry).not.toBeNull();
    const S = c.csr.switches;
    const uniform: Demand = new Map(Array.from({ length: S }, (_, t) => [t, new Map(Array.from({ length: S }, (_, s) => [s, 1000]))]));
    expectRoute(routeValiant(c.csr, source(uniform, { rotationInvariant: true }), { symmetry }), valiantOracle(c, shortestSplit(c), uniform), 'uniform, symmetric');
    expectRoute(routeMinimal(c.csr, source(uniform, { rotationInvariant: true }), { symmetry }), minimalOracle(c, shortestSplit(c), uniform), 'uniform minimal, symmetric');
    const demand = randomDemand(S, 13);
    expectRoute(routeValiant(c.csr, source(demand), { symmetry }), valiantOracle(c, shortestSplit(c), demand), 'random, symmetry offered');
  });
});

/** The Dragonfly UGAL decision of one group-pair class (A → B) of D bytes on an empty fabric, solved here. */
function ugalGroupPair(c: Compiled, A: number, B: number, D: number, failed?: Uint8Array) {
  const grp = groupIds(c);
  const M = mids(c, failed);
  const g = Math.max(...grp) + 1;
  const links = (X: number, Y: number) => switchArcs(c, failed).filter(([, u, v]) => grp[u] === X && grp[v] === Y).map(([a]) => a);
  /** the busiest per-byte load of a set of parallel links (split by lanes) */
  const perByte = (arcs: number[]) => {
    const lanes = arcs.reduce((x, a) => x + c.csr.lanes[a >> 1], 0);
    return Math.max(...arcs.map((a) => c.csr.lanes[a >> 1] / lanes / cap(c, a)));
  };
  const minimal = links(A, B);
  const alpha = minimal.length ? perByte(minimal) : Infinity;
  const cands: Array<{ I: number; w: number; beta: number }> = [];
  for (let I = 0; I < g; I++) {
    const w = M.filter((u) => grp[u] === I).length / M.length;
    if (I === A || I === B || w === 0 || !links(A, I).length || !links(I, B).length) continue;
    cands.push({ I, w, beta: Math.max(perByte(links(A, I)), perByte(links(I, B))) });
  }
  const fill = (lambda: number) => cands.map(({ w, beta }) => Math.min(D * w, lambda / beta));
  let y: number[];
  if (!minimal.length) {
    const W = cands.reduce((x, k) => x + k.w, 0);
    y = cands.map(({ w }) => (D * w) / W);
  } else {
    // λ = α·(D − Σ y(λ)): the left side rises, the right falls
    let lo = 0;
    let hi = alpha * D;
    for (let i = 0; i < 200; i++) {
      const mid = (lo + hi) / 2;
      if (alpha * (D - fill(mid).reduce((x, v) => x + v, 0)) <= mid) hi = mid;
      else lo = mid;
    }
    y = fill(hi);
  }
  return { via: new Map(cands.map(({ I }, j) => [I, y[j] / D])), minimalFraction: 1 - y.reduce((x, v) => x + v, 0) / D };
}

/**
 * Dragonfly UGAL over several group-pair classes in a given order (docs/traffic.md, "ugal"): the state starts as
 * the all-minimal loads (seconds per arc); in turn each class takes its bytes out of its global links (minimal, or
 * the A→I and I→B links of the groups it went through), and, when some candidate path is less busy than its
 * minimal links would be with all its bytes, fills the candidate paths up to a level λ (each at most its share
 * of the class) with λ = the minimal links' final load; up to three sweeps, stopping after one that changes
 * nothing. Returns each class's minimal fraction and its groups (fraction of its bytes through each).
 */
function ugalGroupPairsInOrder(c: Compiled, classes: Array<readonly [number, number, number]>, order: number[], demand: Demand, sweeps = 3) {
  const grp = groupIds(c);
  const M = mids(c);
  const g = Math.max(...grp) + 1;
  const arcs = switchArcs(c);
  const L = Float64Array.from(minimalOracle(c, kimSplit(c), demand).arcLoad, (x, a) => x / cap(c, a));
  /** per-byte seconds on each of the X → Y global links */
  const perByte = (X: number, Y: number) => {
    const ls = arcs.filter(([, u, v]) => grp[u] === X && grp[v] === Y).map(([a]) => a);
    const lanes = ls.reduce((x, a) => x + c.csr.lanes[a >> 1], 0);
    return new Map(ls.map((a) => [a, c.csr.lanes[a >> 1] / lanes / cap(c, a)]));
  };
  const x = classes.map(() => 1);
  const via = classes.map(() => new Map<number, number>());
  const put = (k: number, sign: number) => {
    const [A, B, D] = classes[k];
    for (const [a, p] of perByte(A, B)) L[a] += sign * D * x[k] * p;
    for (const [I, f] of via[k]) for (const [a, p] of [...perByte(A, I), ...perByte(I, B)]) L[a] += sign * D * f * p;
  };
  for (let sweep = 0; sweep < sweeps; sweep++) {
    let changed = false;
    for (const k of order) {
      put(k, -1);
      const [A, B, D] = classes[k];
      const minimal = perByte(A, B);
      const qMin = (z: number) => Math.max(...[...minimal].map(([a, p]) => L[a] + z * p));
      const cands: Array<{ I: number; w: number; path: Map<number, number> }> = [];
      for (let I = 0; I < g; I++) {
        const w = M.filter((u) => grp[u] === I).length / M.length;
        if (I !== A && I !== B && w > 0) cands.push({ I, w, path: new Map([...perByte(A, I), ...perByte(I, B)]) });
      }
      const fill = (lambda: number) => cands.map(({ w, path }) => Math.max(0, Math.min(D * w, ...[...path].map(([a, p]) => (lambda - L[a]) / p))));
      const least = Math.min(...cands.map(({ path }) => Math.max(0, ...[...path.keys()].map((a) => L[a]))));
      const before = [x[k], [...via[k]].join()];
      via[k] = new Map();
      x[k] = 1;
      if (least < qMin(D) * (1 - 1e-12)) {
        let lo = qMin(D * (1 - cands.reduce((m, { w }) => m + w, 0)));
        let hi = qMin(D);
        for (let i = 0; i < 200; i++) {
          const mid = (lo + hi) / 2;
          if (qMin(D - fill(mid).reduce((m, y) => m + y, 0)) <= mid) hi = mid;
          else lo = mid;
        }
        const y = fill(hi);
        cands.forEach(({ I }, j) => {
          if (y[j] > 0) via[k].set(I, y[j] / D);
        });
        x[k] = Math.max(0, 1 - y.reduce((m, v) => m + v, 0) / D);
      }
      if (Math.abs(x[k] - (before[0] as number)) > 1e-9 || (via[k].size > 0) !== ((before[1] as string) !== '')) changed = true;
      put(k, 1);
    }
    if (!changed) break;
  }
  return { x, via };
}

/** Loads of a Dragonfly UGAL decision: minimal fraction on Kim's route, the rest through each chosen group's routers. */
function ugalDragonflyOracle(c: Compiled, demand: Demand, minimalFraction: (s: number, t: number) => number, via: (s: number, t: number) => Map<number, number>, failed?: Uint8Array): Expected {
  const split = kimSplit(c, failed);
  const grp = groupIds(c);
  const M = mids(c, failed);
  const e = minimalOracle(c, split, demand, empty(c), minimalFraction);
  for (const [s, t, x] of pairs(demand))
    for (const [I, f] of via(s, t)) {
      const inI = M.filter((u) => grp[u] === I);
      for (const m of inI) {
        expect(place(e, split(s, m), (x * f) / inI.length) && place(e, split(m, t), (x * f) / inI.length)).toBe(true);
      }
      e.delivered += x * f;
    }
  return e;
}

const busiest = (c: Compiled, load: Float64Array) => Math.max(...Array.from(load, (x, a) => x / cap(c, a)));

describe('UGAL on a Dragonfly, one class at a time, decided in the test', () => {
  it('a group pair on a non-canonical Dragonfly: the level λ, the groups used, and every link', () => {
    // lanes = 2: one of the pair 0–2's links gets a second lane; lanes = −1: it runs at twice the others' speed
    // and a canonical a = 2, h = 2 Dragonfly: g = 5 groups, so a group pair has g − 2 = 3 candidate groups, more than a
    const wide = build('dragonfly:p=1,a=2,h=2,gpusPerHost=1');
    for (const [c, A, B, lanes] of [[dfSmall(), 0, 1, 0], [dfSmall(), 0, 2, 0], [dfSmall(), 0, 2, 2], [dfSmall(), 0, 1, -1], [dfMixed, 1, 3, 0], [dfMixed, 0, 4, 0], [wide, 0, 1, 0], [wide, 3, 2, 0]] as const) {
      if (lanes > 0) c.csr.lanes[arcOf(c, 'g0.r0', 'g2.r0') >> 1] = lanes;
      if (lanes < 0) c.csr.gbps[arcOf(c, 'g0.r0', 'g2.r0') >> 1] *= 2;
      const grp = groupIds(c);
      const S = c.csr.switches;
      const all = Array.from({ length: S }, (_, u) => u);
      const demand = randomDemand(S, 20 + A + B + lanes, 0.9, all.filter((u) => grp[u] === A), all.filter((u) => grp[u] === B));
      let D = 0;
      for (const [, , x] of pairs(demand)) D += x;
      const want = ugalGroupPair(c, A, B, D);
      const label = `${c.spec.name} ${A}→${B}${lanes ? ` (lanes ${lanes})` : ''}`;
      expect(want.minimalFraction, label).toBeLessThan(1);
      const r = routeUgal(c.csr, source(demand), { dragonfly: { groupOf: grp }, seed: 5 });
      const k = A * (Math.max(...grp) + 1) + B;
      expect(r.decision.classOf(all.find((u) => grp[u] === A)!, all.find((u) => grp[u] === B)!), label).toBe(k);
      expect(r.decision.minimalFraction[k], label).toBeCloseTo(want.minimalFraction, 9);
      const got = r.decision.via!.get(k)!;
      const gotVia = new Map(Array.from(got.through, (I, j) => [I, got.fraction[j]]));
      expect([...gotVia.keys()].sort(), label).toEqual([...want.via].filter(([, f]) => f > 0).map(([I]) => I).sort());
      for (const [I, f] of want.via) if (f > 0) expect(gotVia.get(I), `${label} via ${I}`).toBeCloseTo(f, 9);
      expect(r.ugal.valiantFraction, label).toBeCloseTo(1 - want.minimalFraction, 9);
      expect(r.ugal.classes, label).toBe(1);
      const e = ugalDragonflyOracle(c, demand, () => want.minimalFraction, () => want.via);
      expectRoute(r, e, label);
      expect(r.ugal.minimalSeconds, label).toBeCloseTo(busiest(c, minimalOracle(c, kimSplit(c), demand).arcLoad), 12);
      expect(r.ugal.valiantSeconds, label).toBeCloseTo(busiest(c, valiantOracle(c, kimSplit(c), demand).arcLoad), 12);
      expect(r.ugal.thresholdSeconds).toBe(0);
      expect(r.ugal.unit).toBe('group pairs, and router pairs inside a group');
      expect(r.ugal.estimator).toMatch(/^UGAL-G: busiest global link/);
    }
  });

  it('three group pairs that share global links: the documented process in one of the 6 orders, and the loads follow', () => {
    const c = dfMixed;
    const grp = groupIds(c);
    const S = c.csr.switches;
    const all = Array.from({ length: S }, (_, u) => u);
    const inGroup = (X: number) => all.filter((u) => grp[u] === X);
    // 0 → 1 (one 3-lane bundle), 0 → 3 and 2 → 1: each one's candidates cross the others' minimal links
    const pairsOf = [[0, 1, 61], [0, 3, 62], [2, 1, 63]] as const;
    const demand: Demand = new Map();
    const classes = pairsOf.map(([A, B, seed]) => {
      let D = 0;
      for (const [t, col] of randomDemand(S, seed, 0.9, inGroup(A), inGroup(B))) {
        demand.set(t, new Map([...(demand.get(t) ?? []), ...col]));
        for (const [, x] of col) D += x;
      }
      return [A, B, D] as const;
    });
    const outcomes = permutations(3).map((order) => ugalGroupPairsInOrder(c, classes, order, demand));
    // the classes interact: decided alone, each would split otherwise
    const alone = classes.map(([A, B, D]) => ugalGroupPair(c, A, B, D).minimalFraction);
    expect(outcomes.every((o) => o.x.some((x, k) => Math.abs(x - alone[k]) > 1e-3))).toBe(true);
    for (const seed of [1, 2, 3, 4]) {
      const r = routeUgal(c.csr, source(demand), { dragonfly: { groupOf: grp }, seed });
      const got = pairsOf.map(([A, B]) => r.decision.minimalFraction[A * 5 + B]);
      const match = outcomes.find((o) => o.x.every((x, k) => Math.abs(x - got[k]) < 1e-7));
      expect(match, `seed ${seed}: ${got} among ${JSON.stringify(outcomes.map((o) => o.x))}`).toBeDefined();
      pairsOf.forEach(([A, B], k) => {
        const v = r.decision.via!.get(A * 5 + B);
        expect(new Map(v ? Array.from(v.through, (I, j) => [I, v.fraction[j]]) : []), `seed ${seed}, ${A} → ${B}`).toEqual(new Map([...match!.via[k]].map(([I, f]) => [I, expect.closeTo(f, 7)])));
      });
      const classOf = (s: number, t: number) => pairsOf.findIndex(([A, B]) => grp[s] === A && grp[t] === B);
      expectRoute(r, ugalDragonflyOracle(c, demand, (s, t) => match!.x[classOf(s, t)], (s, t) => match!.via[classOf(s, t)]), `seed ${seed}`, 1e-6);
    }
  });

  it('three group pairs whose decisions still move after two and three sweeps: the code stops after three (UGAL_SWEEPS)', () => {
    const c = dfMixed;
    const grp = groupIds(c);
    const S = c.csr.switches;
    const all = Array.from({ length: S }, (_, u) => u);
    const inGroup = (X: number) => all.filter((u) => grp[u] === X);
    // a seeded demand found by searching the process written here for one that has not settled after three sweeps
    const pairsOf = [[0, 1], [0, 3], [2, 1]] as const;
    const demand: Demand = new Map();
    const classes = pairsOf.map(([A, B], i) => {
      let D = 0;
      for (const [t, col] of randomDemand(S, 40 + i, 0.2 + ((28 + 3 * i) % 8) / 10, inGroup(A), inGroup(B))) {
        demand.set(t, new Map([...(demand.get(t) ?? []), ...col]));
        for (const [, x] of col) D += x;
      }
      return [A, B, D] as const;
    });
    const same = (a: number[], b: number[]) => a.every((x, k) => Math.abs(x - b[k]) < 1e-7);
    const after = (sweeps: number) => permutations(3).map((o) => ugalGroupPairsInOrder(c, classes, o, demand, sweeps).x);
    const [two, three, four] = [after(2), after(3), after(4)];
    // in no order do two or four sweeps give any outcome that three sweeps give in some order
    expect(three.some((x) => two.some((y) => same(x, y)) || four.some((y) => same(x, y)))).toBe(false);
    for (const seed of [1, 2, 3, 4]) {
      const r = routeUgal(c.csr, source(demand), { dragonfly: { groupOf: grp }, seed });
      const got = pairsOf.map(([A, B]) => r.decision.minimalFraction[A * 5 + B]);
      expect(three.some((x) => same(x, got)), `seed ${seed}: ${got} among ${JSON.stringify(three)}`).toBe(true);
    }
  });

  it('a group pair whose global links all failed goes through the other groups by their share of routers', () => {
    const c = dfMixed;
    const grp = groupIds(c);
    const failed = new Uint8Array(c.csr.edges);
    for (const [a, u, v] of switchArcs(c)) if ((grp[u] === 0 && grp[v] === 2) || (grp[u] === 2 && grp[v] === 0)) failed[a >> 1] = 1;
    // a dead router in group 3 (g3.r0: only the pair 3–4 loses its link) leaves that group 2 of the 14 intermediates
    const dead = c.csr.ids.indexOf('g3.r0');
    for (const [a, u, v] of switchArcs(c)) if (u === dead || v === dead) failed[a >> 1] = 1;
    const all = Array.from({ length: c.csr.switches }, (_, u) => u);
    const demand = randomDemand(c.csr.switches, 30, 0.9, all.filter((u) => grp[u] === 0), all.filter((u) => grp[u] === 2));
    const want = ugalGroupPair(c, 0, 2, 1, failed);
    // by hand: groups 1, 3, 4 hold 3, 2, 3 of the 14 intermediates: shares 3/8, 2/8, 3/8
    expect([...want.via]).toEqual([[1, 3 / 8], [3, 2 / 8], [4, 3 / 8]]);
    const r = routeUgal(c.csr, source(demand), { dragonfly: { groupOf: grp }, failed });
    const got = r.decision.via!.get(2)!;
    expect(Array.from(got.through)).toEqual([1, 3, 4]);
    expect(Array.from(got.fraction)).toEqual([3 / 8, 2 / 8, 3 / 8].map((f) => expect.closeTo(f, 12)));
    expect(r.ugal.valiantFraction).toBeCloseTo(1, 12);
    expectRoute(r, ugalDragonflyOracle(c, demand, () => 0, () => want.via, failed), 'no minimal link');
    // class 4 → 0 keeps its minimal links but loses groups 2 (no 2 → 0 link left) and 3 (its one link to group 4 was
    // on the dead g3.r0) as candidates: group 1 alone
    const d40 = randomDemand(c.csr.switches, 31, 0.9, all.filter((u) => grp[u] === 4), all.filter((u) => grp[u] === 0));
    let D = 0;
    for (const [, , x] of pairs(d40)) D += x;
    const w40 = ugalGroupPair(c, 4, 0, D, failed);
    expect([...w40.via.keys()]).toEqual([1]);
    const r40 = routeUgal(c.csr, source(d40), { dragonfly: { groupOf: grp }, failed });
    expect(r40.decision.minimalFraction[20], '4 → 0').toBeCloseTo(w40.minimalFraction, 9);
    expectRoute(r40, ugalDragonflyOracle(c, d40, () => w40.minimalFraction, () => w40.via, failed), 'a candidate without a leg');
  });

  it('local misrouting skips a dead router of the group (a packet that draws it stays minimal)', () => {
    // a = 4, g3 down: g0.r1 → g0.r0 directly or through g0.r2, which takes its share D/4; the direct link 3D/4
    const c = build('dragonfly:p=1,a=4,h=1,gpusPerHost=1');
    const dead = c.csr.ids.indexOf('g0.r3');
    const failed = new Uint8Array(c.csr.edges);
    for (const [a, u, v] of switchArcs(c)) if (u === dead || v === dead) failed[a >> 1] = 1;
    const D = 4e9;
    const [s, t] = [c.csr.ids.indexOf('g0.r1'), c.csr.ids.indexOf('g0.r0')];
    const r = routeUgal(c.csr, source(new Map([[t, new Map([[s, D]])]])), { dragonfly: { groupOf: groupIds(c) }, failed });
    const e = empty(c);
    e.arcLoad[arcOf(c, 'g0.r1', 'g0.r0')] = (3 * D) / 4;
    e.arcLoad[arcOf(c, 'g0.r1', 'g0.r2')] = D / 4;
    e.arcLoad[arcOf(c, 'g0.r2', 'g0.r0')] = D / 4;
    e.hopBytes = (3 * D) / 4 + (2 * D) / 4;
    e.delivered = D;
    expectRoute(r, e, 'a dead router in the group');
    expect(r.ugal.valiantFraction).toBeCloseTo(1 / 4, 12);
  });

  it('a router pair inside a group misroutes locally through each other router of the group, its share each', () => {
    // a = 3: s → t directly, or s → m → t through the third router (a packet drawing s or t stays minimal).
    // λ: the direct link carries D − y, the two-hop path y ≤ D/3 on each of its links: y = D/3, the direct 2D/3.
    // pairs from and to g0.r0, whose first local link is arc 0 of the fabric
    // and a pair in the last group (its class index is the highest: g² + s·a + the position of t)
    const df4 = build('dragonfly:p=1,a=4,h=1,gpusPerHost=1');
    for (const [c, from, to] of [[dfMixed, 'g0.r1', 'g0.r0'], [dfMixed, 'g0.r0', 'g0.r1'], [dfMixed, 'g0.r0', 'g0.r2'], [df4, 'g0.r1', 'g0.r0'], [df4, 'g4.r3', 'g4.r1']] as const) {
      const grp = groupIds(c);
      const group = from.split('.')[0];
      const a = c.csr.ids.filter((id) => id.startsWith(`${group}.`)).length;
      const [s, t] = [c.csr.ids.indexOf(from), c.csr.ids.indexOf(to)];
      const D = 3e9;
      const demand: Demand = new Map([[t, new Map([[s, D]])]]);
      const r = routeUgal(c.csr, source(demand), { dragonfly: { groupOf: grp } });
      const others = Array.from({ length: a }, (_, p) => c.csr.ids.indexOf(`${group}.r${p}`)).filter((m) => m !== s && m !== t);
      const e = empty(c);
      e.arcLoad[arcOf(c, from, to)] = (2 * D) / a;
      for (const m of others) {
        e.arcLoad[arcOf(c, from, c.csr.ids[m])] += D / a;
        e.arcLoad[arcOf(c, c.csr.ids[m], to)] += D / a;
      }
      e.hopBytes = (2 * D) / a + 2 * (others.length * D) / a;
      e.delivered = D;
      expectRoute(r, e, `${c.spec.name} ${from} → ${to}: local misrouting`);
      expect(r.ugal.valiantFraction).toBeCloseTo((a - 2) / a, 12);
      const k = r.decision.classOf(s, t);
      expect(k).toBeGreaterThanOrEqual(r.decision.groupPairs!);
      expect(Array.from(r.decision.via!.get(k)!.through).sort()).toEqual(others.sort());
      expect(r.ugal.classes).toBe(1);
    }
  });

  it('classOf: −1 for a leaf to itself, group pairs first, then router pairs by position in the group', () => {
    const c = dfMixed;
    const grp = groupIds(c);
    const r = routeUgal(c.csr, source(randomDemand(c.csr.switches, 31, 0.3)), { dragonfly: { groupOf: grp } });
    const d = r.decision;
    expect(d.groupPairs).toBe(25);
    const id = (x: string) => c.csr.ids.indexOf(x);
    expect(d.classOf(id('g1.r2'), id('g1.r2'))).toBe(-1);
    expect(d.classOf(id('g1.r2'), id('g3.r0'))).toBe(1 * 5 + 3);
    expect(d.classOf(id('g3.r0'), id('g1.r2'))).toBe(3 * 5 + 1);
    // inside a group: g² + s·a + position of t (a = 3)
    expect(d.classOf(id('g1.r2'), id('g1.r0'))).toBe(25 + id('g1.r2') * 3 + 0);
    expect(d.classOf(id('g4.r0'), id('g4.r1'))).toBe(25 + id('g4.r0') * 3 + 1);
  });
});

/**
 * The Slim Fly UGAL split of one router-pair class (s → t, D bytes), from docs/traffic.md, against `L` (seconds
 * already on each arc from the other classes; none: an empty fabric). Also the class's own contribution to that
 * state at a split x: UGAL's state holds a class's bytes where its estimate sees them (its minimal links, and
 * the Valiant legs' first hops out of s and last hops into t).
 */
function ugalRouterPair(c: Compiled, s: number, t: number, D: number, failed?: Uint8Array, L?: Float64Array) {
  const split = shortestSplit(c, failed);
  const M = mids(c, failed);
  const R = M.length;
  const isMid = new Set(M);
  const dist = (u: number, v: number) => [...split(u, v)!.values()].reduce((x, f) => x + f, 0);
  const mu = split(s, t)!;
  // share of a uniformly random intermediate's first leg leaving s on each arc, and of its second leg entering t
  const out = new Map<number, number>();
  const inn = new Map<number, number>();
  for (const i of M) {
    if (i !== s) for (const [a, f] of split(s, i)!) if (c.csr.arcTail[a] === s) out.set(a, (out.get(a) ?? 0) + f / R);
    if (i !== t) for (const [a, f] of split(i, t)!) if (c.csr.arcHead[a] === t) inn.set(a, (inn.get(a) ?? 0) + f / R);
  }
  const self = ((isMid.has(s) ? 1 : 0) + (isMid.has(t) ? 1 : 0)) / R;
  const nu = (a: number) => self * (mu.get(a) ?? 0) + (out.get(a) ?? 0) + (inn.get(a) ?? 0);
  // the class's own load on arc a when a fraction x goes minimal, in seconds
  const own = (a: number, x: number) => (D * (x * (mu.get(a) ?? 0) + (1 - x) * nu(a))) / cap(c, a);
  const q = (a: number, x: number) => (L?.[a] ?? 0) + own(a, x);
  const qMin = (x: number) => Math.max(...[...mu.keys()].map((a) => q(a, x)));
  const mean = (w: Map<number, number>, x: number) => [...w].reduce((m, [a, f]) => m + f * q(a, x), 0) / [...w.values()].reduce((m, f) => m + f, 0);
  const hops = (u: number) => M.filter((i) => i !== u).reduce((h, i) => h + dist(u, i), 0) / R;
  const H = (hops(s) + hops(t)) / dist(s, t);
  const v0 = H * Math.max(mean(out, 0), mean(inn, 0));
  const v1 = H * Math.max(mean(out, 1), mean(inn, 1));
  const f = (x: number) => qMin(x) - (v0 + x * (v1 - v0));
  // ties go minimal, to 1e-9 of the loads compared
  const tie = 1e-9 * Math.max(v0, v1, qMin(1));
  const contribution = (x: number) => new Map([...new Set([...mu.keys(), ...out.keys(), ...inn.keys()])].map((a) => [a, own(a, x)]));
  if (f(1) <= tie) return { x: 1, H, contribution };
  if (f(0) > tie) return { x: 0, H, contribution };
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 100; i++) {
    const m = (lo + hi) / 2;
    if (f(m) <= 0) lo = m;
    else hi = m;
  }
  return { x: lo, H, contribution };
}

/**
 * Slim Fly UGAL over several classes in a given order: every class starts minimal; in turn each takes its own
 * bytes out of the state and decides against the rest; up to three sweeps, stopping after a sweep that changes
 * nothing (docs/traffic.md, "Starting state and sweeps").
 */
function ugalRouterPairs(c: Compiled, classes: Array<readonly [number, number, number]>, order: number[], failed?: Uint8Array, sweeps = 3): number[] {
  const x = classes.map(() => 1);
  const L = new Float64Array(2 * c.csr.edges);
  const put = (k: number, sign: number) => {
    const [s, t, D] = classes[k];
    for (const [a, y] of ugalRouterPair(c, s, t, D, failed).contribution(x[k])) L[a] += sign * y;
  };
  classes.forEach((_, k) => put(k, 1));
  for (let sweep = 0; sweep < sweeps; sweep++) {
    let changed = false;
    for (const k of order) {
      put(k, -1);
      const [s, t, D] = classes[k];
      const xn = ugalRouterPair(c, s, t, D, failed, L).x;
      if (Math.abs(xn - x[k]) > 1e-9) changed = true;
      x[k] = xn;
      put(k, 1);
    }
    if (!changed) break;
  }
  return x;
}

const permutations = (n: number): number[][] => (n === 0 ? [[]] : permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)])));

describe('UGAL on a Slim Fly, one router pair at a time, decided in the test', () => {
  it('the split of adjacent and two-hop pairs, and the loads it gives', () => {
    const c = sf;
    const S = c.csr.switches;
    const adjacent = switchArcs(c)[0];
    const split = shortestSplit(c);
    const hops = (s: number, t: number) => [...split(s, t)!.values()].reduce((x, f) => x + f, 0);
    const twoHops = Array.from({ length: S }, (_, t) => t).filter((t) => hops(0, t) === 2);
    const twoHops5 = Array.from({ length: S }, (_, t) => t).filter((t) => hops(5, t) === 2);
    // q = 3 has pairs with two shortest paths (two common neighbours), where each path takes half the bytes
    const twoPaths = twoHops.filter((t) => [...split(0, t)!.values()].some((f) => f < 1));
    expect(twoPaths.length).toBeGreaterThan(0);
    expect([...split(0, twoPaths[0])!.values()].sort()).toEqual([0.5, 0.5, 0.5, 0.5]);
    const seen = new Set<number>();
    for (const [s, t] of [[adjacent[1], adjacent[2]], [0, twoHops[0]], [twoHops[1], 0], [5, twoHops5[2]], [0, twoPaths[0]], [twoPaths[0], 0]]) {
      const D = 2e9;
      const want = ugalRouterPair(c, s, t, D);
      seen.add(Math.round(want.x * 1e6));
      const demand: Demand = new Map([[t, new Map([[s, D]])]]);
      const r = routeUgal(c.csr, source(demand), { seed: 3 });
      const label = `${s} → ${t}`;
      expect(r.decision.classOf(s, t)).toBe(s * S + t);
      // a router's bytes to itself are no class (they never enter the fabric)
      expect([r.decision.classOf(s, s), r.decision.classOf(t, t)]).toEqual([-1, -1]);
      expect(r.decision.minimalFraction[s * S + t], label).toBeCloseTo(want.x, 7);
      expect(r.ugal.valiantFraction, label).toBeCloseTo(1 - want.x, 7);
      expect(r.ugal.classes).toBe(1);
      // the model the output names (docs/traffic.md: Singh's hop-weighted estimate on a Slim Fly)
      expect([r.ugal.unit, r.ugal.estimator]).toEqual(['router pairs', 'busiest link: minimal paths vs hop-weighted Valiant first and last hops']);
      const e = minimalOracle(c, split, demand, empty(c), () => want.x);
      valiantOracle(c, split, demand, undefined, e, () => 1 - want.x);
      // the split is solved to 1e-9 of the loads (ugalSplit's tolerance), so the loads agree to about that
      expectRoute(r, e, label, 1e-7);
      expect(r.ugal.minimalSeconds).toBeCloseTo(busiest(c, minimalOracle(c, split, demand).arcLoad), 12);
      expect(r.ugal.valiantSeconds).toBeCloseTo(busiest(c, valiantOracle(c, split, demand).arcLoad), 12);
    }
    // the cases are not all the same answer
    expect(seen.size).toBeGreaterThan(1);
  });
});

describe('UGAL on a Slim Fly, several classes, decided in the test in every order', () => {
  it('three classes that share links: the decision is the documented process in one of the 6 orders, and the loads follow', () => {
    const c = sf;
    const S = c.csr.switches;
    const split = shortestSplit(c);
    const hops = (s: number, t: number) => [...split(s, t)!.values()].reduce((x, f) => x + f, 0);
    const t2 = Array.from({ length: S }, (_, t) => t).filter((t) => hops(0, t) === 2);
    // 0 → t2[0] and 0 → t2[1] share router 0's output links; t2[2] → t2[0] shares t2[0]'s input links
    const classes = [[0, t2[0], 3e9], [0, t2[1], 2e9], [t2[2], t2[0], 1e9]] as const;
    const outcomes = permutations(3).map((order) => ugalRouterPairs(c, [...classes], order));
    const demand: Demand = new Map();
    for (const [s, t, D] of classes) demand.set(t, (demand.get(t) ?? new Map()).set(s, D));
    for (const seed of [1, 2, 3]) {
      const r = routeUgal(c.csr, source(demand), { seed });
      const got = classes.map(([s, t]) => r.decision.minimalFraction[s * S + t]);
      const match = outcomes.find((o) => o.every((x, k) => Math.abs(x - got[k]) < 1e-6));
      expect(match, `seed ${seed}: ${got} among ${JSON.stringify(outcomes)}`).toBeDefined();
      const x = (s: number, t: number) => match![classes.findIndex(([a, b]) => a === s && b === t)];
      const e = minimalOracle(c, split, demand, empty(c), x);
      valiantOracle(c, split, demand, undefined, e, (s, t) => 1 - x(s, t));
      expectRoute(r, e, `seed ${seed}`, 1e-6);
    }
    // the classes do interact: the first to decide sees the others still minimal
    expect(outcomes.some((o) => o.some((x, k) => Math.abs(x - outcomes[0][k]) > 1e-6))).toBe(true);
  });

  it('three classes whose decisions keep moving for three sweeps: one sweep, two and three differ, and the code does three', () => {
    const c = sf;
    const S = c.csr.switches;
    const split = shortestSplit(c);
    const classes = [[3, 16, 6e9], [8, 12, 5e9], [0, 2, 2e9]] as const;
    const orders = permutations(3);
    const three = orders.map((order) => ugalRouterPairs(c, [...classes], order));
    const differ = (p: number[], q: number[]) => p.some((x, k) => Math.abs(x - q[k]) > 1e-6);
    // in the order 0, 1, 2 every sweep moves the classes
    const inOrder = [1, 2, 3].map((sweeps) => ugalRouterPairs(c, [...classes], [0, 1, 2], undefined, sweeps));
    expect(differ(inOrder[0], inOrder[1]) && differ(inOrder[1], inOrder[2])).toBe(true);
    const demand: Demand = new Map();
    for (const [s, t, D] of classes) demand.set(t, (demand.get(t) ?? new Map()).set(s, D));
    for (const seed of [1, 2, 3, 4]) {
      const r = routeUgal(c.csr, source(demand), { seed });
      const got = classes.map(([s, t]) => r.decision.minimalFraction[s * S + t]);
      const match = three.find((o) => !differ(o, got));
      expect(match, `seed ${seed}: ${got} among ${JSON.stringify(three)}`).toBeDefined();
      const x = (s: number, t: number) => match![classes.findIndex(([a, b]) => a === s && b === t)];
      const e = minimalOracle(c, split, demand, empty(c), x);
      valiantOracle(c, split, demand, undefined, e, (s, t) => 1 - x(s, t));
      expectRoute(r, e, `seed ${seed}`, 1e-6);
    }
  });

  it('incast: three sources into one router, where the destination’s input links are the busier Valiant side', () => {
    const c = sf;
    const S = c.csr.switches;
    const split = shortestSplit(c);
    const t = 4;
    const from = [...Array(S).keys()].filter((u) => u !== t).slice(0, 3);
    const classes = from.map((s, k) => [s, t, (k + 2) * 1e9] as const);
    const outcomes = permutations(3).map((order) => ugalRouterPairs(c, [...classes], order));
    const demand: Demand = new Map([[t, new Map(classes.map(([s, , D]) => [s, D]))]]);
    for (const seed of [1, 2]) {
      const r = routeUgal(c.csr, source(demand), { seed });
      const got = classes.map(([s]) => r.decision.minimalFraction[s * S + t]);
      const match = outcomes.find((o) => o.every((x, k) => Math.abs(x - got[k]) < 1e-6));
      expect(match, `seed ${seed}: ${got} among ${JSON.stringify(outcomes)}`).toBeDefined();
      const x = (s: number) => match![from.indexOf(s)];
      const e = minimalOracle(c, split, demand, empty(c), (s) => x(s));
      valiantOracle(c, split, demand, undefined, e, (s) => 1 - x(s));
      expectRoute(r, e, `incast, seed ${seed}`, 1e-6);
    }
  });

  it('with a failed link the split is taken over the surviving shortest paths, and the fabric’s cached tables follow the failure mask', () => {
    const c = build('slimfly:q=3,gpusPerHost=1');
    const S = c.csr.switches;
    const [a0, s, t] = switchArcs(c)[4];
    const failed = new Uint8Array(c.csr.edges);
    failed[a0 >> 1] = 1;
    const D = 1e9;
    const demand: Demand = new Map([[t, new Map([[s, D]])]]);
    // a dead router (not s or t) is no intermediate
    const deadMid = new Uint8Array(c.csr.edges);
    const other = [...Array(S).keys()].find((u) => u !== s && u !== t && u > 2)!;
    for (const [a, u] of switchArcs(c)) if (u === other) deadMid[a >> 1] = 1;
    for (const f of [undefined, failed, undefined, failed, deadMid]) {
      const want = ugalRouterPair(c, s, t, D, f);
      const r = routeUgal(c.csr, source(demand), { failed: f });
      const label = f ? 'failed' : 'healthy';
      expect(r.decision.minimalFraction[s * S + t], label).toBeCloseTo(want.x, 7);
      const split = shortestSplit(c, f);
      const e = minimalOracle(c, split, demand, empty(c), () => want.x);
      valiantOracle(c, split, demand, f, e, () => 1 - want.x);
      expectRoute(r, e, label, 1e-7);
    }
    // a class with no path left (a dead router) is no UGAL class: its bytes are unreachable
    const dead = new Uint8Array(c.csr.edges);
    for (const [a, u] of switchArcs(c)) if (u === s) dead[a >> 1] = 1;
    const r = routeUgal(c.csr, source(demand), { failed: dead });
    expect(r.ugal.classes).toBe(0);
    expect(r.unreachableBytes).toBe(D);
    expect(r.deliveredBytes).toBe(0);
  });

  it('a router without endpoints is no intermediate, but its links still carry the legs', () => {
    const c = build('slimfly:q=3,gpusPerHost=1');
    const S = c.csr.switches;
    c.csr.leafEndpoints[9] = 0;
    const [, s, t] = switchArcs(c)[6];
    const D = 1e9;
    const want = ugalRouterPair(c, s, t, D);
    expect(mids(c)).toHaveLength(S - 1);
    const demand: Demand = new Map([[t, new Map([[s, D]])]]);
    const r = routeUgal(c.csr, source(demand));
    expect(r.decision.minimalFraction[s * S + t]).toBeCloseTo(want.x, 7);
    const split = shortestSplit(c);
    const e = minimalOracle(c, split, demand, empty(c), () => want.x);
    valiantOracle(c, split, demand, undefined, e, () => 1 - want.x);
    expectRoute(r, e, 'an endpoint-less router', 1e-7);
  });

  it('the seed orders the classes: different seeds, different decisions on a random demand; no seed is seed 1', () => {
    const demand = randomDemand(sf.csr.switches, 50, 0.3);
    const fractions = [1, 2, 3, 4, 5].map((seed) => routeUgal(sf.csr, source(demand), { seed }).ugal.valiantFraction);
    expect(new Set(fractions.map((f) => f.toFixed(9))).size).toBeGreaterThan(1);
    const unseeded = routeUgal(sf.csr, source(demand)).ugal.valiantFraction;
    expect(unseeded).toBe(fractions[0]);
    expect(fractions.filter((f) => f === unseeded)).toHaveLength(fractions.filter((f) => f === fractions[0]).length);
  });

  it('no fabric bytes: nothing decided, nothing sent Valiant; a class that stays minimal costs one pass per destination', () => {
    const none = routeUgal(sf.csr, source(new Map([[3, new Map([[3, 5e9]])]])));
    expect(none.ugal.valiantFraction).toBe(0);
    expect(none.ugal.classes).toBe(0);
    expect(none.deliveredBytes).toBe(0);
    expect(Math.max(...none.arcLoad)).toBe(0);
    // a = 2: a router pair inside a group has no third router to go through, so it stays on its local link
    const c = build('dragonfly:p=1,a=2,h=2,gpusPerHost=1');
    const [s, t] = [c.csr.ids.indexOf('g3.r0'), c.csr.ids.indexOf('g3.r1')];
    const demand: Demand = new Map([[t, new Map([[s, 1e9]])]]);
    const r = routeUgal(c.csr, source(demand), { dragonfly: { groupOf: groupIds(c) } });
    expect(r.ugal.valiantFraction).toBe(0);
    expect(r.decision.via!.size).toBe(0);
    expect(r.passes).toBe(1);
    expectRoute(r, minimalOracle(c, kimSplit(c), demand), 'stays minimal');
  });
});

describe('ugalSplit edge cases', () => {
  it('no minimal link: all Valiant; no Valiant estimate: all minimal; a tie within 1e-9 of the loads goes minimal', () => {
    expect(ugalSplit(0, new Float64Array(0), new Float64Array(0), 1, 1)).toBe(0);
    expect(ugalSplit(1, Float64Array.of(5), Float64Array.of(9), -Infinity, -Infinity)).toBe(1);
    // q_min(1) = 1e6 + 1e-4 against q_nonmin(1) = 1e6: above by 1e-10 of the loads, a tie
    expect(ugalSplit(1, Float64Array.of(0), Float64Array.of(1e6 + 1e-4), 2e6, 1e6)).toBe(1);
    // above by 1e-6 of the loads: not a tie; x solves x·(1e6 + 1) = 2e6 − x·1e6
    expect(ugalSplit(1, Float64Array.of(0), Float64Array.of(1e6 + 1), 2e6, 1e6)).toBeCloseTo(2e6 / (2e6 + 1), 8);
    expect(ugalSplit(1, Float64Array.of(0), Float64Array.of(1e6 + 1), 2e6, 1e6)).toBeLessThan(1);
    // q_min(0) above q_nonmin(0) by 1e-10 of the loads: a tie at x = 0, so the split moves on from 0
    expect(ugalSplit(1, Float64Array.of(1e6 + 1e-4), Float64Array.of(3e6), 1e6, 1e6)).toBeGreaterThan(0);
    expect(ugalSplit(1, Float64Array.of(1e6 + 1), Float64Array.of(3e6), 1e6, 1e6)).toBe(0);
  });
});

describe('UGAL, many classes: conservation and the decision’s own accounting', () => {
  it('Σ arc loads = Σ bytes × hops of the route each class took; delivered = fabric bytes; moved bytes = Σ D·(1 − x)', () => {
    for (const [c, opts] of [[dfMixed, { dragonfly: { groupOf: groupIds(dfMixed) } }], [sf, {}]] as const) {
      const demand = randomDemand(c.csr.switches, 40, 0.6);
      const r = routeUgal(c.csr, source(demand), { ...opts, seed: 9 });
      let sum = 0;
      for (const x of r.arcLoad) sum += x;
      expect(sum, c.spec.name).toBeCloseTo(r.hopBytes, 2);
      let D = 0;
      let moved = 0;
      for (const [s, t, x] of pairs(demand)) {
        D += x;
        const k = r.decision.classOf(s, t);
        moved += x * (1 - r.decision.minimalFraction[k]);
      }
      expect(r.deliveredBytes, c.spec.name).toBeCloseTo(D, 3);
      expect(r.ugal.valiantFraction, c.spec.name).toBeCloseTo(moved / D, 9);
      expect(r.ugal.valiantFraction, c.spec.name).toBeGreaterThan(0);
    }
  });
});

describe('the class order: a uniformly random permutation per seed (Fisher–Yates)', () => {
  it('every order of 3 and of 4 classes is about equally likely over consecutive seeds (within 5σ of n!⁻¹)', () => {
    for (const [n, seeds] of [[3, 6000], [4, 12000]] as const) {
      const count = new Map<string, number>();
      for (let seed = 1; seed <= seeds; seed++) {
        const key = Array.from(ugalOrder(n, seed)).join('');
        count.set(key, (count.get(key) ?? 0) + 1);
      }
      const orders = n === 3 ? 6 : 24;
      expect(count.size, `n = ${n}`).toBe(orders);
      const mean = seeds / orders;
      const sigma = Math.sqrt(seeds * (1 / orders) * (1 - 1 / orders));
      for (const [key, k] of count) expect(Math.abs(k - mean), `n = ${n}, order ${key}`).toBeLessThan(5 * sigma);
    }
  });

  it('64 consecutive seeds give 64 different orders of 20 classes', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 64; seed++) seen.add(Array.from(ugalOrder(20, seed)).join(','));
    expect(seen.size).toBe(64);
  });
});

