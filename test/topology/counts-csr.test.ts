import { describe, expect, it } from 'vitest';
import { UndirectedGraph } from 'graphology';
import { resolveTopology } from '../../src/topology/spec.js';
import { buildFabric } from '../../src/topology/build.js';
import { measureCounts, measureCountsCsr } from '../../src/topology/counts.js';
import { compileCsr } from '../../src/topology/csr.js';
import type { Fabric } from '../../src/topology/model.js';

// measureCountsCsr (typed arrays of the engine view) against measureCounts (a walk of the graphology graph):
// two independent readings of one fabric must agree field for field.
describe('counts from the engine view', () => {
  const refs = [
    'ft2:k=8',
    'ft2:k=8,oversubscription=3',
    'ft3:k=8',
    'mpft:k=8,planes=4',
    'mrft:k=8,suHosts=4,sus=2,gpusPerHost=4',
    'railonly:k=8,gpusPerHost=4',
    'dragonfly:p=2,a=4,h=2',
    'slimfly:q=5',
    // partially populated (fewer endpoints than ports)
    'ft3:k=8,endpoints=100',
  ];
  for (const ref of refs)
    it(`${ref}: equal to the graph walk`, () => {
      const spec = resolveTopology(ref)[0];
      const f = buildFabric(spec);
      const csr = compileCsr(f);
      const fromCsr = measureCountsCsr(csr, f.getAttribute('planes'));
      // the graph walk on the materialised graphology graph, not on the recording the engine view came from
      const g = (f as unknown as { materialize?: () => Fabric }).materialize?.() ?? f;
      expect(fromCsr).toEqual(measureCounts(g));
    });

  it('a hand-made graph with an over-radix switch, an NVLink hub and parallel lanes', () => {
    const g = new UndirectedGraph() as unknown as Fabric;
    g.replaceAttributes({ planes: 1 } as never);
    g.addNode('s0', { kind: 'switch', tier: 1, radix: 2 } as never);
    g.addNode('s1', { kind: 'switch', tier: 2, radix: 8 } as never);
    g.addNode('e0', { kind: 'endpoint', host: 0, gpu: 0 } as never);
    g.addNode('e1', { kind: 'endpoint', host: 0, gpu: 1 } as never);
    g.addNode('e2', { kind: 'endpoint', host: 1, gpu: 0 } as never);
    g.addNode('hub0', { kind: 'nvswitch', host: 0 } as never);
    const link = (a: string, b: string, lanes: number, medium = 'fabric') => g.addEdgeWithKey(`${a}~${b}`, a, b, { medium, layer: medium === 'nvlink' ? 'nvlink' : 'endpoint', gbps: 400, lanes } as never);
    link('s0', 's1', 3);
    link('e0', 's0', 1);
    link('e1', 's0', 1);
    link('e2', 's1', 1);
    link('e0', 'hub0', 1, 'nvlink');
    link('e1', 'hub0', 1, 'nvlink');
    const m = measureCountsCsr(compileCsr(g), 1);
    // by hand: s0 uses 3 + 1 + 1 = 5 ports of 2, s1 uses 3 + 1 = 4 of 8
    expect(m).toMatchObject({ endpoints: 3, hosts: 2, switches: 2, links: 3, endpointLinks: 3, portsUsed: 9, portsTotal: 10, portsFree: 1, nvlinkEdges: 2, overRadix: ['s0'] });
    expect(m.switchesByTier).toEqual({ tier1: 1, tier2: 1 });
    expect(m).toEqual(measureCounts(g));
  });
});
