/**
 * The engine view of a fabric: flat typed arrays compiled once from the graphology model and
 * reused by every hot loop (paths, routing, max-flow). Only engine modules touch these arrays.
 *
 * Edge keys are deterministic (`a~b`): graphology's generated keys carry a per-process id.
 * Node numbering: switches 0..S-1, then endpoints S..S+N-1, then NVLink hubs.
 * Every undirected edge e has two arcs: 2e (source -> target as stored) and 2e+1 (reverse), so
 * per-direction loads live in arrays of length 2·edges indexed by arc.
 */
import type { Fabric, NodeAttrs } from './model.js';
import { pendingRecording, type FabricRecording } from './recorder.js';

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
  ids: string[];
  index: Map<string, number>;
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
type Gathered = Pick<FabricCsr, 'n' | 'switches' | 'endpoints' | 'ids' | 'kind' | 'tier' | 'plane' | 'host' | 'gpu' | 'radix' | 'edges' | 'lanes' | 'gbps' | 'medium' | 'arcHead' | 'arcTail'> & {
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
  };
}

function setNode(x: ReturnType<typeof nodeArrays>, i: number, a: NodeAttrs): void {
  if (a.kind === 'switch') {
    x.kind[i] = KIND_SWITCH;
    x.tier[i] = a.tier;
    x.radix[i] = a.radix;
    if (a.plane !== undefined) x.plane[i] = a.plane;
  } else if (a.kind === 'endpoint') {
    x.kind[i] = KIND_ENDPOINT;
    x.host[i] = a.host;
    x.gpu[i] = a.gpu;
    if (a.plane !== undefined) x.plane[i] = a.plane;
  } else {
    x.kind[i] = KIND_NVSWITCH;
    x.host[i] = a.host;
  }
}

/** Nodes and edges read from a graphology graph (imported fabrics, or a recording already turned into a graph). */
function gatherGraph(f: Fabric): Gathered & { index: Map<string, number>; edgeKeys: string[] } {
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
    arcTail[2 * e] = u;
    arcHead[2 * e] = v;
    arcTail[2 * e + 1] = v;
    arcHead[2 * e + 1] = u;
    degree[u]++;
    degree[v]++;
    e++;
  });
  return { n, switches, endpoints, ids, index, ...x, edges, edgeKeys, lanes, gbps, medium, arcHead, arcTail, degree };
}

/** Nodes and edges straight from a build recording: no graph, no string lookups. Same order as gatherGraph. */
function gatherRecording(r: FabricRecording): Gathered {
  const N0 = r.ids.length;
  let switches = 0;
  let endpoints = 0;
  for (let i = 0; i < N0; i++) {
    const k = r.attrs[i].kind;
    if (k === 'switch') switches++;
    else if (k === 'endpoint') endpoints++;
  }
  // insertion index -> engine index: switches, then endpoints, then hubs, each in insertion order
  const at = new Int32Array(N0);
  const ids: string[] = new Array(N0);
  const x = nodeArrays(N0);
  let ns = 0;
  let ne = switches;
  let nh = switches + endpoints;
  for (let i = 0; i < N0; i++) {
    const a = r.attrs[i];
    const j = a.kind === 'switch' ? ns++ : a.kind === 'endpoint' ? ne++ : nh++;
    at[i] = j;
    ids[j] = r.ids[i];
    setNode(x, j, a);
  }
  const edges = r.m;
  const arcHead = new Int32Array(2 * edges);
  const arcTail = new Int32Array(2 * edges);
  const degree = new Int32Array(N0 + 1);
  const medium = new Uint8Array(edges);
  for (let e = 0; e < edges; e++) {
    const u = at[r.eu[e]];
    const v = at[r.ev[e]];
    arcTail[2 * e] = u;
    arcHead[2 * e] = v;
    arcTail[2 * e + 1] = v;
    arcHead[2 * e + 1] = u;
    degree[u]++;
    degree[v]++;
    medium[e] = r.medium[e] === 1 ? MEDIUM_NVLINK : MEDIUM_FABRIC;
  }
  return { n: N0, switches, endpoints, ids, ...x, edges, lanes: r.lanes.slice(0, edges), gbps: r.gbps.slice(0, edges), medium, arcHead, arcTail, degree };
}

export function compileCsr(f: Fabric): FabricCsr {
  const rec = pendingRecording(f);
  const gathered = rec ? gatherRecording(rec) : gatherGraph(f);
  const { n, switches, endpoints, ids, kind, tier, plane, host, gpu, radix, edges, lanes, gbps, medium, arcHead, arcTail, degree } = gathered;
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
    n, switches, endpoints, ids, kind, tier, plane, host, gpu, radix,
    offsets, arcsOf, arcHead, arcTail,
    edges, lanes, gbps, medium,
    swOffsets, swTarget, swArc,
    endpointLeaf, endpointUpArc, endpointDownArc, nvUpArc, nvDownArc, leafEndpoints,
  } as Omit<FabricCsr, 'index' | 'edgeKeys'> as FabricCsr;
  if (!rec) {
    const g = gathered as ReturnType<typeof gatherGraph>;
    csr.index = g.index;
    csr.edgeKeys = g.edgeKeys;
  } else {
    // A recording's id index and edge keys are made when first read (printing, export, symmetry by name).
    let index: Map<string, number> | undefined;
    let keys: string[] | undefined;
    Object.defineProperty(csr, 'index', {
      enumerable: true,
      get: () => (index ??= new Map(ids.map((id, i) => [id, i]))),
    });
    Object.defineProperty(csr, 'edgeKeys', {
      enumerable: true,
      get: () => (keys ??= Array.from({ length: edges }, (_, e) => rec!.edgeKey(e))),
    });
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
  const { off, to, lanes } = g;
  dist.fill(-1);
  dist[src] = 0;
  let head = 0;
  let tail = 0;
  order[tail++] = src;
  if (nextLanes === undefined) {
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
  nextLanes.fill(0);
  while (head < tail) {
    const u = order[head++];
    const du = dist[u] + 1;
    for (let i = off[u], end = off[u + 1]; i < end; i++) {
      const v = to[i];
      const dv = dist[v];
      if (dv < 0) {
        dist[v] = du;
        order[tail++] = v;
        nextLanes[v] += lanes[i];
      } else if (dv === du) nextLanes[v] += lanes[i];
    }
  }
  return tail;
}

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
