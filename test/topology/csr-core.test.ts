/**
 * The engine's adjacency (csr.ts) against the edge list it is compiled from, and its BFS against a BFS written
 * here. The oracle is the fabric's own node and edge list (graphology's walk of the built graph, or a
 * hand-made graph), read with nothing from csr.ts: node numbering as documented (switches, then endpoints,
 * then NVLink hubs, each in insertion order), arc 2e = edge e as stored, 2e + 1 its reverse.
 */
import { describe, expect, it } from 'vitest';
import { UndirectedGraph } from 'graphology';
import { resolveTopology } from '../../src/topology/spec.js';
import { buildFabric } from '../../src/topology/build.js';
import { bfs, bfsSwitches, bfsUntil, compileCsr, switchGraph, type FabricCsr } from '../../src/topology/csr.js';
import { LAYERS, LAYER_OTHER, ROLES } from '../../src/topology/engine.js';
import { pendingEngine } from '../../src/topology/engine-fabric.js';
import { newFabric, type Fabric } from '../../src/topology/model.js';
import { prng } from '../helpers/reference-router.js';

type Attrs = Record<string, unknown>;
interface EdgeList {
  /** node names in CSR order, their attributes, and name -> index */
  names: string[];
  attrs: Attrs[];
  at: Map<string, number>;
  switches: number;
  endpoints: number;
  /** per edge, in insertion order: ends (CSR indices) and attributes */
  ends: Array<[number, number]>;
  eattrs: Attrs[];
  keys: string[];
}

/** The documented numbering, read off a node and edge walk. */
function edgeList(walkNodes: (cb: (id: string, a: Attrs) => void) => void, walkEdges: (cb: (key: string, a: Attrs, s: string, t: string) => void) => void): EdgeList {
  const groups: Array<Array<[string, Attrs]>> = [[], [], []];
  walkNodes((id, a) => groups[a.kind === 'switch' ? 0 : a.kind === 'endpoint' ? 1 : 2].push([id, { ...a }]));
  const all = groups.flat();
  const at = new Map(all.map(([id], i) => [id, i]));
  const ends: Array<[number, number]> = [];
  const eattrs: Attrs[] = [];
  const keys: string[] = [];
  walkEdges((key, a, s, t) => {
    ends.push([at.get(s)!, at.get(t)!]);
    eattrs.push({ ...a });
    keys.push(key);
  });
  return { names: all.map(([id]) => id), attrs: all.map(([, a]) => a), at, switches: groups[0].length, endpoints: groups[1].length, ends, eattrs, keys };
}

const fromGraph = (g: Fabric) =>
  edgeList(
    (cb) => g.forEachNode((id, a) => cb(id, a as Attrs)),
    (cb) => g.forEachEdge((key, a, s, t) => cb(key, a as Attrs, s, t)),
  );

