/**
 * Max-flow and the bisection cut in detail, against brute force written here on fabrics of at most 14
 * switches: the minimum cut over every subset of switches, the smallest minimum-cut set (the intersection of
 * all of them, which is what the residual graph reaches), lanes crossing it, side sizes, NIC limits, failures.
 */
import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { compile, type Compiled } from '../../src/topology/compiled.js';
import { bisection, cutBetween, naturalHalves } from '../../src/topology/bisection.js';
import { FlowNetwork } from '../../src/topology/maxflow.js';
import { prng } from '../helpers/reference-router.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { familyFabric, addLinks, addHostScaleUp } from '../../src/topology/model.js';

const build = (ref: string) => compile(resolveTopology(ref)[0]);

/**
 * Every subset X of switches (X on the source side): NICs of side-A leaves outside X, of side-B leaves inside
 * X, and switch links leaving X. Returns the minimum and the intersection of every minimising X.
 */
function brute(c: Compiled, side: Uint8Array, failed?: Uint8Array) {
  const { csr } = c;
  const S = csr.switches;
  const nic = new Array<number>(S).fill(0);
  for (let e = 0; e < csr.endpoints; e++) {
    const a = csr.endpointUpArc[e];
    if (!failed?.[a >> 1]) nic[csr.endpointLeaf[e]] += csr.gbps[a >> 1];
  }
  const half = new Array<number>(S).fill(0);
  const seen = new Array<number>(S).fill(0);
  for (let e = 0; e < csr.endpoints; e++) {
    const u = csr.endpointLeaf[e];
    const a = csr.endpointUpArc[e];
    if (seen[u]++ < Math.floor(csr.leafEndpoints[u] / 2) && !failed?.[a >> 1]) half[u] += csr.gbps[a >> 1];
  }
  const links: Array<[number, number, number, number]> = [];
  for (let e = 0; e < csr.edges; e++) {
    const [u, v] = [csr.arcTail[2 * e], csr.arcHead[2 * e]];
    if (u < S && v < S && !failed?.[e]) links.push([u, v, csr.lanes[e] * csr.gbps[e], csr.lanes[e]]);
  }
  let best = Infinity;
  let meet = (1 << S) - 1;
  for (let X = 0; X < 1 << S; X++) {
    let cut = 0;
    for (let u = 0; u < S; u++) {
      if (csr.leafEndpoints[u] === 0) continue;
      const inX = (X >> u) & 1;
      if (side[u] === 1 && !inX) cut += nic[u];
      if (side[u] === 0 && inX) cut += nic[u];
      // a plane's only leaf (side 2): its first ⌊n/2⌋ NICs on side A, the rest on side B
      if (side[u] === 2) cut += inX ? nic[u] - half[u] : half[u];
    }
    for (const [u, v, cap] of links) if (((X >> u) & 1) !== ((X >> v) & 1)) cut += cap;
    if (cut < best - 1e-9) {
      best = cut;
      meet = X;
    } else if (Math.abs(cut - best) <= 1e-9) meet &= X;
  }
  let crossing = 0;
  for (const [u, v, , lanes] of links) if (((meet >> u) & 1) !== ((meet >> v) & 1)) crossing += lanes;
  const capA = nic.reduce((s, x, u) => s + (csr.leafEndpoints[u] === 0 ? 0 : side[u] === 1 ? x : side[u] === 2 ? half[u] : 0), 0);
  const capB = nic.reduce((s, x, u) => s + (csr.leafEndpoints[u] === 0 ? 0 : side[u] === 0 ? x : side[u] === 2 ? x - half[u] : 0), 0);
  return { gbps: best, crossing, capA, capB };
}

function sideCounts(c: Compiled, side: Uint8Array) {
  const A = { endpoints: 0, leaves: 0 };
  const B = { endpoints: 0, leaves: 0 };
  for (let u = 0; u < c.csr.switches; u++) {
    if (c.csr.leafEndpoints[u] === 0) continue;
    if (side[u] === 2) {
      A.endpoints += Math.floor(c.csr.leafEndpoints[u] / 2);
      B.endpoints += c.csr.leafEndpoints[u] - Math.floor(c.csr.leafEndpoints[u] / 2);
      A.leaves++;
      B.leaves++;
      continue;
    }
    const s = side[u] === 1 ? A : B;
    s.endpoints += c.csr.leafEndpoints[u];
    s.leaves++;
  }
  return { A, B };
}

