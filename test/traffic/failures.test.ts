import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { compile, type Compiled } from '../../src/analysis/analyze.js';
import { KIND_SWITCH, MEDIUM_FABRIC } from '../../src/topology/csr.js';
import { hostIndex } from '../../src/traffic/hosts.js';
import { runPhase } from '../../src/traffic/phase.js';
import { routeIdeal } from '../../src/traffic/route-ideal.js';
import { flowEndpointLoads, uniformByHostPairs, uniformDemand } from '../../src/traffic/uniform.js';
import { mapFlows } from '../../src/traffic/forward.js';
import { FlowList } from '../../src/traffic/flows.js';
import { reachUnder } from '../../src/traffic/reach.js';
import { flowColumns } from '../../src/traffic/route-ideal.js';
import { rng } from '../../src/topology/paths.js';
import { switchRotation } from '../../src/traffic/symmetry.js';
import { runTraffic } from '../../src/traffic/index.js';
import { uniformSaturation } from '../../src/analysis/saturation.js';
import { parseWorkload } from '../../src/traffic/workload.js';

const build = (ref: string) => compile(resolveTopology(ref)[0]);
const S = 1000;

/** Every edge touching a switch for which `pick(switch attrs)` holds. */
/** Each fabric edge (switch or NIC link, never NVLink) down with probability p, seeded. */
function randomLinks(c: Compiled, p: number, seed: number): Uint8Array {
  const r = rng(seed);
  const failed = new Uint8Array(c.csr.edges);
  for (let e = 0; e < c.csr.edges; e++) if (c.csr.medium[e] === MEDIUM_FABRIC && r() < p) failed[e] = 1;
  return failed;
}

function failSwitches(c: Compiled, pick: (id: string) => boolean): Uint8Array {
  const failed = new Uint8Array(c.csr.edges);
  for (let e = 0; e < c.csr.edges; e++) {
    const u = c.csr.arcTail[2 * e];
    const v = c.csr.arcHead[2 * e];
    if ((c.csr.kind[u] === KIND_SWITCH && pick(c.csr.ids[u])) || (c.csr.kind[v] === KIND_SWITCH && pick(c.csr.ids[v]))) failed[e] = 1;
  }
  return failed;
}

function flowBalance(c: Compiled, load: Float64Array) {
  for (let u = 0; u < c.csr.switches; u++) {
    let inflow = 0;
    let outflow = 0;
    for (let i = c.csr.offsets[u]; i < c.csr.offsets[u + 1]; i++) {
      outflow += load[c.csr.arcsOf[i]];
      inflow += load[c.csr.arcsOf[i] ^ 1];
    }
    expect(inflow).toBeCloseTo(outflow, 3);
  }
}

describe('symmetric routing (one pass per orbit, loads rotated) equals one pass per destination', () => {
  it.each(['ft3:k=8,gpusPerHost=4', 'ft3:k=6,gpusPerHost=1', 'dragonfly:p=2,a=4,h=2,gpusPerHost=2', 'dragonfly:p=3,a=4,h=2,g=6,gpusPerHost=1'])('%s', (ref) => {
    const c = build(ref);
    const rot = switchRotation(c);
    expect(rot).not.toBeNull();
    const hi = hostIndex(c.csr, c.fabric.getAttribute('gpusPerHost'));
    const u = uniformDemand(c.csr, hi, S, 1);
    expect(u.columns.rotationInvariant).toBe(true);
    const full = routeIdeal(c.csr, u.columns);
    const sym = routeIdeal(c.csr, u.columns, { symmetry: rot });
    expect(sym.passes).toBeLessThan(full.passes);
    for (let a = 0; a < full.arcLoad.length; a++) expect(sym.arcLoad[a]).toBeCloseTo(full.arcLoad[a], 6);
    expect(sym.hopBytes).toBeCloseTo(full.hopBytes, 3);
  });

  it('no rotation is claimed where none verifies: consecutive Dragonfly, partial ft3, MPFT', () => {
    for (const ref of ['dragonfly:p=2,a=4,h=2,arrangement=consecutive', 'ft3:k=6,endpoints=50', 'mpft:k=8,planes=8']) expect(switchRotation(build(ref)), ref).toBeNull();
    // hosts spanning two leaves make leaf demand depend on more than leaf sizes: no symmetric routing
    const c = build('ft3:k=8');
    expect(uniformDemand(c.csr, hostIndex(c.csr, 8), S, 1).columns.rotationInvariant).toBe(false);
  });
});

