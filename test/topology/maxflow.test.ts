import { describe, expect, it } from 'vitest';
import { FlowNetwork } from '../../src/topology/maxflow.js';
import { rng } from '../../src/topology/paths.js';

/** Edmonds–Karp over a capacity matrix: the flow and the nodes reachable from s in the final residual graph. */
function edmondsKarp(caps: number[][], s: number, t: number): { flow: number; reach: number[] } {
  const n = caps.length;
  const res = caps.map((row) => [...row]);
  let flow = 0;
  for (;;) {
    const prev = new Array(n).fill(-1);
    prev[s] = s;
    const q = [s];
    while (q.length && prev[t] < 0) {
      const u = q.shift()!;
      for (let v = 0; v < n; v++)
        if (prev[v] < 0 && res[u][v] > 0) {
          prev[v] = u;
          q.push(v);
        }
    }
    if (prev[t] < 0) break;
    let f = Infinity;
    for (let v = t; v !== s; v = prev[v]) f = Math.min(f, res[prev[v]][v]);
    for (let v = t; v !== s; v = prev[v]) {
      res[prev[v]][v] -= f;
      res[v][prev[v]] += f;
    }
    flow += f;
  }
  const seen = new Array(n).fill(false);
  seen[s] = true;
  const stack = [s];
  while (stack.length) {
    const u = stack.pop()!;
    for (let v = 0; v < n; v++)
      if (!seen[v] && res[u][v] > 0) {
        seen[v] = true;
        stack.push(v);
      }
  }
  return { flow, reach: seen.flatMap((x, i) => (x ? [i] : [])) };
}

// The engine's Dinic stops early (at the source/sink bound, and levels only up to the sink); the reachable set
// of a maximum flow's residual graph is the same for every maximum flow, so the cut must match exactly.
describe('max-flow: value and minimum cut against Edmonds–Karp', () => {
  it('random mixed graphs, including sources and sinks that bound the flow', () => {
    const r = rng(23);
    let bounded = 0;
    for (let trial = 0; trial < 200; trial++) {
      const n = 4 + Math.floor(r() * 10);
      const caps: number[][] = Array.from({ length: n }, () => new Array(n).fill(0));
      const net = new FlowNetwork(n);
      const s = 0;
      const t = n - 1;
      for (let i = 0; i < n * 3; i++) {
        const u = Math.floor(r() * n);
        const v = Math.floor(r() * n);
        if (u === v) continue;
        // thin arcs at the source or sink make the source/sink bound the maximum (the early stop)
        const cap = u === s || v === t ? 1 + Math.floor(r() * 2) : 1 + Math.floor(r() * 9);
        if (r() < 0.5) {
          net.addUndirected(u, v, cap);
          caps[u][v] += cap;
          caps[v][u] += cap;
        } else {
          net.addDirected(u, v, cap);
          caps[u][v] += cap;
        }
      }
      const ek = edmondsKarp(caps, s, t);
      const out = caps[s].reduce((a, b) => a + b, 0);
      const into = caps.reduce((a, row) => a + row[t], 0);
      if (ek.flow === Math.min(out, into) && ek.flow > 0) bounded++;
      expect(net.maxflow(s, t)).toBe(ek.flow);
      const side = net.sourceSide(s);
      expect(Array.from(side).flatMap((x, i) => (x ? [i] : []))).toEqual(ek.reach);
    }
    // the early stop was exercised, and so was the ordinary end (a flow below the bound)
    expect(bounded).toBeGreaterThan(20);
    expect(bounded).toBeLessThan(200);
  });

  it('a network reused after reset() gives the same flow for every pair', () => {
    const r = rng(5);
    const n = 12;
    const caps: number[][] = Array.from({ length: n }, () => new Array(n).fill(0));
    const net = new FlowNetwork(n);
    for (let i = 0; i < 40; i++) {
      const u = Math.floor(r() * n);
      const v = Math.floor(r() * n);
      if (u === v) continue;
      net.addUndirected(u, v, 1);
      caps[u][v] += 1;
      caps[v][u] += 1;
    }
    for (let s = 0; s < n; s++)
      for (let t = 0; t < n; t++) {
        if (s === t) continue;
        net.reset();
        expect(net.maxflow(s, t)).toBe(edmondsKarp(caps, s, t).flow);
      }
  });
});
