import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { compile, type Compiled } from '../../src/analysis/analyze.js';
import { bisection, cutBetween, naturalHalves } from '../../src/topology/bisection.js';
import { pathDiversity, edgeDisjointPaths } from '../../src/topology/diversity.js';
import { FlowNetwork } from '../../src/topology/maxflow.js';
import { rng } from '../../src/topology/paths.js';
import { cli } from '../helpers/cli.js';

const build = (ref: string) => compile(resolveTopology(ref)[0]);

/** Second method: the minimum over every subset X of switches of the s–t cut it defines (tiny graphs only). */
function bruteForceCut(c: Compiled, side: Uint8Array): number {
  const { csr } = c;
  const S = csr.switches;
  const nic = new Float64Array(S);
  for (let e = 0; e < csr.endpoints; e++) nic[csr.endpointLeaf[e]] += csr.gbps[csr.endpointUpArc[e] >> 1];
  // flat lists of the leaves and the switch links, so the 2^S enumeration is a tight loop
  const leaves: number[] = [];
  for (let u = 0; u < S; u++) if (csr.leafEndpoints[u] > 0) leaves.push(u);
  const eu: number[] = [];
  const ev: number[] = [];
  const cap: number[] = [];
  for (let u = 0; u < S; u++)
    for (let i = csr.swOffsets[u]; i < csr.swOffsets[u + 1]; i++) {
      const v = csr.swTarget[i];
      if (v <= u) continue;
      eu.push(u);
      ev.push(v);
      cap.push(csr.lanes[csr.swArc[i] >> 1] * csr.gbps[csr.swArc[i] >> 1]);
    }
  let best = Infinity;
  for (let mask = 0; mask < 1 << S; mask++) {
    let cut = 0;
    for (const u of leaves) {
      const inX = (mask >> u) & 1;
      if (side[u] && !inX) cut += nic[u]; // source→u crosses
      if (!side[u] && inX) cut += nic[u]; // u→sink crosses
    }
    for (let j = 0; j < eu.length; j++) if (((mask >> eu[j]) & 1) !== ((mask >> ev[j]) & 1)) cut += cap[j];
    if (cut < best) best = cut;
  }
  return best;
}

/** Second method for graphs too big to enumerate: Edmonds–Karp on a capacity matrix of switches + source + sink. */
function edmondsKarpCut(c: Compiled, side: Uint8Array): number {
  const { csr } = c;
  const S = csr.switches;
  const n = S + 2;
  const res = Array.from({ length: n }, () => new Float64Array(n));
  for (let e = 0; e < csr.endpoints; e++) {
    const u = csr.endpointLeaf[e];
    const g = csr.gbps[csr.endpointUpArc[e] >> 1];
    if (side[u]) res[S][u] += g;
    else res[u][S + 1] += g;
  }
  for (let u = 0; u < S; u++)
    for (let i = csr.swOffsets[u]; i < csr.swOffsets[u + 1]; i++) {
      const v = csr.swTarget[i];
      if (v > u) {
        const cap = csr.lanes[csr.swArc[i] >> 1] * csr.gbps[csr.swArc[i] >> 1];
        res[u][v] += cap;
        res[v][u] += cap;
      }
    }
  let flow = 0;
  for (;;) {
    const prev = new Int32Array(n).fill(-1);
    prev[S] = S;
    const q = [S];
    for (let h = 0; h < q.length && prev[S + 1] < 0; h++) {
      const u = q[h];
      for (let v = 0; v < n; v++)
        if (prev[v] < 0 && res[u][v] > 1e-9) {
          prev[v] = u;
          q.push(v);
        }
    }
    if (prev[S + 1] < 0) return flow;
    let f = Infinity;
    for (let v = S + 1; v !== S; v = prev[v]) f = Math.min(f, res[prev[v]][v]);
    for (let v = S + 1; v !== S; v = prev[v]) {
      res[prev[v]][v] -= f;
      res[v][prev[v]] += f;
    }
    flow += f;
  }
}

