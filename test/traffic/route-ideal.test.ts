/**
 * routeIdeal (the fluid ideal router) against a per-pair recursive router written here: for every (source
 * switch, destination switch, bytes) it walks every shortest path, splitting at each switch over its
 * shortest-path next hops in proportion to their lanes. Distances come from a BFS written here over the
 * switch-to-switch edges read from the CSR's edge arrays, so neither the engine's BFS, its switch graph, its
 * twin shortcut nor its symmetry path is used by the oracle. Demand is drawn from a seeded generator.
 */
import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { compile, type Compiled } from '../../src/topology/compiled.js';
import { flowColumns, routeIdeal, type ColumnSource } from '../../src/traffic/route-ideal.js';
import { switchRotation } from '../../src/traffic/symmetry.js';
import { familyFabric, addLinks } from '../../src/topology/model.js';
import { compileCsr } from '../../src/topology/csr.js';
import { prng, reference, shortestPaths, type Oracle } from '../helpers/reference-router.js';

const build = (ref: string) => compile(resolveTopology(ref)[0]);

/** A column source over an explicit demand map, with the symmetry claims a test wants to make. */
function source(demand: Map<number, Map<number, number>>, claims: Partial<Pick<ColumnSource, 'rotationInvariant' | 'invariantUnder'>> = {}): ColumnSource {
  return {
    destinations: Int32Array.from([...demand.keys()]),
    fill(t, col) {
      for (const [s, x] of demand.get(t) ?? []) col[s] += x;
    },
    ...claims,
  };
}

const leavesOf = (c: Compiled) => Array.from({ length: c.csr.switches }, (_, u) => u).filter((u) => c.csr.leafEndpoints[u] > 0);

/** A failure mask that takes down every switch link of the given switches. */
function isolate(c: Compiled, cut: number[]): Uint8Array {
  const S = c.csr.switches;
  const failed = new Uint8Array(c.csr.edges);
  for (let e = 0; e < c.csr.edges; e++) {
    const [u, v] = [c.csr.arcTail[2 * e], c.csr.arcHead[2 * e]];
    if (u < S && v < S && (cut.includes(u) || cut.includes(v))) failed[e] = 1;
  }
  return failed;
}

/** Random bytes from every switch in `from` to every switch in `to`, itself included (zero with probability `zeros`). */
function randomDemand(from: number[], to: number[], seed: number, zeros = 0.1) {
  const r = prng(seed);
  const demand = new Map<number, Map<number, number>>();
  for (const t of to) {
    const col = new Map<number, number>();
    // s = t is kept: bytes a leaf sends to itself never enter the fabric, and must not be counted as delivered
    for (const s of from) if (r() >= zeros) col.set(s, Math.round(1 + r() * 9999));
    demand.set(t, col);
  }
  return demand;
}

function expectSame(got: ReturnType<typeof routeIdeal>, want: Oracle) {
  for (let a = 0; a < want.arcLoad.length; a++) expect(got.arcLoad[a], `arc ${a}`).toBeCloseTo(want.arcLoad[a], 6);
  expect(got.deliveredBytes).toBeCloseTo(want.delivered, 6);
  expect(got.unreachableBytes).toBeCloseTo(want.unreachable, 6);
  expect(got.hopBytes).toBeCloseTo(want.hopBytes, 6);
}

