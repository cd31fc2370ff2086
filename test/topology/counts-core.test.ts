/**
 * measureCounts / measureCountsCsr against figures that do not come from the code: DeepSeek-V3 Table 3
 * (/work/shared/reference/deepseek-v3-network.md) with the port arithmetic written out, and a hand-made graph
 * counted by hand. The hand-made graph stores links in both directions (switch → endpoint as well as
 * endpoint → switch), lists a tier-2 switch before the tier-1 ones and has no NVLink hub: the built families
 * never do any of these, so only such a graph shows whether the counters depend on them.
 */
import { describe, expect, it } from 'vitest';
import { UndirectedGraph } from 'graphology';
import { resolveTopology } from '../../src/topology/spec.js';
import { buildFabric } from '../../src/topology/build.js';
import { measureCounts, measureCountsCsr } from '../../src/topology/counts.js';
import { compileCsr } from '../../src/topology/csr.js';
import type { Fabric } from '../../src/topology/model.js';

describe('counts of built fabrics against DeepSeek-V3 Table 3', () => {
  // Table 3: FT2 (k = 64) 2,048 endpoints, 96 switches, 2,048 links; MPFT (8 planes of FT2, k = 64) 16,384,
  // 768, 16,384. Both are fully populated: every switch port is used, so ports used = 2·links + endpoints
  // = 64·switches. Hosts of 8 GPUs; one NVLink spoke per GPU.
  const rows = [
    { ref: 'ft2:k=64', endpoints: 2048, switches: 96, links: 2048, planes: 1, leaves: 64, spines: 32 },
    { ref: 'mpft:k=64', endpoints: 16384, switches: 768, links: 16384, planes: 8, leaves: 8 * 64, spines: 8 * 32 },
  ];
  for (const r of rows)
    it(`${r.ref}: Table 3's endpoints, switches and links; ports, hosts, spokes and planes by formula`, () => {
      const m = measureCounts(buildFabric(resolveTopology(r.ref)[0]));
      expect(m).toEqual({
        endpoints: r.endpoints,
        hosts: r.endpoints / 8,
        switches: r.switches,
        switchesByTier: { tier1: r.leaves, tier2: r.spines },
        links: r.links,
        endpointLinks: r.endpoints,
        portsUsed: 2 * r.links + r.endpoints,
        portsFree: 0,
        portsTotal: 64 * r.switches,
        nvlinkEdges: r.endpoints,
        planes: r.planes,
        overRadix: [],
      });
      expect(r.leaves + r.spines).toBe(r.switches);
      expect(2 * r.links + r.endpoints).toBe(64 * r.switches);
    });
});

describe('counts of a hand-made graph, counted by hand', () => {
  // spine (tier 2, radix 4) is added first, then leaf0 (tier 1, radix 3) and leaf1 (tier 1, radix 8).
  // Links, as stored (source → target): spine → leaf0 ×2, leaf1 → spine ×3, leaf0 → e0, e1 → leaf0,
  // leaf1 → e2, e3 → leaf1. Endpoints e0, e1 on host 0, e2 on host 1, e3 on host 5; no NVLink hub.
  function handMade(): Fabric {
    const g = new UndirectedGraph() as unknown as Fabric;
    g.replaceAttributes({ planes: 2 } as never);
    g.addNode('spine', { kind: 'switch', tier: 2, role: 'spine', radix: 4 } as never);
    g.addNode('leaf0', { kind: 'switch', tier: 1, role: 'leaf', radix: 3 } as never);
    g.addNode('leaf1', { kind: 'switch', tier: 1, role: 'leaf', radix: 8 } as never);
    g.addNode('e0', { kind: 'endpoint', host: 0, gpu: 0 } as never);
    g.addNode('e1', { kind: 'endpoint', host: 0, gpu: 1 } as never);
    g.addNode('e2', { kind: 'endpoint', host: 1, gpu: 0 } as never);
    g.addNode('e3', { kind: 'endpoint', host: 5, gpu: 0 } as never);
    const link = (a: string, b: string, lanes: number, layer: string) => g.addEdgeWithKey(`${a}~${b}`, a, b, { medium: 'fabric', layer, gbps: 400, lanes } as never);
    link('spine', 'leaf0', 2, 'leaf-spine');
    link('leaf1', 'spine', 3, 'leaf-spine');
    link('leaf0', 'e0', 1, 'endpoint');
    link('e1', 'leaf0', 1, 'endpoint');
    link('leaf1', 'e2', 1, 'endpoint');
    link('e3', 'leaf1', 1, 'endpoint');
    return g;
  }
  // ports used: spine 2 + 3 = 5 of 4 (over), leaf0 2 + 1 + 1 = 4 of 3 (over), leaf1 3 + 1 + 1 = 5 of 8
  const want = {
    endpoints: 4,
    hosts: 3, // hosts 0, 1 and 5
    switches: 3,
    switchesByTier: { tier1: 2, tier2: 1 },
    links: 2 + 3,
    endpointLinks: 4,
    portsUsed: 5 + 4 + 5,
    portsFree: 4 + 3 + 8 - (5 + 4 + 5),
    portsTotal: 4 + 3 + 8,
    nvlinkEdges: 0,
    planes: 2,
    overRadix: ['spine', 'leaf0'], // in the order the switches were added
  };

  it('the graph walk (measureCounts on a plain graph)', () => {
    const m = measureCounts(handMade());
    expect(m).toEqual(want);
    // the tiers come out sorted, whatever order the switches were added in (the JSON output keeps this order)
    expect(Object.keys(m.switchesByTier)).toEqual(['tier1', 'tier2']);
  });

  it('the engine view (measureCountsCsr on the compiled arrays)', () => {
    const m = measureCountsCsr(compileCsr(handMade()), 2);
    expect(m).toEqual(want);
    expect(Object.keys(m.switchesByTier)).toEqual(['tier1', 'tier2']);
  });
});
