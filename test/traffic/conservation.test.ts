/**
 * Conservation under every routing model, for random small workloads on random small fabrics (fast-check):
 * every switch and NVLink hub forwards exactly what it receives; every GPU's net outflow is what it sends
 * minus what it receives; nothing is lost or invented (delivered + unreachable = demand).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resolveTopology } from '../../src/topology/spec.js';
import { compile, type Compiled } from '../../src/topology/compiled.js';
import { KIND_ENDPOINT } from '../../src/topology/csr.js';
import { hostIndex } from '../../src/traffic/hosts.js';
import { runPhase } from '../../src/traffic/phase.js';
import { FlowList } from '../../src/traffic/flows.js';

const ROUTINGS = ['ideal', 'ecmp-hash'] as const;
const FABRICS = [
  'ft2:k=8,endpoints=27,gpusPerHost=1',
  'ft2:k=8,gpusPerHost=4',
  'ft2:k=8,oversubscription=3,gpusPerHost=2',
  'ft3:k=6,gpusPerHost=2',
  'ft3:k=8,endpoints=50,gpusPerHost=1',
  'mpft:k=8,planes=4,gpusPerHost=4',
  'mrft:k=8,suHosts=4,gpusPerHost=2,sus=6',
  'railonly:k=8,endpoints=64,gpusPerHost=4',
  'dragonfly:p=2,a=4,h=2,g=5,k=8,gpusPerHost=2',
  'slimfly:q=5,k=16,gpusPerHost=1',
];
const compiled = new Map<string, Compiled>();
const build = (ref: string) => compiled.get(ref) ?? compiled.set(ref, compile(resolveTopology(ref)[0])).get(ref)!;

describe('conservation for random workloads under every routing', () => {
  it('switches and hubs forward what they receive; GPUs emit sent − received; delivered = demand', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FABRICS),
        fc.constantFrom(...ROUTINGS),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 10_000 })), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 1000 }),
        (ref, routing, raw, seed) => {
          const c = build(ref);
          const E = c.csr.endpoints;
          const flows = new FlowList();
          const sent = new Float64Array(E);
          const recv = new Float64Array(E);
          let demand = 0;
          for (const [a, b, x] of raw) {
            const s = a % E;
            const d = b % E;
            if (s === d) continue;
            flows.push(s, d, x);
            sent[s] += x;
            recv[d] += x;
            demand += x;
          }
          fc.pre(flows.length > 0);
          const hi = hostIndex(c.csr, c.fabric.getAttribute('gpusPerHost'));
          const r = runPhase(c.csr, hi, c.fabric.getAttribute('planes'), { kind: 'flows', flows }, { keepArcLoads: true, routing, seed, trials: 3 });
          expect(r.routing.model).toBe(routing);
          expect(r.demand.unreachableBytes).toBe(0);
          expect(r.demand.demandBytes).toBeCloseTo(demand, 6);
          // per node: out − in over all its arcs
          const net = new Float64Array(c.csr.n);
          const load = r.arcLoad!;
          for (let a = 0; a < load.length; a++) {
            net[c.csr.arcTail[a]] += load[a];
            net[c.csr.arcHead[a]] -= load[a];
          }
          let gpu = 0;
          for (let u = 0; u < c.csr.n; u++) {
            if (c.csr.kind[u] === KIND_ENDPOINT) {
              const ep = u - c.csr.switches; // endpoint i is node switches + i (the flows' numbering)
              expect(net[u], `${ref} ${routing} ${c.csr.ids[u]}`).toBeCloseTo(sent[ep] - recv[ep], 6);
              gpu++;
            } else expect(net[u], `${ref} ${routing} ${c.csr.ids[u]}`).toBeCloseTo(0, 6);
          }
          expect(gpu).toBe(E);
        },
      ),
      { numRuns: 120, seed: 7 },
    );
  });
});
