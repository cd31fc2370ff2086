/**
 * routeHash (ECMP with a seeded hash per flow) against oracles written here:
 *  - on a fabric where every leaf pair has exactly one shortest path (balanced palm-tree Dragonfly, one lane
 *    per link, counted here), hashing has no choice: every arc and lane load equals the per-pair reference
 *    router (test/helpers/reference-router.ts), and every trial has the same busiest lane;
 *  - on 2-lane bundles: conservation (each flow climbs one uplink, each spine forwards what it receives),
 *    bytes × hops, both lanes of every bundle used, and the first trial named by a 1-trial run;
 *  - sampling: flow counts and scaled bytes against the binomial expectation.
 */
import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { compile, type Compiled } from '../../src/topology/compiled.js';
import { hostIndex } from '../../src/traffic/hosts.js';
import { FlowList } from '../../src/traffic/flows.js';
import { routeHash } from '../../src/traffic/route-hash.js';
import { reachUnder } from '../../src/traffic/reach.js';
import { prng, reference, shortestPaths } from '../helpers/reference-router.js';

const build = (ref: string) => compile(resolveTopology(ref)[0]);
const S = 1000;

function randomFlows(c: Compiled, n: number, seed: number) {
  const r = prng(seed);
  const f = new FlowList(n);
  while (f.length < n) f.push(Math.floor(r() * c.csr.endpoints), Math.floor(r() * c.csr.endpoints), 1 + Math.floor(r() * 1000));
  return f;
}

/** The flows as leaf-to-leaf demand for the reference router. */
function leafDemand(c: Compiled, f: FlowList) {
  const demand = new Map<number, Map<number, number>>();
  for (let i = 0; i < f.length; i++) {
    const s = c.csr.endpointLeaf[f.src[i]];
    const t = c.csr.endpointLeaf[f.dst[i]];
    if (!demand.has(t)) demand.set(t, new Map());
    demand.get(t)!.set(s, (demand.get(t)!.get(s) ?? 0) + f.bytes[i]);
  }
  return demand;
}

const sameLeaf = (c: Compiled, f: FlowList) => {
  let x = 0;
  for (let i = 0; i < f.length; i++) if (c.csr.endpointLeaf[f.src[i]] === c.csr.endpointLeaf[f.dst[i]]) x += f.bytes[i];
  return x;
};

const hashOf = (c: Compiled, f: FlowList, opts: Parameters<typeof routeHash>[5] = {}) =>
  routeHash(c.csr, hostIndex(c.csr, 1), 1, { kind: 'flows', flows: f }, f, { seed: 3, trials: 4, ...opts });