describe('bisection of fat-trees: cut = closed form = N/2 × 400 Gb/s', () => {
  it.each(['ft2:k=8', 'ft2:k=16', 'ft2:k=64', 'ft3:k=8', 'ft3:k=16', 'ft3:k=32', 'mpft:k=8,planes=8', 'mpft:k=16,planes=4,gpusPerHost=4', 'mpft-64x8', 'mrft-2048', 'superpod-4su'])('%s', (ref) => {
    const c = build(ref);
    const b = bisection(c, { trials: 2 });
    const full = (c.csr.endpoints / 2) * 400;
    expect(b.cutGbps).toBeCloseTo(full, 6);
    expect(b.theoreticalGbps).toBeCloseTo(full, 6);
    expect(b.perEndpointFraction).toBeCloseTo(1, 9);
    expect(b.randomMinGbps).toBeLessThanOrEqual(full + 1e-6);
  });

  it('an r:1 oversubscribed FT2 has 1/r of it (k divisible so the rounding is exact)', () => {
    for (const [k, r] of [[8, 3], [12, 2], [64, 3]]) {
      const c = build(`ft2:k=${k},oversubscription=${r}`);
      const b = bisection(c, { trials: 0 });
      const down = (k * r) / (r + 1);
      const N = k * down;
      expect(b.cutGbps).toBeCloseTo(((N / 2) * 400) / r, 6);
      expect(b.theoreticalGbps).toBeCloseTo(b.cutGbps, 6);
    }
  });

  it('partially populated FT2 and FT3 match their closed forms', () => {
    for (const ref of ['ft2:k=64,endpoints=1000', 'ft2:k=16,endpoints=77', 'ft2:k=12,endpoints=60,oversubscription=2', 'ft2:k=8,endpoints=13,oversubscription=3', 'ft3:k=8,endpoints=64', 'ft3:k=8,endpoints=100', 'ft3:k=16,endpoints=768', 'mpft:k=16,endpoints=400', 'railonly:k=8,endpoints=1024', 'mrft:k=64,sus=3', 'mrft:k=16,suHosts=4,gpusPerHost=2,endpoints=40', 'superpod-16su']) {
      const b = bisection(build(ref), { trials: 0 });
      expect(b.theoreticalGbps, ref).not.toBeNull();
      expect(b.cutGbps, ref).toBeCloseTo(b.theoreticalGbps!, 6);
    }
    // a pod split by the halves has no closed form, and says so
    expect(bisection(build('ft3:k=8,endpoints=72'), { trials: 0 }).theoreticalGbps).toBeNull();
  });

  it('hand-checked partial cuts: the halves are the most balanced run of whole leaves', () => {
    // ft2:k=8, r = 3: leaves of 6 down / 2 up. 13 endpoints = leaves 6, 6, 1: halves {6} | {6, 1}; side A
    // passes min(6, 2) = 2 lanes, side B min(6, 2) + min(1, 2) = 3: the cut is 2 × 400.
    const a = bisection(build('ft2:k=8,endpoints=13,oversubscription=3'), { trials: 0 });
    expect([a.cut.sideA.endpoints, a.cut.sideB.endpoints]).toEqual([6, 7]);
    expect(a.cutGbps).toBeCloseTo(800, 9);
    // mpft:k=16, 400 GPUs: 50 hosts per plane on leaves of 8: 24 | 26 per plane (not 32 | 18), NIC-bound
    const m = bisection(build('mpft:k=16,endpoints=400'), { trials: 0 });
    expect([m.cut.sideA.endpoints, m.cut.sideB.endpoints]).toEqual([8 * 24, 8 * 26]);
    expect(m.cutGbps).toBeCloseTo(8 * 24 * 400, 9);
  });

  it('a plane with a single leaf is a crossbar, halved inside the leaf: ⌊n/2⌋ × 400 Gb/s', () => {
    for (const [ref, n, planes] of [['ft2:k=8,endpoints=3', 3, 1], ['ft2:k=8,endpoints=4', 4, 1], ['railonly:k=8,endpoints=32', 4, 8], ['mpft:k=8,planes=4,gpusPerHost=4,endpoints=16', 4, 4]] as Array<[string, number, number]>) {
      const b = bisection(build(ref), { trials: 2 });
      expect(b.cutGbps, ref).toBeCloseTo(planes * Math.floor(n / 2) * 400, 9);
      expect(b.theoreticalGbps, ref).toBeCloseTo(b.cutGbps, 9);
      expect(b.randomMinGbps, ref).toBeCloseTo(b.cutGbps, 9);
      expect(b.cut.sideA.endpoints + b.cut.sideB.endpoints).toBe(planes * n);
    }
  });

  const every = (step: number, max: number) => Array.from({ length: Math.floor(max / step) }, (_, i) => (i + 1) * step);
  it.each([
    // two-tier: the closed form always exists (uneven uplink spreading included)
    ['ft2:k=16', every(1, 128), true],
    ['ft2:k=12,oversubscription=2', every(1, 96), true],
    ['ft2:k=20,oversubscription=3', every(3, 150), true],
    ['mpft:k=8,planes=4,gpusPerHost=4', every(4, 128), true],
    ['mrft:k=16,suHosts=4,gpusPerHost=2', every(2, 64), true],
    ['mrft:k=16,suHosts=4,gpusPerHost=2', every(2, 128).slice(32), false],
    ['mrft:k=32,suHosts=8,gpusPerHost=4', every(4, 256), true],
    // three-tier: null when the halves split a pod
    ['ft3:k=8', every(1, 128), false],
  ] as Array<[string, number[], boolean]>)('%s over partial sizes: closed form = max-flow; halves within one leaf of balanced', (base, sizes, always) => {
    for (const n of sizes) {
      const ref = `${base},endpoints=${n}`;
      const c = build(ref);
      const b = bisection(c, { trials: 0 });
      if (always) expect(b.theoreticalGbps, ref).not.toBeNull();
      if (b.theoreticalGbps !== null) expect(b.cutGbps, ref).toBeCloseTo(b.theoreticalGbps, 6);
      let maxLeaf = 0;
      for (let u = 0; u < c.csr.switches; u++) maxLeaf = Math.max(maxLeaf, c.csr.leafEndpoints[u]);
      const planes = c.fabric.getAttribute('planes') as number;
      expect(Math.abs(b.cut.sideA.endpoints - b.cut.sideB.endpoints), ref).toBeLessThanOrEqual(planes * maxLeaf);
    }
  });
});

