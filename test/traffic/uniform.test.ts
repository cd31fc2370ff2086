import { describe, expect, it } from 'vitest';
import { UndirectedGraph } from 'graphology';
import { singleSourceLength } from 'graphology-shortest-path/unweighted.js';
import { resolveTopology } from '../../src/topology/spec.js';
import { compile, type Compiled } from '../../src/analysis/analyze.js';
import { KIND_ENDPOINT, KIND_SWITCH } from '../../src/topology/csr.js';
import { hostIndex } from '../../src/traffic/hosts.js';
import { runPhase } from '../../src/traffic/phase.js';

const build = (ref: string) => compile(resolveTopology(ref)[0]);
const S = 1000; // bytes per ordered pair

function uniform(c: Compiled, routing: 'ideal' | 'ecmp-hash' = 'ideal') {
  const hi = hostIndex(c.csr, c.fabric.getAttribute('gpusPerHost'));
  return runPhase(c.csr, hi, c.fabric.getAttribute('planes'), { kind: 'uniform', bytesPerPair: S }, { keepArcLoads: true, routing });
}

/** Loads of every directed arc, grouped by the edge's layer and direction (up = towards higher tier). */
function byLayer(c: Compiled, arcLoad: Float64Array) {
  const out = new Map<string, number[]>();
  for (let a = 0; a < arcLoad.length; a++) {
    const e = a >> 1;
    const layer = c.fabric.getEdgeAttribute(c.csr.edgeKeys[e], 'layer');
    const u = c.csr.arcTail[a];
    const v = c.csr.arcHead[a];
    const rank = (x: number) => (c.csr.kind[x] === KIND_SWITCH ? c.csr.tier[x] : c.csr.kind[x] === KIND_ENDPOINT ? 0 : 0.5);
    const key = `${layer}:${rank(v) > rank(u) ? 'up' : 'down'}`;
    const perLane = arcLoad[a] / c.csr.lanes[e];
    out.set(key, [...(out.get(key) ?? []), perLane]);
  }
  return out;
}

describe('uniform all-to-all, ideal routing, closed forms (topology-families.md)', () => {
  // One GPU per host so that every pair crosses the fabric, as the closed forms assume.
  it.each([4, 6, 8, 12, 16])('ft2 k=%i: NIC links (N−1)·S, leaf uplinks (N−k/2)·S', (k) => {
    const c = build(`ft2:k=${k},gpusPerHost=1`);
    const N = (k * k) / 2;
    const r = uniform(c);
    const L = byLayer(c, r.arcLoad!);
    for (const x of [...L.get('endpoint:up')!, ...L.get('endpoint:down')!]) expect(x).toBeCloseTo((N - 1) * S, 6);
    for (const x of [...L.get('leaf-spine:up')!, ...L.get('leaf-spine:down')!]) expect(x).toBeCloseTo((N - k / 2) * S, 6);
  });

  it.each([4, 6, 8, 10, 12])('ft3 k=%i: NIC (N−1)·S, edge uplinks (N−k/2)·S, aggregation–core (N−k²/4)·S', (k) => {
    const c = build(`ft3:k=${k},gpusPerHost=1`);
    const N = k ** 3 / 4;
    const r = uniform(c);
    const L = byLayer(c, r.arcLoad!);
    for (const x of [...L.get('endpoint:up')!, ...L.get('endpoint:down')!]) expect(x).toBeCloseTo((N - 1) * S, 6);
    for (const x of [...L.get('leaf-spine:up')!, ...L.get('leaf-spine:down')!]) expect(x).toBeCloseTo((N - k / 2) * S, 6);
    for (const x of [...L.get('spine-core:up')!, ...L.get('spine-core:down')!]) expect(x).toBeCloseTo((N - (k * k) / 4) * S, 6);
  });

  it('with 8-GPU hosts, intra-host pairs use NVLink: NIC links carry (N−G)·S, NVLink spokes (G−1)·S', () => {
    for (const ref of ['ft2:k=16', 'ft3:k=8']) {
      const c = build(ref);
      const N = c.csr.endpoints;
      const L = byLayer(c, uniform(c).arcLoad!);
      for (const x of L.get('endpoint:up')!) expect(x).toBeCloseTo((N - 8) * S, 6);
      for (const x of L.get('nvlink:up')!) expect(x).toBeCloseTo(7 * S, 6);
    }
  });

  it('MPFT: a NIC carries its host\'s traffic to its plane, (H−1)·G·S; cross-plane pairs relay over NVLink', () => {
    const c = build('mpft:k=8,planes=8');
    const H = c.fabric.getAttribute('hosts');
    const G = 8;
    const r = uniform(c);
    const L = byLayer(c, r.arcLoad!);
    for (const x of L.get('endpoint:up')!) expect(x).toBeCloseTo((H - 1) * G * S, 6);
    // NVLink: G−1 intra-host sends plus (H−1)(G−1) relayed sends per GPU
    for (const x of L.get('nvlink:up')!) expect(x).toBeCloseTo(((G - 1) + (H - 1) * (G - 1)) * S, 6);
    expect(r.demand.pxnBytes).toBeCloseTo(H * G * (H - 1) * (G - 1) * S, 3);
    expect(r.demand.unreachableBytes).toBe(0);
  });
});

