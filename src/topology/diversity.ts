/**
 * Path diversity by pair class (same leaf, same pod / SU / group, across them, across planes): endpoint
 * hop count of the shortest path, number of shortest switch paths (parallel lanes of one bundle count
 * once), and edge-disjoint physical paths (max-flow with one unit per lane) between the two leaves.
 * Exact in two cases: fabrics small enough to cover every leaf pair, and full fat-trees (ft2, ft3, MPFT),
 * whose automorphisms map any leaf pair of a class onto any other (pods and planes are interchangeable, the
 * leaves of a pod or plane are twins), so one source and one max-flow per class stand for all pairs.
 * Otherwise sources and targets are sampled with a seed; `exact` says which.
 * Cost: one BFS per source, O(S + arcs), plus one unit-capacity max-flow per disjoint-path sample.
 */
import type { Compiled } from './compiled.js';
import { leafGroupKeys } from './bisection.js';
import { FlowNetwork } from './maxflow.js';
import { bfs, switchGraph, type FabricCsr } from './csr.js';
import { ROLES } from './engine.js';
import { rng } from './paths.js';
import { familyOf } from './registry.js';

export interface Stat {
  min: number;
  max: number;
  mean: number;
}

export interface PairClass {
  class: string;
  /** ordered leaf pairs measured (under fat-tree symmetry: represented by the one source) */
  pairs: number;
  /** endpoint-to-endpoint links of the shortest path (null: no fabric path) */
  hops: Stat | null;
  shortestPaths: Stat | null;
  edgeDisjoint: Stat | null;
  exact: boolean;
}

export interface DiversityOptions {
  seed?: number;
  /** source leaves searched (default 4) */
  sources?: number;
  /** target leaves per class and source for hops and path counts (default 64) */
  targetsPerClass?: number;
  /** max-flow samples per class for edge-disjoint paths (default 4) */
  disjointPerClass?: number;
  /** use the fat-tree symmetry (default true; false measures pairs, for checking the symmetry) */
  symmetry?: boolean;
}

/** The family says when every class of leaf pairs is one orbit of the switch graph's automorphisms (full fat-trees). */
function pairTransitive(c: Compiled): boolean {
  return familyOf(c.spec).pairTransitive?.(c.spec.params) ?? false;
}

const GROUP_WORD = { pod: 'pod', su: 'SU', group: 'group' } as const;

function stat(xs: number[]): Stat | null {
  if (xs.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const x of xs) {
    min = Math.min(min, x);
    max = Math.max(max, x);
    sum += x;
  }
  return { min, max, mean: sum / xs.length };
}

/** Edge-disjoint paths between switches s and t: max-flow with each lane a unit of capacity. */
export function edgeDisjointPaths(c: Compiled, s: number, t: number): number {
  const { csr } = c;
  // One unit-lane network per fabric, reset between samples instead of rebuilt.
  let net = lanesNetwork.get(csr);
  if (!net) {
    net = new FlowNetwork(csr.switches, 2 * csr.swTarget.length);
    for (let u = 0; u < csr.switches; u++)
      for (let i = csr.swOffsets[u]; i < csr.swOffsets[u + 1]; i++) if (csr.swTarget[i] > u) net.addUndirected(u, csr.swTarget[i], csr.lanes[csr.swArc[i] >> 1]);
    lanesNetwork.set(csr, net);
  } else net.reset();
  return Math.round(net.maxflow(s, t));
}

const lanesNetwork = new WeakMap<FabricCsr, FlowNetwork>();

