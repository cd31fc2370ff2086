/**
 * The engine's adjacency: flat typed arrays compiled once from the engine's columns (engine.ts), or from a
 * graphology graph (a plain graph, or a fabric whose graph was built and may have changed), and reused by every
 * hot loop (paths, routing, max-flow).
 *
 * Edge keys are deterministic (`a~b`): graphology's generated keys carry a per-process id.
 * Node numbering: switches 0..S-1, then endpoints S..S+N-1, then NVLink hubs.
 * Every undirected edge e has two arcs: 2e (source -> target as stored) and 2e+1 (reverse), so
 * per-direction loads live in arrays of length 2·edges indexed by arc.
 */
import type { Fabric, NodeAttrs } from './model.js';
import { LAYERS, LAYER_OTHER, ROLES, type Engine } from './engine.js';
import { pendingEngine } from './engine-fabric.js';

export const KIND_SWITCH = 0;
export const KIND_ENDPOINT = 1;
export const KIND_NVSWITCH = 2;
export const MEDIUM_FABRIC = 0;
export const MEDIUM_NVLINK = 1;

export interface FabricCsr {
  /** nodes */
  n: number;
  switches: number;
  endpoints: number;
  /** node names; from an engine, made on first read (use nameOf for a few) */
  ids: string[];
  index: Map<string, number>;
  /** the name of node u, without making every name */
  nameOf(u: number): string;
  /** the key of edge e, without making every key */
  edgeKey(e: number): string;
  /** the switch named `name`, −1 if none: names only the switches (a few thousand), not every node */
  switchNamed(name: string): number;
  kind: Uint8Array;
  /** switch tier (1..3), 0 for non-switches */
  tier: Uint8Array;
  /** plane of a switch or endpoint, -1 if none */
  plane: Int16Array;
  /** host of an endpoint or hub, -1 otherwise */
  host: Int32Array;
  /** local GPU index of an endpoint, -1 otherwise */
  gpu: Int16Array;
  radix: Int32Array;
  /** switch role, a code into ROLES (engine.ts); 0 for non-switches */
  role: Uint8Array;
  /** pod, scalable unit, group and rail of a node, −1 where the node has none */
  pod: Int32Array;
  su: Int32Array;
  group: Int32Array;
  rail: Int32Array;

  /** all arcs: offsets[n+1], arcs of node u are arcsOf[offsets[u]..offsets[u+1]) */
  offsets: Int32Array;
  arcsOf: Int32Array;
  /** per arc: head node and tail node */
  arcHead: Int32Array;
  arcTail: Int32Array;

  /** per undirected edge */
  edges: number;
  edgeKeys: string[];
  lanes: Float64Array;
  gbps: Float64Array;
  medium: Uint8Array;
  /** per edge: its layer, a code into LAYERS (engine.ts), LAYER_OTHER for a layer outside them */
  layer: Uint8Array;

  /** switch-only fabric adjacency (switch-to-switch arcs), for routing and BFS at switch scale */
  swOffsets: Int32Array;
  /** head switch of each switch arc */
  swTarget: Int32Array;
  /** global arc id of each switch arc */
  swArc: Int32Array;

  /** per endpoint e (0-based, node S+e): its leaf switch and its access arcs */
  endpointLeaf: Int32Array;
  endpointUpArc: Int32Array;
  endpointDownArc: Int32Array;
  /** per endpoint: arcs endpoint -> NVLink hub and back (-1 when the host has no hub) */
  nvUpArc: Int32Array;
  nvDownArc: Int32Array;
  /** endpoints attached to each switch (0 for non-leaves) */
  leafEndpoints: Int32Array;
}

/** What compileCsr gathers before building the adjacency: the node and edge arrays, and the degrees. */
type Gathered = Pick<FabricCsr, 'n' | 'switches' | 'endpoints' | 'kind' | 'tier' | 'plane' | 'host' | 'gpu' | 'radix' | 'role' | 'pod' | 'su' | 'group' | 'rail' | 'edges' | 'lanes' | 'gbps' | 'medium' | 'layer' | 'arcHead' | 'arcTail'> & {
  degree: Int32Array;
};