describe('conservation', () => {
  it.each(['ft2:k=8', 'ft3:k=6,endpoints=50', 'mrft:k=16,suHosts=8,sus=3', 'mpft:k=8,planes=4,gpusPerHost=4', 'railonly:k=8,endpoints=256'])('%s', (ref) => {
    const c = build(ref);
    const r = uniform(c);
    const load = r.arcLoad!;
    const { csr } = c;
    // injected = delivered: bytes into the fabric from NICs equal bytes out of it to NICs
    let inj = 0;
    let del = 0;
    for (let e = 0; e < csr.endpoints; e++) {
      inj += load[csr.endpointUpArc[e]];
      del += load[csr.endpointDownArc[e]];
    }
    expect(inj).toBeCloseTo(del, 3);
    expect(inj).toBeCloseTo(r.demand.fabricBytes, 3);
    // flow balance at every switch
    for (let u = 0; u < csr.switches; u++) {
      let inflow = 0;
      let outflow = 0;
      for (let i = csr.offsets[u]; i < csr.offsets[u + 1]; i++) {
        const a = csr.arcsOf[i];
        outflow += load[a];
        inflow += load[a ^ 1];
      }
      expect(inflow).toBeCloseTo(outflow, 3);
    }
    // Σ switch-link loads = Σ demand × switch hops, hops measured by graphology-shortest-path
    const g = new UndirectedGraph();
    c.fabric.forEachNode((n, a) => a.kind === 'switch' && g.addNode(n));
    c.fabric.forEachEdge((_e, a, s, t) => g.hasNode(s) && g.hasNode(t) && g.addEdge(s, t));
    let expected = 0;
    const planes = c.fabric.getAttribute('planes');
    const G = c.fabric.getAttribute('gpusPerHost');
    const dist = new Map<number, Record<string, number>>();
    const N = csr.endpoints;
    const at = (e: number) => csr.switches + e;
    // Brute force over NIC pairs: different hosts, same plane; a multi-plane NIC carries its whole host's G sends.
    for (let a = 0; a < N; a++)
      for (let b = 0; b < N; b++) {
        if (csr.host[at(a)] === csr.host[at(b)] || csr.plane[at(a)] !== csr.plane[at(b)]) continue;
        const s = csr.endpointLeaf[a];
        const t = csr.endpointLeaf[b];
        if (!dist.has(s)) dist.set(s, singleSourceLength(g, csr.ids[s]));
        expected += (planes > 1 ? G : 1) * S * dist.get(s)![csr.ids[t]];
      }
    let sum = 0;
    for (let a = 0; a < load.length; a++) if (csr.kind[csr.arcTail[a]] === KIND_SWITCH && csr.kind[csr.arcHead[a]] === KIND_SWITCH) sum += load[a];
    expect(sum).toBeCloseTo(expected, 0);
    expect(r.demand.switchHopBytes).toBeCloseTo(expected, 0);
    expect(csr.kind[csr.n - 1]).not.toBe(KIND_ENDPOINT);
  });

  it('ecmp-hash routes the same bytes over the same hop counts; its busiest lane is never below ideal', () => {
    const c = build('ft3:k=8,gpusPerHost=1');
    const ideal = uniform(c);
    const hash = uniform(c, 'ecmp-hash');
    expect(hash.demand.switchHopBytes).toBeCloseTo(ideal.demand.switchHopBytes, 3);
    expect(hash.routing.hash!.sampled).toBe(false);
    expect(hash.routing.hash!.maxSwitchLinkBytesMean).toBeGreaterThanOrEqual(ideal.congestion.maxSwitchLinkBytes - 1e-6);
  });
});
