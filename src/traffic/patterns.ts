/**
 * Synthetic patterns over the job's GPUs (numbered in host order, GPU i = host ⌊i/G⌋, local index i mod G):
 * - shift:s   GPU i sends to GPU (i + s) mod N. With s = GPUs per Dragonfly group, every group sends
 *             everything to the next group: the classic adversarial pattern for minimal routing.
 * - incast:n  n senders spread evenly over the job, GPU ⌊i·N/(n+1)⌋ for i = 1..n, each send to GPU 0.
 * - bisect    GPU i and GPU i + N/2 send to each other: every GPU crosses the middle of the job, and the
 *             counterpart keeps its local index (its rail / plane).
 */
import { UsageError } from '../errors.js';
import { FlowList } from './flows.js';
import type { HostIndex } from './hosts.js';
import type { BisectWorkload, IncastWorkload, ShiftWorkload } from './workload.js';

export function gpuEndpoint(hi: HostIndex, gpu: number, G: number): number {
  return hi.endpointOf[Math.floor(gpu / G) * hi.gpusPerHost + (gpu % G)];
}

export function shiftFlows(w: ShiftWorkload, hi: HostIndex, gpus: number, G: number): FlowList {
  if (w.shift % gpus === 0) throw new UsageError(`workload.shift = ${w.shift}: a multiple of the job's ${gpus} GPUs sends nothing; use 1..${gpus - 1}`);
  const f = new FlowList(gpus + 1);
  for (let i = 0; i < gpus; i++) f.push(gpuEndpoint(hi, i, G), gpuEndpoint(hi, (i + w.shift) % gpus, G), w.bytesPerPair);
  return f;
}

export function incastFlows(w: IncastWorkload, hi: HostIndex, gpus: number, G: number): FlowList {
  if (w.senders > gpus - 1) throw new UsageError(`workload.senders = ${w.senders}: at most ${gpus - 1} for a job of ${gpus} GPUs`);
  const f = new FlowList(w.senders + 1);
  const dst = gpuEndpoint(hi, 0, G);
  for (let i = 1; i <= w.senders; i++) f.push(gpuEndpoint(hi, Math.floor((i * gpus) / (w.senders + 1)), G), dst, w.bytesPerPair);
  return f;
}

export function bisectFlows(w: BisectWorkload, hi: HostIndex, gpus: number, G: number): FlowList {
  if (gpus % 2 !== 0) throw new UsageError(`bisect needs an even number of GPUs; the job has ${gpus}`);
  const half = gpus / 2;
  const f = new FlowList(gpus + 1);
  for (let i = 0; i < half; i++) {
    f.push(gpuEndpoint(hi, i, G), gpuEndpoint(hi, i + half, G), w.bytesPerPair);
    f.push(gpuEndpoint(hi, i + half, G), gpuEndpoint(hi, i, G), w.bytesPerPair);
  }
  return f;
}

/** `--pattern` values: uniform, permutation, shift:<s>, incast:<n>, bisect. */
export function parsePattern(v: string, bytes: number): { kind: string; name: string; bytesPerPair: number; shift?: number; senders?: number } {
  const m = /^(uniform|permutation|bisect)$|^(shift|incast):(\d+)$/.exec(v.trim());
  if (!m || (m[3] !== undefined && Number(m[3]) < 1))
    throw new UsageError(`--pattern = ${JSON.stringify(v)}: allowed: uniform, permutation, bisect, shift:<s>, incast:<n> (s, n ≥ 1)`);
  const name = `${v.trim()} (${bytes.toLocaleString('en-US')} B per pair)`;
  if (m[1]) return { kind: m[1], name, bytesPerPair: bytes };
  return m[2] === 'shift' ? { kind: 'shift', name, bytesPerPair: bytes, shift: Number(m[3]) } : { kind: 'incast', name, bytesPerPair: bytes, senders: Number(m[3]) };
}
