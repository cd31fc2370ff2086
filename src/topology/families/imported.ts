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
import { extname } from 'node:path';
import { UndirectedGraph } from 'graphology';
import { parse as parseGraphml } from 'graphology-graphml';
import { z } from 'zod';
import { SpecError, UsageError, showValue } from '../../errors.js';
import type { ClosedCounts, Family } from '../family.js';
import { newFabric, type EdgeLayer, type Fabric, type NodeAttrs } from '../model.js';
import { measureCounts } from '../counts.js';
import { readTopologyText } from '../import/read.js';
import { INPUT_FORMATS, sniffFormat, type InputFormat } from '../import/detect.js';
import { parseSimai } from '../import/simai.js';
import { parseHtsimFatTree } from '../import/htsim-fattree.js';

export const importedSchema = z.object({ file: z.string().min(1), format: z.enum(INPUT_FORMATS).default('auto') }).strict();
export type ImportedParams = z.output<typeof importedSchema>;

const num = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v);
const LAYERS: EdgeLayer[] = ['endpoint', 'leaf-spine', 'spine-core', 'local', 'global', 'router', 'nvlink'];

function readGraph(file: string, format: InputFormat = 'auto'): UndirectedGraph {
  const text = readTopologyText(file);
  const sniffed = format === 'auto' ? sniffFormat(text) : format;
  if (sniffed === 'simai') return parseSimai(text, file);
  if (sniffed === 'htsim-fattree') return parseHtsimFatTree(text, file);
  if (sniffed === 'htsim-generic')
    throw new UsageError(`topology file ${showValue(file)}: an htsim GenericTopology file; topoplan imports graph JSON, GraphML, SimAI and htsim FatTree files (docs/interop.md)`);
  if (sniffed === 'unknown' && !/\.(json|graphml)$/i.test(file))
    throw new UsageError(
      `topology file ${showValue(file)}: not a recognised topology; expected graphology JSON, GraphML, a SimAI file (first line: node_num gpus_per_server nvswitch_num switch_num link_num gpu_type) or an htsim FatTree .topo (Nodes, Tiers, Podsize); --input-format names one`,
    );
  try {
    if (extname(file).toLowerCase() === '.graphml') return quietly(() => parseGraphml(UndirectedGraph, text) as UndirectedGraph);
    const doc = JSON.parse(text);
    const g = new UndirectedGraph({ multi: false, allowSelfLoops: false });
    g.import({ ...doc, options: undefined });
    return g;
  } catch (e) {
    if (e instanceof UsageError) throw e;
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

function positiveInt(where: string, field: string, v: unknown): number {
  const n = num(v);
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new SpecError(`${where}.${field}`, v, 'must be a non-negative integer');
  return n;
}

/** Validates and normalises a raw graph into the fabric model. */
export function toFabric(raw: UndirectedGraph, name: string, file: string): Fabric {
  const attrs = raw.getAttributes() as Record<string, unknown>;
  const nodes: Array<[string, NodeAttrs]> = [];
  const hosts = new Set<number>();
  let maxGpu = 0;
  let maxPlane = 0;
  let radixMax = 0;
  raw.forEachNode((id, a) => {
    const where = `node ${JSON.stringify(id)}`;
    if (a.kind === 'endpoint') {
      const host = positiveInt(where, 'host', a.host);
      const gpu = positiveInt(where, 'gpu', a.gpu ?? 0);
      const plane = a.plane === undefined ? undefined : positiveInt(where, 'plane', a.plane);
      hosts.add(host);
      maxGpu = Math.max(maxGpu, gpu);
      maxPlane = Math.max(maxPlane, plane ?? 0);
      nodes.push([id, { kind: 'endpoint', host, gpu, ...(plane !== undefined ? { plane } : {}) }]);
    } else if (a.kind === 'switch') {
      const tier = positiveInt(where, 'tier', a.tier);
      if (tier < 1 || tier > 3) throw new SpecError(`${where}.tier`, a.tier, 'must be 1, 2 or 3');
      const radix = positiveInt(where, 'radix', a.radix);
      radixMax = Math.max(radixMax, radix);
      const plane = a.plane === undefined ? undefined : positiveInt(where, 'plane', a.plane);
      const role = typeof a.role === 'string' ? a.role : tier === 1 ? 'leaf' : tier === 2 ? 'spine' : 'core';
      nodes.push([id, { kind: 'switch', tier: tier as 1 | 2 | 3, role: role as 'leaf', radix, ...(plane !== undefined ? { plane } : {}) }]);
    } else if (a.kind === 'nvswitch') {
      nodes.push([id, { kind: 'nvswitch', host: positiveInt(where, 'host', a.host) }]);
    } else throw new SpecError(`${where}.kind`, a.kind, 'allowed: endpoint, switch, nvswitch');
  });
  const nicGbps = Number(num(attrs.nicGbps) ?? 400);
  const f = newFabric({
    name,
    family: 'imported',
    params: { file },
    hosts: hosts.size,
    gpusPerHost: Number(num(attrs.gpusPerHost) ?? maxGpu + 1),
    planes: Number(num(attrs.planes) ?? maxPlane + 1),
    nicGbps,
    nvlinkGbps: Number(num(attrs.nvlinkGbps) ?? 1600),
    radix: Number(num(attrs.radix) ?? radixMax),
    notes: [`imported from ${file}`],
  });
  for (const [id, a] of nodes) f.addNode(id, a);
  raw.forEachEdge((_e, a, s, t) => {
    const where = `edge ${JSON.stringify(s)}–${JSON.stringify(t)}`;
    const medium = a.medium ?? 'fabric';
    if (medium !== 'fabric' && medium !== 'nvlink') throw new SpecError(`${where}.medium`, a.medium, 'allowed: fabric, nvlink');
    const gbps = Number(num(a.gbps ?? nicGbps));
    if (!(gbps > 0)) throw new SpecError(`${where}.gbps`, a.gbps, 'must be a positive number (Gb/s per lane)');
    const lanes = a.lanes === undefined ? 1 : positiveInt(where, 'lanes', a.lanes);
    if (lanes < 1) throw new SpecError(`${where}.lanes`, a.lanes, 'must be >= 1');
    const kinds = [f.getNodeAttribute(s, 'kind'), f.getNodeAttribute(t, 'kind')];
    const inferred: EdgeLayer = medium === 'nvlink' ? 'nvlink' : kinds.includes('endpoint') ? 'endpoint' : 'leaf-spine';
    const layer = (typeof a.layer === 'string' ? a.layer : inferred) as EdgeLayer;
    if (!LAYERS.includes(layer)) throw new SpecError(`${where}.layer`, a.layer, `allowed: ${LAYERS.join(', ')}`);
    if (medium === 'fabric' && kinds.includes('nvswitch')) throw new SpecError(`${where}.medium`, medium, 'an NVLink hub connects by nvlink edges only');
    f.addEdgeWithKey(`${s}~${t}`, s, t, { medium, layer, gbps, lanes });
  });
  // Each endpoint must have exactly one fabric link, to a switch: the traffic model relies on it.
  f.forEachNode((id, a) => {
    if (a.kind !== 'endpoint') return;
    let links = 0;
    f.forEachEdge(id, (_e, ea) => ea.medium === 'fabric' && (links += ea.lanes));
    if (links !== 1) throw new SpecError(`node ${JSON.stringify(id)}.fabricLinks`, links, 'an endpoint needs exactly one fabric link (to its leaf switch)');
  });
  const over = measureCounts(f).overRadix;
  if (over.length) throw new SpecError(`node ${JSON.stringify(over[0])}.radix`, f.getNodeAttribute(over[0], 'radix' as never), 'fewer ports than the links attached to it');
  return f;
}

const cache = new Map<string, Fabric>();
function load(p: ImportedParams, name = p.file): Fabric {
  const key = `${p.file}\u0000${p.format}\u0000${name}`;
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
};