describe('one shortest path per leaf pair: hashing has no choice', () => {
  // dragonfly p=2, a=4, h=2: g = a·h + 1 = 9 groups of 4 routers, single-lane links. Flows are kept only between
  // routers joined by exactly one shortest path (counted here), so at every hop there is one next hop.
  const setup = () => {
    const c = build('dragonfly:p=2,a=4,h=2,gpusPerHost=1');
    const paths = Array.from({ length: c.csr.switches }, (_, t) => shortestPaths(c, t).count);
    const all = randomFlows(c, 3000, 21);
    const f = new FlowList(1000);
    for (let i = 0; i < all.length && f.length < 600; i++) if (paths[c.csr.endpointLeaf[all.dst[i]]][c.csr.endpointLeaf[all.src[i]]] === 1) f.push(all.src[i], all.dst[i], all.bytes[i]);
    return { c, f, paths, want: reference(c, leafDemand(c, f)) };
  };

  it('the fabric: 36 routers, single-lane links; the flows kept span one and several hops', () => {
    const { c, f, want } = setup();
    expect(c.csr.switches).toBe(36);
    for (let e = 0; e < c.csr.edges; e++) if (c.csr.arcTail[2 * e] < 36 && c.csr.arcHead[2 * e] < 36) expect(c.csr.lanes[e]).toBe(1);
    expect(f.length).toBe(600);
    // more than one hop per byte on average: multi-hop unique paths are exercised, not just neighbours
    expect(want.hopBytes / want.delivered).toBeGreaterThan(1.5);
  });

  it('arc loads, lane maxima, totals and busiest lane equal the reference router, in every trial', () => {
    const { c, f, want } = setup();
    const r = hashOf(c, f);
    for (let a = 0; a < want.arcLoad.length; a++) {
      expect(r.arcLoad[a], `arc ${a}`).toBeCloseTo(want.arcLoad[a], 6);
      expect(r.arcLaneMax[a], `arc ${a}`).toBeCloseTo(want.arcLoad[a], 6);
    }
    expect(r.deliveredBytes).toBeCloseTo(want.delivered, 6);
    expect(r.hopBytes).toBeCloseTo(want.hopBytes, 6);
    expect(r.unreachableBytes).toBe(0);
    const max = Math.max(...want.arcLoad);
    const h = r.hash;
    expect(h).toMatchObject({ trials: 4, flowsTotal: 600, flowsRouted: 600, sampled: false });
    expect(r.deliveredBytes + sameLeaf(c, f)).toBeCloseTo(f.total(), 6);
    expect(h.maxSwitchLinkBytesMean).toBeCloseTo(max, 6);
    expect(h.maxSwitchLinkBytesP95).toBeCloseTo(max, 6);
    expect(h.busiestLaneBytes).toBeCloseTo(max, 6);
    expect(want.arcLoad[h.busiestArc]).toBeCloseTo(max, 6);
    const laneBytesPerSecond = (c.csr.gbps[h.busiestArc >> 1] * 1e9) / 8;
    expect(h.timeSecondsMean).toBeCloseTo(max / laneBytesPerSecond, 12);
    expect(h.timeSecondsP95).toBeCloseTo(max / laneBytesPerSecond, 12);
  });

  it('a router cut off: its flows are unreachable, the rest still follow their (now longer) shortest paths', () => {
    const { c, f } = setup();
    const failed = new Uint8Array(c.csr.edges);
    for (let e = 0; e < c.csr.edges; e++) if (c.csr.arcTail[2 * e] === 5 || c.csr.arcHead[2 * e] === 5) if (c.csr.arcTail[2 * e] < 36 && c.csr.arcHead[2 * e] < 36) failed[e] = 1;
    const demand = leafDemand(c, f);
    const want = reference(c, demand, failed);
    let cut = 0;
    for (const [t, col] of demand) for (const [s, x] of col) if (s !== t && (s === 5 || t === 5)) cut += x;
    expect(want.unreachable).toBeCloseTo(cut, 6);
    const r = hashOf(c, f, { failed });
    expect(r.unreachableBytes).toBeCloseTo(cut, 6);
    expect(r.deliveredBytes).toBeCloseTo(want.delivered, 6);
    expect(r.hopBytes).toBeCloseTo(want.hopBytes, 6);
    // where paths stay unique the loads equal the reference; everywhere, the arc-load total is bytes × hops
    let sum = 0;
    for (let a = 0; a < r.arcLoad.length; a++) sum += r.arcLoad[a];
    expect(sum).toBeCloseTo(want.hopBytes, 3);
    for (let e = 0; e < c.csr.edges; e++) if (failed[e]) expect(r.arcLoad[2 * e] + r.arcLoad[2 * e + 1]).toBe(0);
  });
});

