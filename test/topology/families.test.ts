import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { buildFabric, closedCounts } from '../../src/topology/build.js';
import { measureCounts } from '../../src/topology/counts.js';
import { compileCsr, bfsSwitches } from '../../src/topology/csr.js';
import type { Fabric } from '../../src/topology/model.js';

const spec = (ref: string) => resolveTopology(ref)[0];
const evens = (a: number, b: number) => Array.from({ length: (b - a) / 2 + 1 }, (_, i) => a + 2 * i);

/** Invariants every fabric must satisfy, checked by independent traversals of the graph. */
function checkInvariants(f: Fabric) {
  const m = measureCounts(f);
  expect(m.overRadix).toEqual([]);
  // each endpoint has exactly one fabric link, to a switch
  f.forEachNode((id, a) => {
    if (a.kind !== 'endpoint') return;
    let fabric = 0;
    f.forEachEdge(id, (_e, ea, s, t) => {
      if (ea.medium === 'fabric') {
        fabric += ea.lanes;
        expect(f.getNodeAttribute(s === id ? t : s, 'kind')).toBe('switch');
      }
    });
    expect(fabric).toBe(1);
  });
  // connected (through NVLink as well), and no fabric path between planes
  const c = compileCsr(f);
  const seen = new Uint8Array(c.n);
  const stack = [0];
  seen[0] = 1;
  while (stack.length) {
    const u = stack.pop()!;
    for (let i = c.offsets[u]; i < c.offsets[u + 1]; i++) {
      const v = c.arcHead[c.arcsOf[i]];
      if (!seen[v]) {
        seen[v] = 1;
        stack.push(v);
      }
    }
  }
  expect(seen.every((x) => x === 1)).toBe(true);
  const dist = new Int32Array(c.switches);
  const q = new Int32Array(c.switches);
  const planes = f.getAttribute('planes');
  for (let s = 0; s < c.switches; s++) {
    if (c.tier[s] !== 1) continue;
    bfsSwitches(c, s, dist, q);
    for (let t = 0; t < c.switches; t++) {
      if (c.tier[t] !== 1) continue;
      if (planes > 1) expect(dist[t] >= 0).toBe(c.plane[t] === c.plane[s]);
      else expect(dist[t]).toBeGreaterThanOrEqual(0);
    }
    if (planes === 1) break; // single plane: one source suffices for connectivity
  }
  return m;
}

describe('paper Table 3 counts', () => {
  it.each([
    ['ft2:k=64', 2048, 96, 2048],
    ['mpft:k=64,planes=8', 16384, 768, 16384],
    ['ft3:k=64', 65536, 5120, 131072],
  ])('%s gives %i endpoints / %i switches / %i links', (ref, endpoints, switches, links) => {
    const m = measureCounts(buildFabric(spec(ref)));
    expect([m.endpoints, m.switches, m.links]).toEqual([endpoints, switches, links]);
  });
});

describe('closed forms against the built graph, every even k from 4 to 64', () => {
  it.each(evens(4, 64))('ft2 k=%i: k²/2 endpoints, 3k/2 switches, k²/2 links', (k) => {
    const s = spec(`ft2:k=${k}`);
    const f = buildFabric(s);
    const m = k <= 16 ? checkInvariants(f) : measureCounts(f);
    expect([m.endpoints, m.switches, m.links]).toEqual([(k * k) / 2, (3 * k) / 2, (k * k) / 2]);
    const c = closedCounts(s);
    expect([c.endpoints, c.switches, c.links, c.endpointLinks]).toEqual([m.endpoints, m.switches, m.links, m.endpointLinks]);
  });
  it.each(evens(4, 64))('ft3 k=%i: k³/4 endpoints, 5k²/4 switches, k³/2 links', (k) => {
    const s = spec(`ft3:k=${k}`);
    const f = buildFabric(s);
    const m = k <= 12 ? checkInvariants(f) : measureCounts(f);
    expect([m.endpoints, m.switches, m.links]).toEqual([k ** 3 / 4, (5 * k * k) / 4, k ** 3 / 2]);
    expect(m.switchesByTier).toEqual({ tier1: (k * k) / 2, tier2: (k * k) / 2, tier3: (k * k) / 4 });
    const c = closedCounts(s);
    expect([c.endpoints, c.switches, c.links]).toEqual([m.endpoints, m.switches, m.links]);
  });
  it.each(evens(4, 32))('mpft k=%i, 4 planes: planes × FT2', (k) => {
    const f = buildFabric(spec(`mpft:k=${k},planes=4,gpusPerHost=4`));
    const m = k <= 12 ? checkInvariants(f) : measureCounts(f);
    expect([m.endpoints, m.switches, m.links]).toEqual([(4 * k * k) / 2, (4 * 3 * k) / 2, (4 * k * k) / 2]);
  });
});