describe('Dragonfly and Slim Fly: max-flow against brute-force minimum cuts', () => {
  it.each(['dragonfly:p=1,a=2,h=1,g=3', 'dragonfly:p=2,a=3,h=1,g=4', 'dragonfly:p=1,a=2,h=2,g=5', 'slimfly:q=3'])('%s', (ref) => {
    const c = build(ref);
    const { side, halves } = naturalHalves(c);
    expect(c.csr.switches).toBeLessThanOrEqual(18);
    expect(cutBetween(c, side, halves).gbps).toBeCloseTo(bruteForceCut(c, side), 6);
    // and for random halves
    const r = rng(3);
    for (let t = 0; t < 3; t++) {
      const s2 = new Uint8Array(c.csr.switches);
      for (let u = 0; u < c.csr.switches; u++) s2[u] = r() < 0.5 ? 1 : 0;
      expect(cutBetween(c, s2, 'random').gbps).toBeCloseTo(bruteForceCut(c, s2), 6);
    }
  });

  it('Dragonfly with even g: the cut is the global links between the halves of the groups, counted on the graph', () => {
    for (const ref of ['dragonfly:p=2,a=4,h=2,g=6', 'dragonfly:p=3,a=6,h=3,g=10,arrangement=consecutive', 'dragonfly:p=2,a=4,h=3,g=8']) {
      const c = build(ref);
      const g = Number(c.spec.params.g);
      // global lanes whose routers lie in different halves of the groups, read off the model
      let crossing = 0;
      c.fabric.forEachEdge((_e, at, s, t) => {
        if (at.layer !== 'global') return;
        const gs = c.fabric.getNodeAttribute(s, 'group') as number;
        const gt = c.fabric.getNodeAttribute(t, 'group') as number;
        if (gs < g / 2 !== gt < g / 2) crossing += at.lanes;
      });
      const b = bisection(c, { trials: 0 });
      expect(b.cut.sideA.endpoints).toBe(c.csr.endpoints / 2);
      expect(b.cutGbps, ref).toBeCloseTo(crossing * 400, 6);
      expect(b.theoreticalGbps, ref).toBeCloseTo(crossing * 400, 6);
    }
  });

  it.each([1, 2, 3, 4])('balanced canonical Dragonfly p = h = %i, a = 2p (odd g, middle group split): m² + 2m global links', (p) => {
    const c = build(`dragonfly:p=${p},a=${2 * p},h=${p}`);
    const m = (2 * p * p + 1 - 1) / 2;
    const b = bisection(c, { trials: 0 });
    expect(b.cut.sideA.endpoints).toBe(b.cut.sideB.endpoints);
    expect(b.cutGbps).toBeCloseTo((m * m + 2 * m) * 400, 6);
    expect(b.theoreticalGbps).toBeCloseTo((m * m + 2 * m) * 400, 6);
    // per endpoint: (p² + 2) / (2p² + 1) of the NIC rate, towards 1/2
    expect(b.perEndpointFraction).toBeCloseTo((p * p + 2) / (2 * p * p + 1), 12);
  });

  it('odd g outside the proven case has no closed form, and says so', () => {
    for (const ref of ['dragonfly:p=2,a=4,h=2,arrangement=consecutive', 'dragonfly:p=3,a=4,h=2']) {
      const b = bisection(build(ref), { trials: 0 });
      expect(b.theoreticalGbps, ref).toBeNull();
      expect(b.theoreticalBasis).toMatch(/no closed form/);
    }
  });

  it.each(['dragonfly:p=2,a=4,h=2', 'dragonfly:p=2,a=4,h=2,arrangement=consecutive', 'slimfly:q=5', 'slimfly:q=4'])('%s: Dinic agrees with Edmonds–Karp on the same leaf-aggregated network, natural and random halves', (ref) => {
    const c = build(ref);
    const { side, halves } = naturalHalves(c);
    expect(cutBetween(c, side, halves).gbps).toBeCloseTo(edmondsKarpCut(c, side), 6);
    const r = rng(5);
    for (let t = 0; t < 3; t++) {
      const s2 = new Uint8Array(c.csr.switches);
      for (let u = 0; u < c.csr.switches; u++) s2[u] = r() < 0.5 ? 1 : 0;
      expect(cutBetween(c, s2, 'random').gbps).toBeCloseTo(edmondsKarpCut(c, s2), 6);
    }
  });

  it('the max-flow engine agrees with a simple augmenting-path (Edmonds–Karp) on random graphs', () => {
    const r = rng(11);
    for (let trial = 0; trial < 30; trial++) {
      const n = 4 + Math.floor(r() * 8);
      const caps: number[][] = Array.from({ length: n }, () => new Array(n).fill(0));
      const net = new FlowNetwork(n);
      for (let i = 0; i < n * 2; i++) {
        const u = Math.floor(r() * n);
        const v = Math.floor(r() * n);
        if (u === v) continue;
        const cap = 1 + Math.floor(r() * 9);
        net.addUndirected(u, v, cap);
        caps[u][v] += cap;
        caps[v][u] += cap;
      }
      // Edmonds–Karp over the capacity matrix
      const res = caps.map((row) => [...row]);
      let flow = 0;
      for (;;) {
        const prev = new Array(n).fill(-1);
        prev[0] = 0;
        const q = [0];
        while (q.length && prev[n - 1] < 0) {
          const u = q.shift()!;
          for (let v = 0; v < n; v++) if (prev[v] < 0 && res[u][v] > 0) {
            prev[v] = u;
            q.push(v);
          }
        }
        if (prev[n - 1] < 0) break;
        let f = Infinity;
        for (let v = n - 1; v !== 0; v = prev[v]) f = Math.min(f, res[prev[v]][v]);
        for (let v = n - 1; v !== 0; v = prev[v]) {
          res[prev[v]][v] -= f;
          res[v][prev[v]] += f;
        }
        flow += f;
      }
      expect(net.maxflow(0, n - 1)).toBeCloseTo(flow, 9);
    }
  });
});