function nodeArrays(n: number) {
  return {
    kind: new Uint8Array(n),
    tier: new Uint8Array(n),
    plane: new Int16Array(n).fill(-1),
    host: new Int32Array(n).fill(-1),
    gpu: new Int16Array(n).fill(-1),
    radix: new Int32Array(n),
    role: new Uint8Array(n),
    pod: new Int32Array(n).fill(-1),
    su: new Int32Array(n).fill(-1),
    group: new Int32Array(n).fill(-1),
    rail: new Int32Array(n).fill(-1),
  };
}

const ROLE_INDEX = (r: string) => Math.max(0, ROLES.indexOf(r));
const LAYER_INDEX = (l: string) => {
  const c = LAYERS.indexOf(l as never);
  return c < 0 ? LAYER_OTHER : c;
};

function setNode(x: ReturnType<typeof nodeArrays>, i: number, a: NodeAttrs): void {
  if (a.kind === 'switch') {
    x.kind[i] = KIND_SWITCH;
    x.tier[i] = a.tier;
    x.radix[i] = a.radix;
    x.role[i] = ROLE_INDEX(a.role);
    if (a.plane !== undefined) x.plane[i] = a.plane;
    if (a.pod !== undefined) x.pod[i] = a.pod;
    if (a.su !== undefined) x.su[i] = a.su;
    if (a.group !== undefined) x.group[i] = a.group;
    if (a.rail !== undefined) x.rail[i] = a.rail;
  } else if (a.kind === 'endpoint') {
    x.kind[i] = KIND_ENDPOINT;
    x.host[i] = a.host;
    x.gpu[i] = a.gpu;
    if (a.plane !== undefined) x.plane[i] = a.plane;
    if (a.pod !== undefined) x.pod[i] = a.pod;
    if (a.su !== undefined) x.su[i] = a.su;
    if (a.group !== undefined) x.group[i] = a.group;
  } else {
    x.kind[i] = KIND_NVSWITCH;
    x.host[i] = a.host;
  }
}

/** Nodes and edges read from a graphology graph (a plain graph, or an engine's fabric whose graph was built and is now its state). */
function gatherGraph(f: Fabric): Gathered & { ids: string[]; index: Map<string, number>; edgeKeys: string[] } {
  const ids: string[] = [];
  const eps: string[] = [];
  const hubs: string[] = [];
  f.forEachNode((id, a) => {
    if (a.kind === 'switch') ids.push(id);
    else if (a.kind === 'endpoint') eps.push(id);
    else hubs.push(id);
  });
  const switches = ids.length;
  const endpoints = eps.length;
  for (const id of eps) ids.push(id);
  for (const id of hubs) ids.push(id);
  const n = ids.length;
  const index = new Map<string, number>();
  ids.forEach((id, i) => index.set(id, i));
  const x = nodeArrays(n);
  for (let i = 0; i < n; i++) setNode(x, i, f.getNodeAttributes(ids[i]));

  const edges = f.size;
  const edgeKeys: string[] = new Array(edges);
  const lanes = new Float64Array(edges);
  const gbps = new Float64Array(edges);
  const medium = new Uint8Array(edges);
  const layer = new Uint8Array(edges);
  const arcHead = new Int32Array(2 * edges);
  const arcTail = new Int32Array(2 * edges);
  const degree = new Int32Array(n + 1);
  let e = 0;
  f.forEachEdge((key, a, s, t) => {
    const u = index.get(s)!;
    const v = index.get(t)!;
    edgeKeys[e] = key;
    lanes[e] = a.lanes;
    gbps[e] = a.gbps;
    medium[e] = a.medium === 'nvlink' ? MEDIUM_NVLINK : MEDIUM_FABRIC;
    layer[e] = LAYER_INDEX(a.layer);
    arcTail[2 * e] = u;
    arcHead[2 * e] = v;
    arcTail[2 * e + 1] = v;
    arcHead[2 * e + 1] = u;
    degree[u]++;
    degree[v]++;
    e++;
  });
  return { n, switches, endpoints, ids, index, ...x, edges, edgeKeys, lanes, gbps, medium, layer, arcHead, arcTail, degree };
}

/**
 * Nodes and edges straight from the engine's columns: no graph, no strings. Same order as gatherGraph on the
 * engine's graph: switches, then endpoints, then hubs, each in insertion order; edges in insertion order.
 * Returns also `at`, engine node -> CSR node.
 */
