import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { compile } from '../../src/analysis/analyze.js';
import { flowColumns, routeIdeal } from '../../src/traffic/route-ideal.js';
import { rng } from '../../src/topology/paths.js';
import { bfs, bfsUntil, switchGraph } from '../../src/topology/csr.js';

const build = (ref: string) => compile(resolveTopology(ref)[0]);

/** Random NIC-to-NIC flows, seeded: `n` flows among the first `span` endpoints. */
function flows(endpoints: number, span: number, n: number, seed: number) {
  const r = rng(seed);
  const src = new Int32Array(n);
  const dst = new Int32Array(n);
  const bytes = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    src[i] = Math.floor(r() * Math.min(span, endpoints));
    dst[i] = Math.floor(r() * Math.min(span, endpoints));
    bytes[i] = 1 + Math.floor(r() * 1000);
  }
  return { src, dst, bytes, length: n };
}

// routeIdeal keeps the live switch graph of the intact fabric per engine view, across calls (phases). Later
// calls on one fabric must route exactly as a first call on a fresh build of the same spec (nothing kept), and
// each result must conserve bytes × hops.
describe('ideal routing across phases (the kept switch graph)', () => {
  it.each(['dragonfly:p=2,a=4,h=2', 'ft3:k=8', 'slimfly:q=5'])('%s: phases on one fabric = each phase on a fresh fabric', (ref) => {
    const shared = build(ref);
    const N = shared.csr.endpoints;
    // overlapping destination sets, as the phases of one workload have, and one over the whole fabric
    const phases = [flows(N, N / 2, 300, 1), flows(N, N / 2, 300, 2), flows(N, N, 500, 3), flows(N, N / 4, 200, 4)];
    for (const f of phases) {
      const kept = routeIdeal(shared.csr, flowColumns(shared.csr, f));
      const fresh = build(ref);
      const once = routeIdeal(fresh.csr, flowColumns(fresh.csr, f));
      expect(Array.from(kept.arcLoad)).toEqual(Array.from(once.arcLoad));
      expect(kept.hopBytes).toBe(once.hopBytes);
      expect(kept.deliveredBytes).toBe(once.deliveredBytes);
      // conservation: the bytes on switch links add up to the bytes times their switch hops
      const sum = kept.arcLoad.reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(kept.hopBytes, 3);
    }
  });
});

describe('bfsUntil: a search stopped at its sources', () => {
  it.each(['dragonfly:p=2,a=4,h=2', 'ft3:k=8', 'slimfly:q=5', 'mpft:k=8,planes=2'])('%s: every needed switch and every switch nearer than the farthest one as in the full BFS', (ref) => {
    const { csr } = build(ref);
    const S = csr.switches;
    const g = switchGraph(csr);
    const r = rng(9);
    const full = { dist: new Int32Array(S), order: new Int32Array(S), lanes: new Float64Array(S) };
    const part = { dist: new Int32Array(S), order: new Int32Array(S), lanes: new Float64Array(S) };
    let early = 0;
    for (let trial = 0; trial < 40; trial++) {
      const src = Math.floor(r() * S);
      const need = new Float64Array(S);
      const k = Math.floor(r() * 6);
      for (let i = 0; i < k; i++) need[Math.floor(r() * S)] = 1;
      const needed = need.reduce((a, x, u) => a + (x !== 0 && u !== src ? 1 : 0), 0);
      bfs(g, src, full.dist, full.order, full.lanes);
      const res = bfsUntil(g, src, part.dist, part.order, part.lanes, need, needed);
      let far = 0;
      for (let u = 0; u < S; u++) if (need[u] !== 0 && u !== src && full.dist[u] > far) far = full.dist[u];
      for (let u = 0; u < S; u++) {
        if (full.dist[u] >= 0 && (full.dist[u] < far || (need[u] !== 0 && u !== src))) {
          expect(part.dist[u]).toBe(full.dist[u]);
          expect(part.lanes[u]).toBe(full.lanes[u]);
        }
        // nothing it reports is wrong: a switch it reached has its true distance
        if (part.dist[u] >= 0) expect(part.dist[u]).toBe(full.dist[u]);
      }
      // a complete search reached what the full one reached
      const fullReached = full.dist.reduce((a, d) => a + (d >= 0 ? 1 : 0), 0);
      if (res.complete) expect(res.reached).toBe(fullReached);
      else {
        early++;
        expect(res.reached).toBeLessThanOrEqual(fullReached);
      }
      for (let i = 0; i < res.reached; i++) expect(part.dist[part.order[i]]).toBeGreaterThanOrEqual(part.dist[part.order[Math.max(0, i - 1)]]);
    }
    // the early stop happened (few needed switches rarely lie in the last level)
    expect(early).toBeGreaterThan(0);
  });
});