/** Every array of the CSR against the edge list. */
function expectLayout(c: FabricCsr, L: EdgeList) {
  const n = L.names.length;
  const S = L.switches;
  const m = L.ends.length;
  expect([c.n, c.switches, c.endpoints, c.edges]).toEqual([n, S, L.endpoints, m]);
  expect(c.ids).toEqual(L.names);
  for (let u = 0; u < n; u++) {
    const a = L.attrs[u];
    const sw = a.kind === 'switch';
    const ep = a.kind === 'endpoint';
    const opt = (v: unknown) => (v === undefined ? -1 : v);
    const want = {
      name: L.names[u],
      index: u,
      kind: sw ? 0 : ep ? 1 : 2,
      tier: sw ? a.tier : 0,
      radix: sw ? a.radix : 0,
      role: sw ? Math.max(0, ROLES.indexOf(a.role as string)) : 0,
      plane: sw || ep ? opt(a.plane) : -1,
      host: sw ? -1 : a.host,
      gpu: ep ? a.gpu : -1,
      pod: sw || ep ? opt(a.pod) : -1,
      su: sw || ep ? opt(a.su) : -1,
      group: sw || ep ? opt(a.group) : -1,
      rail: sw ? opt(a.rail) : -1,
    };
    const got = {
      name: c.nameOf(u),
      index: c.index.get(L.names[u]),
      kind: c.kind[u],
      tier: c.tier[u],
      radix: c.radix[u],
      role: c.role[u],
      plane: c.plane[u],
      host: c.host[u],
      gpu: c.gpu[u],
      pod: c.pod[u],
      su: c.su[u],
      group: c.group[u],
      rail: c.rail[u],
    };
    if (JSON.stringify(got) !== JSON.stringify(want)) expect(got, L.names[u]).toEqual(want);
  }
  for (const arr of [c.kind, c.tier, c.radix, c.role, c.plane, c.host, c.gpu, c.pod, c.su, c.group, c.rail]) expect(arr.length).toBe(n);
  // edges: arc 2e as stored, 2e + 1 reversed; per-edge columns from the attributes
  expect([c.arcTail.length, c.arcHead.length, c.lanes.length, c.gbps.length, c.medium.length, c.layer.length]).toEqual([2 * m, 2 * m, m, m, m, m]);
  expect(c.edgeKeys).toEqual(L.keys);
  for (let e = 0; e < m; e++) {
    const [s, t] = L.ends[e];
    const a = L.eattrs[e];
    const layer = LAYERS.indexOf(a.layer as never);
    const want = [s, t, t, s, a.lanes, a.gbps, a.medium === 'nvlink' ? 1 : 0, layer < 0 ? LAYER_OTHER : layer, L.keys[e]];
    const got = [c.arcTail[2 * e], c.arcHead[2 * e], c.arcTail[2 * e + 1], c.arcHead[2 * e + 1], c.lanes[e], c.gbps[e], c.medium[e], c.layer[e], c.edgeKey(e)];
    if (JSON.stringify(got) !== JSON.stringify(want)) expect(got, `edge ${e}`).toEqual(want);
  }
  // arcs out of each node, ascending: arc 2e leaves s, arc 2e + 1 leaves t
  const out: number[][] = Array.from({ length: n }, () => []);
  L.ends.forEach(([s, t], e) => {
    out[s].push(2 * e);
    out[t].push(2 * e + 1);
  });
  for (const list of out) list.sort((x, y) => x - y);
  const head = (a: number) => (a % 2 === 0 ? L.ends[a >> 1][1] : L.ends[a >> 1][0]);
  expect(c.offsets.length).toBe(n + 1);
  expect(c.offsets[0]).toBe(0);
  expect(c.arcsOf.length).toBe(2 * m);
  for (let u = 0; u < n; u++) {
    const got = Array.from(c.arcsOf.subarray(c.offsets[u], c.offsets[u + 1]));
    if (JSON.stringify(got) !== JSON.stringify(out[u])) expect(got, `arcs of ${L.names[u]}`).toEqual(out[u]);
  }
  // switch-only adjacency: the arcs out of switch u whose head is a switch, in the same order
  expect(c.swOffsets.length).toBe(S + 1);
  expect(c.swOffsets[0]).toBe(0);
  const swArcs = out.slice(0, S).map((list) => list.filter((a) => head(a) < S));
  expect(c.swOffsets[S]).toBe(swArcs.flat().length);
  expect(c.swTarget.length).toBe(c.swOffsets[S]);
  for (let u = 0; u < S; u++) {
    const got = Array.from(c.swArc.subarray(c.swOffsets[u], c.swOffsets[u + 1]));
    const to = Array.from(c.swTarget.subarray(c.swOffsets[u], c.swOffsets[u + 1]));
    if (JSON.stringify([got, to]) !== JSON.stringify([swArcs[u], swArcs[u].map(head)])) expect([got, to], `switch arcs of ${L.names[u]}`).toEqual([swArcs[u], swArcs[u].map(head)]);
  }
  // endpoints: the arc to their leaf and to their host's hub (−1 when absent); endpoints per switch
  const E = L.endpoints;
  const want = { leaf: new Array(E).fill(-1), up: new Array(E).fill(-1), down: new Array(E).fill(-1), nvUp: new Array(E).fill(-1), nvDown: new Array(E).fill(-1), perSwitch: new Array(n).fill(0) };
  for (let ep = 0; ep < E; ep++)
    for (const a of out[S + ep]) {
      const v = head(a);
      if (v < S) {
        want.leaf[ep] = v;
        want.up[ep] = a;
        want.down[ep] = a ^ 1;
        want.perSwitch[v]++;
      } else if (v >= S + E) {
        want.nvUp[ep] = a;
        want.nvDown[ep] = a ^ 1;
      }
    }
  expect({ leaf: Array.from(c.endpointLeaf), up: Array.from(c.endpointUpArc), down: Array.from(c.endpointDownArc), nvUp: Array.from(c.nvUpArc), nvDown: Array.from(c.nvDownArc), perSwitch: Array.from(c.leafEndpoints) }).toEqual(want);
}

