/**
 * The engine: what a family's build writes, and the model every analysis reads (issue 16.1).
 *
 * Nodes are integers in insertion order, with their attributes in typed columns (kind, tier, role code, radix,
 * host, gpu, plane, pod, su, group, rail); edges are integers in insertion order with ends, medium, layer, lane
 * rate and lanes in typed arrays. No string is made while building: an endpoint is named `h{host}.g{gpu}` and a
 * hub `h{host}.nv` from its columns, a switch by the naming function of the block it was added in, and an edge
 * `a~b` from its ends, each only when something prints, exports or looks a node up by name (then the names are
 * kept in one table, filled on first use).
 *
 * `csr()` compiles the traffic engine's adjacency (csr.ts) from the columns; `graph()` builds the graphology
 * graph, the interchange and view format, node for node and edge for edge in insertion order, with each node's
 * attribute object in the key order it was given (GraphML and JSON exports are byte-identical to a graph built
 * directly). `fabric()` is the `Fabric` callers see (engine-fabric.ts).
 */
import { UndirectedGraph } from 'graphology';
import type { EdgeAttrs, EdgeLayer, Fabric, FabricMeta, NodeAttrs, SwitchAttrs } from './model.js';
import { fabricOf } from './engine-fabric.js';

export const LAYERS: readonly EdgeLayer[] = ['endpoint', 'leaf-spine', 'spine-core', 'local', 'global', 'router', 'nvlink'];
const LAYER_CODE = new Map(LAYERS.map((l, i) => [l, i]));
/** layer code of an edge whose layer is not one of LAYERS (kept whole among the odd attributes) */
export const LAYER_OTHER = 255;

/** Switch roles by code; roles outside the model's four (imported files may name any) are appended when met. */
export const ROLES: string[] = ['leaf', 'spine', 'core', 'router'];
const ROLE_CODE = new Map(ROLES.map((r, i) => [r, i]));
function roleCode(r: string): number {
  let c = ROLE_CODE.get(r);
  if (c === undefined && ROLES.length < 255) {
    c = ROLES.length;
    ROLES.push(r);
    ROLE_CODE.set(r, c);
  }
  return c ?? -1;
}

const KINDS = ['switch', 'endpoint', 'nvswitch'] as const;
const KIND_CODE = new Map<string, number>(KINDS.map((k, i) => [k, i]));

/** Numeric node attributes, one Int32Array column each (made when first used). */
const NUM_KEYS = ['tier', 'radix', 'host', 'gpu', 'plane', 'pod', 'su', 'group', 'rail'] as const;
type NumKey = (typeof NUM_KEYS)[number];
const IS_NUM = new Set<string>(NUM_KEYS);

/** Key orders of attribute objects, interned: a node keeps the order it was given, so exports do not change. */
const LAYOUTS: string[][] = [];
const LAYOUT_CODE = new Map<string, number>();
function layoutCode(keys: readonly string[]): number {
  const sig = keys.join(',');
  let c = LAYOUT_CODE.get(sig);
  if (c === undefined) {
    c = LAYOUTS.length;
    LAYOUTS.push([...keys]);
    LAYOUT_CODE.set(sig, c);
  }
  return c;
}

const isInt32 = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31 && !Object.is(v, -0);

/** The one attribute an endpoint of a family may carry beyond host and gpu. */
export type EndpointExtra = 'plane' | 'su' | 'pod' | 'group';

/** A family's switch attributes without `kind`, in the key order the exports show. */
export type SwitchInit = Omit<SwitchAttrs, 'kind'>;

export class Engine {
  meta: FabricMeta;
  /** nodes, insertion order */
  n = 0;
  private cap = 1024;
  kind = new Uint8Array(1024);
  role = new Uint8Array(1024);
  layout = new Uint16Array(1024);
  private cols: Partial<Record<NumKey, Int32Array>> = {};
  /** attribute objects the columns cannot hold (unknown keys, non-integer values), kept whole */
  private oddNode = new Map<number, NodeAttrs>();
  /** explicit names (imported files, the graph-shaped builder calls); others are made by nameOf */
  private explicit: Array<string | undefined> = [];
  /** switch blocks named by a function of their position: [start, count, fn] */
  private namers: Array<{ start: number; count: number; fn: (j: number) => string }> = [];
  /** host -> its NVLink hub's node, -1 if none yet */
  private hubOf = new Int32Array(64).fill(-1);
  /** all names, made on first use; name -> node, likewise */
  private nameTable: string[] | null = null;
  private nameIndex: Map<string, number> | null = null;