describe('2-lane bundles: ft2:k=16,endpoints=64,gpusPerHost=1 (8 leaves × 8 GPUs, 4 spines, 2 lanes per leaf–spine pair)', () => {
  const setup = () => {
    const c = build('ft2:k=16,endpoints=64,gpusPerHost=1');
    const leaves = Array.from({ length: c.csr.switches }, (_, u) => u).filter((u) => c.csr.leafEndpoints[u] > 0);
    return { c, leaves, hi: hostIndex(c.csr, 1) };
  };
  const uniform = (c: Compiled, hi: ReturnType<typeof hostIndex>, opts: Parameters<typeof routeHash>[5]) => routeHash(c.csr, hi, 1, { kind: 'uniform', bytesPerPair: S }, undefined, opts);

  it('conservation: each leaf sends 8·56·S up, each spine forwards what it receives; 2 hops per byte', () => {
    const { c, leaves, hi } = setup();
    expect(leaves).toHaveLength(8);
    const r = uniform(c, hi, { seed: 4, trials: 3 });
    expect(r.hash).toMatchObject({ trials: 3, flowsTotal: 64 * 63, flowsRouted: 64 * 63, sampled: false });
    expect(r.deliveredBytes).toBe(64 * 56 * S);
    expect(r.hopBytes).toBe(2 * 64 * 56 * S);
    const Sw = c.csr.switches;
    for (let u = 0; u < Sw; u++) {
      let up = 0;
      let down = 0;
      for (let e = 0; e < c.csr.edges; e++) {
        const [a, b] = [c.csr.arcTail[2 * e], c.csr.arcHead[2 * e]];
        if (a >= Sw || b >= Sw) continue;
        if (a === u) (up += r.arcLoad[2 * e]), (down += r.arcLoad[2 * e + 1]);
        if (b === u) (up += r.arcLoad[2 * e + 1]), (down += r.arcLoad[2 * e]);
      }
      if (leaves.includes(u)) {
        expect(up).toBeCloseTo(8 * 56 * S, 3);
        expect(down).toBeCloseTo(8 * 56 * S, 3);
      } else expect(up).toBeCloseTo(down, 3);
    }
  });

  it('both lanes of every bundle carry flows: a bundle busiest lane is below its whole load, at least half of it', () => {
    const { c, hi } = setup();
    const r = uniform(c, hi, { seed: 4, trials: 1 });
    let bundles = 0;
    for (let a = 0; a < r.arcLoad.length; a++) {
      if (r.arcLoad[a] === 0) continue;
      bundles++;
      expect(c.csr.lanes[a >> 1]).toBe(2);
      expect(r.arcLaneMax[a]).toBeLessThan(r.arcLoad[a]);
      expect(r.arcLaneMax[a]).toBeGreaterThanOrEqual(r.arcLoad[a] / 2);
    }
    expect(bundles).toBe(2 * 8 * 4);
    // one trial: the busiest lane is the largest lane maximum, and it is the one named
    const max = Math.max(...r.arcLaneMax);
    expect(r.hash.maxSwitchLinkBytesMean).toBe(max);
    expect(r.hash.maxSwitchLinkBytesP95).toBe(max);
    expect(r.hash.busiestLaneBytes).toBe(max);
    expect(r.arcLaneMax[r.hash.busiestArc]).toBe(max);
  });

  it('the busiest lane named is the first trial\'s: a 1-trial run with the same seed names the same lane', () => {
    const { c, hi } = setup();
    const one = uniform(c, hi, { seed: 6, trials: 1 });
    const five = uniform(c, hi, { seed: 6, trials: 5 });
    expect(five.hash.busiestArc).toBe(one.hash.busiestArc);
    expect(five.hash.busiestLaneBytes).toBe(one.hash.busiestLaneBytes);
    // the 5-trial mean of the per-arc lane maxima and of the busiest lane: first trial plus four others
    expect(five.hash.trials).toBe(5);
    // trial r is the same in every run of more than r trials: runs of 1..5 trials give each trial's busiest lane
    // (n·mean_n − (n−1)·mean_(n−1)); the nearest-rank p95 of 5 is the ⌈0.95·5⌉ = 5th smallest, the largest
    const means = [1, 2, 3, 4, 5].map((n) => uniform(c, hi, { seed: 6, trials: n }).hash.maxSwitchLinkBytesMean);
    const perTrial = means.map((m, i) => (i + 1) * m - i * (i > 0 ? means[i - 1] : 0));
    expect(perTrial[0]).toBe(one.hash.maxSwitchLinkBytesMean);
    expect(new Set(perTrial.map((x) => x.toFixed(3))).size).toBeGreaterThan(1); // the trials differ, so p95 ≠ mean
    expect(five.hash.maxSwitchLinkBytesP95).toBeCloseTo(Math.max(...perTrial), 3);
    expect(five.hash.maxSwitchLinkBytesMean).toBeGreaterThanOrEqual(Math.max(...five.arcLaneMax) - 1e-9);
    // the default seed is 1 and the default trial count 5; a trial count below 1 means one trial
    const dflt = uniform(c, hi, {});
    const seeded = uniform(c, hi, { seed: 1, trials: 5 });
    expect(dflt.hash).toEqual(seeded.hash);
    expect(uniform(c, hi, { seed: 6, trials: 0 }).hash).toEqual(one.hash);
  });
});