describe('DeepSeek-V3 Table 4 pair and SuperPOD tables', () => {
  it('2,048 GPUs (256 hosts): MPFT and MRFT each need 96 64-port switches', () => {
    for (const ref of ['mpft-2048', 'mrft-2048', 'mpft:k=64,endpoints=2048', 'mrft:k=64,endpoints=2048']) {
      const m = checkInvariants(buildFabric(spec(ref)));
      expect(m.endpoints).toBe(2048);
      expect(m.hosts).toBe(256);
      expect(m.switches).toBe(96);
    }
  });
  // NVIDIA DGX SuperPOD (B200) compute fabric table, in ../shared/reference/topology-families.md
  it.each([
    [2, 16, 8, 0],
    [4, 32, 16, 0],
    [8, 64, 32, 0],
    [16, 128, 128, 64],
    [32, 256, 256, 128],
    [64, 512, 512, 256],
  ])('%i SUs: %i leaves, %i spines, %i cores', (sus, leaf, spine, core) => {
    const s = spec(`mrft:k=64,sus=${sus}`);
    const c = closedCounts(s);
    expect(c.switchesByTier).toEqual(core ? { tier1: leaf, tier2: spine, tier3: core } : { tier1: leaf, tier2: spine });
    // cables per layer equal the GPU count
    expect(c.links).toBe(sus * 256 * (core ? 2 : 1));
    if (sus <= 16) {
      const m = checkInvariants(buildFabric(s));
      expect(m.switchesByTier).toEqual(c.switchesByTier);
      expect(m.links).toBe(c.links);
    }
  });
});

describe('partial population and oversubscription', () => {
  it('partial ft2 uses the fewest switches and never exceeds a radix', () => {
    for (const k of [8, 16, 64])
      for (let n = 1; n <= (k * k) / 2; n += Math.max(1, Math.floor(k / 3))) {
        const f = buildFabric(spec(`ft2:k=${k},endpoints=${n}`));
        const m = checkInvariants(f);
        const leaves = Math.ceil(n / (k / 2));
        // the smallest count at or above the port minimum that divides every leaf's k/2 uplinks
        let spines = Math.ceil((leaves * k) / 2 / k);
        while ((k / 2) % spines !== 0) spines++;
        expect(m.endpoints).toBe(n);
        expect(m.switchesByTier).toEqual({ tier1: leaves, tier2: spines });
        expect(m.links).toBe((leaves * k) / 2);
      }
  });
  it('r:1 oversubscribed ft2 puts floor(k·r/(r+1)) ports down', () => {
    for (const [k, r] of [[64, 2], [64, 3], [48, 2], [8, 3]]) {
      const down = Math.floor((k * r) / (r + 1));
      const m = checkInvariants(buildFabric(spec(`ft2:k=${k},oversubscription=${r}`)));
      expect(m.endpoints).toBe(k * down);
      expect(m.links).toBe(k * (k - down));
    }
  });
  it('partial ft3 and mrft are valid fabrics', () => {
    for (const ref of ['ft3:k=8,endpoints=37', 'ft3:k=16,endpoints=700', 'mrft:k=16,suHosts=8,endpoints=1000', 'mpft:k=16,endpoints=400']) {
      const s = spec(ref);
      const m = checkInvariants(buildFabric(s));
      expect(m.endpoints).toBe(s.params.endpoints);
      const c = closedCounts(s);
      expect([c.switches, c.links]).toEqual([m.switches, m.links]);
    }
  });
});

describe('rail-only', () => {
  it.each([
    [8, 8, 1],
    [8, 32, 2],
    [8, 33, 3],
    [64, 2048, 2],
    [64, 8192, 3],
  ])('k=%i, %i hosts per rail: the fewest tiers (%i) and rail-count × one rail', (k, hosts, tiers) => {
    const G = 8;
    const s = spec(`railonly:k=${k},endpoints=${hosts * G}`);
    const c = closedCounts(s);
    // one rail sized as the matching ft2/ft3 partial build (tier 1: a single switch of k ports)
    const rail = tiers === 1 ? { switches: 1, links: 0 } : closedCounts(spec(`ft${tiers}:k=${k},endpoints=${hosts}`));
    expect(c.switches).toBe(G * rail.switches);
    expect(c.links).toBe(G * rail.links);
    expect(Object.keys(c.switchesByTier)).toHaveLength(tiers);
    if (hosts * G <= 4096) {
      const m = checkInvariants(buildFabric(s));
      expect([m.switches, m.links]).toEqual([c.switches, c.links]);
    }
  });
});