function gatherEngine(en: Engine): Gathered & { at: Int32Array } {
  const N0 = en.n;
  const kindOf = en.kind;
  let switches = 0;
  let endpoints = 0;
  for (let i = 0; i < N0; i++) {
    if (kindOf[i] === KIND_SWITCH) switches++;
    else if (kindOf[i] === KIND_ENDPOINT) endpoints++;
  }
  const at = new Int32Array(N0);
  const x = nodeArrays(N0);
  const none = new Int32Array(0);
  const col = (k: Parameters<Engine['column']>[0]) => en.column(k) ?? none;
  const [tier, radix, host, gpu, plane, pod, su, group, rail] = (['tier', 'radix', 'host', 'gpu', 'plane', 'pod', 'su', 'group', 'rail'] as const).map(col);
  const some = (c: Int32Array, i: number) => (c.length ? c[i] : -1);
  let ns = 0;
  let ne = switches;
  let nh = switches + endpoints;
  for (let i = 0; i < N0; i++) {
    const k = kindOf[i];
    const j = k === KIND_SWITCH ? ns++ : k === KIND_ENDPOINT ? ne++ : nh++;
    at[i] = j;
    x.kind[j] = k;
    if (k === KIND_SWITCH) {
      x.tier[j] = Math.max(0, some(tier, i));
      x.radix[j] = Math.max(0, some(radix, i));
      x.role[j] = en.role[i];
      x.plane[j] = some(plane, i);
      x.rail[j] = some(rail, i);
    } else if (k === KIND_ENDPOINT) {
      x.host[j] = some(host, i);
      x.gpu[j] = some(gpu, i);
      x.plane[j] = some(plane, i);
    } else x.host[j] = some(host, i);
    if (k !== KIND_NVSWITCH) {
      x.pod[j] = some(pod, i);
      x.su[j] = some(su, i);
      x.group[j] = some(group, i);
    }
  }
  const edges = en.m;
  // lanes, rates and layers are views of the engine's own arrays (a later change recompiles: Engine.csr)
  const arcHead = new Int32Array(2 * edges);
  const arcTail = new Int32Array(2 * edges);
  const degree = new Int32Array(N0 + 1);
  const medium = new Uint8Array(edges);
  for (let e = 0; e < edges; e++) {
    const u = at[en.eu[e]];
    const v = at[en.ev[e]];
    arcTail[2 * e] = u;
    arcHead[2 * e] = v;
    arcTail[2 * e + 1] = v;
    arcHead[2 * e + 1] = u;
    degree[u]++;
    degree[v]++;
    medium[e] = en.medium[e] === 1 ? MEDIUM_NVLINK : MEDIUM_FABRIC;
  }
  return { n: N0, switches, endpoints, ...x, edges, lanes: en.lanes.subarray(0, edges), gbps: en.gbps.subarray(0, edges), medium, layer: en.layer.subarray(0, edges), arcHead, arcTail, degree, at };
}

/** The engine's arrays of a fabric: from its engine when it has one (compiled once), else from its graph. */
export function compileCsr(f: Fabric): FabricCsr {
  const en = pendingEngine(f);
  const csr = en ? en.csr(compileEngine) : adjacency(gatherGraph(f));
  let switchIndex: Map<string, number> | undefined;
  csr.switchNamed ??= (name) => {
    if (!switchIndex) {
      switchIndex = new Map();
      for (let u = 0; u < csr.switches; u++) switchIndex.set(csr.nameOf(u), u);
    }
    return switchIndex.get(name) ?? -1;
  };
  return csr;
}

/** The engine's arrays compiled from its columns; ids, the id index and edge keys are made on first read. */
export function compileEngine(en: Engine): FabricCsr {
  const g = gatherEngine(en);
  const csr = adjacency(g);
  const { at, n, edges } = g;
  let ids: string[] | undefined;
  let index: Map<string, number> | undefined;
  let keys: string[] | undefined;
  Object.defineProperty(csr, 'ids', {
    enumerable: true,
    get: () => {
      if (!ids) {
        const names = en.names();
        ids = new Array(n);
        for (let i = 0; i < n; i++) ids[at[i]] = names[i];
      }
      return ids;
    },
  });
  Object.defineProperty(csr, 'index', { enumerable: true, get: () => (index ??= new Map(csr.ids.map((id, i) => [id, i]))) });
  Object.defineProperty(csr, 'edgeKeys', { enumerable: true, get: () => (keys ??= Array.from({ length: edges }, (_, e) => en.edgeKey(e))) });
  const back = new Int32Array(n);
  for (let i = 0; i < n; i++) back[at[i]] = i;
  csr.nameOf = (u: number) => en.nameOf(back[u]);
  csr.edgeKey = (e: number) => en.edgeKey(e);
  return csr;
}

