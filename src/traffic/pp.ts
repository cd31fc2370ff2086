/**
 * Pipeline-parallel point-to-point traffic. The job's GPUs are split into `pp` stages of consecutive
 * host blocks; GPU i of stage s sends its activations to GPU i of stage s+1 (forward phase) and receives
 * gradients back (backward phase). Per micro-batch a GPU sends tokensPerMicrobatch · hidden · bytes.
 * DualPipe feeds micro-batches from both ends, so half of them flow each way in both phases.
 */
import { UsageError } from '../errors.js';
import { rng } from '../topology/paths.js';
import { FlowList } from './flows.js';
import type { HostIndex } from './hosts.js';
import type { PermutationWorkload, PpWorkload } from './workload.js';

function endpointOfGpu(hi: HostIndex, gpu: number, G: number): number {
  return hi.endpointOf[Math.floor(gpu / G) * hi.gpusPerHost + (gpu % G)];
}

export function ppFlows(w: PpWorkload, hi: HostIndex, gpus: number, G: number): { forward: FlowList; backward: FlowList } {
  if (gpus % w.pp !== 0) throw new UsageError(`workload.pp = ${w.pp}: must divide the job's ${gpus} GPUs into equal stages`);
  const stage = gpus / w.pp;
  const perMb = w.tokensPerMicrobatch * w.hidden * w.bytes;
  const forward = new FlowList();
  const backward = new FlowList();
  const one = w.dualpipe ? (w.microbatches / 2) * perMb : w.microbatches * perMb;
  for (let s = 0; s + 1 < w.pp; s++)
    for (let i = 0; i < stage; i++) {
      const a = endpointOfGpu(hi, s * stage + i, G);
      const b = endpointOfGpu(hi, (s + 1) * stage + i, G);
      forward.push(a, b, one);
      backward.push(b, a, one);
      if (w.dualpipe) {
        // The second pipeline runs the stages in reverse order over the same GPUs.
        forward.push(b, a, one);
        backward.push(a, b, one);
      }
    }
  return { forward, backward };
}

/** A seeded random permutation: GPU i sends bytesPerPair to GPU π(i), π without fixed points. */
export function permutationFlows(w: PermutationWorkload, hi: HostIndex, gpus: number, G: number, seed: number): FlowList {
  const r = rng(w.seed ?? seed);
  const perm = Array.from({ length: gpus }, (_, i) => i);
  // Sattolo's algorithm: a uniformly random single cycle, so no GPU sends to itself.
  for (let i = gpus - 1; i > 0; i--) {
    const j = Math.floor(r() * i);
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  const flows = new FlowList(gpus + 1);
  for (let i = 0; i < gpus; i++) flows.push(endpointOfGpu(hi, i, G), endpointOfGpu(hi, perm[i], G), w.bytesPerPair);
  return flows;
}