  /** edges, insertion order: ends (nodes, source first), medium (1 = NVLink), layer code, lane rate, lanes */
  m = 0;
  private ecap = 1024;
  eu = new Int32Array(1024);
  ev = new Int32Array(1024);
  medium = new Uint8Array(1024);
  layer = new Uint8Array(1024);
  gbps = new Float64Array(1024);
  lanes = new Float64Array(1024);
  private oddKeys = new Map<number, string>();
  private oddEdge = new Map<number, EdgeAttrs>();
  private pairs: PairTable | null = null;

  private compiled: import('./csr.js').FabricCsr | null = null;
  private built: Fabric | null = null;

  constructor(meta: FabricMeta) {
    this.meta = meta;
  }

  /**
   * Room for `nodes` nodes and `edges` edges, so a build of known size (a family's closed counts) never copies
   * its arrays as they grow. A hint: more is added as needed.
   */
  reserve(nodes: number, edges: number): void {
    if (nodes > this.cap) this.resizeNodes(nodes);
    if (edges > this.ecap) this.resizeEdges(edges);
  }

  // ---- nodes -------------------------------------------------------------------------------------------

  private col(k: NumKey): Int32Array {
    let c = this.cols[k];
    if (!c) this.cols[k] = c = new Int32Array(this.cap).fill(-1);
    return c;
  }

  private newNode(kind: number, layout: number): number {
    if (this.n === this.cap) this.growNodes();
    const i = this.n++;
    this.kind[i] = kind;
    this.layout[i] = layout;
    this.compiled = null;
    return i;
  }

  private growNodes(): void {
    this.resizeNodes(this.cap * 2);
  }

  private resizeNodes(cap: number): void {
    const grow = <T extends Uint8Array | Uint16Array | Int32Array>(x: T, make: (n: number) => T, fill?: number): T => {
      const y = make(cap);
      if (fill !== undefined) y.fill(fill as never);
      y.set(x as never);
      return y;
    };
    this.kind = grow(this.kind, (n) => new Uint8Array(n));
    this.role = grow(this.role, (n) => new Uint8Array(n));
    this.layout = grow(this.layout, (n) => new Uint16Array(n));
    for (const k of NUM_KEYS) if (this.cols[k]) this.cols[k] = grow(this.cols[k]!, (n) => new Int32Array(n), -1);
    this.cap = cap;
  }

  /** Any node from its attribute object (the graph-shaped path: imported files, library callers). */
  node(attrs: NodeAttrs, name?: string): number {
    const a = attrs as unknown as Record<string, unknown>;
    const kind = KIND_CODE.get(a.kind as string);
    if (kind === undefined) throw new Error(`node ${name ?? this.n}: kind must be switch, endpoint or nvswitch`);
    const keys = Object.keys(a);
    let odd = false;
    for (const k of keys) {
      const v = a[k];
      if (k === 'kind') continue;
      if (k === 'role' ? !(typeof v === 'string' && kind === 0 && roleCode(v) >= 0) : !(IS_NUM.has(k) && isInt32(v))) odd = true;
    }
    const i = this.newNode(kind, odd ? 0 : layoutCode(keys));
    if (odd) this.oddNode.set(i, attrs);
    // the columns the engine compiles from, whatever else the object holds
    for (const k of NUM_KEYS) {
      const v = a[k];
      if (typeof v === 'number') this.col(k)[i] = v;
    }
    if (kind === 0 && typeof a.role === 'string') this.role[i] = Math.max(0, roleCode(a.role));
    if (kind === 2 && typeof a.host === 'number' && !(name !== undefined && name !== `h${a.host}.nv`)) this.setHub(a.host, i);
    if (name !== undefined) this.nameNode(i, name);
    else if (kind === 0) throw new Error('a switch needs a name (or use switches())');
    return i;
  }