/** Live switch adjacency from the edge list: per switch, [neighbour, lanes, arc] of every unfailed switch edge. */
function switchNeighbours(L: EdgeList, failed?: Uint8Array) {
  const S = L.switches;
  const nb: Array<Array<[number, number, number]>> = Array.from({ length: S }, () => []);
  L.ends.forEach(([s, t], e) => {
    if (s < S && t < S && !failed?.[e]) {
      nb[s].push([t, L.eattrs[e].lanes as number, 2 * e]);
      nb[t].push([s, L.eattrs[e].lanes as number, 2 * e + 1]);
    }
  });
  for (const list of nb) list.sort((x, y) => x[2] - y[2]);
  return nb;
}

/** A textbook BFS over the edge list: distances, and per switch the lanes of its links one hop nearer `src`. */
function referenceBfs(nb: Array<Array<[number, number, number]>>, src: number) {
  const dist = new Array(nb.length).fill(-1);
  dist[src] = 0;
  let frontier = [src];
  while (frontier.length) {
    const next: number[] = [];
    for (const u of frontier)
      for (const [v] of nb[u])
        if (dist[v] < 0) {
          dist[v] = dist[u] + 1;
          next.push(v);
        }
    frontier = next;
  }
  const nextLanes = dist.map((d, v) => (d <= 0 ? 0 : nb[v].reduce((sum, [u, lanes]) => sum + (dist[u] === d - 1 ? lanes : 0), 0)));
  return { dist, nextLanes };
}

const REFS = ['ft3:k=4,gpusPerHost=2', 'ft2:k=8,endpoints=19', 'mpft:k=8,planes=2', 'dragonfly:p=2,a=4,h=2', 'dragonfly:p=3,a=4,h=2,arrangement=consecutive', 'slimfly:q=5', 'mrft:k=8,suHosts=4,sus=2,gpusPerHost=4', 'railonly:k=4,gpusPerHost=2,endpoints=24'];

/** Built twice: once compiled from its engine, once as a graphology graph whose walk is the oracle. */
function both(ref: string) {
  const spec = resolveTopology(ref)[0];
  const engine = buildFabric(spec);
  const graph = buildFabric(spec);
  graph.nodes(); // graphology's own graph from here on
  expect(pendingEngine(graph)).toBeNull();
  return { engine, graph, L: fromGraph(graph) };
}

