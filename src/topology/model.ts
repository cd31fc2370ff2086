/**
 * The fabric model's vocabulary (node and edge attributes, docs/model.md) and the graph-shaped `Fabric`.
 * A family builds an Engine (engine.ts: integer nodes and edges in typed arrays), which analyses read; the
 * `Fabric` it returns is graph-shaped, and its graphology graph, the interchange and view format, is built
 * from the engine on demand. The string-id builders below (newFabric, addLinks, ...) write into the same engine
 * for library callers.
 */
import type { UndirectedGraph } from 'graphology';
import { Engine } from './engine.js';
import type { ClosedCounts } from './family.js';

export type Tier = 1 | 2 | 3;
export type SwitchRole = 'leaf' | 'spine' | 'core' | 'router';

/** A GPU's scale-out NIC port. */
export interface EndpointAttrs {
  kind: 'endpoint';
  host: number;
  /** local GPU index inside the host = rail (NIC index) */
  gpu: number;
  plane?: number;
  su?: number;
  pod?: number;
  group?: number;
}

export interface SwitchAttrs {
  kind: 'switch';
  tier: Tier;
  role: SwitchRole;
  radix: number;
  plane?: number;
  pod?: number;
  su?: number;
  group?: number;
  rail?: number;
}

/** The host's scale-up domain (NVSwitch): a hub joined to each of the host's GPUs by NVLink. */
export interface NvSwitchAttrs {
  kind: 'nvswitch';
  host: number;
}

export type NodeAttrs = EndpointAttrs | SwitchAttrs | NvSwitchAttrs;

/** Which layer of the fabric an edge belongs to; drives cable length and reporting. */
export type EdgeLayer = 'endpoint' | 'leaf-spine' | 'spine-core' | 'local' | 'global' | 'router' | 'nvlink';

export interface EdgeAttrs {
  medium: 'fabric' | 'nvlink';
  layer: EdgeLayer;
  /** bandwidth of one lane (physical link), per direction, Gb/s */
  gbps: number;
  /** parallel physical links bundled in this edge */
  lanes: number;
}

export interface FabricMeta {
  name: string;
  family: string;
  /** validated family parameters, defaults filled in */
  params: Record<string, unknown>;
  hosts: number;
  gpusPerHost: number;
  planes: number;
  nicGbps: number;
  nvlinkGbps: number;
  radix: number;
  /** warnings and modelling notes the user should see */
  notes: string[];
}

export type Fabric = UndirectedGraph<NodeAttrs, EdgeAttrs, FabricMeta>;

/**
 * A new, empty fabric for the string-id builders (addNode, addHostScaleUp, addLinks, ...). It writes into an
 * engine (engine.ts); the graphology graph is built from it on first use of the rest of the graph API.
 */
export function newFabric(meta: FabricMeta): Fabric {
  return new Engine(meta).fabric();
}

type FamilyShape = { k: number; gpusPerHost: number; nicGbps: number; nvlinkGbps: number } & Record<string, unknown>;

function familyMeta(family: string, name: string, p: FamilyShape, hosts: number, planes: number, notes: string[]): FabricMeta {
  return { name, family, params: p, hosts, gpusPerHost: p.gpusPerHost, planes, nicGbps: p.nicGbps, nvlinkGbps: p.nvlinkGbps, radix: p.k, notes };
}

/**
 * A new engine for a family's build, with the graph attributes every family fills the same way. With the
 * family's closed counts, its arrays are sized once: nodes = switches + endpoints + hubs, edges at most two per
 * endpoint (NIC link, NVLink spoke) plus one per switch-to-switch lane.
 */
export function familyEngine(family: string, name: string, p: FamilyShape, hosts: number, planes = 1, notes: string[] = [], counts?: ClosedCounts): Engine {
  const e = new Engine(familyMeta(family, name, p, hosts, planes, notes));
  if (counts) e.reserve(counts.switches + counts.endpoints + counts.hosts, 2 * counts.endpoints + counts.links);
  return e;
}

/** familyEngine for the string-id builders: the same fabric, graph-shaped. */
export function familyFabric(family: string, name: string, p: FamilyShape, hosts: number, planes = 1, notes: string[] = []): Fabric {
  return newFabric(familyMeta(family, name, p, hosts, planes, notes));
}

export function endpointId(host: number, gpu: number): string {
  return `h${host}.g${gpu}`;
}

export function nvswitchId(host: number): string {
  return `h${host}.nv`;
}

/**
 * Adds the endpoints of `host` (GPUs `gpus`) and its NVLink hub. The hub is only added once.
 */
export function addHostScaleUp(f: Fabric, host: number, gpu: number, extra: Partial<EndpointAttrs> = {}): string {
  const meta = f.getAttributes();
  const nv = nvswitchId(host);
  if (!f.hasNode(nv)) f.addNode(nv, { kind: 'nvswitch', host });
  const id = endpointId(host, gpu);
  f.addNode(id, { kind: 'endpoint', host, gpu, ...extra });
  f.addEdgeWithKey(`${id}~${nv}`, id, nv, { medium: 'nvlink', layer: 'nvlink', gbps: meta.nvlinkGbps, lanes: 1 });
  return id;
}

/** Adds `lanes` physical links between a and b, bundling onto an existing edge. */
export function addLinks(f: Fabric, a: string, b: string, lanes: number, gbps: number, layer: EdgeLayer): void {
  const e = f.edge(a, b);
  if (e !== undefined) f.updateEdgeAttribute(e, 'lanes', (l) => (l ?? 0) + lanes);
  else addBundle(f, a, b, lanes, gbps, layer);
}

/**
 * Adds one edge of `lanes` links between a and b, which must not be joined yet (graphology throws if they
 * are). For builders that bundle their links first: skips addLinks' lookup, about 1 s per million links.
 */
export function addBundle(f: Fabric, a: string, b: string, lanes: number, gbps: number, layer: EdgeLayer): void {
  f.addEdgeWithKey(`${a}~${b}`, a, b, { medium: 'fabric', layer, gbps, lanes });
}