describe('hosts spanning two leaves: symmetric routing when the rotation maps hosts onto hosts', () => {
  // ft3:k=8 has 4 endpoints per leaf, hosts of 8 GPUs span two leaves; the pod rotation maps whole hosts.
  it.each(['ft3:k=8', 'dragonfly:p=4,a=8,h=4', 'dragonfly:p=3,a=4,h=2,g=6,gpusPerHost=2'])('%s: one pass per orbit equals one pass per leaf', (ref) => {
    const c = build(ref);
    const rot = switchRotation(c)!;
    expect(rot).not.toBeNull();
    const u = uniformDemand(c.csr, hostIndex(c.csr, c.fabric.getAttribute('gpusPerHost')), S, 1);
    expect(u.columns.rotationInvariant).toBe(false);
    expect(u.columns.invariantUnder!(rot.perm)).toBe(true);
    const full = routeIdeal(c.csr, u.columns);
    const sym = routeIdeal(c.csr, u.columns, { symmetry: rot });
    expect(sym.passes * rot.order).toBe(full.passes);
    for (let a = 0; a < full.arcLoad.length; a++) expect(sym.arcLoad[a]).toBeCloseTo(full.arcLoad[a], 6);
    expect(sym.hopBytes).toBeCloseTo(full.hopBytes, 3);
  });

  it('a rotation that splits hosts differently keeps one pass per leaf', () => {
    // 6 endpoints per group and hosts of 4 GPUs: group 0 holds host 0 and half of host 1, group 1 the other
    // half and host 2, so the group rotation does not map hosts onto hosts.
    const c = build('dragonfly:p=3,a=2,h=1,gpusPerHost=4');
    const rot = switchRotation(c);
    expect(rot).not.toBeNull();
    const u = uniformDemand(c.csr, hostIndex(c.csr, 4), S, 1);
    expect(u.columns.invariantUnder!(rot!.perm)).toBe(false);
    expect(routeIdeal(c.csr, u.columns, { symmetry: rot }).passes).toBe(u.columns.destinations.length);
  });
});

describe('multi-plane uniform by host pairs agrees with the closed-form path when nothing fails', () => {
  it.each(['mpft:k=8,planes=8', 'mpft:k=8,planes=4,gpusPerHost=4,endpoints=48'])('%s', (ref) => {
    const c = build(ref);
    const hi = hostIndex(c.csr, c.fabric.getAttribute('gpusPerHost'));
    const a = uniformDemand(c.csr, hi, S, c.fabric.getAttribute('planes'));
    const b = uniformByHostPairs(c.csr, hi, S, undefined);
    for (const k of ['fabricBytes', 'nvlinkBytes', 'pxnBytes', 'unreachableBytes'] as const) expect(b[k]).toBeCloseTo(a[k], 3);
    for (let e = 0; e < c.csr.endpoints; e++) {
      expect(b.endpointUp[e]).toBeCloseTo(a.endpointUp[e], 6);
      expect(b.nvUp[e]).toBeCloseTo(a.nvUp[e], 6);
      expect(b.nvDown[e]).toBeCloseTo(a.nvDown[e], 6);
    }
    const ra = routeIdeal(c.csr, a.columns).arcLoad;
    const rb = routeIdeal(c.csr, b.columns).arcLoad;
    for (let x = 0; x < ra.length; x++) expect(rb[x]).toBeCloseTo(ra[x], 6);
  });
});