describe('cutBetween against brute force: value, crossing lanes, sides, NIC limit', () => {
  // mpft with 3 and 4 endpoints per plane: each plane is one leaf, halved inside it (3 = 1 + 2)
  const cases = ['mpft:k=8,planes=4,gpusPerHost=4,endpoints=12', 'mpft:k=8,planes=2,gpusPerHost=2,endpoints=8', 'ft2:k=8', 'ft2:k=8,endpoints=20,spines=3', 'ft2:k=8,oversubscription=3', 'ft2:k=12,endpoints=40', 'dragonfly:p=1,a=3,h=1,g=4', 'dragonfly:p=3,a=2,h=1,g=3', 'ft3:k=4,endpoints=6'];
  it.each(cases)('%s: natural and random halves', (ref) => {
    const c = build(ref);
    expect(c.csr.switches).toBeLessThanOrEqual(14);
    const { side, halves } = naturalHalves(c);
    if (ref.startsWith('mpft')) expect([...side].filter((x) => x === 2)).toHaveLength(Number(/planes=(\d+)/.exec(ref)![1]));
    const r = prng(ref.length);
    const sides = [side];
    for (let t = 0; t < 4; t++) sides.push(Uint8Array.from({ length: c.csr.switches }, () => (r() < 0.5 ? 1 : 0)));
    for (const s of sides) {
      const got = cutBetween(c, s, halves);
      const want = brute(c, s);
      expect(got.gbps).toBeCloseTo(want.gbps, 6);
      expect(got.crossingLinks).toBe(want.crossing);
      expect(got.nicLimited).toBe(Math.abs(want.gbps - Math.min(want.capA, want.capB)) < 1e-6);
      const { A, B } = sideCounts(c, s);
      expect(got.sideA).toEqual(A);
      expect(got.sideB).toEqual(B);
      expect(got.halves).toBe(halves);
    }
  });

  it('the NIC limit is reported both ways: a 3:1 oversubscribed FT2 is fabric-bound, a full one NIC-bound', () => {
    const over = build('ft2:k=8,oversubscription=3');
    const full = build('ft2:k=8');
    const o = cutBetween(over, naturalHalves(over).side, 'x');
    const f = cutBetween(full, naturalHalves(full).side, 'x');
    expect([o.nicLimited, f.nicLimited]).toEqual([false, true]);
    // full ft2:k=8: 16 NICs a side; 3:1 at k=8: 6 down, 2 up, 8 leaves: 4 leaves' 8 uplinks cross
    expect(f.gbps).toBe(16 * 400);
    expect(o.gbps).toBe(8 * 400);
  });

  it('failed links and NICs: the cut of what is left, against brute force', () => {
    for (const ref of ['ft2:k=8', 'dragonfly:p=2,a=3,h=1,g=4', 'ft3:k=4,endpoints=12']) {
      const c = build(ref);
      const r = prng(7);
      const failed = new Uint8Array(c.csr.edges);
      for (let e = 0; e < c.csr.edges; e++) if (r() < 0.25) failed[e] = 1;
      const { side, halves } = naturalHalves(c);
      const got = cutBetween(c, side, halves, failed);
      const want = brute(c, side, failed);
      expect(got.gbps, ref).toBeCloseTo(want.gbps, 6);
      expect(got.crossingLinks, ref).toBe(want.crossing);
      const b = bisection(c, { failedEdges: failed, trials: 0 });
      expect(b.cutGbps).toBeCloseTo(want.gbps, 6);
      expect([b.theoreticalGbps, b.theoreticalBasis]).toEqual([null, 'closed form applies to the healthy fabric only']);
    }
  });
});