describe('the busiest lane named, and seeds', () => {
  it('no fabric traffic (every flow inside one leaf): no lane named, zero bytes', () => {
    const c = build('ft2:k=8,gpusPerHost=1');
    const f = new FlowList();
    for (let e = 0; e < c.csr.endpoints; e++) for (let d = 0; d < c.csr.endpoints; d++) if (c.csr.endpointLeaf[e] === c.csr.endpointLeaf[d]) f.push(e, d, 100);
    expect(f.length).toBe(8 * 4 * 3);
    const r = hashOf(c, f);
    expect([r.hash.busiestArc, r.hash.busiestLaneBytes, r.hash.maxSwitchLinkBytesMean, r.hash.maxSwitchLinkBytesP95, r.deliveredBytes]).toEqual([-1, 0, 0, 0, 0]);
  });

  it('traffic on one direct single-lane link only (the first switch arc in adjacency order): that arc is named', () => {
    const c = build('dragonfly:p=2,a=4,h=2,gpusPerHost=1');
    const arc = c.csr.swArc[0];
    const [u, v] = [c.csr.arcTail[arc], c.csr.arcHead[arc]];
    expect(c.csr.lanes[arc >> 1]).toBe(1);
    const f = new FlowList();
    for (let a = 0; a < c.csr.endpoints; a++) for (let b = 0; b < c.csr.endpoints; b++) if (c.csr.endpointLeaf[a] === u && c.csr.endpointLeaf[b] === v) f.push(a, b, 1000);
    expect(f.length).toBe(4);
    const r = hashOf(c, f);
    expect([r.hash.busiestArc, r.hash.busiestLaneBytes, r.arcLoad[arc]]).toEqual([arc, 4000, 4000]);
  });

  it('the seed salts the hash: other seeds, other busiest lanes (2-lane bundles)', () => {
    const c = build('ft2:k=16,endpoints=64,gpusPerHost=1');
    const hi = hostIndex(c.csr, 1);
    const stats = [1, 2, 3, 4, 5, 6].map((seed) => routeHash(c.csr, hi, 1, { kind: 'uniform', bytesPerPair: S }, undefined, { seed, trials: 1 }).hash.busiestLaneBytes);
    expect(new Set(stats).size).toBeGreaterThan(1);
    // each is a busiest lane of uniform traffic: at least the fluid 56·S per lane, under 1.6× it (lanes.test.ts)
    for (const x of stats) {
      expect(x).toBeGreaterThanOrEqual(56 * S);
      expect(x).toBeLessThan(1.6 * 56 * S);
    }
    // and the same seed gives the same lane
    expect(routeHash(c.csr, hi, 1, { kind: 'uniform', bytesPerPair: S }, undefined, { seed: 3, trials: 1 }).hash.busiestLaneBytes).toBe(stats[2]);
  });
});

