import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { buildFabric, closedCounts } from '../../src/topology/build.js';
import { measureCounts } from '../../src/topology/counts.js';
import { compileCsr, bfsSwitches } from '../../src/topology/csr.js';
import { pathStats } from '../../src/topology/paths.js';
import { galoisField, primePowerOf } from '../../src/topology/gf.js';
import { generatorSets } from '../../src/topology/families/slimfly.js';
import { analyze } from '../../src/analysis/analyze.js';
import { cli } from '../helpers/cli.js';

const spec = (ref: string) => resolveTopology(ref)[0];

/** Second algorithm for prime powers: trial division into prime factors. */
function isPrimePower(n: number): boolean {
  const primes = new Set<number>();
  for (let d = 2, x = n; x > 1; d++) while (x % d === 0) (primes.add(d), (x /= d));
  return primes.size === 1;
}

const delta = (q: number) => ({ 0: 0, 1: 1, 3: -1 })[q % 4 as 0 | 1 | 3];
const kPrime = (q: number) => (3 * q - delta(q)!) / 2;

describe('GF(q)', () => {
  it('primePowerOf agrees with trial division for 1..400', () => {
    for (let n = 1; n <= 400; n++) {
      const pp = primePowerOf(n);
      expect(pp !== null, `n=${n}`).toBe(n >= 2 && isPrimePower(n));
      if (pp) expect(pp.r ** pp.m).toBe(n);
    }
  });

  it.each([2, 3, 4, 5, 7, 8, 9, 11, 13, 16, 25, 27, 32, 49, 64, 81])('GF(%i): field axioms, x^q = x, Frobenius additive, cyclic multiplicative group', (q) => {
    const f = galoisField(q);
    const { add, mul, neg } = f;
    const pow = (x: number, e: number) => {
      let y = 1;
      for (let i = 0; i < e; i++) y = mul[y * q + x];
      return y;
    };
    for (let a = 0; a < q; a++) {
      expect(add[a * q]).toBe(a);
      expect(mul[a * q + 1]).toBe(a);
      expect(mul[a * q]).toBe(0);
      expect(add[a * q + neg[a]]).toBe(0);
      let inverses = 0;
      for (let b = 0; b < q; b++) {
        expect(add[a * q + b]).toBe(add[b * q + a]);
        expect(mul[a * q + b]).toBe(mul[b * q + a]);
        if (mul[a * q + b] === 1) inverses++;
        if (q <= 16)
          for (let c = 0; c < q; c++) {
            expect(add[add[a * q + b] * q + c]).toBe(add[a * q + add[b * q + c]]);
            expect(mul[a * q + add[b * q + c]]).toBe(add[mul[a * q + b] * q + mul[a * q + c]]);
            expect(mul[mul[a * q + b] * q + c]).toBe(mul[a * q + mul[b * q + c]]);
          }
        // the Frobenius map x -> x^r is additive in characteristic r
        expect(pow(add[a * q + b], f.r)).toBe(add[pow(a, f.r) * q + pow(b, f.r)]);
      }
      expect(inverses).toBe(a === 0 ? 0 : 1);
      // every element is a root of x^q − x; adding a to itself r times gives 0
      expect(pow(a, q)).toBe(a);
      let s = 0;
      for (let i = 0; i < f.r; i++) s = add[s * q + a];
      expect(s).toBe(0);
    }
    // prime fields are the integers mod q
    if (f.m === 1) for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) expect([add[a * q + b], mul[a * q + b]]).toEqual([(a + b) % q, (a * b) % q]);
    // brute force: the primitive element's powers visit all q − 1 non-zero elements
    const seen = new Set<number>();
    for (let i = 0, x = 1; i < q - 1; i++, x = mul[x * q + f.primitive]) seen.add(x);
    expect(seen.size).toBe(q - 1);
    expect(seen.has(0)).toBe(false);
  });
});