  private nameNode(i: number, name: string): void {
    if (this.nameIndex) {
      if (this.nameIndex.has(name)) throw new Error(`Graph.addNode: the "${name}" node already exist in the graph.`);
      this.nameIndex.set(name, i);
    }
    this.explicit[i] = name;
    if (this.nameTable) this.nameTable[i] = name;
  }

  /**
   * `count` switches named name(0..count−1), attributes init(j) (tier, role, radix, then plane, pod, su, group,
   * rail where they apply, in the order the export shows them). Returns the first switch; they are consecutive.
   */
  switches(count: number, name: (j: number) => string, init: (j: number) => SwitchInit): number {
    const first = this.n;
    for (let j = 0; j < count; j++) {
      const a = init(j) as unknown as Record<string, unknown>;
      const keys = Object.keys(a);
      const i = this.newNode(0, layoutCode(['kind', ...keys]));
      for (const k of keys) {
        const v = a[k];
        if (k === 'role') this.role[i] = roleCode(v as string);
        else if (IS_NUM.has(k) && isInt32(v)) this.col(k as NumKey)[i] = v;
        else throw new Error(`switch ${name(j)}: attribute ${k} = ${String(v)} is not an integer`);
      }
    }
    if (count > 0) this.namers.push({ start: first, count, fn: name });
    if (this.nameTable || this.nameIndex) for (let j = 0; j < count; j++) this.nameNode(first + j, name(j));
    return first;
  }

  /** layout codes of endpoints: none, then one per extra key */
  private static EP_LAYOUT = new Map<string, number>();
  private static epLayout(key: string): number {
    let c = Engine.EP_LAYOUT.get(key);
    if (c === undefined) Engine.EP_LAYOUT.set(key, (c = layoutCode(key ? ['kind', 'host', 'gpu', key] : ['kind', 'host', 'gpu'])));
    return c;
  }

  /** An endpoint `h{host}.g{gpu}`, with at most one extra attribute (plane, su, pod or group). */
  endpoint(host: number, gpu: number, key?: EndpointExtra, value = 0): number {
    const i = this.newNode(1, Engine.epLayout(key ?? ''));
    this.col('host')[i] = host;
    this.col('gpu')[i] = gpu;
    if (key !== undefined) this.col(key)[i] = value;
    if (this.nameTable || this.nameIndex) this.nameNode(i, `h${host}.g${gpu}`);
    return i;
  }

  private setHub(host: number, i: number): void {
    if (host >= this.hubOf.length) {
      const y = new Int32Array(Math.max(host + 1, this.hubOf.length * 2)).fill(-1);
      y.set(this.hubOf);
      this.hubOf = y;
    }
    if (this.hubOf[host] < 0) this.hubOf[host] = i;
  }

  /** The NVLink hub `h{host}.nv` of a host, added on first use. */
  hub(host: number): number {
    if (host < this.hubOf.length && this.hubOf[host] >= 0) return this.hubOf[host];
    const i = this.newNode(2, layoutCode(['kind', 'host']));
    this.col('host')[i] = host;
    this.setHub(host, i);
    if (this.nameTable || this.nameIndex) this.nameNode(i, `h${host}.nv`);
    return i;
  }

  /** A GPU's endpoint and its NVLink spoke to the host's hub (the hub first, once per host). */
  hostScaleUp(host: number, gpu: number, key?: EndpointExtra, value = 0): number {
    const nv = this.hub(host);
    const ep = this.endpoint(host, gpu, key, value);
    this.link(ep, nv, 1, this.meta.nvlinkGbps, 'nvlink', 'nvlink');
    return ep;
  }

