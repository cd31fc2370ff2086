/**
 * The transitional engine-first build (issue 16.1). A family's build() still speaks the graphology builder API
 * (addNode, addEdgeWithKey, ...), but newFabric() hands it a recorder: nodes go into an id list and their
 * attribute objects, edges into typed arrays (endpoints, medium, layer, rate, lanes), no graphology object is made.
 * compileCsr() reads the recorder directly. The graphology graph is built from the recording on first use of
 * anything else (export, views, graph-based checks), after which every call goes to it: consumers see a Fabric
 * either way. Building the graph costs most of a large fabric's time and memory (about 80% of
 * `traffic ft3:k=96 --pattern uniform`), and the traffic engine does not need it.
 */
import { UndirectedGraph } from 'graphology';
import type { EdgeAttrs, EdgeLayer, Fabric, FabricMeta, NodeAttrs } from './model.js';

const LAYERS: EdgeLayer[] = ['endpoint', 'leaf-spine', 'spine-core', 'local', 'global', 'router', 'nvlink'];
const LAYER_CODE = new Map(LAYERS.map((l, i) => [l, i]));

/** The builder and read methods the recorder answers itself; any other property builds the graph first. */
const RECORDED = new Set([
  'addNode', 'addEdgeWithKey', 'hasNode', 'edge', 'updateEdgeAttribute', 'getAttributes', 'getAttribute', 'setAttribute',
  'replaceAttributes', 'mergeNodeAttributes', 'getNodeAttribute', 'getNodeAttributes', 'order', 'size', 'type', 'multi',
  'forEachNode', 'forEachEdge',
]);

const RECORDER = Symbol('topoplan.recorder');

export class FabricRecording {
  meta: FabricMeta;
  ids: string[] = [];
  index = new Map<string, number>();
  attrs: NodeAttrs[] = [];
  /** edges: ends (insertion indices of nodes, source first), medium (1 = NVLink), layer code, lane rate, lanes */
  m = 0;
  eu = new Int32Array(1024);
  ev = new Int32Array(1024);
  medium = new Uint8Array(1024);
  layer = new Uint8Array(1024);
  gbps = new Float64Array(1024);
  lanes = new Float64Array(1024);
  /** keys that are not `source~target`, and attribute objects with more than the four known fields */
  private oddKeys = new Map<number, string>();
  private oddAttrs = new Map<number, EdgeAttrs>();
  /** node pair -> edge, built on the first edge() lookup */
  private pairs: PairTable | null = null;
  private lastLookup = { key: '', e: -1 };
  graph: Fabric | null = null;
  readonly type = 'undirected';
  readonly multi = false;

  constructor(meta: FabricMeta) {
    this.meta = meta;
  }

  get order(): number {
    return this.ids.length;
  }

  get size(): number {
    return this.m;
  }

  addNode(id: string, attrs: NodeAttrs): string {
    if (this.index.has(id)) throw new Error(`Graph.addNode: the "${id}" node already exist in the graph.`);
    this.index.set(id, this.ids.length);
    this.ids.push(id);
    this.attrs.push(attrs);
    return id;
  }

  /** the last two ids looked up (addLinks asks edge(a, b) and then adds a–b) */
  private seenA = '';
  private seenAi = -1;
  private seenB = '';
  private seenBi = -1;

  /** insertion index of a node, -1 if absent */
  private find(id: string): number {
    if (id === this.seenA) return this.seenAi;
    if (id === this.seenB) return this.seenBi;
    const i = this.index.get(id);
    if (i === undefined) return -1;
    this.seenB = this.seenA;
    this.seenBi = this.seenAi;
    this.seenA = id;
    this.seenAi = i;
    return i;
  }

  private node(id: string, what: string): number {
    const i = this.find(id);
    if (i < 0) throw new Error(`Graph.${what}: could not find the "${id}" node in the graph.`);
    return i;
  }

