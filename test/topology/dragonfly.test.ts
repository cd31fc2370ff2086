import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { buildFabric, closedCounts } from '../../src/topology/build.js';
import { measureCounts } from '../../src/topology/counts.js';
import { compileCsr, bfsSwitches } from '../../src/topology/csr.js';
import { pathStats } from '../../src/topology/paths.js';
import { analyze } from '../../src/analysis/analyze.js';
import type { Fabric } from '../../src/topology/model.js';
import { cli } from '../helpers/cli.js';

const spec = (ref: string) => resolveTopology(ref)[0];
const ARRANGEMENTS = ['palm-tree', 'consecutive'] as const;

/** Global lanes per router and per unordered group pair, read off the graph. */
function globalLanes(f: Fabric) {
  const perRouter = new Map<string, number>();
  const perPair = new Map<string, number>();
  f.forEachEdge((_e, at, u, v) => {
    if (at.layer !== 'global') return;
    perRouter.set(u, (perRouter.get(u) ?? 0) + at.lanes);
    perRouter.set(v, (perRouter.get(v) ?? 0) + at.lanes);
    const gu = f.getNodeAttribute(u, 'group' as never) as number;
    const gv = f.getNodeAttribute(v, 'group' as never) as number;
    expect(gu).not.toBe(gv);
    const key = `${Math.min(gu, gv)},${Math.max(gu, gv)}`;
    perPair.set(key, (perPair.get(key) ?? 0) + at.lanes);
  });
  return { perRouter, perPair };
}

/** Largest router-to-router distance, by BFS from every router; -1 if some router is unreachable. */
function routerDiameter(f: Fabric): number {
  const c = compileCsr(f);
  const dist = new Int32Array(c.switches);
  const queue = new Int32Array(c.switches);
  let worst = 0;
  for (let u = 0; u < c.switches; u++) {
    bfsSwitches(c, u, dist, queue);
    for (const d of dist) worst = d < 0 ? Infinity : Math.max(worst, d);
  }
  return worst === Infinity ? -1 : worst;
}

describe('Dragonfly: Table 3 and the canonical network', () => {
  it("df-table3 builds the paper's Table 3 DF column exactly", () => {
    const s = spec('df-table3');
    const m = measureCounts(buildFabric(s));
    // Zhao et al., ISCA'25, Table 3, DF: 261,632 endpoints, 16,352 switches, 384,272 links
    expect([m.endpoints, m.switches, m.links]).toEqual([261632, 16352, 384272]);
    expect(m.overRadix).toEqual([]);
    expect(s.params.g).toBe(511);
  });

  it('df-canonical is the balanced g = a·h + 1 = 513 network (16,416 routers, 262,656 endpoints)', () => {
    const s = spec('df-canonical');
    expect(s.params.g).toBe(32 * 16 + 1);
    const c = closedCounts(s);
    expect([c.switches, c.endpoints]).toEqual([16416, 262656]);
    // local g·a(a−1)/2 + global g·a·h/2, with g = 513
    expect(c.links).toBe((513 * 32 * 31) / 2 + (513 * 32 * 16) / 2);
  });
});

