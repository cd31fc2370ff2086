/**
 * Parallel links (lanes) in both routing models, on fabrics whose bundles have different or several lanes.
 * The expected loads are derived by hand from the fabric's wiring (read from the graph) and the demand.
 */
import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { compile, type Compiled } from '../../src/topology/compiled.js';
import { hostIndex } from '../../src/traffic/hosts.js';
import { runPhase } from '../../src/traffic/phase.js';

const S = 1000; // bytes per ordered GPU pair
const build = (ref: string) => compile(resolveTopology(ref)[0]);

function uniform(c: Compiled, routing: 'ideal' | 'ecmp-hash', trials = 5) {
  const hi = hostIndex(c.csr, c.fabric.getAttribute('gpusPerHost'));
  return runPhase(c.csr, hi, c.fabric.getAttribute('planes'), { kind: 'uniform', bytesPerPair: S }, { keepArcLoads: true, routing, trials, seed: 3 });
}

/** The wiring, from the graphology graph: GPUs per leaf and lanes per leaf–spine pair. */
function wiring(c: Compiled) {
  const f = c.fabric;
  const gpus = new Map<string, number>();
  const lanes = new Map<string, number>(); // "leaf|spine"
  f.forEachEdge((_e, a, s, t) => {
    const role = (x: string) => f.getNodeAttribute(x, 'role');
    if (a.medium === 'fabric' && f.getNodeAttribute(s, 'kind') === 'endpoint') gpus.set(t, (gpus.get(t) ?? 0) + 1);
    else if (a.medium === 'fabric' && f.getNodeAttribute(t, 'kind') === 'endpoint') gpus.set(s, (gpus.get(s) ?? 0) + 1);
    else if (role(s) === 'leaf' && role(t) === 'spine') lanes.set(`${s}|${t}`, (lanes.get(`${s}|${t}`) ?? 0) + a.lanes);
    else if (role(t) === 'leaf' && role(s) === 'spine') lanes.set(`${t}|${s}`, (lanes.get(`${t}|${s}`) ?? 0) + a.lanes);
  });
  const leaves = f.filterNodes((_n, a) => a.role === 'leaf');
  const spines = f.filterNodes((_n, a) => a.role === 'spine');
  return { gpus: (l: string) => gpus.get(l) ?? 0, lanes: (l: string, s: string) => lanes.get(`${l}|${s}`) ?? 0, leaves, spines };
}

/** Bytes per lane on every directed leaf–spine arc, keyed "from>to". */
function perLane(c: Compiled, arcLoad: Float64Array) {
  const out = new Map<string, number>();
  for (let a = 0; a < arcLoad.length; a++) {
    const u = c.csr.ids[c.csr.arcTail[a]];
    const v = c.csr.ids[c.csr.arcHead[a]];
    const ru = c.fabric.getNodeAttribute(u, 'role');
    const rv = c.fabric.getNodeAttribute(v, 'role');
    if (!((ru === 'leaf' && rv === 'spine') || (ru === 'spine' && rv === 'leaf'))) continue;
    const key = `${u}>${v}`;
    out.set(key, (out.get(key) ?? 0) + arcLoad[a]);
  }
  return out;
}