describe('routeIdeal equals a per-pair recursive lane-weighted split over every shortest path', () => {
  it.each([
    // bundles of 2 and 1 lanes: a lane split and a next-hop split differ
    ['ft2:k=16,endpoints=77,spines=5', 1],
    // three tiers; the leaves of a pod are twins (the BFS shortcut), pods are not
    ['ft3:k=8,gpusPerHost=4', 2],
    ['dragonfly:p=2,a=4,h=2,gpusPerHost=2', 3],
    ['slimfly:q=5,gpusPerHost=1', 4],
  ])('%s, random leaf-to-leaf demand', (ref, seed) => {
    const c = build(ref);
    const leaves = leavesOf(c);
    const demand = randomDemand(leaves, leaves, seed);
    const got = routeIdeal(c.csr, source(demand));
    expectSame(got, reference(c, demand));
    expect(got.passes).toBe(leaves.length);
    expect(got.unreachableBytes).toBe(0);
  });

  it('twin destinations after a search stopped at its last source: the shortcut is taken only when the tree reaches every new source', () => {
    const c = build('ft3:k=8,gpusPerHost=4');
    const leaves = leavesOf(c);
    const pod = (p: number) => leaves.filter((u) => c.csr.pod[u] === p);
    const [a, b, x, y] = pod(0);
    const far = pod(3)[0];
    expect([a, b, x, y, far].every((u) => u !== undefined)).toBe(true);
    // a's sources are in its own pod (the search stops two hops out); b, a's twin, also hears from pod 3
    // (four hops out, beyond a's truncated tree), and y's sources are again inside pod 0
    const demand = new Map<number, Map<number, number>>([
      [a, new Map([[b, 1000], [x, 3000]])],
      [b, new Map([[a, 500], [far, 7000]])],
      [x, new Map([[y, 2000]])],
      [y, new Map([[a, 250], [b, 125]])],
    ]);
    const got = routeIdeal(c.csr, source(demand));
    expectSame(got, reference(c, demand));
    expect(got.unreachableBytes).toBe(0);
    // every byte is delivered: 1000 + 3000 + 500 + 7000 + 2000 + 250 + 125
    expect(got.deliveredBytes).toBe(13875);
  });

  it('any switch may send or receive (spines and cores too), and progress is reported every 64 destinations and at the end', () => {
    const c = build('ft3:k=8,gpusPerHost=4');
    const all = Array.from({ length: c.csr.switches }, (_, u) => u);
    expect(all).toHaveLength(80); // 32 edge + 32 aggregation + 16 core switches: 5k²/4
    const demand = randomDemand(all, all, 9, 0.3);
    const calls: Array<[number, number]> = [];
    const got = routeIdeal(c.csr, source(demand), { progress: (d, n) => calls.push([d, n]) });
    expectSame(got, reference(c, demand));
    expect(calls).toEqual([
      [64, 80],
      [80, 80],
    ]);
  });

  it('failed links: demand rerouted around them, cut-off switches counted as unreachable', () => {
    const c = build('ft3:k=4,gpusPerHost=1');
    const S = c.csr.switches;
    const leaves = leavesOf(c);
    const failed = new Uint8Array(c.csr.edges);
    // every switch link of the first leaf (cut off), and a random 20% of the other switch links
    const r = prng(5);
    for (let e = 0; e < c.csr.edges; e++) {
      const u = c.csr.arcTail[2 * e];
      const v = c.csr.arcHead[2 * e];
      if (u >= S || v >= S) continue;
      if (u === leaves[0] || v === leaves[0] || r() < 0.2) failed[e] = 1;
    }
    const demand = randomDemand(leaves, leaves, 6, 0);
    const want = reference(c, demand, failed);
    // the cut-off leaf neither sends nor receives: its row and column of the demand
    let cut = 0;
    for (const [t, col] of demand) for (const [s, x] of col) if (s !== t && (s === leaves[0] || t === leaves[0])) cut += x;
    expect(want.unreachable).toBeGreaterThanOrEqual(cut);
    expect(cut).toBeGreaterThan(0);
    const got = routeIdeal(c.csr, source(demand), { failed });
    expectSame(got, want);
    for (let e = 0; e < c.csr.edges; e++) if (failed[e]) expect(got.arcLoad[2 * e] + got.arcLoad[2 * e + 1]).toBe(0);
  });

  it('two leaves that lose every link: both unreachable, nothing routed to or from them', () => {
    const c = build('ft2:k=4,gpusPerHost=1');
    const leaves = leavesOf(c);
    const failed = isolate(c, [leaves[0], leaves[1]]);
    const demand = randomDemand(leaves, leaves, 8, 0);
    const got = routeIdeal(c.csr, source(demand), { failed });
    expectSame(got, reference(c, demand, failed));
    let cut = 0;
    for (const [t, col] of demand) for (const [s, x] of col) if (s !== t && ([leaves[0], leaves[1]].includes(s) || [leaves[0], leaves[1]].includes(t))) cut += x;
    expect(got.unreachableBytes).toBeCloseTo(cut, 6);
  });
});