describe('path diversity', () => {
  it.each([4, 8, 16])('FT3 k=%i: cross-pod pairs have (k/2)² shortest paths, same-pod cross-edge pairs k/2', (k) => {
    const d = pathDiversity(build(`ft3:k=${k}`));
    const cross = d.find((x) => x.class === 'cross pod')!;
    const same = d.find((x) => x.class === 'same pod, other leaf')!;
    expect(cross.shortestPaths).toEqual({ min: (k / 2) ** 2, max: (k / 2) ** 2, mean: (k / 2) ** 2 });
    expect(same.shortestPaths).toEqual({ min: k / 2, max: k / 2, mean: k / 2 });
    expect(cross.hops!.max).toBe(6);
    expect(same.hops!.max).toBe(4);
    // edge-disjoint paths between two edge switches: bounded by their k/2 uplinks, and reached
    expect(cross.edgeDisjoint!.min).toBe(k / 2);
    expect(same.edgeDisjoint!.min).toBe(k / 2);
  });

  it.each(['ft3:k=8', 'ft3:k=4', 'ft2:k=8,oversubscription=3', 'ft2:k=12', 'mpft:k=8,planes=4,gpusPerHost=4'])('%s: the symmetry shortcut (one source, one max-flow per class) equals measuring every leaf pair', (ref) => {
    const c = build(ref);
    const leaves = c.csr.switches;
    const sym = pathDiversity(c);
    const all = pathDiversity(c, { symmetry: false, sources: leaves, targetsPerClass: leaves, disjointPerClass: leaves });
    expect(all.every((x) => x.exact)).toBe(true);
    expect(sym.every((x) => x.exact)).toBe(true);
    expect(sym).toEqual(all);
  });

  it('FT3 k=32 is exact by symmetry, with (k/2)² and k/2 shortest paths and k/2 edge-disjoint paths', () => {
    const k = 32;
    const d = pathDiversity(build(`ft3:k=${k}`));
    const cross = d.find((x) => x.class === 'cross pod')!;
    const same = d.find((x) => x.class === 'same pod, other leaf')!;
    expect(cross.exact && same.exact).toBe(true);
    const L = (k * k) / 2;
    // ordered leaf pairs: every leaf to the k/2 − 1 others of its pod and the L − k/2 outside it
    expect(same.pairs).toBe(L * (k / 2 - 1));
    expect(cross.pairs).toBe(L * (L - k / 2));
    expect(cross.shortestPaths!.max).toBe((k / 2) ** 2);
    expect(same.shortestPaths!.min).toBe(k / 2);
    expect(cross.edgeDisjoint!.min).toBe(k / 2);
    // a partially built FT3 is not symmetric: sampled
    expect(pathDiversity(build('ft3:k=16,endpoints=700')).find((x) => x.class === 'cross pod')!.exact).toBe(false);
  });

  it('MPFT: no fabric path across planes; FT2 bundles count as edge-disjoint lanes', () => {
    const d = pathDiversity(build('mpft:k=8,planes=4,gpusPerHost=4'));
    expect(d.find((x) => x.class === 'cross plane')!.hops).toBeNull();
    const c = build('ft2:k=8,endpoints=8');
    // two leaves, one spine holding all 4 uplinks of each as a 4-lane bundle: 4 disjoint paths, 1 switch path
    expect(edgeDisjointPaths(c, c.csr.index.get('leaf0')!, c.csr.index.get('leaf1')!)).toBe(4);
  });
});

describe('analyze CLI: bisection and path classes', () => {
  it('--bisection-trials sets R; the same seed gives identical output, another seed other random halves', () => {
    const args = ['analyze', 'slimfly:q=7', '--bisection-trials', '6', '--json'];
    const a = cli([...args, '--seed', '3']);
    expect(a.code).toBe(0);
    expect(cli([...args, '--seed', '3']).stdout).toBe(a.stdout);
    const j = JSON.parse(a.stdout);
    expect(j.bisection.randomTrials).toBe(6);
    // every random half is a balanced cut: never above the NICs of a half
    expect(j.bisection.randomMinGbps).toBeLessThanOrEqual((j.counts.endpoints / 2) * 400 + 1e-6);
    expect(j.bisection.randomNote).toMatch(/upper bound/);
    const b = JSON.parse(cli([...args, '--seed', '4']).stdout);
    expect(b.bisection.cutGbps).toBe(j.bisection.cutGbps);
    expect(b.paths.classes).not.toEqual(j.paths.classes);
  });

  it('--bisection-trials out of range exits 2 with one line', () => {
    const r = cli(['analyze', 'ft2:k=8', '--bisection-trials', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--bisection-trials = "x": must be an integer from 0 to 1000/);
  });
});
