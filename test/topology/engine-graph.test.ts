/**
 * The engine is compiled from the build recording without a graph (recorder.ts); the graphology graph is made
 * from the same recording on demand. Both must describe the same fabric, edge for edge, on every family: the
 * engine compiled from the recording equals the engine compiled from the graph (the pre-recorder path), and
 * every graph edge is an engine edge with the same ends, lanes, rate and medium.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { buildFabric } from '../../src/topology/build.js';
import { compileCsr, MEDIUM_NVLINK } from '../../src/topology/csr.js';
import { pendingRecording } from '../../src/topology/recorder.js';
import { familyNames } from '../../src/topology/registry.js';

const REFS: Record<string, string[]> = {
  ft2: ['ft2:k=8', 'ft2:k=8,oversubscription=3,gpusPerHost=2'],
  ft3: ['ft3:k=8', 'ft3:k=6,endpoints=50'],
  mpft: ['mpft:k=8,planes=8', 'mpft:k=8,planes=4,gpusPerHost=8'],
  mrft: ['mrft:k=16,suHosts=8,sus=3'],
  railonly: ['railonly:k=8,endpoints=64'],
  dragonfly: ['dragonfly:p=2,a=4,h=2', 'dragonfly:p=3,a=4,h=2,arrangement=consecutive'],
  slimfly: ['slimfly:q=5'],
};

describe('engine and graph agree edge for edge on every family', () => {
  it('covers every registered family', () => {
    for (const f of familyNames()) expect(f === 'imported' || REFS[f] !== undefined, f).toBe(true);
  });

  const dir = mkdtempSync(join(tmpdir(), 'topoplan-engine-'));
  const cases = Object.values(REFS).flat();
  // imported: a generated graph read back (its build goes through the recorder, then reads the graph)
  const importedFile = join(dir, 'g.json');
  writeFileSync(importedFile, JSON.stringify(buildFabric(resolveTopology('mpft:k=8,planes=4,gpusPerHost=4')[0]).export()));
  cases.push(importedFile);

  it.each(cases)('%s', (ref) => {
    const spec = resolveTopology(ref)[0];
    const recorded = buildFabric(spec);
    const fromRecording = compileCsr(recorded);
    if (spec.family !== 'imported') expect(pendingRecording(recorded)).not.toBeNull(); // the engine did not need the graph
    // the same build, forced into a graph first: the pre-recorder path
    const graph = buildFabric(spec);
    // the recording's own node and edge walks (counts, cabling and GraphML read them without a graph)
    const walk = (f: typeof graph) => {
      const out: unknown[] = [];
      f.forEachNode((id, a) => out.push([id, { ...a }]));
      f.forEachEdge((key, a, s, t) => out.push([key, { ...a }, s, t]));
      return out;
    };
    const recordedWalk = walk(recorded);
    if (spec.family !== 'imported') expect(pendingRecording(recorded)).not.toBeNull();
    expect(graph.nodes().length).toBe(fromRecording.n); // nodes() is graphology's: it builds the graph
    expect(pendingRecording(graph)).toBeNull();
    expect(walk(graph)).toEqual(recordedWalk);
    const fromGraph = compileCsr(graph);
    for (const k of ['n', 'switches', 'endpoints', 'edges'] as const) expect(fromRecording[k], k).toBe(fromGraph[k]);
    expect(fromRecording.ids).toEqual(fromGraph.ids);
    expect(fromRecording.edgeKeys).toEqual(fromGraph.edgeKeys);
    for (const k of ['kind', 'tier', 'plane', 'host', 'gpu', 'radix', 'offsets', 'arcsOf', 'arcHead', 'arcTail', 'lanes', 'gbps', 'medium', 'swOffsets', 'swTarget', 'swArc', 'endpointLeaf', 'endpointUpArc', 'nvUpArc', 'leafEndpoints'] as const)
      expect(Array.from(fromRecording[k]), k).toEqual(Array.from(fromGraph[k]));
    // edge for edge against graphology's own view of the graph
    expect(graph.size).toBe(fromRecording.edges);
    graph.forEachEdge((key, a, s, t) => {
      const e = fromRecording.edgeKeys.indexOf(key);
      expect(e, key).toBeGreaterThanOrEqual(0);
      expect(fromRecording.ids[fromRecording.arcTail[2 * e]]).toBe(s);
      expect(fromRecording.ids[fromRecording.arcHead[2 * e]]).toBe(t);
      expect(fromRecording.lanes[e]).toBe(a.lanes);
      expect(fromRecording.gbps[e]).toBe(a.gbps);
      expect(fromRecording.medium[e] === MEDIUM_NVLINK).toBe(a.medium === 'nvlink');
    });
    graph.forEachNode((id, a) => {
      const i = fromRecording.index.get(id)!;
      expect(i, id).toBeGreaterThanOrEqual(0);
      if (a.kind === 'switch') expect(fromRecording.radix[i]).toBe(a.radix);
      if (a.kind === 'endpoint') expect(fromRecording.host[i]).toBe(a.host);
    });
  });
});