describe('uniform demand and the per-flow router apply one forwarding rule, with failures', () => {
  // Every ordered GPU pair as an explicit flow through mapFlows (forward.ts) is the independent reference.
  const perFlow = (c: Compiled, hi: ReturnType<typeof hostIndex>, failed: Uint8Array | undefined, failover: boolean) => {
    const N = c.csr.endpoints;
    const flows = new FlowList(N * N);
    for (let a = 0; a < N; a++) for (let b = 0; b < N; b++) if (a !== b) flows.push(a, b, S);
    const m = mapFlows(c.csr, hi, flows, { reach: failed ? reachUnder(c.csr, failed) : undefined, failover });
    return { m, loads: flowEndpointLoads(c.csr, m.fabric), columns: flowColumns(c.csr, m.fabric) };
  };
  const cases: Array<[string, (c: Compiled) => Uint8Array | undefined]> = [
    ['mpft:k=8,planes=8', () => undefined],
    ['mpft:k=8,planes=8', (c) => failSwitches(c, (id) => id.startsWith('p3.'))],
    ['mpft:k=8,planes=4,gpusPerHost=8', () => undefined],
    ['mpft:k=8,planes=4,gpusPerHost=8', (c) => randomLinks(c, 0.15, 7)],
    ['mpft:k=8,planes=8', (c) => randomLinks(c, 0.2, 3)],
    ['ft3:k=4,gpusPerHost=2', (c) => randomLinks(c, 0.2, 11)],
    ['ft2:k=8,gpusPerHost=4', (c) => randomLinks(c, 0.25, 5)],
  ];
  it.each(cases.map(([ref, f], i) => [`${ref} #${i}`, ref, f] as const))('%s', (_, ref, fail) => {
    const c = build(ref);
    const planes = c.fabric.getAttribute('planes');
    const hi = hostIndex(c.csr, c.fabric.getAttribute('gpusPerHost'));
    const failed = fail(c);
    const reach = failed ? reachUnder(c.csr, failed) : undefined;
    // single-plane uniform counts a pair with a dead NIC as unreachable (no failover), multi-plane fails over
    const u = planes > 1 ? uniformByHostPairs(c.csr, hi, S, reach) : uniformDemand(c.csr, hi, S, planes, reach);
    const { m, loads, columns } = perFlow(c, hi, failed, planes > 1);
    expect(u.unreachablePairs).toBe(m.unreachablePairs);
    expect(u.unreachableBytes).toBeCloseTo(m.unreachableBytes, 3);
    expect(u.failoverBytes).toBeCloseTo(m.failoverBytes, 3);
    expect(u.pxnBytes).toBeCloseTo(m.pxnBytes, 3);
    expect(u.nvlinkBytes).toBeCloseTo(m.nvlinkBytes, 3);
    expect(u.fabricBytes).toBeCloseTo(loads.fabricBytes, 3);
    for (let e = 0; e < c.csr.endpoints; e++) {
      expect(u.endpointUp[e]).toBeCloseTo(loads.endpointUp[e], 6);
      expect(u.endpointDown[e]).toBeCloseTo(loads.endpointDown[e], 6);
      expect(u.nvUp[e]).toBeCloseTo(m.nvUp[e], 6);
      expect(u.nvDown[e]).toBeCloseTo(m.nvDown[e], 6);
    }
    const ru = routeIdeal(c.csr, u.columns, { failed });
    const rf = routeIdeal(c.csr, columns, { failed });
    for (let a = 0; a < ru.arcLoad.length; a++) expect(ru.arcLoad[a]).toBeCloseTo(rf.arcLoad[a], 6);
    expect(ru.unreachableBytes).toBeCloseTo(rf.unreachableBytes, 3);
  });
});

