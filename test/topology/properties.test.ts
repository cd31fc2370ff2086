/**
 * Property tests (fast-check) over family parameters: closed-form counts and the built graph both equal
 * formulas written here; no switch ever uses more ports than its radix (counted edge by edge here).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resolveTopology } from '../../src/topology/spec.js';
import { buildFabric, closedCounts } from '../../src/topology/build.js';
import type { Fabric } from '../../src/topology/model.js';

const spec = (ref: string) => resolveTopology(ref)[0];
const RUNS = { numRuns: 40, seed: 13 };
const evenK = (lo: number, hi: number) => fc.integer({ min: lo / 2, max: hi / 2 }).map((x) => 2 * x);

/**
 * The two-tier spine rule as docs/topologies.md states it: the smallest count at or above the port minimum
 * ⌈L·u/k⌉ that divides u (equal bundles from every leaf to every spine); u itself when none below u does.
 */
function evenSpines(L: number, u: number, k: number): number {
  const min = Math.ceil((L * u) / k);
  for (let s = min; s < u; s++) if (u % s === 0) return s;
  return Math.max(min, u);
}

/** Graph counts taken edge by edge: switches, switch-to-switch lanes, endpoints, and the worst radix excess. */
function graphCounts(f: Fabric) {
  let switches = 0;
  let endpoints = 0;
  let links = 0;
  let worstExcess = -Infinity;
  f.forEachNode((n, a) => {
    if (a.kind === 'endpoint') endpoints++;
    if (a.kind !== 'switch') return;
    switches++;
    let used = 0;
    f.forEachEdge(n, (_e, ea) => {
      if (ea.medium === 'fabric') used += ea.lanes;
    });
    worstExcess = Math.max(worstExcess, used - (a as { radix: number }).radix);
  });
  f.forEachEdge((_e, a, s, t) => {
    if (a.medium === 'fabric' && f.getNodeAttribute(s, 'kind') === 'switch' && f.getNodeAttribute(t, 'kind') === 'switch') links += a.lanes;
  });
  return { switches, endpoints, links, worstExcess };
}

/** Closed form and (when small) the built graph both equal `want`; the graph never exceeds a radix. */
function check(ref: string, want: { endpoints: number; switches: number; links: number }, buildLimit = 6000) {
  const c = closedCounts(spec(ref));
  expect({ endpoints: c.endpoints, switches: c.switches, links: c.links }, ref).toEqual(want);
  if (want.endpoints + want.switches > buildLimit) return;
  const g = graphCounts(buildFabric(spec(ref)));
  expect({ endpoints: g.endpoints, switches: g.switches, links: g.links }, ref).toEqual(want);
  expect(g.worstExcess, `${ref}: ports over radix`).toBeLessThanOrEqual(0);
}

describe('Clos families: counts from formulas written here', () => {
  it('ft2, r:1 oversubscribed: d = ⌊k·r/(r+1)⌋ ports down; k·d endpoints, k leaves + (k − d) spines, k·(k − d) links', () => {
    fc.assert(
      fc.property(evenK(4, 64), fc.integer({ min: 1, max: 4 }), (k, r) => {
        const d = Math.floor((k * r) / (r + 1));
        check(`ft2:k=${k},oversubscription=${r},gpusPerHost=1`, { endpoints: k * d, switches: k + (k - d), links: k * (k - d) });
      }),
      RUNS,
    );
  });

  it('partial ft2: n endpoints on ⌈n/(k/2)⌉ leaves, spines by the even-bundle rule, leaves·k/2 links', () => {
    fc.assert(
      fc.property(
        evenK(4, 48).chain((k) => fc.tuple(fc.constant(k), fc.integer({ min: 1, max: (k * k) / 2 }))),
        ([k, n]) => {
          const leaves = Math.ceil(n / (k / 2));
          check(`ft2:k=${k},endpoints=${n},gpusPerHost=1`, { endpoints: n, switches: leaves + evenSpines(leaves, k / 2, k), links: (leaves * k) / 2 });
        },
      ),
      RUNS,
    );
  });

  it('ft3: k³/4 endpoints, 5k²/4 switches, k³/2 links', () => {
    fc.assert(
      fc.property(evenK(4, 64), (k) => check(`ft3:k=${k},gpusPerHost=1`, { endpoints: k ** 3 / 4, switches: (5 * k * k) / 4, links: k ** 3 / 2 }, 3000)),
      { ...RUNS, numRuns: 20 },
    );
  });

  it('mpft: P planes of ft2, P dividing G: P·k²/2 endpoints, P·3k/2 switches, P·k²/2 links; no switch shared by planes', () => {
    fc.assert(
      fc.property(evenK(4, 32), fc.constantFrom(1, 2, 4, 8), fc.constantFrom(1, 2, 4, 8), (k, P, G) => {
        fc.pre(G % P === 0 && ((P * k * k) / 2) % G === 0); // whole hosts only
        check(`mpft:k=${k},planes=${P},gpusPerHost=${G}`, { endpoints: (P * k * k) / 2, switches: (P * 3 * k) / 2, links: (P * k * k) / 2 });
      }),
      RUNS,
    );
  });

  it('2-tier mrft with k/2 hosts per SU: G rails × SUs leaves, spines by the even-bundle rule, one uplink per GPU', () => {
    fc.assert(
      fc.property(evenK(8, 64), fc.constantFrom(1, 2, 4, 8), fc.integer({ min: 1, max: 8 }), (k, G, sus) => {
        const leaves = sus * G;
        fc.pre(leaves <= k); // one spine layer reaches at most k leaves
        check(`mrft:k=${k},suHosts=${k / 2},sus=${sus},gpusPerHost=${G}`, { endpoints: (sus * k * G) / 2, switches: leaves + evenSpines(leaves, k / 2, k), links: (leaves * k) / 2 });
      }),
      RUNS,
    );
  });
});