describe('symmetric routing is used only when it is exact', () => {
  // ft3:k=8: the pod rotation (order 8) maps leaves of equal size onto each other
  const setup = () => {
    const c = build('ft3:k=8,gpusPerHost=4');
    const rot = switchRotation(c)!;
    const leaves = leavesOf(c);
    const demand = new Map(leaves.map((t) => [t, new Map(leaves.filter((s) => s !== t).map((s) => [s, 1000]))]));
    return { c, rot, leaves, demand, want: reference(c, demand) };
  };

  it('rotation-invariant demand: one pass per orbit, loads and totals equal the per-pair reference', () => {
    const { c, rot, leaves, demand, want } = setup();
    expect(rot.order).toBe(8);
    const got = routeIdeal(c.csr, source(demand, { rotationInvariant: true }), { symmetry: rot });
    expect(got.passes).toBe(leaves.length / 8);
    expectSame(got, want);
    // every ordered pair of distinct leaves: 32·31 pairs of 1000 B
    expect(got.deliveredBytes).toBe(32 * 31 * 1000);
  });

  it('invariant under this rotation only: one pass per orbit as well', () => {
    const { c, rot, leaves, demand, want } = setup();
    let asked = 0;
    const got = routeIdeal(c.csr, source(demand, { rotationInvariant: false, invariantUnder: (p) => (asked++, p === rot.perm) }), { symmetry: rot });
    expect(asked).toBe(1);
    expect(got.passes).toBe(leaves.length / 8);
    expectSame(got, want);
  });

  it('not invariant, no claim, a failure mask, or no rotation: one pass per destination', () => {
    const { c, rot, leaves, demand, want } = setup();
    const runs = [
      routeIdeal(c.csr, source(demand, { rotationInvariant: false, invariantUnder: () => false }), { symmetry: rot }),
      routeIdeal(c.csr, source(demand), { symmetry: rot }),
      // an all-zero mask fails nothing, but symmetric routing is only for the intact fabric
      routeIdeal(c.csr, source(demand, { rotationInvariant: true }), { symmetry: rot, failed: new Uint8Array(c.csr.edges) }),
      routeIdeal(c.csr, source(demand, { rotationInvariant: true }), { symmetry: null }),
    ];
    for (const got of runs) {
      expect(got.passes).toBe(leaves.length);
      expectSame(got, want);
    }
  });

  it('destinations that are not whole orbits: one pass per destination', () => {
    const { c, rot, leaves } = setup();
    // the leaves of the first four pods only (4 edge switches per pod): orbits are cut
    const part = new Map(leaves.slice(0, 16).map((t) => [t, new Map(leaves.filter((s) => s !== t).map((s) => [s, 500]))]));
    const got = routeIdeal(c.csr, source(part, { rotationInvariant: true }), { symmetry: rot });
    expect(got.passes).toBe(16);
    expectSame(got, reference(c, part));
    // one leaf per pod (8 destinations, one orbit of σ holds one edge switch from each pod): a whole orbit
    const one = new Map(leaves.filter((_, i) => i % 4 === 0).map((t) => [t, new Map(leaves.filter((s) => s !== t).map((s) => [s, 500]))]));
    expect(one.size).toBe(8);
    const sym = routeIdeal(c.csr, source(one, { rotationInvariant: true }), { symmetry: rot });
    expect(sym.passes).toBe(1);
    expectSame(sym, reference(c, one));
  });
});

/**
 * The work the passes take, against a model of it written here from distances and neighbour sets computed
 * here (the reference BFS and the CSR's edge arrays). The searches' stop and the twin shortcut cannot change
 * a load (they are exact), so only this count sees them:
 * - a search towards t reaches every switch within the distance of t's farthest source (all of t's component
 *   when a source is cut off, and the search then holds the whole tree; t alone when t hears from nobody);
 * - a pass reuses the tree it holds when t is a twin of the previous destination (the same live neighbours over
 *   the same lanes, at least one), t lies in the tree, and the tree is whole or reaches every source of t.
 */
