import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { buildFabric, closedCounts } from '../../src/topology/build.js';
import { measureCounts } from '../../src/topology/counts.js';
import { compileCsr, bfsSwitches } from '../../src/topology/csr.js';
import { pathStats } from '../../src/topology/paths.js';
import { galoisField, primePowerOf } from '../../src/topology/gf.js';
import { analyze } from '../../src/topology/analyze.js';
import { cli } from '../helpers/cli.js';

const spec = (ref: string) => resolveTopology(ref)[0];

describe('Dragonfly', () => {
  it('Table 3 DF and the canonical DF have the paper\'s and the closed-form counts', () => {
    const t3 = measureCounts(buildFabric(spec('df-table3')));
    expect([t3.endpoints, t3.switches, t3.links]).toEqual([261632, 16352, 384272]);
    const can = closedCounts(spec('df-canonical'));
    expect([can.switches, can.endpoints]).toEqual([16416, 262656]);
  });

  it.each([
    [2, 4, 2, undefined],
    [2, 4, 2, 5],
    [1, 2, 1, 3],
    [3, 6, 3, 10],
    [4, 8, 4, 33],
    [4, 8, 4, 12],
    [2, 5, 3, 8],
  ])('p=%i a=%i h=%i g=%s: counts, radix, one link per group pair when canonical, connectivity', (p, a, h, g) => {
    for (const arrangement of ['palm-tree', 'consecutive']) {
      const s = spec(`dragonfly:p=${p},a=${a},h=${h}${g ? `,g=${g}` : ''},arrangement=${arrangement}`);
      const G = g ?? a * h + 1;
      const f = buildFabric(s);
      const m = measureCounts(f);
      expect(m.switches).toBe(a * G);
      expect(m.endpoints).toBe(p * a * G);
      expect(m.links).toBe((G * a * (a - 1)) / 2 + (G * a * h) / 2);
      expect(m.overRadix).toEqual([]);
      expect([m.switches, m.links, m.endpoints]).toEqual([closedCounts(s).switches, closedCounts(s).links, closedCounts(s).endpoints]);
      // every router uses exactly a−1 local and h global ports
      const global = new Map<string, number>();
      const pairLinks = new Map<string, number>();
      f.forEachEdge((_e, at, u, v) => {
        if (at.layer !== 'global') return;
        global.set(u, (global.get(u) ?? 0) + at.lanes);
        global.set(v, (global.get(v) ?? 0) + at.lanes);
        const gu = f.getNodeAttribute(u, 'group' as never) as number;
        const gv = f.getNodeAttribute(v, 'group' as never) as number;
        const key = `${Math.min(gu, gv)},${Math.max(gu, gv)}`;
        pairLinks.set(key, (pairLinks.get(key) ?? 0) + at.lanes);
      });
      for (const [, n] of global) expect(n).toBe(h);
      expect(global.size).toBe(a * G);
      // every pair of groups is joined; canonical: by exactly one link; otherwise floor/ceil of a·h/(g−1)
      expect(pairLinks.size).toBe((G * (G - 1)) / 2);
      for (const n of pairLinks.values()) {
        expect(n).toBeGreaterThanOrEqual(Math.floor((a * h) / (G - 1)));
        expect(n).toBeLessThanOrEqual(Math.ceil((a * h) / (G - 1)));
      }
      const c = compileCsr(f);
      const dist = new Int32Array(c.switches);
      const q = new Int32Array(c.switches);
      bfsSwitches(c, 0, dist, q);
      expect(dist.every((d) => d >= 0)).toBe(true);
    }
  });

  it('palm-tree orbit statistics equal a BFS from every router', () => {
    for (const ref of ['dragonfly:p=2,a=4,h=2', 'dragonfly:p=2,a=4,h=2,g=6', 'dragonfly:p=3,a=6,h=3,g=10']) {
      const s = spec(ref);
      const a = analyze(s);
      const all = pathStats(compileCsr(buildFabric(s)), { budget: Infinity });
      expect(a.paths!.searches).toBe(s.params.a);
      expect(a.paths!.meanEndpointHops).toBeCloseTo(all.meanEndpointHops, 12);
      expect(a.paths!.diameterHops).toBe(all.diameterHops);
    }
  });

  it('bad parameters exit 2 naming the constraint', () => {
    const r2 = cli(['analyze', 'dragonfly:p=16,a=32,h=18']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/dragonfly\.k = 64: router radix p \+ \(a−1\) \+ h = 16 \+ 31 \+ 18 = 65 exceeds the switch radix/);
    expect(cli(['analyze', 'dragonfly:p=2,a=4,h=2,g=10']).stderr).toMatch(/dragonfly\.g = 10: at most a·h \+ 1 = 9 groups/);
    expect(cli(['analyze', 'dragonfly:p=2,a=3,h=1,g=3']).stderr).toMatch(/g·a·h must be even/);
  });
});

