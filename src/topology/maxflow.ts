/**
 * Dinic's max-flow over a small adjacency of our own (engine code, typed arrays). Undirected links are
 * one arc pair whose residual arcs are each other, each with the link's capacity, so flow may use a link in
 * either direction up to its capacity. O(V²·E) worst case; on fat-trees a handful of phases.
 */
export class FlowNetwork {
  private head: Int32Array;
  private next: Int32Array;
  private to: Int32Array;
  private cap: Float64Array;
  private m = 0;
  private built: Float64Array | null = null;

  constructor(readonly n: number, arcsHint = 16) {
    this.head = new Int32Array(n).fill(-1);
    this.next = new Int32Array(arcsHint);
    this.to = new Int32Array(arcsHint);
    this.cap = new Float64Array(arcsHint);
  }

  private grow(): void {
    const size = this.to.length * 2;
    const nx = new Int32Array(size);
    nx.set(this.next);
    const t = new Int32Array(size);
    t.set(this.to);
    const c = new Float64Array(size);
    c.set(this.cap);
    this.next = nx;
    this.to = t;
    this.cap = c;
  }

  private arc(u: number, v: number, c: number): void {
    this.built = null;
    if (this.m === this.to.length) this.grow();
    this.to[this.m] = v;
    this.cap[this.m] = c;
    this.next[this.m] = this.head[u];
    this.head[u] = this.m++;
  }

  /** A directed arc u→v of capacity c (its residual v→u starts at 0). */
  addDirected(u: number, v: number, c: number): void {
    this.arc(u, v, c);
    this.arc(v, u, 0);
  }

  /** An undirected link of capacity c in each direction. */
  addUndirected(u: number, v: number, c: number): void {
    this.arc(u, v, c);
    this.arc(v, u, c);
  }

  /** Puts every arc back to its built capacity, so one network serves many max-flows. */
  reset(): void {
    if (this.built) this.cap.set(this.built);
  }

  maxflow(s: number, t: number): number {
    if (!this.built) this.built = this.cap.slice(0, this.m);
    const level = new Int32Array(this.n);
    const iter = new Int32Array(this.n);
    const queue = new Int32Array(this.n);
    let flow = 0;
    const eps = 1e-9;
    // No flow exceeds what leaves s or enters t: once reached, the flow is maximum and the last BFS (which
    // would scan everything still reachable) is skipped. The residual graph is that of a maximum flow either
    // way, so sourceSide() gives the same cut.
    let out = 0;
    let into = 0;
    for (let a = this.head[s]; a >= 0; a = this.next[a]) out += this.cap[a];
    for (let a = this.head[t]; a >= 0; a = this.next[a]) into += this.cap[a ^ 1];
    const bound = Math.min(out, into);
    for (;;) {
      if (flow >= bound) return flow;
      level.fill(-1);
      level[s] = 0;
      let qh = 0;
      let qt = 0;
      queue[qt++] = s;
      // Stop at t: blocking-flow paths have exactly level[t] arcs, so nodes levelled after t are dead ends
      // (left unlevelled, the DFS skips them as it would have after visiting them); same flows, less scanning.
      bfs: while (qh < qt) {
        const u = queue[qh++];
        for (let a = this.head[u]; a >= 0; a = this.next[a])
          if (this.cap[a] > eps && level[this.to[a]] < 0) {
            level[this.to[a]] = level[u] + 1;
            if (this.to[a] === t) break bfs;
            queue[qt++] = this.to[a];
          }
      }
      if (level[t] < 0) return flow;
      for (let u = 0; u < this.n; u++) iter[u] = this.head[u];
      for (;;) {
        const f = this.push(s, t, Infinity, level, iter);
        if (f <= eps) break;
        flow += f;
      }
    }
  }

  /** Blocking-flow DFS, iterative to survive deep level graphs. */
  private push(s: number, t: number, limit: number, level: Int32Array, iter: Int32Array): number {
    const stackNode: number[] = [s];
    const stackArc: number[] = [];
    for (;;) {
      const u = stackNode[stackNode.length - 1];
      if (u === t) {
        let f = limit;
        for (const a of stackArc) f = Math.min(f, this.cap[a]);
        for (const a of stackArc) {
          this.cap[a] -= f;
          this.cap[a ^ 1] += f;
        }
        return f;
      }
      let advanced = false;
      for (; iter[u] >= 0; iter[u] = this.next[iter[u]]) {
        const a = iter[u];
        const v = this.to[a];
        if (this.cap[a] > 1e-9 && level[v] === level[u] + 1) {
          stackNode.push(v);
          stackArc.push(a);
          advanced = true;
          break;
        }
      }
      if (!advanced) {
        if (stackNode.length === 1) return 0;
        level[u] = -1; // dead end: never visit again in this phase
        stackNode.pop();
        const a = stackArc.pop()!;
        iter[stackNode[stackNode.length - 1]] = this.next[a];
      }
    }
  }

  /** Nodes reachable from s in the residual network after maxflow: the source side of a minimum cut. */
  sourceSide(s: number): Uint8Array {
    const seen = new Uint8Array(this.n);
    const stack = [s];
    seen[s] = 1;
    while (stack.length) {
      const u = stack.pop()!;
      for (let a = this.head[u]; a >= 0; a = this.next[a])
        if (this.cap[a] > 1e-9 && !seen[this.to[a]]) {
          seen[this.to[a]] = 1;
          stack.push(this.to[a]);
        }
    }
    return seen;
  }
}
