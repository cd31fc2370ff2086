/**
 * Families write the engine (engine.ts: integer nodes, typed columns and edges); the graphology graph is built
 * from it on demand. Both must describe the same fabric, edge for edge, on every family: the CSR compiled from
 * the engine's columns equals the CSR compiled from the graph (a second, independent reader: graphology's own
 * walk of the graph), and every graph edge is an engine edge with the same ends, lanes, rate, medium and layer.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { buildFabric } from '../../src/topology/build.js';
import { compileCsr, MEDIUM_NVLINK } from '../../src/topology/csr.js';
import { LAYERS, ROLES } from '../../src/topology/engine.js';
import { pendingEngine } from '../../src/topology/engine-fabric.js';
import { addHostScaleUp, addLinks, familyFabric } from '../../src/topology/model.js';
import { familyNames } from '../../src/topology/registry.js';
import { exportTopology } from '../../src/render/export/index.js';

const REFS: Record<string, string[]> = {
  ft2: ['ft2:k=8', 'ft2:k=8,oversubscription=3,gpusPerHost=2'],
  ft3: ['ft3:k=8', 'ft3:k=6,endpoints=50'],
  mpft: ['mpft:k=8,planes=8', 'mpft:k=8,planes=4,gpusPerHost=8'],
  // three-tier forms: leaves get their pod after su/rail or plane/rail (the export keeps that key order)
  mrft: ['mrft:k=16,suHosts=8,sus=3', 'mrft:k=16,suHosts=4,gpusPerHost=4,sus=5'],
  railonly: ['railonly:k=8,endpoints=64', 'railonly:k=8', 'railonly:k=4,gpusPerHost=2,endpoints=24'],
  dragonfly: ['dragonfly:p=2,a=4,h=2', 'dragonfly:p=3,a=4,h=2,arrangement=consecutive', 'dragonfly:p=3,a=4,h=2,g=6,gpusPerHost=4'],
  slimfly: ['slimfly:q=5'],
};

describe('engine and graph agree edge for edge on every family', () => {
  it('covers every registered family', () => {
    // the seven built-in families, written out: a family added without a case here, or a case for a family
    // the registry no longer has, fails (imported is covered by the files below)
    expect(Object.keys(REFS).sort()).toEqual(['dragonfly', 'ft2', 'ft3', 'mpft', 'mrft', 'railonly', 'slimfly']);
    expect(familyNames().filter((f) => f !== 'imported').sort()).toEqual(Object.keys(REFS).sort());
    expect(familyNames()).toContain('imported');
  });

  const dir = mkdtempSync(join(tmpdir(), 'topoplan-engine-'));
  const cases = Object.values(REFS).flat();
  // imported: a generated graph read back (graph -> engine)
  const importedFile = join(dir, 'g.json');
  writeFileSync(importedFile, JSON.stringify(buildFabric(resolveTopology('mpft:k=8,planes=4,gpusPerHost=4')[0]).export()));
  cases.push(importedFile);
  // and the simulator formats, read by their own parsers into a graph, then into the engine
  const simaiFile = join(dir, 'ft3.simai.txt');
  writeFileSync(simaiFile, [...exportTopology(buildFabric(resolveTopology('ft3:k=4')[0]), 'simai').chunks].join(''));
  const htsimFile = join(dir, 'ft3.topo');
  writeFileSync(htsimFile, [...exportTopology(buildFabric(resolveTopology('ft3:k=4')[0]), 'htsim-fattree').chunks].join(''));
  cases.push(simaiFile, htsimFile);

  it.each(cases)('%s', (ref) => {
    const spec = resolveTopology(ref)[0];
    const built = buildFabric(spec);
    const fromEngine = compileCsr(built);
    expect(pendingEngine(built)).not.toBeNull(); // the engine did not need the graph
    // the same build, forced into a graph first: the CSR is then read from the graph
    const graph = buildFabric(spec);
    // the engine's own node and edge walks (counts, cabling and GraphML read them without a graph)
    const walk = (f: typeof graph) => {
      const out: unknown[] = [];
      f.forEachNode((id, a) => out.push([id, { ...a }]));
      f.forEachEdge((key, a, s, t) => out.push([key, { ...a }, s, t]));
      return out;
    };
    const recordedWalk = walk(built);
    expect(pendingEngine(built)).not.toBeNull();
    expect(graph.nodes().length).toBe(fromEngine.n); // nodes() is graphology's: it builds the graph
    expect(pendingEngine(graph)).toBeNull();
    expect(walk(graph)).toEqual(recordedWalk);
    const fromGraph = compileCsr(graph);
    for (const k of ['n', 'switches', 'endpoints', 'edges'] as const) expect(fromEngine[k], k).toBe(fromGraph[k]);
    expect(fromEngine.ids).toEqual(fromGraph.ids);
    expect(fromEngine.edgeKeys).toEqual(fromGraph.edgeKeys);
    for (let u = 0; u < fromEngine.n; u++) if (fromEngine.nameOf(u) !== fromGraph.ids[u]) expect(fromEngine.nameOf(u), `node ${u}`).toBe(fromGraph.ids[u]);
    for (let e = 0; e < fromEngine.edges; e++) if (fromEngine.edgeKey(e) !== fromGraph.edgeKeys[e]) expect(fromEngine.edgeKey(e), `edge ${e}`).toBe(fromGraph.edgeKeys[e]);
    for (const k of ['kind', 'tier', 'plane', 'host', 'gpu', 'radix', 'role', 'pod', 'su', 'group', 'rail', 'layer', 'offsets', 'arcsOf', 'arcHead', 'arcTail', 'lanes', 'gbps', 'medium', 'swOffsets', 'swTarget', 'swArc', 'endpointLeaf', 'endpointUpArc', 'nvUpArc', 'leafEndpoints'] as const)
      expect(Array.from(fromEngine[k]), k).toEqual(Array.from(fromGraph[k]));
    // edge for edge against graphology's own view of the graph
    expect(graph.size).toBe(fromEngine.edges);
    graph.forEachEdge((key, a, s, t) => {
      const e = fromEngine.edgeKeys.indexOf(key);
      expect(e, key).toBeGreaterThanOrEqual(0);
      expect(fromEngine.ids[fromEngine.arcTail[2 * e]]).toBe(s);
      expect(fromEngine.ids[fromEngine.arcHead[2 * e]]).toBe(t);
      expect(fromEngine.lanes[e]).toBe(a.lanes);
      expect(fromEngine.gbps[e]).toBe(a.gbps);
      expect(fromEngine.medium[e] === MEDIUM_NVLINK).toBe(a.medium === 'nvlink');
      expect(LAYERS[fromEngine.layer[e]]).toBe(a.layer);
    });
    graph.forEachNode((id, a) => {
      const i = fromEngine.index.get(id)!;
      expect(i, id).toBeGreaterThanOrEqual(0);
      const optional = (v: number | undefined) => v ?? -1;
      if (a.kind === 'switch') {
        expect(fromEngine.radix[i]).toBe(a.radix);
        expect(ROLES[fromEngine.role[i]]).toBe(a.role);
        expect([fromEngine.pod[i], fromEngine.group[i], fromEngine.su[i], fromEngine.rail[i]]).toEqual([optional(a.pod), optional(a.group), optional(a.su), optional(a.rail)]);
      }
      if (a.kind === 'endpoint') {
        expect(fromEngine.host[i]).toBe(a.host);
        expect([fromEngine.pod[i], fromEngine.group[i], fromEngine.su[i]]).toEqual([optional(a.pod), optional(a.group), optional(a.su)]);
      }
    });
  });
});

describe('the string-id builders write the same engine', () => {
  it('addLinks bundles repeated links onto one edge; the graph and the engine both show the sum', () => {
    const f = familyFabric('toy', 'toy', { k: 8, gpusPerHost: 2, nicGbps: 400, nvlinkGbps: 1600 }, 1);
    f.addNode('a', { kind: 'switch', tier: 1, role: 'leaf', radix: 8 });
    f.addNode('b', { kind: 'switch', tier: 2, role: 'spine', radix: 8 });
    addLinks(f, 'a', 'b', 2, 400, 'leaf-spine');
    addLinks(f, 'b', 'a', 3, 400, 'leaf-spine'); // the same pair from the other end
    for (let g = 0; g < 2; g++) addLinks(f, addHostScaleUp(f, 0, g), 'a', 1, 400, 'endpoint');
    const c = compileCsr(f);
    // 2 switches, 2 endpoints, 1 hub; a–b, two NVLink spokes, two NIC links
    expect([c.n, c.switches, c.endpoints, c.edges]).toEqual([5, 2, 2, 5]);
    expect(c.lanes[0]).toBe(2 + 3);
    expect(c.edgeKey(0)).toBe('a~b');
    expect(f.getEdgeAttribute('a~b', 'lanes')).toBe(5); // graphology's own answer (builds the graph)
    expect(f.hasNode('h0.nv')).toBe(true);
    expect(() => f.addNode('a', { kind: 'switch', tier: 1, role: 'leaf', radix: 8 })).toThrow(/already exist/);
  });
});

describe('names and attribute objects are made from the engine as the model documents them', () => {
  it('ft3:k=4: ids, attributes and their key order in the JSON export (docs/model.md)', () => {
    const f = buildFabric(resolveTopology('ft3:k=4,gpusPerHost=2')[0]);
    const c = compileCsr(f);
    // k=4: 8 edge switches pod{p}.leaf{i}, 8 aggregation pod{p}.spine{j}, (k/2)² = 4 cores core{j}.{i}; 16 NICs
    expect([c.switches, c.endpoints, c.n]).toEqual([8 + 8 + 4, 16, 20 + 16 + 8]);
    expect(c.nameOf(0)).toBe('pod0.leaf0'); // leaves first, as added
    expect(c.nameOf(7)).toBe('pod3.leaf1');
    expect(c.switchNamed('core1.1')).toBeGreaterThanOrEqual(8);
    expect(c.nameOf(c.switchNamed('core1.1'))).toBe('core1.1');
    expect(c.switchNamed('h0.g0')).toBe(-1); // endpoints are not switches
    const doc = f.export();
    const node = (key: string) => doc.nodes.find((n) => n.key === key)!.attributes!;
    expect(JSON.stringify(node('pod1.leaf0'))).toBe(JSON.stringify({ kind: 'switch', tier: 1, role: 'leaf', radix: 4, pod: 1 }));
    expect(JSON.stringify(node('pod2.spine1'))).toBe(JSON.stringify({ kind: 'switch', tier: 2, role: 'spine', radix: 4, pod: 2 }));
    expect(JSON.stringify(node('core0.1'))).toBe(JSON.stringify({ kind: 'switch', tier: 3, role: 'core', radix: 4 }));
    // endpoint e = 5 is GPU 1 of host 2, on leaf ⌊5/2⌋ = 2, which is pod 1
    expect(JSON.stringify(node('h2.g1'))).toBe(JSON.stringify({ kind: 'endpoint', host: 2, gpu: 1, pod: 1 }));
    expect(JSON.stringify(node('h2.nv'))).toBe(JSON.stringify({ kind: 'nvswitch', host: 2 }));
    const edge = doc.edges.find((e) => e.key === 'h2.g1~pod1.leaf0')!;
    expect([edge.source, edge.target, JSON.stringify(edge.attributes)]).toEqual(['h2.g1', 'pod1.leaf0', JSON.stringify({ medium: 'fabric', layer: 'endpoint', gbps: 400, lanes: 1 })]);
  });
});
