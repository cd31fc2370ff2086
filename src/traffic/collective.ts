/**
 * Collectives over groups of ranks. A group is `size` ranks `stride` GPUs apart: block b (size·stride GPUs),
 * offset o < stride, rank r = GPU b·size·stride + o + r·stride. Data per rank for a buffer of S bytes over
 * n ranks (what each rank sends; the tests check these on every link class):
 * - ring: rank r sends to r+1 mod n. all-reduce 2(n−1)/n·S (reduce-scatter then all-gather), reduce-scatter
 *   and all-gather (n−1)/n·S, all-to-all Σ_{d<n} d·S/n = (n−1)/2·S (store and forward around the ring).
 * - direct: S/n to every other rank (twice for all-reduce: reduce-scatter then all-gather).
 * - tree (all-reduce only): one binary tree in rank order, parent(r) = ⌊(r−1)/2⌋; every child sends S up
 *   (reduce) and receives S down (broadcast), pipelined, so both run in one phase.
 * - hierarchical (NVLink then fabric): a group whose ranks sit l to a host on m hosts runs an intra-host
 *   reduce-scatter (direct, S/l to each local peer), the algorithm across hosts among ranks with the same
 *   local position on S/l, then an intra-host all-gather: three phases (all-reduce); reduce-scatter keeps the
 *   first two, all-gather the last two (fabric first).
 */
import { UsageError } from '../errors.js';
import { FlowList } from './flows.js';
import type { HostIndex } from './hosts.js';
import { gpuEndpoint } from './patterns.js';
import type { CollectiveWorkload } from './workload.js';

type Op = CollectiveWorkload['op'];
type Algo = CollectiveWorkload['algorithm'];

/** Per-rank sends of one flat collective over `ranks` (GPU numbers), buffer S, into `out`. */
function flat(op: Op, algo: Algo, ranks: number[], S: number, out: Array<[number, number, number]>): void {
  const n = ranks.length;
  if (n < 2) return;
  if (algo === 'ring') {
    const per = op === 'all-reduce' ? (2 * (n - 1) * S) / n : op === 'all-to-all' ? ((n - 1) * S) / 2 : ((n - 1) * S) / n;
    for (let r = 0; r < n; r++) out.push([ranks[r], ranks[(r + 1) % n], per]);
  } else if (algo === 'direct') {
    const per = op === 'all-reduce' ? (2 * S) / n : S / n;
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (a !== b) out.push([ranks[a], ranks[b], per]);
  } else {
    for (let r = 1; r < n; r++) {
      const p = (r - 1) >> 1;
      out.push([ranks[r], ranks[p], S]);
      out.push([ranks[p], ranks[r], S]);
    }
  }
}

export function collectiveGroups(w: CollectiveWorkload, gpus: number): number[][] {
  const n = w.size;
  const stride = w.stride ?? (w.group === 'ep' ? 1 : Math.floor(gpus / n));
  if (stride < 1 || n * stride > gpus || gpus % (n * stride) !== 0)
    throw new UsageError(`workload.size = ${n}, stride = ${stride}: groups of ${n} ranks ${stride} apart must tile the job's ${gpus} GPUs`);
  const groups: number[][] = [];
  for (let b = 0; b < gpus; b += n * stride)
    for (let o = 0; o < stride; o++) groups.push(Array.from({ length: n }, (_, r) => b + o + r * stride));
  return groups;
}

export function collectiveFlows(w: CollectiveWorkload, hi: HostIndex, gpus: number, G: number): Array<{ name: string; flows: FlowList }> {
  if (w.algorithm === 'tree' && w.op !== 'all-reduce') throw new UsageError(`workload.algorithm = "tree": only for op all-reduce (got ${w.op}); use ring or direct`);
  if (w.hierarchical && w.op === 'all-to-all') throw new UsageError('workload.hierarchical: not for all-to-all (use an ep workload for NVLink-forwarded all-to-all)');
  const groups = collectiveGroups(w, gpus);
  const base = w.name ?? w.op;
  const toList = (sends: Array<[number, number, number]>) => {
    const f = new FlowList(sends.length + 1);
    for (const [a, b, x] of sends) f.push(gpuEndpoint(hi, a, G), gpuEndpoint(hi, b, G), x);
    return f;
  };
  if (!w.hierarchical) {
    const sends: Array<[number, number, number]> = [];
    for (const g of groups) flat(w.op, w.algorithm, g, w.bytes, sends);
    return [{ name: base, flows: toList(sends) }];
  }
  // Ranks by host: l per host on m hosts, the same l everywhere.
  const intra: number[][] = [];
  const inter: number[][] = [];
  for (const g of groups) {
    const byHost = new Map<number, number[]>();
    for (const r of g) byHost.set(Math.floor(r / G), [...(byHost.get(Math.floor(r / G)) ?? []), r]);
    const hosts = [...byHost.values()];
    const l = hosts[0].length;
    if (hosts.some((h) => h.length !== l)) throw new UsageError(`workload.hierarchical: the ranks of a group must sit the same number to a host (group of ${g.length} over ${hosts.length} hosts)`);
    intra.push(...hosts);
    for (let j = 0; j < l; j++) inter.push(hosts.map((h) => h[j]));
  }
  const l = intra[0].length;
  const rs: Array<[number, number, number]> = [];
  const ag: Array<[number, number, number]> = [];
  const across: Array<[number, number, number]> = [];
  for (const h of intra) {
    flat('reduce-scatter', 'direct', h, w.bytes, rs);
    flat('all-gather', 'direct', h, w.bytes, ag);
  }
  for (const g of inter) flat(w.op, w.algorithm, g, w.bytes / l, across);
  const phases = [];
  if (w.op !== 'all-gather') phases.push({ name: `${base} nvlink-rs`, flows: toList(rs) });
  phases.push({ name: `${base} fabric`, flows: toList(across) });
  if (w.op !== 'reduce-scatter') phases.push({ name: `${base} nvlink-ag`, flows: toList(ag) });
  return phases;
}