describe('uniform demand under failures maps pairs like the ideal model: failover only across planes', () => {
  it('single plane (ft2:k=8, 4-GPU hosts): a dead NIC\'s 2·28 remote pairs are dropped, not moved to the host\'s other NICs', () => {
    const c = build('ft2:k=8,gpusPerHost=4');
    const hi = hostIndex(c.csr, 4);
    const failed = new Uint8Array(c.csr.edges);
    failed[c.csr.endpointUpArc[0] >> 1] = 1;
    const r = routeHash(c.csr, hi, 1, { kind: 'uniform', bytesPerPair: S }, undefined, { seed: 2, trials: 1, failed, reach: reachUnder(c.csr, failed) });
    // 32 endpoints, 4 per host: 32·28 remote pairs, 28 from and 28 to endpoint 0 lost
    expect(r.deliveredBytes).toBe((32 * 28 - 2 * 28) * S);
    expect(r.hash.flowsTotal).toBe(32 * 28);
  });

  it('multi-plane (mpft:k=8, 4 planes): a dead NIC\'s pairs fail over to the other planes, nothing lost', () => {
    const c = build('mpft:k=8,planes=4,gpusPerHost=4');
    const hi = hostIndex(c.csr, 4);
    const failed = new Uint8Array(c.csr.edges);
    failed[c.csr.endpointUpArc[0] >> 1] = 1;
    const N = c.csr.endpoints;
    const r = routeHash(c.csr, hi, 4, { kind: 'uniform', bytesPerPair: S }, undefined, { seed: 2, trials: 1, failed, reach: reachUnder(c.csr, failed) });
    // every remote pair crosses the fabric except those landing on their own leaf: a k=8 leaf holds the NICs of
    // 4 hosts on its plane, so each GPU has 3 leaf-mate hosts (12 GPUs) whose pairs stay on that leaf
    expect(r.deliveredBytes).toBeCloseTo(N * (N - 4 - 12) * S, 6);
    expect(r.unreachableBytes).toBe(0);
    for (let e = 0; e < c.csr.edges; e++) if (failed[e]) expect(r.arcLoad[2 * e] + r.arcLoad[2 * e + 1]).toBe(0);
  });

  it('sampled uniform pairs are drawn from every source and destination: each leaf sends and receives about its share', () => {
    // ft2:k=8, 1-GPU hosts: 8 leaves of 4 endpoints; 600 of the 992 pairs sampled; each leaf's share is 1/8
    const c = build('ft2:k=8,gpusPerHost=1');
    const r = routeHash(c.csr, hostIndex(c.csr, 1), 1, { kind: 'uniform', bytesPerPair: S }, undefined, { seed: 5, trials: 1, maxHashFlows: 600 });
    expect(r.hash.sampled).toBe(true);
    const Sw = c.csr.switches;
    const up = new Array<number>(Sw).fill(0);
    const down = new Array<number>(Sw).fill(0);
    for (let e = 0; e < c.csr.edges; e++) {
      const [a, b] = [c.csr.arcTail[2 * e], c.csr.arcHead[2 * e]];
      if (a >= Sw || b >= Sw) continue;
      // leaves are tier 1: arcs leaf -> spine are ups, spine -> leaf downs
      const leaf = c.csr.tier[a] === 1 ? a : b;
      const [toSpine, toLeaf] = leaf === a ? [2 * e, 2 * e + 1] : [2 * e + 1, 2 * e];
      up[leaf] += r.arcLoad[toSpine];
      down[leaf] += r.arcLoad[toLeaf];
    }
    const share = r.deliveredBytes / 8;
    // binomial(600·(28/31), 1/8) per leaf: sd ≈ 7.7 pairs of 68; ±45% is over 4 sd
    for (let u = 0; u < Sw; u++)
      if (c.csr.tier[u] === 1) {
        expect(Math.abs(up[u] / share - 1), `leaf ${u} up`).toBeLessThan(0.45);
        expect(Math.abs(down[u] / share - 1), `leaf ${u} down`).toBeLessThan(0.45);
      }
  });
});