describe('compiled layout against the edge list', () => {
  it.each(REFS)('%s: from the engine and from the graph', (ref) => {
    const { engine, graph, L } = both(ref);
    const fromEngine = compileCsr(engine);
    expect(pendingEngine(engine)).not.toBeNull();
    expectLayout(fromEngine, L);
    expectLayout(compileCsr(graph), L);
    // a plain graphology graph (no engine at all), imported from the export
    const plain = new UndirectedGraph() as unknown as Fabric;
    plain.import(graph.export());
    expectLayout(compileCsr(plain), L);
  });

  it('a hand-made graph: nodes out of kind order, links stored either way, a layer and a role outside the lists, endpoints without a hub or a leaf, a NIC-to-NIC cable', () => {
    const g = new UndirectedGraph() as unknown as Fabric;
    const node = (id: string, a: Attrs) => g.addNode(id, a as never);
    node('e0', { kind: 'endpoint', host: 0, gpu: 0, plane: 1, pod: 0, su: 2, group: 3 });
    node('hub0', { kind: 'nvswitch', host: 0 });
    node('sA', { kind: 'switch', tier: 2, role: 'spine', radix: 16, plane: 1, pod: 4, su: 5, group: 6, rail: 7 });
    node('e1', { kind: 'endpoint', host: 0, gpu: 1 });
    node('sB', { kind: 'switch', tier: 1, role: 'odd-role', radix: 8 });
    node('e2', { kind: 'endpoint', host: 3, gpu: 0 }); // no hub
    node('e3', { kind: 'endpoint', host: 4, gpu: 2 }); // no leaf, no hub
    node('sC', { kind: 'switch', tier: 3, role: 'core', radix: 4 });
    const edge = (a: string, b: string, attrs: Attrs) => g.addEdgeWithKey(`${a}~${b}`, a, b, attrs as never);
    edge('hub0', 'e0', { medium: 'nvlink', layer: 'nvlink', gbps: 900, lanes: 1 });
    edge('sB', 'e0', { medium: 'fabric', layer: 'endpoint', gbps: 400, lanes: 1 });
    edge('sA', 'sB', { medium: 'fabric', layer: 'leaf-spine', gbps: 400, lanes: 3 });
    edge('e1', 'hub0', { medium: 'nvlink', layer: 'nvlink', gbps: 900, lanes: 1 });
    edge('e1', 'sB', { medium: 'fabric', layer: 'endpoint', gbps: 400, lanes: 1 });
    edge('sC', 'sA', { medium: 'fabric', layer: 'spine-core', gbps: 800, lanes: 2 });
    edge('e2', 'sA', { medium: 'fabric', layer: 'odd-layer', gbps: 200, lanes: 1 });
    edge('sB', 'sC', { medium: 'fabric', layer: 'global', gbps: 400, lanes: 5 });
    // two NICs cabled to each other: neither end gets a leaf or a hub from it
    edge('e2', 'e3', { medium: 'fabric', layer: 'endpoint', gbps: 400, lanes: 1 });
    const L = fromGraph(g);
    // the documented numbering, written out: sA sB sC | e0 e1 e2 e3 | hub0
    expect(L.names).toEqual(['sA', 'sB', 'sC', 'e0', 'e1', 'e2', 'e3', 'hub0']);
    const c = compileCsr(g);
    expectLayout(c, L);
    // by hand: sB has 2 NICs and e0's leaf is sB over arc 2·1 + 1; e3 has nothing; the odd layer and role
    expect(Array.from(c.leafEndpoints)).toEqual([1, 2, 0, 0, 0, 0, 0, 0]);
    expect([c.endpointLeaf[0], c.endpointUpArc[0], c.endpointDownArc[0], c.nvUpArc[0], c.nvDownArc[0]]).toEqual([1, 3, 2, 1, 0]);
    expect([c.endpointLeaf[3], c.endpointUpArc[3], c.nvUpArc[3], c.nvUpArc[2]]).toEqual([-1, -1, -1, -1]);
    expect([c.layer[6], c.role[1]]).toEqual([LAYER_OTHER, 0]);
    // switchNamed names switches only
    expect([c.switchNamed('sC'), c.switchNamed('sA'), c.switchNamed('e0'), c.switchNamed('nope')]).toEqual([2, 0, -1, -1]);
  });

  it('a hand-made engine fabric whose hub carries more than its host: the hub keeps host only, as from the graph', () => {
    // written through the engine (imported files and library callers take this path); the hub's extra
    // attributes are not a hub's (gpu, plane, pod, su and group belong to switches and endpoints)
    const f = newFabric({ name: 'hand', family: 'hand', params: {}, hosts: 1, gpusPerHost: 2, planes: 1, nicGbps: 400, nvlinkGbps: 900, radix: 8, notes: [] });
    f.addNode('h0.nv', { kind: 'nvswitch', host: 0, gpu: 1, plane: 2, pod: 3, su: 4, group: 5 } as never);
    f.addNode('leaf', { kind: 'switch', tier: 1, role: 'leaf', radix: 8, pod: 0 } as never);
    f.addNode('h0.g0', { kind: 'endpoint', host: 0, gpu: 0, pod: 0 } as never);
    f.addNode('h0.g1', { kind: 'endpoint', host: 0, gpu: 1, pod: 0 } as never);
    const edge = (a: string, b: string, medium: string, layer: string) => f.addEdgeWithKey(`${a}~${b}`, a, b, { medium, layer, gbps: 400, lanes: 1 } as never);
    edge('h0.g0', 'h0.nv', 'nvlink', 'nvlink');
    edge('h0.g1', 'h0.nv', 'nvlink', 'nvlink');
    edge('h0.g0', 'leaf', 'fabric', 'endpoint');
    edge('h0.g1', 'leaf', 'fabric', 'endpoint');
    expect(pendingEngine(f)).not.toBeNull();
    const L = edgeList(
      (cb) => f.forEachNode((id, a) => cb(id, a as Attrs)),
      (cb) => f.forEachEdge((key, a, s, t) => cb(key, a as Attrs, s, t)),
    );
    expect(L.names).toEqual(['leaf', 'h0.g0', 'h0.g1', 'h0.nv']);
    const c = compileCsr(f);
    expectLayout(c, L);
    expect([c.host[3], c.gpu[3], c.plane[3], c.pod[3], c.su[3], c.group[3]]).toEqual([0, -1, -1, -1, -1, -1]);
  });

  it('the engine view has the same enumerable fields as the graph view (ids, index and edgeKeys made on first read)', () => {
    const { engine, graph } = both('ft3:k=4');
    const fromEngine = compileCsr(engine);
    const fromGraph = compileCsr(graph);
    expect(Object.keys(fromEngine).sort()).toEqual(Object.keys(fromGraph).sort());
    for (const k of ['ids', 'index', 'edgeKeys']) expect(Object.keys(fromEngine)).toContain(k);
  });

  it('switchNamed on an engine fabric: every switch by its name, endpoints and hubs not', () => {
    const { engine, L } = both('dragonfly:p=2,a=4,h=2');
    const c = compileCsr(engine);
    for (let u = 0; u < L.switches; u++) expect(c.switchNamed(L.names[u])).toBe(u);
    expect(c.switchNamed(L.names[L.switches])).toBe(-1);
    expect(c.switchNamed(L.names[L.names.length - 1])).toBe(-1);
  });
});