  /** Sets one numeric attribute of a node, appending the key to its attribute order when new (a merge). */
  setAttr(i: number, key: NumKey, value: number): void {
    const odd = this.oddNode.get(i);
    if (odd) (odd as unknown as Record<string, unknown>)[key] = value;
    else {
      const keys = LAYOUTS[this.layout[i]];
      if (!keys.includes(key)) this.layout[i] = layoutCode([...keys, key]);
    }
    this.col(key)[i] = value;
    this.compiled = null;
  }

  /** Merges integer attributes into node i (graphology's mergeNodeAttributes); other values are refused. */
  merge(i: number, attrs: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(attrs)) {
      if (IS_NUM.has(k) && isInt32(v) && k !== 'tier') this.setAttr(i, k as NumKey, v);
      else throw new Error(`mergeNodeAttributes: ${k} = ${String(v)} is not an integer attribute of the model`);
    }
  }

  /** The attribute object of node i (a new object; for the graph, exports and graph-shaped reads). */
  attrsOf(i: number): NodeAttrs {
    const odd = this.oddNode.get(i);
    if (odd) return odd;
    const out: Record<string, unknown> = {};
    for (const k of LAYOUTS[this.layout[i]]) {
      if (k === 'kind') out.kind = KINDS[this.kind[i]];
      else if (k === 'role') out.role = ROLES[this.role[i]];
      else out[k] = this.cols[k as NumKey]![i];
    }
    return out as unknown as NodeAttrs;
  }

  /** One attribute of node i without making its object; undefined when the node does not have it. */
  attr(i: number, key: string): unknown {
    const odd = this.oddNode.get(i);
    if (odd) return (odd as unknown as Record<string, unknown>)[key];
    if (!LAYOUTS[this.layout[i]].includes(key)) return undefined;
    if (key === 'kind') return KINDS[this.kind[i]];
    if (key === 'role') return ROLES[this.role[i]];
    return this.cols[key as NumKey]![i];
  }

  /** Column of a numeric attribute (−1 where absent), or null if no node has it. */
  column(key: NumKey): Int32Array | null {
    return this.cols[key] ?? null;
  }

  hasAttr(i: number, key: string): boolean {
    const odd = this.oddNode.get(i);
    return odd ? (odd as unknown as Record<string, unknown>)[key] !== undefined : LAYOUTS[this.layout[i]].includes(key);
  }

  nameOf(i: number): string {
    if (this.nameTable) return this.nameTable[i];
    const x = this.explicit[i];
    if (x !== undefined) return x;
    const k = this.kind[i];
    if (k === 1) return `h${this.cols.host![i]}.g${this.cols.gpu![i]}`;
    if (k === 2) return `h${this.cols.host![i]}.nv`;
    // switch blocks are few and in order: binary search
    let lo = 0;
    let hi = this.namers.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.namers[mid].start <= i) lo = mid;
      else hi = mid - 1;
    }
    const b = this.namers[lo];
    return b.fn(i - b.start);
  }

  /** Every node's name in insertion order, made once. */
  names(): string[] {
    if (!this.nameTable) {
      const t: string[] = new Array(this.n);
      for (let i = 0; i < this.n; i++) t[i] = this.nameOf(i);
      this.nameTable = t;
    }
    return this.nameTable;
  }

  /** The node named `name`, −1 if none (the name index is made on first use). */
  indexOf(name: string): number {
    if (!this.nameIndex) {
      const t = this.names();
      const m = new Map<string, number>();
      for (let i = 0; i < t.length; i++) {
        if (m.has(t[i])) throw new Error(`Graph.addNode: the "${t[i]}" node already exist in the graph.`);
        m.set(t[i], i);
      }
      this.nameIndex = m;
    }
    return this.nameIndex.get(name) ?? -1;
  }

  // ---- edges -------------------------------------------------------------------------------------------

  /** One edge of `lanes` links between nodes u and v, which must not be joined yet (no lookup). */
  link(u: number, v: number, lanes: number, gbps: number, layer: EdgeLayer, medium: 'fabric' | 'nvlink' = 'fabric'): number {
    if (u === v) throw new Error(`Graph.addEdgeWithKey: source & target are the same ("${this.nameOf(u)}"), thus creating a loop explicitly forbidden by this graph.`);
    if (u < 0 || v < 0 || u >= this.n || v >= this.n) throw new Error(`edge ${u}–${v}: no such node`);
    if (this.m === this.ecap) this.growEdges();
    const e = this.m++;
    this.eu[e] = u;
    this.ev[e] = v;
    this.medium[e] = medium === 'nvlink' ? 1 : 0;
    const code = LAYER_CODE.get(layer);
    this.layer[e] = code ?? LAYER_OTHER;
    this.gbps[e] = gbps;
    this.lanes[e] = lanes;
    this.pairs?.set(u, v, e);
    this.compiled = null;
    return e;
  }

  /** `lanes` more links between u and v: onto their edge if they are joined, else a new edge. */
  links(u: number, v: number, lanes: number, gbps: number, layer: EdgeLayer): void {
    const e = this.edgeBetween(u, v);
    if (e >= 0) {
      const odd = this.oddEdge.get(e);
      if (odd) odd.lanes = (odd.lanes ?? 0) + lanes;
      this.lanes[e] += lanes;
      this.compiled = null;
    } else this.link(u, v, lanes, gbps, layer);
  }

  /** The edge joining u and v, −1 if none (the pair table is made on first use). */
  edgeBetween(u: number, v: number): number {
    if (!this.pairs) {
      this.pairs = new PairTable();
      for (let e = 0; e < this.m; e++) this.pairs.set(this.eu[e], this.ev[e], e);
    }
    return this.pairs.get(u, v);
  }

  /** An edge from the graph-shaped builder: key and attribute objects other than the usual are kept whole. */
  edgeFrom(key: string, u: number, v: number, attrs: EdgeAttrs): number {
    const a = attrs as unknown as Record<string, unknown>;
    const e = this.link(u, v, attrs.lanes, attrs.gbps, attrs.layer, attrs.medium === 'nvlink' ? 'nvlink' : 'fabric');
    const keys = Object.keys(a);
    const usual =
      keys.length === 4 && keys[0] === 'medium' && keys[1] === 'layer' && keys[2] === 'gbps' && keys[3] === 'lanes' &&
      (a.medium === 'fabric' || a.medium === 'nvlink') && LAYER_CODE.has(a.layer as EdgeLayer) && typeof a.gbps === 'number' && typeof a.lanes === 'number';
    if (!usual) this.oddEdge.set(e, { ...attrs });
    if (key !== `${this.nameOf(u)}~${this.nameOf(v)}`) this.oddKeys.set(e, key);
    return e;
  }

  private growEdges(): void {
    this.resizeEdges(this.ecap * 2);
  }

  private resizeEdges(cap: number): void {
    const copy = <T extends Int32Array | Uint8Array | Float64Array>(x: T, y: T): T => {
      y.set(x as never);
      return y;
    };
    this.eu = copy(this.eu, new Int32Array(cap));
    this.ev = copy(this.ev, new Int32Array(cap));
    this.medium = copy(this.medium, new Uint8Array(cap));
    this.layer = copy(this.layer, new Uint8Array(cap));
    this.gbps = copy(this.gbps, new Float64Array(cap));
    this.lanes = copy(this.lanes, new Float64Array(cap));
    this.ecap = cap;
  }

  edgeKey(e: number): string {
    return this.oddKeys.get(e) ?? `${this.nameOf(this.eu[e])}~${this.nameOf(this.ev[e])}`;
  }

  edgeAttrs(e: number): EdgeAttrs {
    return this.oddEdge.get(e) ?? { medium: this.medium[e] === 1 ? 'nvlink' : 'fabric', layer: LAYERS[this.layer[e]], gbps: this.gbps[e], lanes: this.lanes[e] };
  }

  /** The edge with this key, −1 if none: `a~b` is looked up by its ends, other keys by a scan. */
  edgeByKey(key: string): number {
    for (const [e, k] of this.oddKeys) if (k === key) return e;
    const cut = key.indexOf('~');
    if (cut < 0) return -1;
    // node names may not contain '~' in an imported file, but a library caller's may: try every split
    for (let at = cut; at >= 0; at = key.indexOf('~', at + 1)) {
      const u = this.indexOf(key.slice(0, at));
      const v = this.indexOf(key.slice(at + 1));
      if (u < 0 || v < 0) continue;
      const e = this.edgeBetween(u, v);
      if (e >= 0 && this.eu[e] === u && !this.oddKeys.has(e)) return e;
    }
    return -1;
  }

  setLanes(e: number, lanes: number): void {
    const odd = this.oddEdge.get(e);
    if (odd) odd.lanes = lanes;
    this.lanes[e] = lanes;
    this.compiled = null;
  }

  setEdgeAttr(e: number, name: string, value: unknown): void {
    if (name === 'lanes' && typeof value === 'number') return this.setLanes(e, value);
    const a = { ...this.edgeAttrs(e) } as unknown as Record<string, unknown>;
    a[name] = value;
    this.oddEdge.set(e, a as unknown as EdgeAttrs);
    if (name === 'gbps' && typeof value === 'number') this.gbps[e] = value;
    if (name === 'medium') this.medium[e] = value === 'nvlink' ? 1 : 0;
    if (name === 'layer') this.layer[e] = LAYER_CODE.get(value as EdgeLayer) ?? LAYER_OTHER;
    this.compiled = null;
  }

  // ---- views -------------------------------------------------------------------------------------------

  /** The traffic engine's arrays (csr.ts), compiled once (again after a later change). */
  csr(compile: (e: Engine) => import('./csr.js').FabricCsr): import('./csr.js').FabricCsr {
    return (this.compiled ??= compile(this));
  }

  /** The graphology graph of this engine, built once: nodes and edges in insertion order. */
  graph(): Fabric {
    if (this.built) return this.built;
    const g = new UndirectedGraph<NodeAttrs, EdgeAttrs, FabricMeta>({ multi: false, allowSelfLoops: false });
    g.replaceAttributes(this.meta);
    const names = this.names();
    for (let i = 0; i < this.n; i++) g.addNode(names[i], this.attrsOf(i));
    for (let e = 0; e < this.m; e++) g.addEdgeWithKey(this.edgeKey(e), names[this.eu[e]], names[this.ev[e]], this.edgeAttrs(e));
    this.built = g;
    return g;
  }

  get hasGraph(): boolean {
    return this.built !== null;
  }

  /** The Fabric over this engine. */
  fabric(): Fabric {
    return fabricOf(this);
  }
}