describe('GF(q)', () => {
  it.each([2, 3, 4, 5, 7, 8, 9, 16, 25, 27, 49])('GF(%i) satisfies the field axioms and has a primitive element', (q) => {
    const f = galoisField(q);
    const { add, mul } = f;
    for (let a = 0; a < q; a++) {
      expect(add[a * q]).toBe(a);
      expect(mul[a * q + 1]).toBe(a);
      expect(add[a * q + f.neg[a]]).toBe(0);
      let inverses = 0;
      for (let b = 0; b < q; b++) {
        expect(add[a * q + b]).toBe(add[b * q + a]);
        expect(mul[a * q + b]).toBe(mul[b * q + a]);
        if (mul[a * q + b] === 1) inverses++;
        if (q <= 16)
          for (let c = 0; c < q; c++) {
            expect(mul[a * q + add[b * q + c]]).toBe(add[mul[a * q + b] * q + mul[a * q + c]]);
            expect(mul[mul[a * q + b] * q + c]).toBe(mul[a * q + mul[b * q + c]]);
          }
      }
      expect(inverses).toBe(a === 0 ? 0 : 1);
    }
    // brute force: the primitive element's powers visit all q−1 non-zero elements
    const seen = new Set<number>();
    let x = 1;
    for (let i = 0; i < q - 1; i++) {
      seen.add(x);
      x = mul[x * q + f.primitive];
    }
    expect(seen.size).toBe(q - 1);
  });
  it('knows prime powers', () => {
    expect(primePowerOf(28)).toBeNull();
    expect(primePowerOf(27)).toEqual({ r: 3, m: 3 });
  });
});

describe('Slim Fly', () => {
  it.each([3, 4, 5, 7, 8, 9, 11, 13, 16])('q=%i: router graph is k\'-regular with diameter 2, counts match closed forms', (q) => {
    const s = spec(`slimfly:q=${q}`);
    const f = buildFabric(s);
    const c = compileCsr(f);
    const d = q % 4 === 0 ? 0 : q % 4 === 1 ? 1 : -1;
    const kp = (3 * q - d) / 2;
    for (let u = 0; u < c.switches; u++) expect(c.swOffsets[u + 1] - c.swOffsets[u]).toBe(kp);
    const dist = new Int32Array(c.switches);
    const queue = new Int32Array(c.switches);
    for (let u = 0; u < c.switches; u++) {
      bfsSwitches(c, u, dist, queue);
      expect(Math.max(...dist)).toBe(2);
      expect(Math.min(...dist)).toBe(0);
    }
    const m = measureCounts(f);
    expect([m.switches, m.links, m.endpoints]).toEqual([2 * q * q, q * q * kp, 2 * q * q * Math.ceil(kp / 2)]);
  });

  it('Table 3 SF (q=28) is formula-only with the paper\'s counts and names q=27 and q=29', () => {
    const a = analyze(spec('sf-table3'));
    expect(a.buildable).toBe(false);
    expect([a.counts.endpoints, a.counts.switches, a.counts.links]).toEqual([32928, 1568, 32928]);
    expect(a.notes[0]).toMatch(/not a prime power.*q=27 .*radix 62.* q=29 .*radix 65: exceeds 64 ports/);
    const b = measureCounts(buildFabric(spec('sf-q27')));
    expect([b.switches, b.endpoints]).toEqual([1458, 30618]);
  });

  it('an invalid q exits 2', () => {
    const r = cli(['analyze', 'slimfly:q=6']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/slimfly\.q = 6: must be 4w \+ δ/);
    expect(cli(['analyze', 'slimfly:q=29']).stderr).toMatch(/slimfly\.k = 64: router radix p \+ k' = 22 \+ 43 = 65 exceeds/);
    expect(cli(['generate', 'sf-table3']).code).toBe(2);
  });
});