describe('switchGraph against the edge list', () => {
  it.each(REFS)('%s: intact, and with a random fifth of the edges failed', (ref) => {
    const { engine, L } = both(ref);
    const c = compileCsr(engine);
    const r = prng(5);
    const failed = new Uint8Array(c.edges);
    for (let e = 0; e < c.edges; e++) failed[e] = r() < 0.2 ? 1 : 0;
    for (const mask of [undefined, failed, new Uint8Array(c.edges)]) {
      const g = switchGraph(c, mask);
      const nb = switchNeighbours(L, mask);
      expect(g.switches).toBe(L.switches);
      expect(g.off.length).toBe(L.switches + 1);
      expect(g.off[0]).toBe(0);
      for (let u = 0; u < L.switches; u++) {
        const got: Array<[number, number, number]> = [];
        for (let i = g.off[u]; i < g.off[u + 1]; i++) got.push([g.to[i], g.lanes[i], g.arc[i]]);
        if (JSON.stringify(got) !== JSON.stringify(nb[u])) expect(got, `${L.names[u]}`).toEqual(nb[u]);
      }
      const arcs = nb.flat().length;
      expect([g.to.length, g.arc.length, g.lanes.length, g.off[L.switches]]).toEqual([arcs, arcs, arcs, arcs]);
    }
  });
});

describe('bfs and bfsSwitches against a textbook BFS', () => {
  it.each(REFS)('%s: distances, visiting order, switches reached and next-hop lanes, intact and with failures', (ref) => {
    const { engine, L } = both(ref);
    const c = compileCsr(engine);
    const S = L.switches;
    const r = prng(11);
    const failed = new Uint8Array(c.edges);
    for (let e = 0; e < c.edges; e++) failed[e] = r() < 0.25 ? 1 : 0;
    for (const mask of [undefined, failed]) {
      const g = switchGraph(c, mask);
      const nb = switchNeighbours(L, mask);
      for (let src = 0; src < S; src++) {
        const want = referenceBfs(nb, src);
        const reachable = want.dist.filter((d) => d >= 0).length;
        const dist = new Int32Array(S).fill(7);
        const order = new Int32Array(S).fill(-9);
        const lanes = new Float64Array(S).fill(3);
        // without next hops
        expect(bfs(g, src, dist, order)).toBe(reachable);
        expect(Array.from(dist)).toEqual(want.dist);
        const visited = Array.from(order.subarray(0, reachable));
        expect(visited[0]).toBe(src);
        expect([...visited].sort((x, y) => x - y)).toEqual(want.dist.map((d, u) => (d >= 0 ? u : -1)).filter((u) => u >= 0));
        for (let i = 1; i < reachable; i++) expect(want.dist[visited[i]]).toBeGreaterThanOrEqual(want.dist[visited[i - 1]]);
        // with next hops
        dist.fill(7);
        expect(bfs(g, src, dist, order, lanes)).toBe(reachable);
        expect(Array.from(dist)).toEqual(want.dist);
        expect(Array.from(lanes)).toEqual(want.nextLanes);
        expect(order[0]).toBe(src);
        // the shorthand on the intact graph (kept per CSR: asked twice)
        if (!mask)
          for (let k = 0; k < 2; k++) {
            const d2 = new Int32Array(S).fill(5);
            bfsSwitches(c, src, d2, new Int32Array(S));
            expect(Array.from(d2)).toEqual(want.dist);
          }
      }
    }
  });
});