describe('failures', () => {
  it('an isolated leaf: its pairs are unreachable (2·n·(N−n) pairs), never dropped, balance holds elsewhere', () => {
    const c = build('ft2:k=4,gpusPerHost=1');
    const N = c.csr.endpoints;
    const leaf = c.csr.endpointLeaf[0];
    const n = c.csr.leafEndpoints[leaf];
    const failed = new Uint8Array(c.csr.edges);
    for (let i = c.csr.swOffsets[leaf]; i < c.csr.swOffsets[leaf + 1]; i++) failed[c.csr.swArc[i] >> 1] = 1;
    const hi = hostIndex(c.csr, 1);
    const r = runPhase(c.csr, hi, 1, { kind: 'uniform', bytesPerPair: S }, { failed, keepArcLoads: true });
    expect(r.demand.unreachablePairs).toBe(2 * n * (N - n));
    expect(r.demand.unreachableBytes).toBeCloseTo(2 * n * (N - n) * S, 6);
    expect(r.demand.fabricBytes + r.demand.unreachableBytes).toBeCloseTo(N * (N - 1) * S, 6);
    // the isolated leaf's NICs only carry the pairs inside the leaf
    expect(r.arcLoad![c.csr.endpointUpArc[0]]).toBeCloseTo((n - 1) * S, 6);
    flowBalance(c, r.arcLoad!);
    // the same through runTraffic: failures are counted
    const j = runTraffic(c, 'uniform', { failedEdges: failed, bytesPerPair: S });
    expect(j.demand.unreachablePairs).toBe(2 * n * (N - n));
    expect(j.failures!.switchLinksDown).toBe(c.csr.swOffsets[leaf + 1] - c.csr.swOffsets[leaf]);
  });

  it('MPFT with one plane down: uniform fails over to the other planes, each NIC then carries 8/7 of its share', () => {
    const c = build('mpft:k=8,planes=8');
    const H = c.fabric.getAttribute('hosts');
    const G = 8;
    const failed = failSwitches(c, (id) => id.startsWith('p3.'));
    const r = runTraffic(c, 'uniform', { failedEdges: failed, bytesPerPair: S, keepArcLoads: true });
    const p = r.phases[0];
    expect(r.demand.unreachableBytes).toBe(0);
    expect(p.demand.fabricBytes).toBeCloseTo(H * (H - 1) * G * G * S, 3);
    expect(p.demand.failoverBytes).toBeCloseTo(H * (H - 1) * G * S, 3);
    for (let e = 0; e < c.csr.endpoints; e++) {
      const x = p.arcLoad![c.csr.endpointUpArc[e]];
      if (c.csr.plane[c.csr.switches + e] === 3) expect(x).toBe(0);
      else expect(x).toBeCloseTo(((H - 1) * G * S * 8) / 7, 3);
    }
    flowBalance(c, p.arcLoad!);
    // without failover, exactly the plane's share is unreachable: H·(H−1)·G ordered GPU pairs
    const nf = runTraffic(c, 'uniform', { failedEdges: failed, bytesPerPair: S, failover: false });
    expect(nf.demand.unreachablePairs).toBe(H * (H - 1) * G);
    expect(nf.demand.unreachableBytes).toBeCloseTo(H * (H - 1) * G * S, 3);
    // saturation: 7/8 of the NIC rate with a plane down, 1 with all planes up
    expect(uniformSaturation(c).fraction).toBeCloseTo(1, 9);
    expect(uniformSaturation(c, { failedEdges: failed }).fraction).toBeCloseTo(7 / 8, 9);
  });

  it('MPFT EP with NVLink forwarding and a plane down: same fabric bytes, nothing unreachable, the dead plane idle', () => {
    const c = build('mpft-2048');
    const w = parseWorkload({ kind: 'ep', ep: 64, tokensPerGpu: 64 }, 'test');
    const ok = runTraffic(c, w);
    const failed = failSwitches(c, (id) => id.startsWith('p5.'));
    const down = runTraffic(c, w, { failedEdges: failed, keepArcLoads: true });
    expect(down.demand.unreachableBytes).toBe(0);
    expect(down.demand.fabricBytes).toBeCloseTo(ok.demand.fabricBytes, 0);
    expect(down.demand.failoverBytes).toBeGreaterThan(0);
    expect(down.demand.nvlinkBytes).toBeGreaterThan(ok.demand.nvlinkBytes);
    for (const p of down.phases) for (let e = 0; e < c.csr.edges; e++) if (failed[e]) expect(p.arcLoad![2 * e] + p.arcLoad![2 * e + 1]).toBe(0);
    // without failover, the dead plane's share (1/8 of landings) is reported unreachable
    const nf = runTraffic(c, w, { failedEdges: failed, failover: false });
    expect(nf.demand.unreachableBytes / ok.demand.fabricBytes).toBeCloseTo(1 / 8, 6);
    expect(nf.demand.unreachablePairs).toBeGreaterThan(0);
    // what fails over is exactly what is lost without failover (as in the uniform case above, H·(H−1)·G·S both)
    expect(down.demand.failoverBytes).toBeCloseTo(nf.demand.unreachableBytes, 0);
  });

  it('ecmp-hash under a plane failure routes the same bytes over the same hops as ideal, none on the dead plane', () => {
    const c = build('mpft:k=8,planes=8');
    const failed = failSwitches(c, (id) => id.startsWith('p2.'));
    const w = parseWorkload({ kind: 'permutation', bytesPerPair: S }, 'test');
    const ideal = runTraffic(c, w, { failedEdges: failed, seed: 5 });
    const hash = runTraffic(c, w, { failedEdges: failed, seed: 5, routing: 'ecmp-hash', keepArcLoads: true });
    expect(hash.demand.unreachableBytes).toBe(0);
    expect(hash.phases[0].demand.switchHopBytes).toBeCloseTo(ideal.phases[0].demand.switchHopBytes, 6);
    for (let e = 0; e < c.csr.edges; e++) if (failed[e]) expect(hash.phases[0].arcLoad![2 * e] + hash.phases[0].arcLoad![2 * e + 1]).toBe(0);
    expect(hash.phases[0].routing.hash!.maxSwitchLinkBytesMean).toBeGreaterThanOrEqual(ideal.phases[0].congestion.maxSwitchLinkBytes - 1e-6);
  });

  it('ecmp-hash p95 is the nearest-rank 95th percentile of the per-trial busiest lanes', () => {
    // Trial r uses the same salt whatever the trial count, so R·mean(R) − (R−1)·mean(R−1) recovers trial R's
    // busiest lane. With 20 trials the nearest-rank p95 is the 19th smallest, not the maximum.
    const c = build('ft2:k=16,gpusPerHost=1');
    const w = parseWorkload({ kind: 'uniform', bytesPerPair: S }, 'test');
    let seed = 0;
    let perTrial: number[] = [];
    let sorted: number[] = [];
    const stats = (trials: number) => runTraffic(c, w, { seed, routing: 'ecmp-hash', trials }).phases[0].routing.hash!;
    // the first seed whose two busiest trials differ, so that p95 and the maximum are told apart
    while (seed < 10 && !(sorted.length && sorted[19] - sorted[18] > S / 2)) {
      seed++;
      const means = Array.from({ length: 20 }, (_, i) => stats(i + 1).maxSwitchLinkBytesMean);
      perTrial = means.map((m, i) => (i + 1) * m - i * (i ? means[i - 1] : 0));
      sorted = [...perTrial].sort((a, b) => a - b);
    }
    expect(sorted[19] - sorted[18]).toBeGreaterThan(S / 2);
    const h = stats(20);
    expect(h.maxSwitchLinkBytesP95).toBeCloseTo(sorted[Math.ceil(0.95 * 20) - 1], 3);
    expect(h.maxSwitchLinkBytesMean).toBeCloseTo(perTrial.reduce((a, b) => a + b, 0) / 20, 3);
    // and with one trial, mean = p95 = that trial's busiest lane
    expect(stats(1).maxSwitchLinkBytesP95).toBeCloseTo(perTrial[0], 3);
  });

  it('rejects a failure mask of the wrong length', () => {
    const c = build('ft2:k=4');
    expect(() => runTraffic(c, 'uniform', { failedEdges: new Uint8Array(3) })).toThrow(/failedEdges: length 3/);
  });
});