export function pathDiversity(c: Compiled, opts: DiversityOptions = {}): PairClass[] {
  const { csr } = c;
  const S = csr.switches;
  const leaves: number[] = [];
  for (let u = 0; u < S; u++) if (csr.leafEndpoints[u] > 0) leaves.push(u);
  const grouped = leafGroupKeys(c);
  const group = grouped.key;
  const groupWord = grouped.attr ? GROUP_WORD[grouped.attr] : '';
  const r = rng(opts.seed ?? 1);
  // Small fabrics are covered completely; large ones are sampled (max-flows dominate the cost), unless
  // symmetry makes one source, every target and one max-flow per class exact.
  const symmetric = opts.symmetry !== false && pairTransitive(c);
  const small = leaves.length <= 64;
  const big = csr.swTarget.length > 200_000;
  const nSources = symmetric ? 1 : Math.min(leaves.length, opts.sources ?? (small ? leaves.length : big ? 2 : 4));
  const perClass = symmetric ? Infinity : (opts.targetsPerClass ?? (small ? leaves.length : 64));
  const disjointPer = symmetric ? 1 : (opts.disjointPerClass ?? (small ? leaves.length : big ? 1 : 4));
  const sources = [leaves[0]];
  const pool = leaves.slice(1);
  while (sources.length < nSources && pool.length) sources.push(pool.splice(Math.floor(r() * pool.length), 1)[0]);
  const acc = new Map<string, { hops: number[]; paths: number[]; disjoint: number[]; pairs: number; total: number }>();
  const bucket = (k: string) => {
    let b = acc.get(k);
    if (!b) acc.set(k, (b = { hops: [], paths: [], disjoint: [], pairs: 0, total: 0 }));
    return b;
  };
  const same = bucket('same leaf');
  same.pairs = leaves.length;
  same.total = leaves.length;
  same.hops.push(2);
  same.paths.push(1);
  same.disjoint.push(1);
  const dist = new Int32Array(S);
  const count = new Float64Array(S);
  const queue = new Int32Array(S);
  const g = switchGraph(csr);
  for (const s of sources) {
    const reached = bfs(g, s, dist, queue);
    // Shortest paths: every shortest-path arc u -> v adds u's count to v, in BFS order.
    count.fill(0);
    count[s] = 1;
    for (let k = 0; k < reached; k++) {
      const u = queue[k];
      for (let i = g.off[u]; i < g.off[u + 1]; i++) if (dist[g.to[i]] === dist[u] + 1) count[g.to[i]] += count[u];
    }
    const byClass = new Map<string, number[]>();
    for (const t of leaves) {
      if (t === s) continue;
      const cls =
        csr.plane[t] !== csr.plane[s] ? 'cross plane' : groupWord && group[t] === group[s] ? `same ${groupWord}, other leaf` : groupWord ? `cross ${groupWord}` : 'other leaf';
      const list = byClass.get(cls);
      if (list) list.push(t);
      else byClass.set(cls, [t]);
    }
    for (const [cls, targets] of byClass) {
      const b = bucket(cls);
      b.total += targets.length;
      const pick = targets.length <= perClass ? targets : Array.from({ length: perClass }, () => targets[Math.floor(r() * targets.length)]);
      for (const t of pick) {
        b.pairs++;
        if (dist[t] < 0) continue;
        b.hops.push(dist[t] + 2);
        b.paths.push(count[t]);
      }
      for (let i = 0; i < Math.min(disjointPer, pick.length); i++) if (dist[pick[i]] >= 0) b.disjoint.push(edgeDisjointPaths(c, s, pick[i]));
    }
  }
  const everySource = sources.length === leaves.length;
  // name the switch endpoints hang off as the fabric does: a Dragonfly or Slim Fly "router", not a "leaf"
  const leafWord = leaves.length && ROLES[csr.role[leaves[0]]] === 'router' ? 'router' : 'leaf';
  return [...acc].map(([cls, b]) => ({
    class: cls.replace('leaf', leafWord),
    // under symmetry the one source stands for every leaf
    pairs: symmetric && cls !== 'same leaf' ? b.pairs * leaves.length : b.pairs,
    hops: stat(b.hops),
    shortestPaths: stat(b.paths),
    edgeDisjoint: stat(b.disjoint),
    exact: symmetric || cls === 'same leaf' || cls === 'cross plane' || (everySource && b.pairs === b.total && b.disjoint.length === b.hops.length),
  }));
}