describe('partial ft3 and mrft, rail-only: the requested endpoints, leaves by formula, never over a radix', () => {
  it('partial ft3: ⌈n/(k/2)⌉ leaves', () => {
    fc.assert(
      fc.property(
        evenK(4, 12).chain((k) => fc.tuple(fc.constant(k), fc.integer({ min: 1, max: k ** 3 / 4 }))),
        ([k, n]) => {
          const f = buildFabric(spec(`ft3:k=${k},endpoints=${n},gpusPerHost=1`));
          const g = graphCounts(f);
          expect(g.endpoints).toBe(n);
          expect(f.filterNodes((_x, a) => a.kind === 'switch' && a.tier === 1)).toHaveLength(Math.ceil(n / (k / 2)));
          expect(g.worstExcess).toBeLessThanOrEqual(0);
        },
      ),
      RUNS,
    );
  });

  it('rail-only and partial mrft: n endpoints, radix respected; refused exactly beyond the family reach', () => {
    let built = 0;
    let refused = 0;
    fc.assert(
      fc.property(evenK(8, 16), fc.integer({ min: 1, max: 60 }), fc.boolean(), (k, hosts, rail) => {
        const G = 4;
        const ref = rail ? `railonly:k=${k},endpoints=${hosts * G},gpusPerHost=${G}` : `mrft:k=${k},suHosts=${k / 2},endpoints=${hosts * G},gpusPerHost=${G}`;
        // an MRFT of radix k reaches three tiers: pods of ⌊(k/2)/G⌋ SUs (G rail leaves each), at most k pods
        // (a core switch has one port per pod), SUs of k/2 hosts of G GPUs; a rail of ≤ 60 hosts always fits
        const reach = rail ? Infinity : k * Math.floor(k / 2 / G) * (k / 2) * G;
        let f: Fabric;
        try {
          f = buildFabric(spec(ref));
        } catch (e) {
          // only a size beyond the family's reach may be refused, and then with the reach in the message
          expect(hosts * G, ref).toBeGreaterThan(reach);
          expect((e as Error).message, ref).toMatch(new RegExp(`at most ${reach} endpoints`));
          refused++;
          return;
        }
        expect(hosts * G, ref).toBeLessThanOrEqual(reach);
        built++;
        const g = graphCounts(f);
        expect(g.endpoints).toBe(hosts * G);
        expect(g.worstExcess).toBeLessThanOrEqual(0);
      }),
      RUNS,
    );
    // the seeded draws reach both outcomes, and mostly build (the catch cannot swallow the whole property)
    expect(built + refused).toBe(RUNS.numRuns);
    expect(built).toBeGreaterThanOrEqual(30);
    expect(refused).toBeGreaterThanOrEqual(1);
  });
});

describe('Dragonfly a/h/p/g: counts from formulas written here', () => {
  it('a·g routers, p·a·g endpoints, g·a(a−1)/2 local + g·a·h/2 global links, radix p + a − 1 + h (rounded up to even) respected', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 1000 }), fc.constantFrom('palm-tree', 'consecutive'), (a, h, p, gi, arr) => {
        const gMax = a * h + 1;
        const g = 2 + (gi % (gMax - 1));
        fc.pre((g * a * h) % 2 === 0);
        const k = 2 * Math.ceil((p + a - 1 + h) / 2); // the smallest even radix that fits
        check(`dragonfly:a=${a},h=${h},p=${p},g=${g},k=${k},gpusPerHost=1,arrangement=${arr}`, { endpoints: p * a * g, switches: a * g, links: (g * a * (a - 1)) / 2 + (g * a * h) / 2 });
      }),
      RUNS,
    );
  });
});

describe('Slim Fly q: counts from formulas written here', () => {
  it("2q² routers of network radix k' = (3q − δ)/2, q = 4w + δ; q²·k' links; p = ⌈k'/2⌉ endpoints per router", () => {
    fc.assert(
      fc.property(fc.constantFrom(3, 4, 5, 7, 8, 9, 11, 13), (q) => {
        const delta = q % 4 === 3 ? -1 : q % 4 === 1 ? 1 : 0;
        const kp = (3 * q - delta) / 2;
        const p = Math.ceil(kp / 2);
        check(`slimfly:q=${q},k=${2 * Math.ceil((p + kp) / 2)},gpusPerHost=1`, { endpoints: 2 * q * q * p, switches: 2 * q * q, links: q * q * kp });
      }),
      { ...RUNS, numRuns: 16 },
    );
  });
});
