/**
 * imported: a fabric read from a file, for custom and mixed topologies that no generator makes.
 * Accepts graphology's JSON serialization (what `topoplan generate --format json` writes), GraphML
 * (what `--format graphml` writes, or any GraphML whose nodes carry the model's attributes), and the
 * simulator formats of docs/interop.md: SimAI/ns-3 topology files and htsim FatTree `.topo` files
 * (read by ../import/, chosen by `format` or by content).
 * Every node and edge is validated against docs/model.md; an error names the element, the field, the
 * value and what is allowed.
 * Citation: graphology serialization format (graphology.github.io/serialization); GraphML 1.0
 * (graphml.graphdrawing.org).
 */
import { statSync } from 'node:fs';
import { readInputFile, inputFileSize, checkDocument, FORBIDDEN_KEYS } from '../input-file.js';
import { extname } from 'node:path';
import graphology, { UndirectedGraph } from 'graphology';
import { parse as parseGraphml } from 'graphology-graphml';
import { z } from 'zod';
import { SpecError, UsageError, showValue } from '../../errors.js';
import type { ClosedCounts, Family } from '../family.js';
import type { EdgeLayer, EndpointAttrs, Fabric, NodeAttrs } from '../model.js';
import { measureCounts } from '../counts.js';
import { Engine } from '../engine.js';
import { INPUT_FORMATS, sniffFormat, type InputFormat } from '../import/detect.js';
import { parseSimai } from '../import/simai.js';
import { htsimFatTreeBytes, parseHtsimFatTree } from '../import/htsim-fattree.js';

export const importedSchema = z.object({ file: z.string().min(1), format: z.enum(INPUT_FORMATS).default('auto') }).strict();
export type ImportedParams = z.output<typeof importedSchema>;

const num = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v);
const LAYERS: EdgeLayer[] = ['endpoint', 'leaf-spine', 'spine-core', 'local', 'global', 'router', 'nvlink'];

/**
 * Peak bytes of reading a graph file of `size` bytes into the model, measured on generated ft3:k=32
 * files (docs/performance.md): graphology JSON ≈ 15 B per file byte, GraphML (xmldom's DOM) ≈ 130.
 * Rounded up, plus the process's base.
 */
export function importBytes(size: number, graphml: boolean): number {
  return 150e6 + size * (graphml ? 150 : 40);
}

// graphology's Graph class behind the module's default export (its typings only expose the namespace)
const GraphClass = graphology as unknown as new (o: Record<string, unknown>) => UndirectedGraph;
/**
 * Undirected with self-loops, so toFabric sees and names them. Not multi: graphology's multi graphs link
 * parallel edges through plain adjacency objects, and a node id `__proto__` would then write onto
 * Object.prototype; duplicate edges are named from the simple graph's refusal instead (duplicateEdge).
 */
function LenientGraph(o: Record<string, unknown> = {}) {
  return new GraphClass({ ...o, type: 'undirected', multi: false, allowSelfLoops: true });
}

/** graphology's "an edge linking "a" to "b" already exists" as the same message in both formats. */
function duplicateEdge(message: string): SpecError | undefined {
  const m = /an edge linking "(.*)" to "(.*)" already exists/.exec(message);
  return m ? new SpecError(`edge ${JSON.stringify(m[1])}–${JSON.stringify(m[2])}`, `${m[1]}~${m[2]}`, 'a duplicate edge; give parallel links once, with lanes: N') : undefined;
}

/** Node ids that are prototype keys are refused before graphology sees them. */
function checkIds(doc: { nodes: unknown[]; edges: unknown[] }): void {
  const bad = (id: unknown) => typeof id === 'string' && FORBIDDEN_KEYS.has(id);
  for (const n of doc.nodes) {
    const key = (n as { key?: unknown })?.key;
    if (bad(key)) throw new SpecError(`node ${showValue(key)}.key`, key, 'node ids may not be __proto__, constructor or prototype');
  }
  for (const e of doc.edges) {
    const { source, target } = (e ?? {}) as { source?: unknown; target?: unknown };
    if (bad(source) || bad(target)) throw new SpecError(`edge ${showValue(source)}–${showValue(target)}`, bad(source) ? source : target, 'node ids may not be __proto__, constructor or prototype');
  }
}
LenientGraph.prototype = GraphClass.prototype; // what graphology-graphml checks a constructor by