describe('bfsUntil against the textbook BFS: stops when the needed switches are settled', () => {
  it.each(REFS)('%s: exactly the switches up to the farthest needed one, with their final next hops', (ref) => {
    const { engine, L } = both(ref);
    const c = compileCsr(engine);
    const S = L.switches;
    const g = switchGraph(c);
    const nb = switchNeighbours(L);
    const r = prng(21);
    const dist = new Int32Array(S);
    const order = new Int32Array(S);
    const lanes = new Float64Array(S);
    let stopped = 0;
    let ranOut = 0;
    for (let trial = 0; trial < 60; trial++) {
      const src = Math.floor(r() * S);
      const want = referenceBfs(nb, src);
      const need = new Float64Array(S);
      const k = trial % 5; // 0 to 4 marks (src may be among them: it never counts)
      for (let i = 0; i < k; i++) need[Math.floor(r() * S)] = 1 + i;
      const needed = need.reduce((a, x, u) => a + (x !== 0 && u !== src ? 1 : 0), 0);
      dist.fill(9);
      lanes.fill(9);
      const res = bfsUntil(g, src, dist, order, lanes, need, needed);
      // the level of the farthest needed switch (with none needed, the search ends at src); a needed switch
      // that cannot be reached (another plane or rail) makes it run to the end
      const neededDist = Array.from(need).flatMap((x, u) => (x !== 0 && u !== src ? [want.dist[u]] : []));
      const unreachable = neededDist.includes(-1);
      const far = unreachable ? Infinity : Math.max(0, ...neededDist);
      const settled = want.dist.map((d) => d >= 0 && d <= far);
      expect(Array.from(dist)).toEqual(want.dist.map((d, u) => (settled[u] ? d : -1)));
      expect(Array.from(lanes)).toEqual(want.nextLanes.map((x, u) => (settled[u] ? x : 0)));
      const reached = settled.filter(Boolean).length;
      expect(res.reached).toBe(reached);
      expect([...order.subarray(0, reached)].sort((x, y) => x - y)).toEqual(settled.map((s, u) => (s ? u : -1)).filter((u) => u >= 0));
      // the switches at level `far` are reached but not scanned, so a stopped search is incomplete
      expect(res.complete).toBe(unreachable);
      if (reached < want.dist.filter((d) => d >= 0).length) stopped++;
      if (unreachable) ranOut++;
    }
    expect(stopped).toBeGreaterThan(10);
    if (ref.startsWith('mpft') || ref.startsWith('railonly')) expect(ranOut).toBeGreaterThan(0);
  });

  it('a needed switch that cannot be reached: the search runs to the end and says it is complete', () => {
    const { engine, L } = both('ft3:k=4,gpusPerHost=2');
    const c = compileCsr(engine);
    const S = L.switches;
    // fail every link of switch 0 (a leaf): it is unreachable from every other switch
    const failed = new Uint8Array(c.edges);
    L.ends.forEach(([s, t], e) => (failed[e] = s === 0 || t === 0 ? 1 : 0));
    const g = switchGraph(c, failed);
    const nb = switchNeighbours(L, failed);
    const src = S - 1;
    const want = referenceBfs(nb, src);
    expect(want.dist[0]).toBe(-1);
    const need = new Float64Array(S);
    need[0] = 1;
    need[1] = 1; // pod0.leaf1: reachable, but finding it alone must not stop the search
    const dist = new Int32Array(S);
    const lanes = new Float64Array(S);
    const res = bfsUntil(g, src, dist, new Int32Array(S), lanes, need, 2);
    expect(Array.from(dist)).toEqual(want.dist);
    expect(Array.from(lanes)).toEqual(want.nextLanes);
    expect(res).toEqual({ reached: S - 1, complete: true });
  });
});