  addEdgeWithKey(key: string, a: string, b: string, attrs: EdgeAttrs): string {
    const u = this.node(a, 'addEdgeWithKey');
    const v = this.node(b, 'addEdgeWithKey');
    if (u === v) throw new Error(`Graph.addEdgeWithKey: source & target are the same ("${a}"), thus creating a loop explicitly forbidden by this graph.`);
    const e = this.m++;
    if (e === this.eu.length) this.grow();
    this.eu[e] = u;
    this.ev[e] = v;
    this.medium[e] = attrs.medium === 'nvlink' ? 1 : 0;
    const code = LAYER_CODE.get(attrs.layer);
    this.layer[e] = code ?? 0;
    this.gbps[e] = attrs.gbps;
    this.lanes[e] = attrs.lanes;
    // EdgeAttrs has exactly these four fields; anything else (an unknown layer) is kept whole
    if (code === undefined) this.oddAttrs.set(e, { ...attrs });
    if (!(key.length === a.length + b.length + 1 && key.charCodeAt(a.length) === 126 && key.startsWith(a) && key.endsWith(b))) this.oddKeys.set(e, key);
    this.pairs?.set(u, v, e);
    return key;
  }

  private grow(): void {
    const n = this.eu.length * 2;
    const i32 = (x: Int32Array) => {
      const y = new Int32Array(n);
      y.set(x);
      return y;
    };
    const u8 = (x: Uint8Array) => {
      const y = new Uint8Array(n);
      y.set(x);
      return y;
    };
    const f64 = (x: Float64Array) => {
      const y = new Float64Array(n);
      y.set(x);
      return y;
    };
    this.eu = i32(this.eu);
    this.ev = i32(this.ev);
    this.medium = u8(this.medium);
    this.layer = u8(this.layer);
    this.gbps = f64(this.gbps);
    this.lanes = f64(this.lanes);
  }

  edgeKey(e: number): string {
    return this.oddKeys.get(e) ?? `${this.ids[this.eu[e]]}~${this.ids[this.ev[e]]}`;
  }

  edgeAttrs(e: number): EdgeAttrs {
    return this.oddAttrs.get(e) ?? { medium: this.medium[e] === 1 ? 'nvlink' : 'fabric', layer: LAYERS[this.layer[e]], gbps: this.gbps[e], lanes: this.lanes[e] };
  }

  hasNode(id: string): boolean {
    return this.index.has(id);
  }

  /** The key of the edge joining a and b, or undefined. */
  edge(a: string, b: string): string | undefined {
    const u = this.find(a);
    const v = this.find(b);
    if (u < 0 || v < 0) return undefined;
    if (!this.pairs) {
      this.pairs = new PairTable();
      for (let e = 0; e < this.m; e++) this.pairs.set(this.eu[e], this.ev[e], e);
    }
    const e = this.pairs.get(u, v);
    if (e < 0) return undefined;
    const key = this.edgeKey(e);
    this.lastLookup = { key, e };
    return key;
  }

  private edgeByKey(key: string): number {
    if (this.lastLookup.key === key) return this.lastLookup.e;
    for (let e = 0; e < this.m; e++) if (this.edgeKey(e) === key) return e;
    throw new Error(`Graph.updateEdgeAttribute: could not find the "${key}" edge in the graph.`);
  }

  updateEdgeAttribute(key: string, name: string, update: (x: unknown) => unknown): void {
    const e = this.edgeByKey(key);
    const odd = this.oddAttrs.get(e);
    if (odd) {
      (odd as unknown as Record<string, unknown>)[name] = update((odd as unknown as Record<string, unknown>)[name]);
      return;
    }
    if (name === 'lanes') this.lanes[e] = update(this.lanes[e]) as number;
    else if (name === 'gbps') this.gbps[e] = update(this.gbps[e]) as number;
    else {
      const a = { ...this.edgeAttrs(e) } as unknown as Record<string, unknown>;
      a[name] = update(a[name]);
      this.oddAttrs.set(e, a as unknown as EdgeAttrs);
    }
  }

  getAttributes(): FabricMeta {
    return this.meta;
  }

  getAttribute<K extends keyof FabricMeta>(name: K): FabricMeta[K] {
    return this.meta[name];
  }

  setAttribute<K extends keyof FabricMeta>(name: K, value: FabricMeta[K]): void {
    this.meta[name] = value;
  }