describe('a plane with a single leaf, halved inside it, with NICs down', () => {
  it('mpft:k=8,planes=2,gpusPerHost=2,endpoints=8 (one 4-NIC leaf a plane): failures on either half, against brute force', () => {
    const c = build('mpft:k=8,planes=2,gpusPerHost=2,endpoints=8');
    const { side, halves } = naturalHalves(c);
    expect([...side].filter((x) => x === 2)).toHaveLength(2);
    const S = c.csr.switches;
    // NICs in leaf order (the first two of a leaf form side A): fail, per plane, one on each half, or both of B
    const byLeaf = new Map<number, number[]>();
    for (let e = 0; e < c.csr.endpoints; e++) byLeaf.set(c.csr.endpointLeaf[e], [...(byLeaf.get(c.csr.endpointLeaf[e]) ?? []), e]);
    const [l0, l1] = [...byLeaf.keys()].filter((u) => u < S);
    for (const down of [[byLeaf.get(l0)![0], byLeaf.get(l0)![2]], [byLeaf.get(l0)![2], byLeaf.get(l0)![3], byLeaf.get(l1)![1]]]) {
      const failed = new Uint8Array(c.csr.edges);
      for (const e of down) failed[c.csr.endpointUpArc[e] >> 1] = 1;
      const got = cutBetween(c, side, halves, failed);
      const want = brute(c, side, failed);
      expect(got.gbps).toBeCloseTo(want.gbps, 6);
      expect(got.nicLimited).toBe(Math.abs(want.gbps - Math.min(want.capA, want.capB)) < 1e-6);
    }
    // one NIC of each half down in plane 0: 1 + 1 left there, 2 + 2 in plane 1: 400 + 800
    const failed = new Uint8Array(c.csr.edges);
    for (const e of [byLeaf.get(l0)![0], byLeaf.get(l0)![2]]) failed[c.csr.endpointUpArc[e] >> 1] = 1;
    expect(cutBetween(c, side, halves, failed).gbps).toBe(400 + 800);
    // every side-B NIC down in both planes: nothing can cross, and it is side B's NICs that limit it
    const noB = new Uint8Array(c.csr.edges);
    for (const u of [l0, l1]) for (const e of byLeaf.get(u)!.slice(2)) noB[c.csr.endpointUpArc[e] >> 1] = 1;
    const empty = cutBetween(c, side, halves, noB);
    expect([empty.gbps, empty.nicLimited]).toEqual([0, true]);
    // random halves keep a single leaf split too: every draw is the natural cut, 2 planes × 2 NICs
    const b = bisection(c);
    expect([b.cutGbps, b.randomMinGbps]).toEqual([1600, 1600]);
  });
});

