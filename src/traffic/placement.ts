/**
 * Job placement: which of the cluster's hosts a job of J hosts runs on, and data-parallel copies of it.
 * Workload generators address GPUs by job-local host; a placement is a HostIndex whose host rows are the
 * chosen cluster hosts, so generators never see it.
 * - packed: hosts 0..J−1 (copy k: kJ..kJ+J−1);
 * - spread: host j at ⌊j·H/J⌋, evenly over the cluster (copy k shifted by k, so copies interleave);
 * - random: a seeded shuffle of all H hosts, copy k takes entries kJ..kJ+J−1.
 */
import { UsageError } from '../errors.js';
import { rng } from '../topology/paths.js';
import type { HostIndex } from './hosts.js';
import type { Placement } from './workload.js';

export interface JobPlacement {
  placement: Placement;
  /** copies of the job (data-parallel replicas); 1 unless replication was asked for */
  copies: number;
  jobHosts: number;
  clusterHosts: number;
  /** fraction of the cluster's hosts the job (all copies) covers */
  coverage: number;
  /** first cluster hosts of copy 0, for the output ("where it sits") */
  hostsOfFirstCopy: number[];
  /** one host index per copy */
  indices: HostIndex[];
}

export function placeJob(hi: HostIndex, jobGpus: number, G: number, placement: Placement, seed: number, replicate = false): JobPlacement {
  const H = hi.hosts;
  const J = Math.max(1, Math.ceil(jobGpus / G));
  if (J > H) throw new UsageError(`workload needs ${J} hosts (${jobGpus} GPUs); the fabric has ${H}`);
  const copies = replicate ? Math.floor(H / J) : 1;
  let order: (k: number, j: number) => number;
  if (placement === 'packed') order = (k, j) => k * J + j;
  else if (placement === 'spread') order = (k, j) => Math.floor((j * H) / J) + k;
  else {
    const r = rng(seed);
    const perm = Int32Array.from({ length: H }, (_, i) => i);
    for (let i = H - 1; i > 0; i--) {
      const x = Math.floor(r() * (i + 1));
      const t = perm[i];
      perm[i] = perm[x];
      perm[x] = t;
    }
    order = (k, j) => perm[k * J + j];
  }
  const indices: HostIndex[] = [];
  for (let k = 0; k < copies; k++) {
    const endpointOf = new Int32Array(J * hi.gpusPerHost).fill(-1);
    for (let j = 0; j < J; j++) {
      const h = order(k, j);
      endpointOf.set(hi.endpointOf.subarray(h * hi.gpusPerHost, (h + 1) * hi.gpusPerHost), j * hi.gpusPerHost);
    }
    indices.push({ hosts: J, gpusPerHost: hi.gpusPerHost, endpointOf });
  }
  return {
    placement,
    copies,
    jobHosts: J,
    clusterHosts: H,
    coverage: (copies * J) / H,
    hostsOfFirstCopy: Array.from({ length: Math.min(J, 8) }, (_, j) => order(0, j)),
    indices,
  };
}
