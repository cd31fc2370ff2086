import { describe, expect, it } from 'vitest';
import { UndirectedGraph } from 'graphology';
import { singleSourceLength } from 'graphology-shortest-path/unweighted.js';
import { resolveTopology } from '../../src/topology/spec.js';
import { buildFabric } from '../../src/topology/build.js';
import { compileCsr } from '../../src/topology/csr.js';
import { pathStats } from '../../src/topology/paths.js';
import type { Fabric } from '../../src/topology/model.js';

/** Second algorithm: graphology-shortest-path BFS from every endpoint over fabric edges only. */
function bruteForce(f: Fabric) {
  const g = new UndirectedGraph();
  f.forEachNode((n, a) => a.kind !== 'nvswitch' && g.addNode(n, a));
  f.forEachEdge((_e, a, s, t) => a.medium === 'fabric' && g.addEdge(s, t));
  const eps = g.filterNodes((_n, a) => a.kind === 'endpoint');
  let sum = 0;
  let pairs = 0;
  let unreachable = 0;
  let diameter = 0;
  for (const s of eps) {
    const d = singleSourceLength(g, s);
    for (const t of eps) {
      if (t === s) continue;
      if (d[t] === undefined) unreachable++;
      else {
        sum += d[t];
        pairs++;
        diameter = Math.max(diameter, d[t]);
      }
    }
  }
  return { mean: sum / pairs, unreachable, diameter };
}

describe('endpoint hop statistics agree with graphology-shortest-path', () => {
  it.each([
    'ft2:k=4',
    'ft2:k=8,endpoints=19',
    'ft2:k=8,oversubscription=3',
    'ft3:k=4',
    'ft3:k=6,endpoints=40',
    'mpft:k=4,planes=2,gpusPerHost=2',
    'mpft:k=8,planes=4,gpusPerHost=8,endpoints=64',
    'mrft:k=8,suHosts=4,gpusPerHost=2,endpoints=72',
    'mrft:k=8,suHosts=4,gpusPerHost=4,sus=2',
  ])('%s', (ref) => {
    const f = buildFabric(resolveTopology(ref)[0]);
    const ours = pathStats(compileCsr(f));
    const ref2 = bruteForce(f);
    expect(ours.exact).toBe(true);
    expect(ours.meanEndpointHops).toBeCloseTo(ref2.mean, 10);
    expect(ours.diameterHops).toBe(ref2.diameter);
    expect(ours.unreachablePairs).toBe(ref2.unreachable);
  });

  it('closed forms: ft2 mean hops = (2(h−1) + 4(N−h)) / (N−1) with h = k/2 per leaf; MPFT pairs across planes unreachable', () => {
    for (const k of [8, 16, 32, 64]) {
      const N = (k * k) / 2;
      const h = k / 2;
      const s = pathStats(compileCsr(buildFabric(resolveTopology(`ft2:k=${k}`)[0])));
      expect(s.meanEndpointHops).toBeCloseTo((2 * (h - 1) + 4 * (N - h)) / (N - 1), 12);
      expect(s.diameterHops).toBe(4);
      const P = 4;
      const m = pathStats(compileCsr(buildFabric(resolveTopology(`mpft:k=${k},planes=${P},gpusPerHost=${P}`)[0])));
      expect(m.unreachablePairs).toBe(P * N * (P - 1) * N);
    }
  });

  it('sampling under a tiny budget is marked inexact and stays close', () => {
    const c = compileCsr(buildFabric(resolveTopology('ft3:k=8,endpoints=100')[0]));
    const exact = pathStats(c);
    const sampled = pathStats(c, { budget: 1, seed: 7 });
    expect(sampled.exact).toBe(false);
    expect(sampled.searches).toBe(1);
    expect(Math.abs(sampled.meanEndpointHops - exact.meanEndpointHops) / exact.meanEndpointHops).toBeLessThan(0.1);
    expect(pathStats(c, { budget: 1, seed: 7 })).toEqual(sampled);
  });
});

describe('rail-only fabrics', () => {
  it.each(['railonly:k=8,endpoints=64', 'railonly:k=8,gpusPerHost=2,endpoints=40', 'railonly:k=4,gpusPerHost=2,endpoints=24'])(
    '%s agrees with graphology-shortest-path',
    (ref) => {
      const f = buildFabric(resolveTopology(ref)[0]);
      const ours = pathStats(compileCsr(f));
      const ref2 = bruteForce(f);
      expect(ours.meanEndpointHops).toBeCloseTo(ref2.mean, 10);
      expect(ours.diameterHops).toBe(ref2.diameter);
      expect(ours.unreachablePairs).toBe(ref2.unreachable);
    },
  );
});