describe('bisection(): halves, figures per endpoint, random halves', () => {
  it.each([
    ['ft2:k=8', 'leaves'],
    ['ft3:k=4', 'pods'],
    ['mrft:k=8,gpusPerHost=2,suHosts=4,sus=3', 'sus'],
    ['dragonfly:p=2,a=3,h=1,g=4', 'groups'],
    ['dragonfly:p=1,a=2,h=1', 'groups (the middle group split)'],
    ['mpft:k=8,planes=4,gpusPerHost=4', 'hosts (every plane)'],
    ['slimfly:q=3', 'leaves'],
  ])('%s: halves are %s', (ref, halves) => {
    const c = build(ref);
    const b = bisection(c, { trials: 0 });
    expect(b.cut.halves).toBe(halves);
    const small = Math.min(b.cut.sideA.endpoints, b.cut.sideB.endpoints);
    expect(b.perEndpointGbps).toBeCloseTo(b.cutGbps / small, 9);
    expect(b.perEndpointFraction).toBeCloseTo(b.cutGbps / small / 400, 12);
    expect([b.randomTrials, b.randomMinGbps]).toEqual([0, b.cutGbps]);
  });

  it('a family without a closed form says so; unequal halves divide by the smaller side', () => {
    const sf = bisection(build('slimfly:q=3'), { trials: 0 });
    expect([sf.theoreticalGbps, sf.theoreticalBasis]).toEqual([null, 'no closed form for this family']);
    // ft2:k=8 with 13 endpoints: leaves of 4, 4, 4, 1; halves of 8 (two leaves) and 5
    const b = bisection(build('ft2:k=8,endpoints=13'), { trials: 0 });
    expect([b.cut.sideA.endpoints, b.cut.sideB.endpoints].sort()).toEqual([5, 8]);
    expect(b.perEndpointGbps).toBeCloseTo(b.cutGbps / 5, 9);
  });

  it('random halves are balanced: on a full fat-tree every balanced cut is NIC-bound at N/2 NICs', () => {
    // ft2:k=8: 8 leaves of 4; any 4 leaves against the other 4 cross 16 · 400 Gb/s; one leaf more on a side would cut less
    for (const seed of [1, 2, 3]) expect(bisection(build('ft2:k=8'), { seed }).randomMinGbps).toBe(16 * 400);
  });

  it('random halves: the default is 4 trials, each balanced (never below the balanced minimum cut), and the seed decides', () => {
    const c = build('dragonfly:p=2,a=2,h=1,g=3');
    const b = bisection(c);
    expect(b.randomTrials).toBe(4);
    expect(b.randomNote).toBe('minimum over random balanced halves of whole leaves: an upper bound on the true minimum bisection');
    // every random half is balanced by endpoints, so its cut is at least the minimum bisection (brute force over
    // balanced leaf subsets here), and the reported minimum is one of the cuts
    const leaves = Array.from({ length: c.csr.switches }, (_, u) => u).filter((u) => c.csr.leafEndpoints[u] > 0);
    let minBalanced = Infinity;
    for (let m = 0; m < 1 << leaves.length; m++) {
      const side = new Uint8Array(c.csr.switches);
      let n = 0;
      leaves.forEach((u, i) => {
        if ((m >> i) & 1) (side[u] = 1), (n += c.csr.leafEndpoints[u]);
      });
      if (2 * n !== c.csr.endpoints) continue;
      minBalanced = Math.min(minBalanced, brute(c, side).gbps);
    }
    expect(b.randomMinGbps).toBeGreaterThanOrEqual(minBalanced - 1e-6);
    expect(bisection(c, { seed: 1 }).randomMinGbps).toBe(b.randomMinGbps);
    const seeds = new Set([2, 3, 4, 5, 6, 7, 8, 9].map((seed) => bisection(c, { seed, trials: 1 }).randomMinGbps));
    expect(seeds.size).toBeGreaterThan(1);
    for (const x of seeds) expect(x).toBeGreaterThanOrEqual(minBalanced - 1e-6);
  });
});

describe('FlowNetwork', () => {
  /** Random directed/undirected arcs on n nodes; brute-force s–t cut over every subset holding s and not t. */
  function randomNet(n: number, m: number, seed: number, hint?: number) {
    const r = prng(seed);
    const arcs: Array<[number, number, number, boolean]> = [];
    for (let i = 0; i < m; i++) {
      const u = Math.floor(r() * n);
      const v = Math.floor(r() * n);
      if (u !== v) arcs.push([u, v, Math.floor(r() * 10), r() < 0.5]);
    }
    const net = new FlowNetwork(n, hint);
    for (const [u, v, c, und] of arcs) (und ? net.addUndirected : net.addDirected).call(net, u, v, c);
    const cutOf = (X: number) => {
      let cut = 0;
      for (const [u, v, c, und] of arcs) {
        const [xu, xv] = [(X >> u) & 1, (X >> v) & 1];
        if (xu && !xv) cut += c;
        if (und && xv && !xu) cut += c;
      }
      return cut;
    };
    let best = Infinity;
    for (let X = 0; X < 1 << n; X++) if ((X & 1) === 1 && ((X >> (n - 1)) & 1) === 0) best = Math.min(best, cutOf(X));
    return { net, best, cutOf };
  }

  it('max-flow = brute-force minimum cut; the residual source side is a minimum cut; reset() replays it', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const n = 4 + (seed % 6);
      const { net, best, cutOf } = randomNet(n, 3 * n, seed, 1 + (seed % 3));
      expect(net.maxflow(0, n - 1), `seed ${seed}`).toBeCloseTo(best, 9);
      const side = net.sourceSide(0);
      expect(side[0]).toBe(1);
      expect(side[n - 1]).toBe(0);
      let X = 0;
      for (let u = 0; u < n; u++) if (side[u]) X |= 1 << u;
      expect(cutOf(X), `seed ${seed}`).toBeCloseTo(best, 9);
      // a second maxflow without reset finds nothing more; after reset the same value again
      expect(net.maxflow(0, n - 1)).toBe(0);
      net.reset();
      expect(net.maxflow(0, n - 1)).toBeCloseTo(best, 9);
    }
  });

  it('an arc added after a max-flow joins the network (capacities rebuilt from it)', () => {
    const net = new FlowNetwork(3, 1);
    net.addDirected(0, 1, 5);
    net.addDirected(1, 2, 3);
    expect(net.maxflow(0, 2)).toBe(3);
    net.reset();
    net.addDirected(0, 2, 4);
    net.reset();
    expect(net.maxflow(0, 2)).toBe(7);
    net.reset();
    expect(net.maxflow(0, 2)).toBe(7);
    // undirected links carry flow either way, up to their capacity
    const u = new FlowNetwork(3);
    u.addUndirected(2, 1, 6);
    u.addUndirected(1, 0, 2);
    expect(u.maxflow(0, 2)).toBe(2);
    expect(Array.from(u.sourceSide(0))).toEqual([1, 0, 0]);
  });

  it('a long path (deep level graph) and unreachable sinks', () => {
    const n = 3000;
    const net = new FlowNetwork(n);
    for (let u = 0; u + 1 < n; u++) net.addDirected(u, u + 1, 1 + (u % 5));
    expect(net.maxflow(0, n - 1)).toBe(1);
    const cut = new FlowNetwork(4);
    cut.addDirected(0, 1, 5);
    cut.addDirected(2, 3, 5);
    expect(cut.maxflow(0, 3)).toBe(0);
    expect(Array.from(cut.sourceSide(0))).toEqual([1, 1, 0, 0]);
  });
});