  replaceAttributes(meta: FabricMeta): void {
    this.meta = meta;
  }

  mergeNodeAttributes(id: string, attrs: Partial<NodeAttrs>): void {
    Object.assign(this.attrs[this.node(id, 'mergeNodeAttributes')], attrs);
  }

  getNodeAttribute(id: string, name: string): unknown {
    return (this.attrs[this.node(id, 'getNodeAttribute')] as unknown as Record<string, unknown>)[name];
  }

  getNodeAttributes(id: string): NodeAttrs {
    return this.attrs[this.node(id, 'getNodeAttributes')];
  }

  /** Every node in insertion order, as graphology's forEachNode(callback). */
  forEachNode(cb: (id: string, attrs: NodeAttrs) => void): void {
    for (let i = 0; i < this.ids.length; i++) cb(this.ids[i], this.attrs[i]);
  }

  /**
   * Every edge in insertion order, as graphology's forEachEdge(callback); attribute objects are made for the call
   * (read them, do not write them). The per-node form forEachEdge(node, callback) builds the graph.
   */
  forEachEdge(...args: unknown[]): void {
    if (args.length !== 1 || typeof args[0] !== 'function') {
      (this.materialize().forEachEdge as (...a: unknown[]) => void)(...args);
      return;
    }
    const cb = args[0] as (key: string, attrs: EdgeAttrs, s: string, t: string, sa: NodeAttrs, ta: NodeAttrs, undirected: boolean) => void;
    for (let e = 0; e < this.m; e++) {
      const u = this.eu[e];
      const v = this.ev[e];
      cb(this.edgeKey(e), this.edgeAttrs(e), this.ids[u], this.ids[v], this.attrs[u], this.attrs[v], true);
    }
  }

  /** The graphology graph of this recording, built once. */
  materialize(): Fabric {
    if (this.graph) return this.graph;
    const g = new UndirectedGraph<NodeAttrs, EdgeAttrs, FabricMeta>({ multi: false, allowSelfLoops: false });
    g.replaceAttributes(this.meta);
    for (let i = 0; i < this.ids.length; i++) g.addNode(this.ids[i], this.attrs[i]);
    for (let e = 0; e < this.m; e++) g.addEdgeWithKey(this.edgeKey(e), this.ids[this.eu[e]], this.ids[this.ev[e]], this.edgeAttrs(e));
    this.graph = g;
    return g;
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

/** A Fabric that records its build; the graph behind it is made on first use of the full graphology API. */
export function recordingFabric(meta: FabricMeta): Fabric {
  const r = new FabricRecording(meta);
  const bound = new Map<PropertyKey, unknown>();
  const own = new Map<string, unknown>();
  const proxy = new Proxy(r, {
    get(t, p) {
      if (p === RECORDER) return t;
      if (!t.graph && typeof p === 'string' && RECORDED.has(p)) {
        const v = (t as unknown as Record<string, unknown>)[p];
        if (typeof v !== 'function') return v;
        let b = own.get(p);
        if (b === undefined) own.set(p, (b = v.bind(t)));
        return b;
      }
      const g = t.materialize() as unknown as Record<PropertyKey, unknown>;
      const v = g[p];
      if (typeof v !== 'function') return v;
      let b = bound.get(p);
      if (b === undefined || (b as { raw?: unknown }).raw !== v) {
        b = Object.assign((v as (...a: unknown[]) => unknown).bind(g), { raw: v });
        bound.set(p, b);
      }
      return b;
    },
    set(t, p, v) {
      return Reflect.set(t.materialize(), p, v);
    },
    has(t, p) {
      return p in t.materialize();
    },
    getPrototypeOf() {
      return UndirectedGraph.prototype;
    },
  });
  return proxy as unknown as Fabric;
}

/** The recording behind a fabric that has not been turned into a graph yet, else null. */
export function pendingRecording(f: Fabric): FabricRecording | null {
  const r = (f as unknown as Record<symbol, FabricRecording | undefined>)[RECORDER];
  return r && !r.graph ? r : null;
}