function adjacency(gathered: Gathered & { ids?: string[]; index?: Map<string, number>; edgeKeys?: string[] }): FabricCsr {
  const { n, switches, endpoints, kind, tier, plane, host, gpu, radix, role, pod, su, group, rail, edges, lanes, gbps, medium, layer, arcHead, arcTail, degree } = gathered;
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + degree[i];
  const fill = offsets.slice(0, n);
  const arcsOf = new Int32Array(2 * edges);
  for (let a = 0; a < 2 * edges; a++) arcsOf[fill[arcTail[a]]++] = a;

  // Switch-only adjacency.
  const swOffsets = new Int32Array(switches + 1);
  for (let u = 0; u < switches; u++) {
    let d = 0;
    for (let i = offsets[u]; i < offsets[u + 1]; i++) if (arcHead[arcsOf[i]] < switches) d++;
    swOffsets[u + 1] = swOffsets[u] + d;
  }
  const swTarget = new Int32Array(swOffsets[switches]);
  const swArc = new Int32Array(swOffsets[switches]);
  for (let u = 0, k = 0; u < switches; u++)
    for (let i = offsets[u]; i < offsets[u + 1]; i++) {
      const a = arcsOf[i];
      if (arcHead[a] < switches) {
        swTarget[k] = arcHead[a];
        swArc[k++] = a;
      }
    }

  const endpointLeaf = new Int32Array(endpoints).fill(-1);
  const endpointUpArc = new Int32Array(endpoints).fill(-1);
  const endpointDownArc = new Int32Array(endpoints).fill(-1);
  const nvUpArc = new Int32Array(endpoints).fill(-1);
  const nvDownArc = new Int32Array(endpoints).fill(-1);
  const leafEndpoints = new Int32Array(n);
  for (let ep = 0; ep < endpoints; ep++) {
    const u = switches + ep;
    for (let i = offsets[u]; i < offsets[u + 1]; i++) {
      const a = arcsOf[i];
      const v = arcHead[a];
      if (kind[v] === KIND_SWITCH) {
        endpointLeaf[ep] = v;
        endpointUpArc[ep] = a;
        endpointDownArc[ep] = a ^ 1;
        leafEndpoints[v]++;
      } else if (kind[v] === KIND_NVSWITCH) {
        nvUpArc[ep] = a;
        nvDownArc[ep] = a ^ 1;
      }
    }
  }

  const csr = {
    n, switches, endpoints, kind, tier, plane, host, gpu, radix, role, pod, su, group, rail,
    offsets, arcsOf, arcHead, arcTail,
    edges, lanes, gbps, medium, layer,
    swOffsets, swTarget, swArc,
    endpointLeaf, endpointUpArc, endpointDownArc, nvUpArc, nvDownArc, leafEndpoints,
  } as Omit<FabricCsr, 'ids' | 'index' | 'edgeKeys' | 'nameOf' | 'edgeKey' | 'switchNamed'> as FabricCsr;
  if (gathered.ids) {
    const ids = gathered.ids;
    csr.ids = ids;
    csr.index = gathered.index!;
    csr.edgeKeys = gathered.edgeKeys!;
    csr.nameOf = (u) => ids[u];
    csr.edgeKey = (e) => gathered.edgeKeys![e];
  }
  return csr;
}

/**
 * The switch-to-switch graph that routing and path analyses walk: CSR offsets, head switch, global arc id and
 * lanes per arc. Failed edges are left out when it is built, so the hot loops test nothing.
 */
export interface SwitchGraph {
  switches: number;
  off: Int32Array;
  to: Int32Array;
  arc: Int32Array;
  lanes: Float64Array;
}