function readGraph(file: string, format: InputFormat = 'auto'): UndirectedGraph {
  const text = readInputFile(file, { what: 'topology file' });
  const sniffed = format === 'auto' ? sniffFormat(text) : format;
  if (sniffed === 'simai') return parseSimai(text, file);
  if (sniffed === 'htsim-fattree') return parseHtsimFatTree(text, file);
  if (sniffed === 'htsim-generic')
    throw new UsageError(`topology file ${showValue(file)}: an htsim GenericTopology file; topoplan imports graph JSON, GraphML, SimAI and htsim FatTree files (docs/interop.md)`);
  if (sniffed === 'unknown' && !/\.(json|graphml)$/i.test(file))
    throw new UsageError(
      `topology file ${showValue(file)}: not a recognised topology; expected graphology JSON, GraphML, a SimAI file (first line: node_num gpus_per_server nvswitch_num switch_num link_num gpu_type) or an htsim FatTree .topo (Nodes, Tiers, Podsize); --input-format names one`,
    );
  const graphml = extname(file).toLowerCase() === '.graphml';
  try {
    // multi so that a repeated edge or a self-loop reaches toFabric, which names it (both formats alike)
    const g = LenientGraph();
    if (graphml) return quietly(() => parseGraphml(LenientGraph as unknown as typeof UndirectedGraph, text) as unknown as UndirectedGraph);
    const doc = JSON.parse(text);
    checkDocument(doc, `topology file ${showValue(file)}`);
    if (!doc || typeof doc !== 'object' || !Array.isArray(doc.nodes) || !Array.isArray(doc.edges))
      throw new UsageError(`topology file ${showValue(file)}: a graph document needs 'nodes' and 'edges' arrays`);
    checkIds(doc);
    g.import({ ...doc, options: undefined });
    return g;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const dup = duplicateEdge((e as Error)?.message ?? '');
    if (dup) throw dup;
    // graphology-graphml stores data only for keys declared for node, edge or graph
    if (graphml && /Cannot (set|read) properties of undefined/.test((e as Error)?.message ?? ''))
      throw new UsageError(`topology file ${showValue(file)}: not a readable GraphML document: incomplete elements, or a <key> declared for="all"; allowed: <key for="node|edge|graph">`);
    throw new UsageError(`topology file ${showValue(file)}: not a readable ${extname(file) === '.graphml' ? 'GraphML' : 'graph JSON'} document: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** xmldom reports parse problems on the console; we report them once, as a usage error. */
function quietly<T>(fn: () => T): T {
  const saved = [console.error, console.warn, console.log];
  console.error = console.warn = console.log = () => {};
  try {
    return fn();
  } finally {
    [console.error, console.warn, console.log] = saved;
  }
}

function positiveInt(where: string, field: string, v: unknown, max = Number.MAX_SAFE_INTEGER): number {
  const n = num(v);
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > max) throw new SpecError(`${where}.${field}`, v, `must be an integer from 0 to ${max}`);
  return n;
}

/** A graph-level attribute: absent gives `fallback`; otherwise a number in [min, max] (integer if asked). */
function graphAttr(attrs: Record<string, unknown>, key: string, fallback: number, min: number, max: number, integer: boolean, exclusiveMin = false): number {
  if (!Object.hasOwn(attrs, key) || attrs[key] === undefined) return fallback;
  const v = num(attrs[key]);
  const ok = typeof v === 'number' && Number.isFinite(v) && (exclusiveMin ? v > min : v >= min) && v <= max && (!integer || Number.isInteger(v));
  if (!ok) throw new SpecError(`graph.${key}`, attrs[key], `must be ${integer ? 'an integer' : 'a number'} ${exclusiveMin ? `> ${min}` : `from ${min}`} ${exclusiveMin ? 'and ' : 'to '}${exclusiveMin ? `<= ${max}` : max}`);
  return v as number;
}

const ENDPOINT_GROUPS = ['pod', 'su', 'group'] as const;
const SWITCH_GROUPS = ['pod', 'su', 'group', 'rail'] as const;

/**
 * The pod, SU, group and rail indices a node carries (what `generate` writes): the natural bisection halves,
 * the report's grouping and the floor plan group leaves by them, so a file read back keeps its pods.
 */
function groupsOf(where: string, a: Record<string, unknown>, keys: readonly string[], order: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) if (a[k] !== undefined) out[k] = positiveInt(where, k, a[k], order - 1);
  return out;
}

/** Validates and normalises a raw graph into the fabric model. */
export function toFabric(raw: UndirectedGraph, name: string, file: string): Fabric {
  const attrs = raw.getAttributes() as Record<string, unknown>;
  const nodes: Array<[string, NodeAttrs]> = [];
  const hosts = new Set<number>();
  let maxGpu = 0;
  let maxPlane = 0;
  let radixMax = 0;
  // Indices are checked against the element count, never used to size anything: a declared
  // host: 1e9 in a 2 KB file must not allocate a billion hosts.
  const order = raw.order;
  raw.forEachNode((id, a) => {
    const where = `node ${showValue(id)}`;
    if (FORBIDDEN_KEYS.has(id)) throw new SpecError(`${where}.key`, id, 'node ids may not be __proto__, constructor or prototype');
    if (id.includes('~')) throw new SpecError(`${where}.key`, id, 'node ids may not contain "~" (it joins the two ends of a link id)');
    if (a.kind === 'endpoint') {
      const host = positiveInt(where, 'host', a.host, order - 1);
      const gpu = positiveInt(where, 'gpu', a.gpu ?? 0, Math.min(order - 1, 1023));
      const plane = a.plane === undefined ? undefined : positiveInt(where, 'plane', a.plane, Math.min(order - 1, 1023));
      hosts.add(host);
      maxGpu = Math.max(maxGpu, gpu);
      maxPlane = Math.max(maxPlane, plane ?? 0);
      nodes.push([id, { kind: 'endpoint', host, gpu, ...(plane !== undefined ? { plane } : {}), ...groupsOf(where, a, ENDPOINT_GROUPS, order) }]);
    } else if (a.kind === 'switch') {
      const tier = num(a.tier);
      if (tier !== 1 && tier !== 2 && tier !== 3) throw new SpecError(`${where}.tier`, a.tier, 'must be 1, 2 or 3');
      const radix = positiveInt(where, 'radix', a.radix, 1 << 20);
      radixMax = Math.max(radixMax, radix);
      const plane = a.plane === undefined ? undefined : positiveInt(where, 'plane', a.plane, Math.min(order - 1, 1023));
      const role = typeof a.role === 'string' ? a.role : tier === 1 ? 'leaf' : tier === 2 ? 'spine' : 'core';
      nodes.push([id, { kind: 'switch', tier: tier as 1 | 2 | 3, role: role as 'leaf', radix, ...(plane !== undefined ? { plane } : {}), ...groupsOf(where, a, SWITCH_GROUPS, order) }]);
    } else if (a.kind === 'nvswitch') {
      nodes.push([id, { kind: 'nvswitch', host: positiveInt(where, 'host', a.host, order - 1) }]);
    } else throw new SpecError(`${where}.kind`, a.kind, 'allowed: endpoint, switch, nvswitch');
  });
  // Hosts must be numbered 0..H−1 (H distinct hosts, all below H), so host-indexed arrays fit.
  let maxHost = -1;
  for (const h of hosts) maxHost = Math.max(maxHost, h);
  if (maxHost >= hosts.size) {
    const [id] = nodes.find(([, a]) => a.kind === 'endpoint' && a.host === maxHost)!;
    throw new SpecError(`node ${showValue(id)}.host`, maxHost, `host indices must be dense: ${hosts.size} hosts are numbered 0..${hosts.size - 1}`);
  }
  for (const [id, a] of nodes)
    if (a.kind === 'nvswitch' && a.host >= hosts.size) throw new SpecError(`node ${showValue(id)}.host`, a.host, `must be a host with endpoints, 0..${hosts.size - 1}`);
  const endpointCount = nodes.reduce((n, [, a]) => n + (a.kind === 'endpoint' ? 1 : 0), 0);
  const gpusPerHost = graphAttr(attrs, 'gpusPerHost', maxGpu + 1, maxGpu + 1, Math.max(1, Math.min(1024, endpointCount)), true);
  const planes = graphAttr(attrs, 'planes', maxPlane + 1, Math.max(1, maxPlane + 1), Math.max(1, Math.min(gpusPerHost, endpointCount)), true);
  const nicGbps = graphAttr(attrs, 'nicGbps', 400, 0, 1e5, false, true);
  const nvlinkGbps = graphAttr(attrs, 'nvlinkGbps', 1600, 0, 1e6, false, true);
  const radix = graphAttr(attrs, 'radix', radixMax, 0, 1 << 20, true);
  checkPlanes(nodes, hosts.size, gpusPerHost, planes);
  // graph -> engine: nodes in the file's order under their own names, edges likewise
  const b = new Engine({
    name,
    family: 'imported',
    params: { file },
    hosts: hosts.size,
    gpusPerHost,
    planes,
    nicGbps,
    nvlinkGbps,
    radix,
    notes: [`imported from ${file}`],
  });
  const at = new Map<string, number>();
  for (const [id, a] of nodes) at.set(id, b.node(a, id));
  const KIND = ['switch', 'endpoint', 'nvswitch'];
  raw.forEachEdge((_e, a, s, t) => {
    const where = `edge ${JSON.stringify(s)}–${JSON.stringify(t)}`;
    if (s === t) throw new SpecError(`${where}`, s, 'a self-loop; a link joins two different nodes');
    const u = at.get(s)!;
    const v = at.get(t)!;
    if (b.edgeBetween(u, v) >= 0) throw new SpecError(`${where}`, `${s}~${t}`, 'a duplicate edge; give parallel links once, with lanes: N');
    const medium = a.medium ?? 'fabric';
    if (medium !== 'fabric' && medium !== 'nvlink') throw new SpecError(`${where}.medium`, a.medium, 'allowed: fabric, nvlink');
    const gbps = Number(num(a.gbps ?? nicGbps));
    if (!(gbps > 0)) throw new SpecError(`${where}.gbps`, a.gbps, 'must be a positive number (Gb/s per lane)');
    const lanes = a.lanes === undefined ? 1 : positiveInt(where, 'lanes', a.lanes);
    if (lanes < 1) throw new SpecError(`${where}.lanes`, a.lanes, 'must be >= 1');
    const kinds = [KIND[b.kind[u]], KIND[b.kind[v]]];
    const inferred: EdgeLayer = medium === 'nvlink' ? 'nvlink' : kinds.includes('endpoint') ? 'endpoint' : 'leaf-spine';
    const layer = (typeof a.layer === 'string' ? a.layer : inferred) as EdgeLayer;
    if (!LAYERS.includes(layer)) throw new SpecError(`${where}.layer`, a.layer, `allowed: ${LAYERS.join(', ')}`);
    if (medium === 'fabric' && kinds.includes('nvswitch')) throw new SpecError(`${where}.medium`, medium, 'an NVLink hub connects by nvlink edges only');
    b.link(u, v, lanes, gbps, layer, medium);
  });
  // Each endpoint must have exactly one fabric link, to a switch: the traffic model relies on it.
  // Ports in use per switch: the lanes of its fabric edges; none may exceed the switch's radix.
  const fabricLanes = new Float64Array(b.n);
  for (let e = 0; e < b.m; e++) {
    if (b.medium[e] === 1) continue;
    fabricLanes[b.eu[e]] += b.lanes[e];
    fabricLanes[b.ev[e]] += b.lanes[e];
  }
  for (let i = 0; i < b.n; i++)
    if (b.kind[i] === 1 && fabricLanes[i] !== 1) throw new SpecError(`node ${JSON.stringify(nodes[i][0])}.fabricLinks`, fabricLanes[i], 'an endpoint needs exactly one fabric link (to its leaf switch)');
  for (let i = 0; i < b.n; i++) {
    const a = nodes[i][1];
    if (a.kind === 'switch' && fabricLanes[i] > a.radix) throw new SpecError(`node ${JSON.stringify(nodes[i][0])}.radix`, a.radix, 'fewer ports than the links attached to it');
  }
  return b.fabric();
}

/**
 * With planes, the traffic model relays a flow to another plane through the source host's NIC of the
 * destination's GPU index (PXN), so the plane must be a function of the GPU index and every host must
 * have the same GPU indices. Anything else ("uneven planes") is refused here, at import.
 */
function checkPlanes(nodes: Array<[string, NodeAttrs]>, hosts: number, gpusPerHost: number, planes: number): void {
  const eps = nodes.filter((n): n is [string, EndpointAttrs] => n[1].kind === 'endpoint');
  if (!eps.some(([, a]) => a.plane !== undefined)) return;
  const planeOfGpu = new Int32Array(gpusPerHost).fill(-1);
  const perHost = new Int32Array(hosts);
  for (const [id, a] of eps) {
    const p = a.plane ?? -1;
    if (p >= planes) throw new SpecError(`node ${showValue(id)}.plane`, p, `must be below graph.planes = ${planes}`);
    if (planeOfGpu[a.gpu] === -1) planeOfGpu[a.gpu] = p;
    else if (planeOfGpu[a.gpu] !== p)
      throw new SpecError(`node ${showValue(id)}.plane`, a.plane, `uneven planes: GPU ${a.gpu} of another host is on plane ${planeOfGpu[a.gpu]}; every host's NIC i must be on the same plane`);
    perHost[a.host]++;
  }
  const indices = planeOfGpu.reduce((n, p, g) => n + (p !== -1 || eps.some(([, a]) => a.gpu === g) ? 1 : 0), 0);
  for (let h = 0; h < hosts; h++)
    if (perHost[h] !== indices) throw new SpecError(`host ${h}.endpoints`, perHost[h], `uneven planes: every host needs a NIC for each of the ${indices} GPU indices in use`);
}

const cache = new Map<string, Fabric>();
function load(p: ImportedParams, name = p.file): Fabric {
  // the file's identity includes its size and mtime: a file rewritten in place is read again
  const st = statSync(p.file, { throwIfNoEntry: false });
  const key = `${p.file}\u0000${p.format}\u0000${name}\u0000${st?.size}\u0000${st?.mtimeMs}\u0000${st?.ino}`;
  let f = cache.get(key);
  if (!f) {
    const raw = readGraph(p.file, p.format);
    f = toFabric(raw, name, p.file);
    const how = raw.getAttribute('importedAs') as string | undefined;
    if (how) f.updateAttribute('notes', (n) => [...(n ?? []), how]);
    cache.clear(); // keep one: an imported fabric can be large
    cache.set(key, f);
  }
  return f;
}

export const imported: Family<ImportedParams> = {
  name: 'imported',
  summary: 'a fabric read from graphology JSON, GraphML, a SimAI/ns-3 topology or an htsim FatTree .topo (custom and mixed topologies)',
  citation: 'graphology serialization format; GraphML 1.0 (graphml.graphdrawing.org)',
  schema: importedSchema as unknown as z.ZodType<ImportedParams>,
  counts(p): ClosedCounts {
    const m = measureCounts(load(p));
    return { endpoints: m.endpoints, hosts: m.hosts, switches: m.switches, switchesByTier: m.switchesByTier, links: m.links, endpointLinks: m.endpointLinks };
  },
  build: (p, name) => load(p, name),
  preflightBytes: (p) => {
    // an htsim .topo of twenty lines can describe a million hosts: size it by its tier arithmetic, not its bytes
    const size = inputFileSize(p.file, 'topology file');
    if (p.format === 'htsim-fattree' || (p.format === 'auto' && size < 1 << 20)) {
      const text = readInputFile(p.file, { what: 'topology file' });
      if (p.format === 'htsim-fattree' || sniffFormat(text) === 'htsim-fattree') return htsimFatTreeBytes(text, p.file);
    }
    return importBytes(size, extname(p.file).toLowerCase() === '.graphml');
  },
};