describe('Slim Fly: MMS construction', () => {
  it.each([3, 4, 5, 7, 8, 9, 11, 13, 16, 17, 19, 23, 25, 27, 29, 32, 49])("q=%i: X and X' are closed under negation and hold (q − δ)/2 elements each", (q) => {
    const f = galoisField(q);
    const { X, Xp } = generatorSets(q);
    for (const S of [X, Xp]) {
      expect(new Set(S).size).toBe((q - delta(q)!) / 2);
      expect(S.includes(0)).toBe(false);
      for (const x of S) expect(S).toContain(f.neg[x]);
    }
  });

  it.each([
    [3, 64],
    [4, 64],
    [5, 64],
    [7, 64],
    [8, 64],
    [9, 64],
    [11, 64],
    [13, 64],
    [16, 64],
    [17, 64],
    [19, 64],
    [23, 64],
    [25, 64],
    [27, 64],
    [32, 128],
  ])("q=%i (k=%i): router graph is k'-regular with diameter 2 (BFS from every router), counts = closed forms", (q, k) => {
    const s = spec(`slimfly:q=${q},k=${k}`);
    const f = buildFabric(s);
    const c = compileCsr(f);
    const kp = kPrime(q);
    for (let u = 0; u < c.switches; u++) expect(c.swOffsets[u + 1] - c.swOffsets[u]).toBe(kp);
    const dist = new Int32Array(c.switches);
    const queue = new Int32Array(c.switches);
    let diameter = 0;
    for (let u = 0; u < c.switches; u++) {
      bfsSwitches(c, u, dist, queue);
      for (const d of dist) diameter = d < 0 ? Infinity : Math.max(diameter, d);
    }
    expect(diameter).toBe(2);
    const m = measureCounts(f);
    const p = Math.ceil(kp / 2);
    expect([m.switches, m.links, m.endpoints]).toEqual([2 * q * q, q * q * kp, 2 * q * q * p]);
    expect([m.switches, m.links, m.endpoints, m.hosts]).toEqual([closedCounts(s).switches, closedCounts(s).links, closedCounts(s).endpoints, closedCounts(s).hosts]);
    expect(m.overRadix).toEqual([]);
  });

  it.each([5, 8, 9, 13, 27])('q=%i: exact path statistics from one BFS equal the closed form of a diameter-2 k\'-regular graph', (q) => {
    const s = spec(`slimfly:q=${q}`);
    const a = analyze(s, { bisection: false });
    const [n, kp, p] = [2 * q * q, kPrime(q), Math.ceil(kPrime(q) / 2)];
    // endpoint pairs: same router 2 hops, adjacent routers 3, the rest 4
    const mean = ((p - 1) * 2 + p * kp * 3 + p * (n - 1 - kp) * 4) / (p * n - 1);
    expect(a.paths!.searches).toBe(1);
    expect(a.paths!.exact).toBe(true);
    expect(a.paths!.meanEndpointHops).toBeCloseTo(mean, 12);
    expect(a.paths!.diameterHops).toBe(4);
    // second algorithm: one BFS per router
    const all = pathStats(compileCsr(buildFabric(s)), { budget: Infinity });
    expect(all.searches).toBe(n);
    expect(all.meanEndpointHops).toBeCloseTo(mean, 12);
  });
});

describe('Slim Fly: Table 3', () => {
  it("sf-table3 (q=28) is formula-only with the paper's counts and names q=27 (fits) and q=29 (does not)", () => {
    const a = analyze(spec('sf-table3'));
    expect(a.buildable).toBe(false);
    expect(a.counts.source).toBe('formula');
    // Zhao et al., ISCA'25, Table 3, SF: 32,928 endpoints, 1,568 switches, 32,928 links
    expect([a.counts.endpoints, a.counts.switches, a.counts.links]).toEqual([32928, 1568, 32928]);
    expect(a.paths).toBeUndefined();
    expect(a.notes[0]).toMatch(/no Slim Fly.*q=28.*not a prime power/);
    expect(a.notes[0]).toMatch(/q=27 \(1,458 routers, 30,618 endpoints, radix 62, fits 64 ports\)/);
    expect(a.notes[0]).toMatch(/q=29 \(1,682 routers, 37,004 endpoints, radix 65: exceeds 64 ports\)/);
  });

  it('sf-q27 builds 1,458 routers and 30,618 endpoints', () => {
    const m = measureCounts(buildFabric(spec('sf-q27')));
    expect([m.switches, m.endpoints, m.links]).toEqual([1458, 30618, 27 * 27 * 41]);
  });

  it.each([12, 20, 24, 28, 36, 40, 44, 48, 56, 60])('q=%i (not a prime power): formula-only, naming the nearest buildable q below and above', (q) => {
    const buildable = (x: number) => x >= 3 && x % 4 !== 2 && isPrimePower(x);
    let below = q - 1;
    while (!buildable(below)) below--;
    let above = q + 1;
    while (!buildable(above)) above++;
    const a = analyze(spec(`slimfly:q=${q},k=256`));
    expect(a.buildable).toBe(false);
    expect(a.counts.switches).toBe(2 * q * q);
    expect(a.counts.links).toBe(q * q * kPrime(q));
    expect(a.notes[0]).toMatch(new RegExp(`Nearest buildable: q=${below} \\(.*fits 256 ports\\) and q=${above} \\(`));
  });

  it('analyze sf-table3 --json and compare work on the formula-only column', () => {
    const r = cli(['analyze', 'sf-table3', '--json']);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout);
    expect([a.buildable, a.counts.source, a.counts.switches]).toEqual([false, 'formula', 1568]);
    const c = cli(['compare', 'sf-table3', 'sf-q27', '--json']);
    expect(c.code).toBe(0);
    const rows = JSON.parse(c.stdout);
    expect(rows.map((x: { buildable: boolean }) => x.buildable)).toEqual([false, true]);
    expect(cli(['generate', 'sf-table3']).code).toBe(2);
  });
});

describe('Slim Fly: bad parameters exit 2 naming the constraint', () => {
  it.each([
    ['slimfly:q=6', /^topoplan: slimfly\.q = 6: must be 4w \+ δ with δ ∈ \{−1, 0, 1\}/],
    ['slimfly:q=30', /slimfly\.q = 30: must be 4w \+ δ/],
    ['slimfly:q=2', /slimfly\.q = 2: must be >= 3/],
    ['slimfly:q=1', /slimfly\.q = 1: must be >= 3/],
    ['slimfly:q=2.5', /slimfly\.q = 2\.5: must be an integer/],
    ['slimfly:q=29', /slimfly\.k = 64: router radix p \+ k' = 22 \+ 43 = 65 exceeds the switch radix/],
    ['slimfly:q=27,p=30', /slimfly\.k = 64: router radix p \+ k' = 30 \+ 41 = 71 exceeds/],
  ])('%s', (ref, message) => {
    const r = cli(['analyze', ref]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