function workModel(c: Compiled, demand: Map<number, Map<number, number>>, failed?: Uint8Array) {
  const S = c.csr.switches;
  const nb: string[] = Array.from({ length: S }, () => '');
  const sets: Array<Array<[number, number]>> = Array.from({ length: S }, () => []);
  for (let e = 0; e < c.csr.edges; e++) {
    const u = c.csr.arcTail[2 * e];
    const v = c.csr.arcHead[2 * e];
    if (u >= S || v >= S || failed?.[e]) continue;
    sets[u].push([v, c.csr.lanes[e]]);
    sets[v].push([u, c.csr.lanes[e]]);
  }
  for (let u = 0; u < S; u++) nb[u] = JSON.stringify(sets[u].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
  let searches = 0;
  let settled = 0;
  let held: { reach: Set<number>; whole: boolean } | null = null;
  let prev = -1;
  for (const [t, col] of demand) {
    const sources = [...col].filter(([s, x]) => x !== 0 && s !== t).map(([s]) => s);
    const twin = prev >= 0 && sets[t].length > 0 && nb[t] === nb[prev];
    const reuse = held !== null && twin && held.reach.has(t) && (held.whole || sources.every((s) => s === prev || held!.reach.has(s)));
    if (!reuse) {
      const { dist } = shortestPaths(c, t, failed);
      const cut = sources.some((s) => dist[s] < 0);
      const far = cut ? Infinity : Math.max(0, ...sources.map((s) => dist[s]));
      const reach = new Set(dist.flatMap((d, u) => (d >= 0 && d <= far ? [u] : [])));
      held = { reach, whole: cut };
      searches++;
      settled += reach.size;
    }
    prev = t;
  }
  return { searches, settled };
}

describe('the work of the passes: searches and switches settled, against a model written here', () => {
  it('ft2:k=16: every leaf is a twin of every other (all spines, one lane each), so uniform demand takes one search over the whole fabric', () => {
    const c = build('ft2:k=16,gpusPerHost=1');
    const leaves = leavesOf(c);
    // k leaves and k/2 spines, each leaf one lane to every spine
    expect(leaves).toHaveLength(16);
    const demand = new Map(leaves.map((t) => [t, new Map(leaves.filter((s) => s !== t).map((s) => [s, 100]))]));
    const got = routeIdeal(c.csr, source(demand));
    expect(got.work).toEqual({ searches: 1, settled: 16 + 8 });
    expect(got.passes).toBe(16);
    expectSame(got, reference(c, demand));
  });

  it('ft3:k=8: uniform demand takes one search per pod, each over the whole fabric; demand inside each pod stops two hops out', () => {
    const k = 8;
    const c = build(`ft3:k=${k},gpusPerHost=4`);
    const S = (5 * k * k) / 4;
    const byPod = leavesOf(c).sort((a, b) => c.csr.pod[a] - c.csr.pod[b] || a - b);
    expect(c.csr.switches).toBe(S);
    const uniform = new Map(byPod.map((t) => [t, new Map(byPod.filter((s) => s !== t).map((s) => [s, 100]))]));
    const all = routeIdeal(c.csr, source(uniform));
    expect(all.work).toEqual({ searches: k, settled: k * S });
    expectSame(all, reference(c, uniform));
    // each leaf hears only from its pod-mates: the search stops at distance 2, holding the leaf, its pod's k/2
    // aggregation switches, the pod's other k/2 − 1 edge switches and the (k/2)² cores; the pod's other leaves reuse it
    const inPod = new Map(byPod.map((t) => [t, new Map(byPod.filter((s) => s !== t && c.csr.pod[s] === c.csr.pod[t]).map((s) => [s, 100]))]));
    const pod = routeIdeal(c.csr, source(inPod));
    expect(pod.work).toEqual({ searches: k, settled: k * (1 + k / 2 + (k / 2 - 1) + (k / 2) ** 2) });
    expectSame(pod, reference(c, inPod));
    // a leaf that hears from nobody: its search holds the leaf alone, and its twin cannot reuse it
    const quiet = new Map([[byPod[0], new Map<number, number>()], [byPod[1], new Map([[byPod[2], 100]])]]);
    expect(routeIdeal(c.csr, source(quiet)).work).toEqual({ searches: 2, settled: 1 + (1 + k / 2 + (k / 2 - 1) + (k / 2) ** 2) });
    // nor when the twin's only source is the quiet leaf itself: the held tree does not reach the twin
    const back = new Map([[byPod[0], new Map<number, number>()], [byPod[1], new Map([[byPod[0], 100]])]]);
    const got = routeIdeal(c.csr, source(back));
    expect(got.work).toEqual({ searches: 2, settled: 1 + (1 + k / 2 + (k / 2 - 1) + (k / 2) ** 2) });
    expectSame(got, reference(c, back));
  });

  it('a cut-off source: the search holds the whole tree, and the next twin reuses it though that source is unreachable', () => {
    const c = build('ft2:k=4,gpusPerHost=1');
    const S = c.csr.switches;
    const leaves = leavesOf(c);
    const failed = isolate(c, [leaves[0]]);
    const demand = new Map(leaves.slice(1).map((t) => [t, new Map(leaves.filter((s) => s !== t).map((s) => [s, 100]))]));
    const got = routeIdeal(c.csr, source(demand), { failed });
    // leaves 1..3 and both spines are one component; leaf 0 is alone
    expect(got.work).toEqual({ searches: 1, settled: S - 1 });
    expect(workModel(c, demand, failed)).toEqual(got.work);
    expectSame(got, reference(c, demand, failed));
  });

  it.each([
    ['ft3:k=8,gpusPerHost=4', 21, 0],
    ['ft3:k=8,gpusPerHost=4', 22, 0.05],
    ['mpft:k=8,planes=2', 23, 0],
    ['ft2:k=16,endpoints=77,spines=5', 24, 0],
    ['ft3:k=4,gpusPerHost=1', 25, 0.15],
    ['dragonfly:p=2,a=4,h=2,gpusPerHost=2', 26, 0],
  ])('%s, seed %i, failed share %f: random destinations in random order, random sources near and far', (ref, seed, share) => {
    const c = build(ref);
    const S = c.csr.switches;
    const r = prng(seed);
    const failed = new Uint8Array(c.csr.edges);
    for (let e = 0; e < c.csr.edges; e++) if (c.csr.arcTail[2 * e] < S && c.csr.arcHead[2 * e] < S && r() < share) failed[e] = 1;
    const leaves = leavesOf(c);
    for (let trial = 0; trial < 4; trial++) {
      // runs of one pod's leaves (twins) in a shuffled pod order, each leaf hearing from a few random leaves,
      // mostly from its own pod, so some trees stop short of the next twin's sources and some do not
      const dests = leaves.filter(() => r() < 0.8).sort((a, b) => ((c.csr.pod[a] * 7919) % 13) - ((c.csr.pod[b] * 7919) % 13) || a - b);
      const demand = new Map<number, Map<number, number>>();
      for (const t of dests) {
        const col = new Map<number, number>();
        const near = leaves.filter((s) => c.csr.pod[s] === c.csr.pod[t]);
        for (let i = Math.floor(r() * 4); i > 0; i--) {
          const s = r() < 0.7 ? near[Math.floor(r() * near.length)] : leaves[Math.floor(r() * leaves.length)];
          col.set(s, (col.get(s) ?? 0) + 1 + Math.floor(r() * 100));
        }
        demand.set(t, col);
      }
      const f = share > 0 ? failed : undefined;
      const got = routeIdeal(c.csr, source(demand), f ? { failed: f } : {});
      expect(got.work).toEqual(workModel(c, demand, f));
      expectSame(got, reference(c, demand, f));
    }
  });
});

describe('twins on a hand-built irregular fabric (switch numbers and lanes chosen by the test)', () => {
  // 26 switches s0..s25 numbered in the order added. Leaves s0 and s2 both reach s1; s24 sends to both.
  // - s0: s1 over 12 lanes, s3 over 1; s2: s1 over 1 lane, s23 over 1; s24 reaches s3 and s23. The neighbour
  //   lists "1:12","3:1" and "1:1","23:1" run together as the same digits when joined without a separator, yet
  //   s0 and s2 are not twins: s24 is two hops from each, by different switches.
  // - s4 and s5, twins over s6 and s7 (one lane each), added to their spines in opposite orders, and s8 sending
  //   to both over s6 and s7: one search serves both.
  const hand = () => {
    const f = familyFabric('toy', 'toy', { k: 64, gpusPerHost: 1, nicGbps: 400, nvlinkGbps: 1600 }, 0);
    for (let i = 0; i < 26; i++) f.addNode(`s${i}`, { kind: 'switch', tier: 1, role: 'leaf', radix: 64 });
    const link = (a: number, b: number, lanes: number) => addLinks(f, `s${a}`, `s${b}`, lanes, 400, 'local');
    link(0, 1, 12);
    link(0, 3, 1);
    link(2, 1, 1);
    link(2, 23, 1);
    link(24, 3, 1);
    link(24, 23, 1);
    link(4, 6, 1);
    link(4, 7, 1);
    link(7, 5, 1);
    link(6, 5, 1);
    link(8, 6, 1);
    link(8, 7, 1);
    return { csr: compileCsr(f) } as Compiled;
  };

  it('neighbour lists that read alike are not twins: each leaf gets its own search and its own paths', () => {
    const c = hand();
    const demand = new Map([
      [0, new Map([[24, 600]])],
      [2, new Map([[24, 300]])],
    ]);
    const got = routeIdeal(c.csr, source(demand));
    expectSame(got, reference(c, demand));
    // s24 → s0 over s3 (2 hops), s24 → s2 over s23 (2 hops); nothing crosses s1
    expect(got.hopBytes).toBe(2 * 600 + 2 * 300);
    expect(got.work).toEqual({ searches: 2, settled: 5 + 5 });
  });

  it('twins whose links were added in different orders share one search', () => {
    const c = hand();
    const demand = new Map([
      [4, new Map([[8, 1000]])],
      [5, new Map([[8, 500]])],
    ]);
    const got = routeIdeal(c.csr, source(demand));
    expectSame(got, reference(c, demand));
    // s4's search stops at s8 (two hops): s4, s6, s7, then s5 and s8
    expect(got.work).toEqual({ searches: 1, settled: 5 });
    expect(workModel(c, demand)).toEqual(got.work);
  });
});

describe('flowColumns groups an explicit flow list by destination leaf', () => {
  it('destinations in switch order, each column the bytes per source leaf', () => {
    const c = build('ft2:k=8,gpusPerHost=1');
    const N = c.csr.endpoints;
    const r = prng(12);
    const n = 200;
    const flows = { src: new Int32Array(n), dst: new Int32Array(n), bytes: new Float64Array(n), length: n };
    const want = new Map<number, Map<number, number>>();
    for (let i = 0; i < n; i++) {
      // destinations only on the even leaves' endpoints (leaf = endpoint div 4 for k=8): some leaves receive nothing
      const d = Math.floor(r() * N);
      flows.dst[i] = Math.floor(d / 8) * 8 + (d % 4);
      flows.src[i] = Math.floor(r() * N);
      flows.bytes[i] = 1 + Math.floor(r() * 100);
      const t = c.csr.endpointLeaf[flows.dst[i]];
      const s = c.csr.endpointLeaf[flows.src[i]];
      if (!want.has(t)) want.set(t, new Map());
      want.get(t)!.set(s, (want.get(t)!.get(s) ?? 0) + flows.bytes[i]);
    }
    const cols = flowColumns(c.csr, flows);
    expect([...cols.destinations]).toEqual([...want.keys()].sort((a, b) => a - b));
    expect(cols.destinations.length).toBeLessThan(leavesOf(c).length);
    for (const t of cols.destinations) {
      const col = new Float64Array(c.csr.switches);
      cols.fill(t, col);
      for (let s = 0; s < c.csr.switches; s++) expect(col[s]).toBe(want.get(t)!.get(s) ?? 0);
    }
  });
});