describe('saturation throughput (uniform all-to-all)', () => {
  it.each([4, 8, 16])('full-bisection ft2:k=%i saturates the NICs (fraction 1)', (k) => {
    expect(uniformSaturation(build(`ft2:k=${k},gpusPerHost=1`)).fraction).toBeCloseTo(1, 9);
  });

  it.each([2, 3])('ft2:k=8 with %i:1 leaves: fraction = (N−1) / (r·(N−n)) from the uplink closed form', (r) => {
    const c = build(`ft2:k=8,oversubscription=${r},gpusPerHost=1`);
    const N = c.csr.endpoints;
    const leaf = c.csr.endpointLeaf[0];
    const n = c.csr.leafEndpoints[leaf];
    let up = 0;
    for (let i = c.csr.swOffsets[leaf]; i < c.csr.swOffsets[leaf + 1]; i++) up += c.csr.lanes[c.csr.swArc[i] >> 1];
    // a leaf's n NICs send n·(N−n)·S over `up` uplink lanes; a NIC alone sends (N−1)·S
    expect(uniformSaturation(c).fraction).toBeCloseTo(Math.min(1, (N - 1) / ((n * (N - n)) / up)), 9);
  });
});

describe('library surface', () => {
  it('per-edge loads are keyed by graphology edge keys and hot links name their edge and endpoints', () => {
    const c = build('ft2:k=4');
    const r = runTraffic(c, 'uniform', { edgeLoads: true, bytesPerPair: S });
    const loads = r.phases[0].edgeLoads!;
    // ft2:k=4 holds one 8-GPU host: all traffic is intra-host, so only the 8 NVLink spokes carry load,
    // 7·S each way (each GPU sends to and receives from 7 others), and each is the busiest link (u = 1)
    expect(Object.keys(loads).sort()).toEqual(Array.from({ length: 8 }, (_, g) => `h0.g${g}~h0.nv`));
    for (const [key, [f, b, u]] of Object.entries(loads)) {
      expect(c.fabric.hasEdge(key)).toBe(true);
      expect([f, b, u]).toEqual([7 * S, 7 * S, 1]);
    }
    for (const l of r.congestion.hotLinks) {
      expect(c.fabric.hasEdge(l.edge)).toBe(true);
      expect([c.fabric.source(l.edge), c.fabric.target(l.edge)].sort()).toEqual([l.source, l.target].sort());
    }
    expect(runTraffic(c, 'uniform').phases[0].edgeLoads).toBeUndefined();
  });
});