/** The live switch graph: every switch arc whose edge is not failed (mask over undirected edges). O(S + arcs). */
export function switchGraph(c: FabricCsr, failed?: Uint8Array): SwitchGraph {
  const S = c.switches;
  if (failed === undefined) {
    const lanes = new Float64Array(c.swArc.length);
    for (let i = 0; i < lanes.length; i++) lanes[i] = c.lanes[c.swArc[i] >> 1];
    return { switches: S, off: c.swOffsets, to: c.swTarget, arc: c.swArc, lanes };
  }
  const off = new Int32Array(S + 1);
  for (let u = 0; u < S; u++) {
    let d = 0;
    for (let i = c.swOffsets[u]; i < c.swOffsets[u + 1]; i++) if (!failed[c.swArc[i] >> 1]) d++;
    off[u + 1] = off[u] + d;
  }
  const to = new Int32Array(off[S]);
  const arc = new Int32Array(off[S]);
  const lanes = new Float64Array(off[S]);
  for (let u = 0, k = 0; u < S; u++)
    for (let i = c.swOffsets[u]; i < c.swOffsets[u + 1]; i++) {
      if (failed[c.swArc[i] >> 1]) continue;
      to[k] = c.swTarget[i];
      arc[k] = c.swArc[i];
      lanes[k++] = c.lanes[c.swArc[i] >> 1];
    }
  return { switches: S, off, to, arc, lanes };
}

/**
 * THE switch-level BFS (every consumer calls it: paths, ideal and hashed routing, diversity): hop distances
 * from `src` over the live switch graph into `dist` (-1 = unreachable) and the switches in visiting order
 * (non-decreasing distance) into `order`. With `nextLanes`, also, per switch, the lanes of its shortest-path
 * next hops towards `src` (links are symmetric, so distances from `src` are distances to it). Returns the
 * number of switches reached. A shortest-path arc u -> v is one with dist[v] = dist[u] + 1. O(S + arcs).
 */
export function bfs(g: SwitchGraph, src: number, dist: Int32Array, order: Int32Array, nextLanes?: Float64Array): number {
  // with next hops: the stopping search, never stopping (no switch is needed, so `found` never reaches ∞)
  if (nextLanes !== undefined) return bfsUntil(g, src, dist, order, nextLanes, NOTHING_NEEDED, Infinity).reached;
  const { off, to } = g;
  dist.fill(-1);
  dist[src] = 0;
  let head = 0;
  let tail = 0;
  order[tail++] = src;
  while (head < tail) {
    const u = order[head++];
    const du = dist[u] + 1;
    for (let i = off[u], end = off[u + 1]; i < end; i++) {
      const v = to[i];
      if (dist[v] < 0) {
        dist[v] = du;
        order[tail++] = v;
      }
    }
  }
  return tail;
}

const NOTHING_NEEDED = new Float64Array(0);

/**
 * bfs() with next-hop lanes, stopped as soon as the `needed` switches marked in `need` (nonzero entries, `src`
 * not counted) have their final distance and next-hop lanes: once the last of them is reached, the level before
 * it is finished and the search stops, since later levels only lead farther out. `complete` is false when it
 * stopped early; switches it did not reach keep dist -1. Routing towards a leaf needs only its sources: on a
 * Dragonfly they sit at most 3 hops out, and the arcs of the last level (most of them) are never scanned.
 */
export function bfsUntil(
  g: SwitchGraph,
  src: number,
  dist: Int32Array,
  order: Int32Array,
  nextLanes: Float64Array,
  need: Float64Array,
  needed: number,
): { reached: number; complete: boolean } {
  const { off, to, lanes } = g;
  dist.fill(-1);
  nextLanes.fill(0);
  dist[src] = 0;
  let head = 0;
  let tail = 0;
  order[tail++] = src;
  let found = 0;
  let stopLevel = needed > 0 ? Infinity : 0;
  while (head < tail) {
    const u = order[head];
    if (dist[u] >= stopLevel) break;
    head++;
    const du = dist[u] + 1;
    for (let i = off[u], end = off[u + 1]; i < end; i++) {
      const v = to[i];
      const dv = dist[v];
      if (dv < 0) {
        dist[v] = du;
        order[tail++] = v;
        nextLanes[v] += lanes[i];
        if (need[v] !== 0 && ++found === needed) stopLevel = du;
      } else if (dv === du) nextLanes[v] += lanes[i];
    }
  }
  return { reached: tail, complete: head === tail };
}

const graphs = new WeakMap<FabricCsr, SwitchGraph>();

/**
 * Hop distances (switch hops) from `src` over switch-to-switch links, written into `dist`
 * (-1 = unreachable). `queue` is scratch of length >= switches. A shorthand for bfs() on the intact graph.
 */
export function bfsSwitches(c: FabricCsr, src: number, dist: Int32Array, queue: Int32Array): void {
  let g = graphs.get(c);
  if (!g) graphs.set(c, (g = switchGraph(c)));
  bfs(g, src, dist, queue);
}