describe('natural halves of an imported fabric whose leaves list their pods out of order', () => {
  // Two "pods" of two leaves, each pod under its own spine, the spines joined by one link; a fifth leaf with no
  // pod attribute under pod 1's spine. Leaves (switch index: pod): 0: 1, 1: 0, 2: 1, 3: 0, 4: none; 2 NICs each.
  // Leaves sort by pod, and a leaf without one by its own index (key 4 after pods 0 and 1): 1, 3 | 0, 2, 4.
  // Side A takes the prefix up to half the 10 NICs: leaves 1 and 3 (pod 0, 4 NICs), the next leaf would pass 5.
  const dir = mkdtempSync(join(tmpdir(), 'topoplan-halves-'));
  const file = join(dir, 'pods.json');
  const f = familyFabric('toy', 'toy', { k: 8, gpusPerHost: 2, nicGbps: 400, nvlinkGbps: 1600 }, 5);
  const pods = [1, 0, 1, 0, -1];
  pods.forEach((pod, i) => f.addNode(`leaf${i}`, { kind: 'switch', tier: 1, role: 'leaf', radix: 8, ...(pod >= 0 ? { pod } : {}) }));
  f.addNode('spine0', { kind: 'switch', tier: 2, role: 'spine', radix: 8 });
  f.addNode('spine1', { kind: 'switch', tier: 2, role: 'spine', radix: 8 });
  pods.forEach((pod, i) => addLinks(f, `leaf${i}`, pod === 0 ? 'spine0' : 'spine1', 2, 400, 'leaf-spine'));
  addLinks(f, 'spine0', 'spine1', 1, 400, 'spine-core');
  for (let h = 0; h < 5; h++) for (let g = 0; g < 2; g++) addLinks(f, addHostScaleUp(f, h, g), `leaf${h}`, 1, 400, 'endpoint');
  writeFileSync(file, JSON.stringify(f.export()));

  it('pod 0 against the rest: the one spine link is the cut', () => {
    const c = compile(resolveTopology(file)[0]);
    expect(c.csr.switches).toBe(7);
    const { side, halves } = naturalHalves(c);
    expect(halves).toBe('pods');
    const leaf = (i: number) => c.csr.switchNamed(`leaf${i}`);
    expect([0, 1, 2, 3, 4].map((i) => side[leaf(i)])).toEqual([0, 1, 0, 1, 0]);
    const cut = cutBetween(c, side, halves);
    // 4 NICs of pod 0 against 6: pod 0's traffic to the rest crosses spine0–spine1 (one 400 Gb/s lane)
    expect([cut.sideA.endpoints, cut.sideB.endpoints, cut.gbps, cut.crossingLinks]).toEqual([4, 6, 400, 1]);
    expect(cut.gbps).toBe(brute(c, side).gbps);
  });
});