describe('Dragonfly: built graph against the closed forms', () => {
  // Every valid (a, h, g) for small a, h: g from 2 to a·h + 1 with g·a·h even.
  const sweep: Array<[number, number, number]> = [];
  for (let a = 1; a <= 5; a++)
    for (let h = 1; h <= 3; h++)
      for (let g = 2; g <= a * h + 1; g++) if ((g * a * h) % 2 === 0) sweep.push([a, h, g]);

  it(`${sweep.length} (a, h, g) × both arrangements: counts, h global lanes per router, every group pair joined ⌊a·h/(g−1)⌋ or ⌈a·h/(g−1)⌉ times`, () => {
    for (const [a, h, g] of sweep)
      for (const arrangement of ARRANGEMENTS) {
        const p = 1 + ((a + h + g) % 3);
        const s = spec(`dragonfly:p=${p},a=${a},h=${h},g=${g},arrangement=${arrangement}`);
        const f = buildFabric(s);
        const m = measureCounts(f);
        const where = `a=${a} h=${h} g=${g} ${arrangement}`;
        expect([m.switches, m.endpoints, m.links], where).toEqual([a * g, p * a * g, (g * a * (a - 1)) / 2 + (g * a * h) / 2]);
        const { perRouter, perPair } = globalLanes(f);
        expect(perRouter.size, where).toBe(a * g);
        for (const n of perRouter.values()) expect(n, where).toBe(h);
        expect(perPair.size, where).toBe((g * (g - 1)) / 2);
        for (const n of perPair.values()) {
          expect(n, where).toBeGreaterThanOrEqual(Math.floor((a * h) / (g - 1)));
          expect(n, where).toBeLessThanOrEqual(Math.ceil((a * h) / (g - 1)));
        }
      }
  });

  it.each([
    [2, 4, 2, undefined],
    [2, 4, 2, 5],
    [3, 6, 3, 10],
    [4, 8, 4, 33],
    [4, 8, 4, 12],
    [2, 5, 3, 8],
    [16, 8, 4, undefined],
  ])('p=%i a=%i h=%i g=%s: closed form = graph, radix never exceeded, router diameter ≤ 3', (p, a, h, g) => {
    for (const arrangement of ARRANGEMENTS) {
      const s = spec(`dragonfly:p=${p},a=${a},h=${h}${g ? `,g=${g}` : ''},arrangement=${arrangement}`);
      const f = buildFabric(s);
      const m = measureCounts(f);
      const c = closedCounts(s);
      expect([m.switches, m.links, m.endpoints, m.endpointLinks, m.hosts]).toEqual([c.switches, c.links, c.endpoints, c.endpointLinks, c.hosts]);
      expect(m.overRadix).toEqual([]);
      // every router uses p + (a−1) + h ports: local full mesh, h global, p endpoints
      expect(m.portsUsed).toBe(a * (g ?? a * h + 1) * (p + a - 1 + h));
      // connected, and every pair of groups is joined, so local–global–local reaches any router
      // with a ≥ 2 routers per group and g ≥ 2 groups, two routers in different groups that hold no global
      // link to each other exist, so the diameter is 2 or 3
      expect(routerDiameter(f)).toBeGreaterThanOrEqual(2);
      expect(routerDiameter(f)).toBeLessThanOrEqual(3);
    }
  });

  it('canonical: exactly one global link between every pair of groups, in both arrangements', () => {
    for (const [a, h] of [
      [2, 1],
      [4, 2],
      [6, 3],
      [8, 4],
    ])
      for (const arrangement of ARRANGEMENTS) {
        const f = buildFabric(spec(`dragonfly:p=1,a=${a},h=${h},arrangement=${arrangement}`));
        const g = a * h + 1;
        const { perPair } = globalLanes(f);
        expect(perPair.size).toBe((g * (g - 1)) / 2);
        expect([...perPair.values()].every((n) => n === 1)).toBe(true);
      }
  });

  it('hosts take consecutive endpoints when gpusPerHost does not divide p (hosts straddle routers, last host partial)', () => {
    // p=3, a=4, h=2: g = 9, 108 endpoints; 8 GPUs per host -> ⌈108/8⌉ = 14 hosts, the last with 108 − 13·8 = 4
    const f = buildFabric(spec('dragonfly:p=3,a=4,h=2,gpusPerHost=8'));
    const m = measureCounts(f);
    expect([m.endpoints, m.hosts, m.nvlinkEdges]).toEqual([108, 14, 108]);
    const router = (host: number, gpu: number) => f.neighbors(`h${host}.g${gpu}`).find((n) => f.getNodeAttribute(n, 'kind') === 'switch');
    // endpoint e = 8·host + gpu sits on router ⌊e/3⌋: host 0 spans routers 0, 1, 2
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((g) => router(0, g))).toEqual(['g0.r0', 'g0.r0', 'g0.r0', 'g0.r1', 'g0.r1', 'g0.r1', 'g0.r2', 'g0.r2']);
    expect(f.hasNode('h13.g3')).toBe(true);
    expect(f.hasNode('h13.g4')).toBe(false);
    // host 1 (endpoints 8..15, routers 2..5) straddles groups 0 and 1 (a = 4 routers per group)
    expect(router(1, 3)).toBe('g0.r3');
    expect(router(1, 4)).toBe('g1.r0');
  });
});

describe('Dragonfly: path statistics', () => {
  it('palm-tree: one BFS per router of group 0 equals a BFS from every router', () => {
    for (const ref of ['dragonfly:p=2,a=4,h=2', 'dragonfly:p=2,a=4,h=2,g=6', 'dragonfly:p=3,a=6,h=3,g=10', 'dragonfly:p=1,a=5,h=3,g=12']) {
      const s = spec(ref);
      const a = analyze(s, { bisection: false });
      const all = pathStats(compileCsr(buildFabric(s)), { budget: Infinity });
      expect(a.paths!.exact).toBe(true);
      expect(a.paths!.searches).toBe(s.params.a);
      expect(a.paths!.meanEndpointHops).toBeCloseTo(all.meanEndpointHops, 12);
      expect(a.paths!.diameterHops).toBe(all.diameterHops);
    }
  });

  it('consecutive has no rotation symmetry: one BFS per router, sampled (and marked) past the budget', () => {
    const s = spec('dragonfly:p=2,a=4,h=2,arrangement=consecutive');
    const c = compileCsr(buildFabric(s));
    const exact = pathStats(c, { budget: Infinity });
    expect([exact.exact, exact.searches]).toEqual([true, 36]);
    expect(analyze(s, { bisection: false }).paths!.meanEndpointHops).toBeCloseTo(exact.meanEndpointHops, 12);
    const perSearch = c.switches + c.swTarget.length;
    const sampled = pathStats(c, { budget: 5 * perSearch, seed: 3 });
    expect([sampled.exact, sampled.searches]).toEqual([false, 5]);
  });
});

describe('Dragonfly: bad parameters exit 2 naming the constraint', () => {
  it.each([
    ['dragonfly:p=16,a=32,h=18', /^topoplan: dragonfly\.k = 64: router radix p \+ \(a−1\) \+ h = 16 \+ 31 \+ 18 = 65 exceeds the switch radix\n$/],
    ['dragonfly:p=2,a=4,h=2,g=10', /dragonfly\.g = 10: at most a·h \+ 1 = 9 groups/],
    ['dragonfly:p=2,a=3,h=1,g=3', /dragonfly\.g = 3: g·a·h must be even/],
    ['dragonfly:g=1', /dragonfly\.g = 1: must be >= 2/],
    ['dragonfly:a=0', /dragonfly\.a = 0/],
    ['dragonfly:p=2,a=4,h=2,arrangement=ring', /dragonfly\.arrangement = "ring": must be one of "palm-tree", "consecutive"/],
  ])('%s', (ref, message) => {
    const r = cli(['analyze', ref]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
