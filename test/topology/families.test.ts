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
    expect([c.endpoints, c.switches, c.links, c.endpointLinks]).toEqual([(k * k) / 2, (3 * k) / 2, (k * k) / 2, (k * k) / 2]);
  });
  // The graph is built up to k = 32 (k = 64 is built by the Table 3 case above); the closed form for every k.
  it.each(evens(4, 64))('ft3 k=%i: k³/4 endpoints, 5k²/4 switches, k³/2 links', (k) => {
    const s = spec(`ft3:k=${k}`);
    if (k <= 32) {
      const f = buildFabric(s);
      const m = k <= 12 ? checkInvariants(f) : measureCounts(f);
      expect([m.endpoints, m.switches, m.links]).toEqual([k ** 3 / 4, (5 * k * k) / 4, k ** 3 / 2]);
      expect(m.switchesByTier).toEqual({ tier1: (k * k) / 2, tier2: (k * k) / 2, tier3: (k * k) / 4 });
    }
    const c = closedCounts(s);
    expect(c.switchesByTier).toEqual({ tier1: (k * k) / 2, tier2: (k * k) / 2, tier3: (k * k) / 4 });
    expect([c.endpoints, c.switches, c.links]).toEqual([k ** 3 / 4, (5 * k * k) / 4, k ** 3 / 2]);
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
      expect(m.switchesByTier).toEqual(core ? { tier1: leaf, tier2: spine, tier3: core } : { tier1: leaf, tier2: spine });
      expect(m.links).toBe(sus * 256 * (core ? 2 : 1));
    }
  });
});

describe('partial population and oversubscription', () => {
  it('partial ft2 uses the fewest switches and never exceeds a radix', () => {
    // every size step of k/3 at k = 8 and 16; at k = 64 (2,048 endpoints) a coarser step keeps the graph checks
    // affordable (random sizes at every radix are covered by test/topology/properties.test.ts)
    for (const [k, step] of [[8, 2], [16, 5], [64, 197]])
      for (let n = 1; n <= (k * k) / 2; n += step) {
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
  // Expected counts derived by hand from the documented rules (topologies.md): leaves = ⌈n / (k/2)⌉; a pod of
  // k/2 leaves has as many aggregation switches as leaves (each takes k/2 uplinks on k/2 down ports); core
  // group j serves aggregation switch j of every pod that has one, ⌈pods·(k/2)/k⌉ cores; a 2-tier fabric has
  // ⌈leaves·up/k⌉ spines.
  it.each([
    // ft3 k=8, n=37: 10 leaves in pods of 4 (4, 4, 2): 10 aggregation; core groups j=0,1 serve 3 pods
    // (⌈3·4/8⌉ = 2 each), j=2,3 serve 2 pods (1 each): 6 cores. Links 10·4 up from leaves + 10·4 up from aggregation.
    ['ft3:k=8,endpoints=37', 37, { tier1: 10, tier2: 10, tier3: 6 }, 80],
    // ft3 k=16, n=700: 88 leaves = 11 full pods of 8; 88 aggregation; 8 core groups of ⌈11·8/16⌉ = 6: 48 cores.
    ['ft3:k=16,endpoints=700', 700, { tier1: 88, tier2: 88, tier3: 48 }, 88 * 8 + 88 * 8],
    // mrft k=16, 8 hosts per SU, 1,000 GPUs = 125 hosts = 16 SUs; one leaf per rail per SU: 128 leaves > k,
    // so 3 tiers with pods of ⌊(k/2)/G⌋ = 1 SU (8 leaves, 8 uplinks each): 8 aggregation per pod = 128;
    // 8 core groups serve 16 pods: ⌈16·8/16⌉ = 8 cores each, 64. Links 128·8 + 128·8.
    ['mrft:k=16,suHosts=8,endpoints=1000', 1000, { tier1: 128, tier2: 128, tier3: 64 }, 2048],
    // mpft k=16, 400 GPUs = 50 hosts, 8 planes: each plane an ft2 of 50 NICs: ⌈50/8⌉ = 7 leaves,
    // ⌈7·8/16⌉ = 4 spines, 56 links; ×8 planes.
    ['mpft:k=16,endpoints=400', 400, { tier1: 56, tier2: 32 }, 448],
  ] as const)('partial %s: %i endpoints, tiers %j, %i links (hand-derived)', (ref, endpoints, byTier, links) => {
    const s = spec(ref);
    const m = checkInvariants(buildFabric(s));
    expect([m.endpoints, m.switchesByTier, m.links]).toEqual([endpoints, byTier, links]);
    const c = closedCounts(s);
    expect([c.endpoints, c.switchesByTier, c.links]).toEqual([endpoints, byTier, links]);
  });
});

describe('rail-only', () => {
  // G = 8 rails, each its own Clos of the fewest tiers holding H hosts; counts per rail derived by hand:
  //  H ≤ k: one switch. H ≤ k²/2: ⌈H/(k/2)⌉ leaves, half as many spines, leaves·k/2 links.
  //  beyond: pods of k/2 leaves, aggregation = leaves, core group j: ⌈(pods with j)·(k/2)/k⌉ cores.
  it.each([
    [8, 8, 1, 1, 0], // one 8-port switch per rail
    [8, 32, 2, 8 + 4, 32], // 8 leaves, 4 spines, 8·4 links
    [8, 33, 3, 9 + 9 + 5, 72], // 9 leaves in pods (4, 4, 1); core groups 2, 1, 1, 1; 9·4 + 9·4 links
    [64, 2048, 2, 64 + 32, 2048],
    [64, 8192, 3, 256 + 256 + 128, 256 * 32 * 2], // 8 pods of 32 leaves; 32 core groups of ⌈8·32/64⌉ = 4
  ])('k=%i, %i hosts per rail: %i tiers, %i switches and %i links per rail, × 8 rails', (k, hosts, tiers, perRail, railLinks) => {
    const G = 8;
    const s = spec(`railonly:k=${k},endpoints=${hosts * G}`);
    const c = closedCounts(s);
    expect(c.switches).toBe(G * perRail);
    expect(c.links).toBe(G * railLinks);
    expect(Object.keys(c.switchesByTier)).toHaveLength(tiers);
    if (hosts * G <= 4096) {
      const m = checkInvariants(buildFabric(s));
      expect([m.switches, m.links]).toEqual([G * perRail, G * railLinks]);
    }
  });
});
