/**
 * compare answers from closed forms without building the graph. Second algorithm: the same analysis with the
 * graph built and measured (closedForms: false) must give the same counts, ports, notes, BOM and cost.
 */
import { describe, expect, it } from 'vitest';
import { analyze, closedAnalysis } from '../../src/analysis/analyze.js';
import { compareTopologies } from '../../src/analysis/compare.js';
import { allFamilies } from '../../src/topology/registry.js';
import { buildFabric } from '../../src/topology/build.js';
import { resolveTopology } from '../../src/topology/spec.js';

const refs = [
  'ft2:k=8',
  'ft2:k=16,endpoints=77',
  'ft2:k=12,oversubscription=3',
  'ft3:k=8',
  'ft3:k=12,endpoints=300',
  'mpft:k=8,planes=4,gpusPerHost=4',
  'mpft:k=16,endpoints=200',
  'dragonfly:k=16,p=2,a=4,h=2',
  'dragonfly:k=16,p=2,a=4,h=2,g=6',
  'dragonfly:k=32,p=3,a=5,h=2,g=7,gpusPerHost=4,arrangement=consecutive',
  'slimfly:q=5,k=16',
  'slimfly:q=7,k=32,gpusPerHost=4',
  'mrft:k=16,suHosts=8,sus=3',
  'railonly:k=8,endpoints=96',
];

describe('closed-form analysis equals the measured one', () => {
  it.each(refs)('%s', (ref) => {
    const [spec] = resolveTopology(ref);
    // closed forms exist for the paper's layout; the default floor plan is measured on the graph (below)
    const measured = analyze(spec, { paths: false, closedForms: false, floor: 'paper' });
    const closed = closedAnalysis(spec, { floor: 'paper' });
    if (!closed) {
      // no closed cable plan: analyze builds (mrft, rail-only)
      expect(['mrft', 'railonly']).toContain(spec.family);
      expect(analyze(spec, { paths: false, floor: 'paper' }).counts.source).toBe('graph');
      return;
    }
    // the floor plan (the default layout) is closed form for two-tier Clos fabrics only, and then equals the graph's
    const onFloor = closedAnalysis(spec);
    if (['ft2', 'mpft'].includes(spec.family)) {
      const graph = analyze(spec, { paths: false, closedForms: false });
      expect({ ...(onFloor!.bom as object), source: 'graph' }).toEqual(graph.bom);
      expect(onFloor!.cost).toEqual(graph.cost);
    } else expect(onFloor).toBeNull();
    expect(measured.counts.source).toBe('graph');
    expect(closed.counts.source).toBe('formula');
    expect({ ...closed.counts, source: 'graph' }).toEqual(measured.counts);
    expect(closed.notes).toEqual(measured.notes);
    expect(closed.bom).toEqual(measured.bom);
    expect(closed.cost).toEqual(measured.cost);
    expect(JSON.stringify({ ...closed, counts: { ...closed.counts, source: 'graph' } })).toBe(JSON.stringify(measured));
  });

  it("every family's notes member says what its builder attaches", () => {
    const samples: Record<string, string> = {
      dragonfly: 'dragonfly:k=16,p=2,a=4,h=2',
      slimfly: 'slimfly:q=5,k=16',
      railonly: 'railonly:k=8,endpoints=96',
      // uneven explicit spine counts carry a note
      ft2: 'ft2:k=16,endpoints=32,spines=3',
      mpft: 'mpft:k=16,planes=2,endpoints=64,spines=3',
      mrft: 'mrft:k=16,suHosts=8,sus=1,spines=5',
    };
    // the families that attach notes are the six sampled here (ft3 attaches none): none is skipped unchecked
    expect(allFamilies().filter((f) => f.notes).map((f) => f.name).sort()).toEqual(Object.keys(samples).sort());
    for (const f of allFamilies()) {
      if (!f.notes) continue;
      const [spec] = resolveTopology(samples[f.name]);
      const notes = buildFabric(spec).getAttribute('notes');
      expect(f.notes(spec.params)).toEqual(notes);
      // each sample was picked because its builder attaches a note: an empty list on both sides would agree
      expect(notes.length, f.name).toBeGreaterThanOrEqual(1);
    }
  });

  it("compare builds nothing for closed-form families under the paper's layout (or a closed floor view), and builds otherwise", () => {
    const specs = resolveTopology('ft2:k=8').concat(resolveTopology('dragonfly:k=16,p=2,a=4,h=2'));
    expect(compareTopologies(specs, { floor: 'paper' }).analyses.map((a) => a.counts.source)).toEqual(['formula', 'formula']);
    // on the floor plan: ft2 has a closed floor view, the Dragonfly is measured on its graph
    expect(compareTopologies(specs).analyses.map((a) => a.counts.source)).toEqual(['formula', 'graph']);
    const withPaths = compareTopologies(specs, { paths: true });
    expect(withPaths.analyses.map((a) => a.counts.source)).toEqual(['graph', 'graph']);
    // ft2:k=8: NIC, leaf, spine, leaf, NIC; the canonical Dragonfly: local, global, local between routers
    expect(withPaths.analyses.map((a) => a.paths!.diameterHops)).toEqual([4, 5]);
  });
});