describe('mean and p95 over trials', () => {
  it('p95 is the nearest-rank 95th percentile of the per-trial busiest lanes, recovered from runs of 1..24 trials', () => {
    // trial r hashes with salt seed·7919 + r whatever the trial count, so an n-trial run holds the first n
    // trials: busiest(n − 1) = n·mean(n) − (n − 1)·mean(n − 1)
    const c = build('ft2:k=8,gpusPerHost=1');
    const hi = hostIndex(c.csr, 1);
    const run = (trials: number) => routeHash(c.csr, hi, 1, { kind: 'uniform', bytesPerPair: S }, undefined, { seed: 8, trials }).hash;
    const rate = (400 * 1e9) / 8; // every link of this fabric runs at the 400 Gb/s NIC rate
    const busiest: number[] = [];
    let prevMean = 0;
    for (let n = 1; n <= 24; n++) {
      const h = run(n);
      busiest.push(Math.round(n * h.maxSwitchLinkBytesMean - (n - 1) * prevMean));
      prevMean = h.maxSwitchLinkBytesMean;
      const sorted = [...busiest].sort((a, b) => a - b);
      expect(h.maxSwitchLinkBytesP95, `n=${n}`).toBeCloseTo(sorted[Math.ceil(0.95 * n) - 1], 3);
      expect(h.maxSwitchLinkBytesMean).toBeCloseTo(busiest.reduce((a, b) => a + b, 0) / n, 3);
      expect(h.timeSecondsP95).toBeCloseTo(h.maxSwitchLinkBytesP95 / rate, 12);
      expect(h.timeSecondsMean).toBeCloseTo(h.maxSwitchLinkBytesMean / rate, 12);
    }
    // the trials differ (else every statistic would pass trivially): several distinct busiest lanes
    expect(new Set(busiest).size).toBeGreaterThan(2);
    // with 20 or more trials the p95 is not the maximum
    expect(run(24).maxSwitchLinkBytesP95).toBeLessThanOrEqual(Math.max(...busiest));
  });
});

describe('sampling above maxHashFlows', () => {
  it('uniform: exactly the cap is sampled, each pair scaled by remote pairs / cap; at the cap itself nothing is', () => {
    // ft2:k=8: 8 leaves × 4 GPUs, 32 endpoints; 4-GPU hosts on one leaf each: 32·28 = 896 remote pairs
    const c = build('ft2:k=8,gpusPerHost=4');
    const hi = hostIndex(c.csr, 4);
    const d = { kind: 'uniform' as const, bytesPerPair: S };
    const all = routeHash(c.csr, hi, 1, d, undefined, { seed: 2, trials: 1, maxHashFlows: 896 });
    expect(all.hash).toMatchObject({ flowsTotal: 896, flowsRouted: 896, sampled: false });
    expect(all.deliveredBytes).toBe(896 * S);
    const cap = 300;
    const r = routeHash(c.csr, hi, 1, d, undefined, { seed: 2, trials: 1, maxHashFlows: cap });
    expect(r.hash).toMatchObject({ flowsTotal: 896, flowsRouted: cap, sampled: true });
    // every sampled pair crosses the fabric (same-host pairs are never drawn) and carries 896/300 · S
    expect(r.deliveredBytes).toBeCloseTo(896 * S, 3);
    expect(r.hopBytes).toBeCloseTo(2 * 896 * S, 3);
  });

  it('flow lists: each flow kept with probability cap / flows, bytes scaled up by its inverse', () => {
    const c = build('ft2:k=8,gpusPerHost=1');
    const f = randomFlows(c, 4000, 31);
    let remote = 0;
    for (let i = 0; i < f.length; i++) if (c.csr.endpointLeaf[f.src[i]] !== c.csr.endpointLeaf[f.dst[i]]) remote += f.bytes[i];
    const at = hashOf(c, f, { maxHashFlows: 4000, trials: 1 });
    expect(at.hash).toMatchObject({ flowsTotal: 4000, flowsRouted: 4000, sampled: false });
    expect(at.deliveredBytes).toBe(remote);
    const r = hashOf(c, f, { maxHashFlows: 1000, trials: 1 });
    expect(r.hash.sampled).toBe(true);
    expect(r.hash.flowsTotal).toBe(4000);
    // binomial(4000, 1/4): mean 1000, sd ≈ 27; 5 sd
    expect(Math.abs(r.hash.flowsRouted - 1000)).toBeLessThan(140);
    // scaled bytes: unbiased for the remote total; bytes 1..1000 per flow, ~1000 kept: within 12%
    expect(Math.abs(r.deliveredBytes - remote) / remote).toBeLessThan(0.12);
  });
});
