/**
 * The `Fabric` over an engine (engine.ts): graph-shaped, so every consumer of the graphology API keeps working,
 * but answering the builder and read calls (addNode, addEdgeWithKey, forEachNode, getNodeAttributes,
 * getAttribute, ...) from the engine by string id. Any other graphology call builds the graph from the engine,
 * once, and goes to it; from then on the graph is the fabric's state.
 */
import { UndirectedGraph } from 'graphology';
import type { Engine } from './engine.js';
import type { EdgeAttrs, Fabric, FabricMeta, NodeAttrs } from './model.js';

const ENGINE = Symbol('topoplan.engine');

/**
 * Graph-shaped calls answered by the engine itself, by string ids (library callers and graph-shaped readers);
 * any other property builds the graph and goes to it.
 */
class EngineFabric {
  readonly type = 'undirected';
  readonly multi = false;
  constructor(readonly engine: Engine) {}

  private at(id: string, what: string): number {
    const i = this.engine.indexOf(id);
    if (i < 0) throw new Error(`Graph.${what}: could not find the "${id}" node in the graph.`);
    return i;
  }

  get order(): number {
    return this.engine.n;
  }
  get size(): number {
    return this.engine.m;
  }
  addNode(id: string, attrs: NodeAttrs): string {
    this.engine.indexOf(id); // makes the index, so the name below is checked for a duplicate
    this.engine.node(attrs, id);
    return id;
  }
  addEdgeWithKey(key: string, a: string, b: string, attrs: EdgeAttrs): string {
    this.engine.edgeFrom(key, this.at(a, 'addEdgeWithKey'), this.at(b, 'addEdgeWithKey'), attrs);
    return key;
  }
  hasNode(id: string): boolean {
    return this.engine.indexOf(id) >= 0;
  }
  /** The key of the edge joining a and b, or undefined. */
  edge(a: string, b: string): string | undefined {
    const u = this.engine.indexOf(a);
    const v = this.engine.indexOf(b);
    if (u < 0 || v < 0) return undefined;
    const e = this.engine.edgeBetween(u, v);
    return e < 0 ? undefined : this.engine.edgeKey(e);
  }
  hasEdge(key: string): boolean {
    return this.engine.edgeByKey(key) >= 0;
  }
  updateEdgeAttribute(key: string, name: string, update: (x: unknown) => unknown): void {
    const e = this.engine.edgeByKey(key);
    if (e < 0) throw new Error(`Graph.updateEdgeAttribute: could not find the "${key}" edge in the graph.`);
    this.engine.setEdgeAttr(e, name, update((this.engine.edgeAttrs(e) as unknown as Record<string, unknown>)[name]));
  }
  getAttributes(): FabricMeta {
    return this.engine.meta;
  }
  getAttribute<K extends keyof FabricMeta>(name: K): FabricMeta[K] {
    return this.engine.meta[name];
  }
  setAttribute<K extends keyof FabricMeta>(name: K, value: FabricMeta[K]): void {
    this.engine.meta[name] = value;
  }
  updateAttribute<K extends keyof FabricMeta>(name: K, update: (v: FabricMeta[K]) => FabricMeta[K]): void {
    this.engine.meta[name] = update(this.engine.meta[name]);
  }
  replaceAttributes(meta: FabricMeta): void {
    this.engine.meta = meta;
  }
  mergeNodeAttributes(id: string, attrs: Partial<NodeAttrs>): void {
    this.engine.merge(this.at(id, 'mergeNodeAttributes'), attrs as Record<string, unknown>);
  }
  getNodeAttribute(id: string, name: string): unknown {
    return this.engine.attr(this.at(id, 'getNodeAttribute'), name);
  }
  getNodeAttributes(id: string): NodeAttrs {
    return this.engine.attrsOf(this.at(id, 'getNodeAttributes'));
  }
  /** Every node in insertion order, as graphology's forEachNode(callback). */
  forEachNode(cb: (id: string, attrs: NodeAttrs) => void): void {
    const names = this.engine.names();
    for (let i = 0; i < this.engine.n; i++) cb(names[i], this.engine.attrsOf(i));
  }
  /**
   * Every edge in insertion order, as graphology's forEachEdge(callback); attribute objects are made for the call
   * (read them, do not write them). Other forms (per node) build the graph.
   */
  forEachEdge(...args: unknown[]): void {
    const en = this.engine;
    if (args.length !== 1 || typeof args[0] !== 'function') {
      (en.graph().forEachEdge as (...a: unknown[]) => void)(...args);
      return;
    }
    const cb = args[0] as (key: string, attrs: EdgeAttrs, s: string, t: string, sa: NodeAttrs, ta: NodeAttrs, undirected: boolean) => void;
    const names = en.names();
    for (let e = 0; e < en.m; e++) {
      const u = en.eu[e];
      const v = en.ev[e];
      cb(en.edgeKey(e), en.edgeAttrs(e), names[u], names[v], en.attrsOf(u), en.attrsOf(v), true);
    }
  }
}

const ANSWERED = new Set(
  Object.getOwnPropertyNames(EngineFabric.prototype)
    .filter((p) => p !== 'constructor' && p !== 'at')
    .concat(['type', 'multi']),
);

/**
 * The Fabric over an engine: graph-shaped, answered by the engine until something asks for more than it answers;
 * from then on every call goes to the graph built from it (graph()).
 */
export function fabricOf(engine: Engine): Fabric {
  const face = new EngineFabric(engine);
  const bound = new Map<PropertyKey, unknown>();
  const own = new Map<string, unknown>();
  const proxy = new Proxy(face, {
    get(t, p) {
      if (p === ENGINE) return engine;
      if (!engine.hasGraph && typeof p === 'string' && ANSWERED.has(p)) {
        const v = (t as unknown as Record<string, unknown>)[p];
        if (typeof v !== 'function') return v;
        let b = own.get(p);
        if (b === undefined) own.set(p, (b = v.bind(t)));
        return b;
      }
      const g = engine.graph() as unknown as Record<PropertyKey, unknown>;
      const v = g[p];
      if (typeof v !== 'function') return v;
      let b = bound.get(p);
      if (b === undefined || (b as { raw?: unknown }).raw !== v) {
        b = Object.assign((v as (...a: unknown[]) => unknown).bind(g), { raw: v });
        bound.set(p, b);
      }
      return b;
    },
    set(_t, p, v) {
      return Reflect.set(engine.graph(), p, v);
    },
    has(_t, p) {
      return p in engine.graph();
    },
    getPrototypeOf() {
      return UndirectedGraph.prototype;
    },
  });
  return proxy as unknown as Fabric;
}

/**
 * The engine behind a fabric whose graph has not been built: the model analyses read. Null once the graph
 * exists (it is then the fabric's state, and may have been changed through the graph API), and for a plain
 * graphology graph.
 */
export function pendingEngine(f: Fabric): Engine | null {
  const e = (f as unknown as Record<symbol, Engine | undefined>)[ENGINE];
  return e && !e.hasGraph ? e : null;
}

/** The engine behind a fabric, built or not; null for a plain graphology graph. */
export function engineOf(f: Fabric): Engine | null {
  return (f as unknown as Record<symbol, Engine | undefined>)[ENGINE] ?? null;
}
