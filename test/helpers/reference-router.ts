/**
 * Test oracles for the routers: a seeded generator and a per-pair recursive router over every shortest path,
 * written independently of src/traffic (own BFS over the CSR's edge arrays, no switch graph, no sweep).
 */
import type { Compiled } from '../../src/topology/compiled.js';

/** A small seeded generator (mulberry32), so the demand does not depend on the code under test. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Oracle {
  arcLoad: Float64Array;
  delivered: number;
  unreachable: number;
  hopBytes: number;
}

/** The reference router: demand[t] maps source switch -> bytes towards destination switch t. */
export function reference(c: Compiled, demand: Map<number, Map<number, number>>, failed?: Uint8Array): Oracle {
  const S = c.csr.switches;
  const adj: Array<Array<{ v: number; arc: number; lanes: number }>> = Array.from({ length: S }, () => []);
  for (let e = 0; e < c.csr.edges; e++) {
    const u = c.csr.arcTail[2 * e];
    const v = c.csr.arcHead[2 * e];
    if (u >= S || v >= S || failed?.[e]) continue;
    adj[u].push({ v, arc: 2 * e, lanes: c.csr.lanes[e] });
    adj[v].push({ v: u, arc: 2 * e + 1, lanes: c.csr.lanes[e] });
  }
  const out: Oracle = { arcLoad: new Float64Array(2 * c.csr.edges), delivered: 0, unreachable: 0, hopBytes: 0 };
  for (const [t, col] of demand) {
    const dist = new Array<number>(S).fill(-1);
    dist[t] = 0;
    const queue = [t];
    for (let h = 0; h < queue.length; h++)
      for (const { v } of adj[queue[h]])
        if (dist[v] < 0) {
          dist[v] = dist[queue[h]] + 1;
          queue.push(v);
        }
    const walk = (u: number, x: number): void => {
      if (u === t) return;
      const next = adj[u].filter(({ v }) => dist[v] === dist[u] - 1);
      const total = next.reduce((s, n) => s + n.lanes, 0);
      for (const n of next) {
        out.arcLoad[n.arc] += (x * n.lanes) / total;
        walk(n.v, (x * n.lanes) / total);
      }
    };
    for (const [s, x] of col) {
      if (s === t || x === 0) continue;
      if (dist[s] < 0) {
        out.unreachable += x;
        continue;
      }
      out.delivered += x;
      out.hopBytes += x * dist[s];
      walk(s, x);
    }
  }
  return out;
}


/** Hop distance from every switch to t, and the number of distinct shortest paths, over live switch links. */
export function shortestPaths(c: Compiled, t: number, failed?: Uint8Array): { dist: number[]; count: number[] } {
  const S = c.csr.switches;
  const adj: number[][] = Array.from({ length: S }, () => []);
  for (let e = 0; e < c.csr.edges; e++) {
    const u = c.csr.arcTail[2 * e];
    const v = c.csr.arcHead[2 * e];
    if (u >= S || v >= S || failed?.[e]) continue;
    adj[u].push(v);
    adj[v].push(u);
  }
  const dist = new Array<number>(S).fill(-1);
  const count = new Array<number>(S).fill(0);
  dist[t] = 0;
  count[t] = 1;
  const queue = [t];
  for (let h = 0; h < queue.length; h++) {
    const u = queue[h];
    for (const v of adj[u]) {
      if (dist[v] < 0) {
        dist[v] = dist[u] + 1;
        queue.push(v);
      }
      if (dist[v] === dist[u] + 1) count[v] += count[u];
    }
  }
  return { dist, count };
}