/** Unordered node pair -> edge, open addressing over typed arrays (a Map keyed by pairs costs 4× more). */
class PairTable {
  private lo = new Int32Array(1 << 12).fill(-1);
  private hi = new Int32Array(1 << 12);
  private val = new Int32Array(1 << 12);
  private count = 0;

  private slot(lo: number, hi: number): number {
    const mask = this.lo.length - 1;
    let h = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca77)) & mask;
    while (this.lo[h] !== -1 && !(this.lo[h] === lo && this.hi[h] === hi)) h = (h + 1) & mask;
    return h;
  }

  get(u: number, v: number): number {
    const h = this.slot(Math.min(u, v), Math.max(u, v));
    return this.lo[h] === -1 ? -1 : this.val[h];
  }

  set(u: number, v: number, e: number): void {
    if (2 * (this.count + 1) > this.lo.length) this.grow();
    const lo = Math.min(u, v);
    const hi = Math.max(u, v);
    const h = this.slot(lo, hi);
    if (this.lo[h] === -1) this.count++;
    this.lo[h] = lo;
    this.hi[h] = hi;
    this.val[h] = e;
  }

  private grow(): void {
    const { lo, hi, val } = this;
    this.lo = new Int32Array(lo.length * 2).fill(-1);
    this.hi = new Int32Array(lo.length * 2);
    this.val = new Int32Array(lo.length * 2);
    this.count = 0;
    for (let i = 0; i < lo.length; i++) if (lo[i] !== -1) this.set(lo[i], hi[i], val[i]);
  }
}