describe('ideal routing splits by lanes, not by next hops', () => {
  /*
   * ft2:k=16,endpoints=77,spines=5 (8-GPU hosts): 10 leaves (9 with one full host of 8 GPUs, leaf9 with
   * the 5-GPU last host), 5 spines (the port minimum ⌈10·8/16⌉, set explicitly: the default rule picks 8
   * spines so that bundles are equal, and equal bundles cannot tell a lane split from a next-hop split).
   * Each leaf has k/2 = 8 uplinks over 5 spines, so 3 spines get 2 lanes and 2 get 1. Intra-host pairs
   * use NVLink; every pair on different leaves crosses the fabric.
   *
   * Leaf a sends n_a·n_b·S to leaf b; the ideal split at a gives spine s the share lanes(a,s)/8; spine
   * s has one next hop (b), so the downlink s→b carries, per lane,
   *     n_b · S · Σ_{a≠b} n_a · lanes(a,s)/8  /  lanes(s,b).
   * The busiest lane: spine1→leaf1 (1 lane, n_1 = 8). Spine1 takes 16 lanes from 10 leaves: 2 lanes
   * from 6 full leaves, 1 lane from leaf1, 2 other full leaves and leaf9 (n = 5):
   *     8 · 1000 · (6·8·2 + 2·8·1 + 5·1)/8 = 1000 · 117 = 117,000 B.
   * Splitting by next hops instead (1/5 each, the planted bug) gives 8·1000·(8·8 + 5)/5 = 110,400 B.
   */
  const c = build('ft2:k=16,endpoints=77,spines=5');
  const r = uniform(c, 'ideal');
  const w = wiring(c);
  const load = perLane(c, r.arcLoad!);

  it('the wiring is the one derived above', () => {
    expect(w.leaves).toHaveLength(10);
    expect(w.spines).toHaveLength(5);
    expect(w.leaves.map(w.gpus)).toEqual([8, 8, 8, 8, 8, 8, 8, 8, 8, 5]);
    for (const l of w.leaves) expect(w.spines.map((s) => w.lanes(l, s)).sort()).toEqual([1, 1, 2, 2, 2]);
    expect(w.leaves.map((l) => w.lanes(l, 'spine1'))).toEqual(w.leaves.map((l) => (['leaf1', 'leaf9'].includes(l) ? 1 : w.lanes(l, 'spine1'))));
    expect(w.leaves.filter((l) => w.lanes(l, 'spine1') === 2)).toHaveLength(6);
  });

  it('busiest fabric lane carries 117,000 B (hand derivation above), on spine1→leaf1', () => {
    expect(r.congestion.maxSwitchLinkBytes).toBeCloseTo(117_000, 3);
    expect(load.get('spine1>leaf1')).toBeCloseTo(117_000, 3);
  });

  it('every leaf–spine lane, both directions, equals the per-lane formula', () => {
    const N = w.leaves.reduce((a, l) => a + w.gpus(l), 0);
    for (const b of w.leaves)
      for (const s of w.spines) {
        const lsb = w.lanes(b, s);
        // up: leaf b sends n_b·(N − n_b)·S, split over its 8 uplink lanes
        const up = (w.gpus(b) * (N - w.gpus(b)) * S) / 8;
        expect(load.get(`${b}>${s}`)! / lsb, `${b}>${s}`).toBeCloseTo(up, 6);
        let down = 0;
        for (const a of w.leaves) if (a !== b) down += (w.gpus(a) * w.lanes(a, s)) / 8;
        expect(load.get(`${s}>${b}`)! / lsb, `${s}>${b}`).toBeCloseTo((w.gpus(b) * S * down) / lsb, 6);
      }
  });
});

describe('ecmp-hash spreads flows over every lane of a bundle', () => {
  /*
   * ft2:k=16,endpoints=64,gpusPerHost=1: 8 full leaves, 4 spines, each leaf–spine bundle 2 lanes.
   * Uniform demand: every leaf sends 8·56 flows of S bytes over 8 uplink lanes, so the fluid (ideal)
   * load is 56·S per lane in both directions. Hashing ~56 flows onto each lane collides, so the busiest
   * lane sits above 56·S, but far below a whole bundle's 112·S, which is what a hash that leaves
   * lane 1 idle (every flow on lane 0) would put on one lane.
   */
  const c = build('ft2:k=16,endpoints=64,gpusPerHost=1');
  const w = wiring(c);
  const fluid = 56 * S;

  it('the wiring is the one derived above', () => {
    expect(w.leaves).toHaveLength(8);
    expect(w.spines).toHaveLength(4);
    for (const l of w.leaves) for (const s of w.spines) expect(w.lanes(l, s)).toBe(2);
  });

  it('ideal: 56·S on every lane', () => {
    const load = perLane(c, uniform(c, 'ideal').arcLoad!);
    expect(load.size).toBe(2 * 8 * 4);
    for (const [k, x] of load) expect(x / 2, k).toBeCloseTo(fluid, 6);
  });

  it('hash: busiest lane between 56·S and 1.6 × 56·S in every statistic; the flows all routed', () => {
    const r = uniform(c, 'ecmp-hash', 8);
    const h = r.routing.hash!;
    expect(h.sampled).toBe(false);
    expect(h.flowsRouted).toBe(64 * 63);
    for (const x of [h.maxSwitchLinkBytesMean, h.maxSwitchLinkBytesP95, h.busiestLaneBytes]) {
      expect(x).toBeGreaterThanOrEqual(fluid);
      expect(x).toBeLessThan(1.6 * fluid);
    }
    // the trial-mean load per bundle is still the fluid load (hashing moves flows, not bytes), within noise
    const load = perLane(c, r.arcLoad!);
    let sum = 0;
    for (const x of load.values()) sum += x;
    expect(sum).toBeCloseTo(2 * 8 * 4 * 2 * fluid, 3);
  });
});
