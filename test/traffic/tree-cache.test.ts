import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { compile } from '../../src/analysis/analyze.js';
import { flowColumns, routeIdeal } from '../../src/traffic/route-ideal.js';
import { rng } from '../../src/topology/paths.js';

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

// routeIdeal keeps the shortest-path trees of the intact fabric per engine view, across calls (phases). Later
// calls on one fabric must route exactly as a first call on a fresh build of the same spec (no kept trees), and
// each result must conserve bytes × hops.
describe('ideal routing across phases (kept shortest-path trees)', () => {
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
