/**
 * The flows a workload puts on the scale-out fabric, phase by phase, for export to packet-level simulators.
 * Same phases, same seed and the same NVLink mapping (forward.ts) as `traffic`, so the exported flows are the
 * ones topoplan routed: NIC-to-NIC transfers (after PXN relays), one per (source NIC, destination NIC) pair and
 * phase. Same-host transfers stay on NVLink and are counted, not exported: htsim and SimAI's fabric models have
 * no NVLink of topoplan's kind.
 */
import { UsageError } from '../errors.js';
import type { Compiled } from '../topology/compiled.js';
import { FlowList } from './flows.js';
import { mapFlows } from './forward.js';
import { hostIndex } from './hosts.js';
import { phasesOf } from './run.js';
import type { Component, Workload } from './workload.js';
import type { PhaseDemand } from './phase.js';

export interface ExportPhase {
  name: string;
  /** GPU-to-GPU bytes of the phase (fabric + NVLink) */
  demandBytes: number;
  /** bytes on the fabric: the sum of `flows` */
  fabricBytes: number;
  /** same-host bytes, NVLink only (not in `flows`) */
  nvlinkBytes: number;
  unreachableBytes: number;
  /** NIC-to-NIC transfers, CSR endpoint numbers; one per ordered pair */
  flows: FlowList;
}

/** The largest flow list the export builds (a uniform phase on N endpoints is N(N−1) transfers). */
export const MAX_EXPORT_FLOWS = 20_000_000;

/**
 * Export needs whole bytes per transfer; expected EP gating gives fractional per-pair demand. The export (and
 * the analysis printed next to it) therefore uses sampled gating with the run's seed.
 */
export function exportableWorkload(w: Workload, seed: number): { workload: Workload; note?: string } {
  const fix = (c: Component): Component => (c.kind === 'ep' && c.gating === 'expected' ? { ...c, gating: 'sampled' } : c);
  const expected = w.kind === 'ep' ? w.gating === 'expected' : w.kind === 'composite' && w.components.some((c) => c.kind === 'ep' && c.gating === 'expected');
  if (!expected) return { workload: w };
  const workload = (w.kind === 'composite' ? { ...w, components: w.components.map(fix) } : fix(w as Component)) as Workload;
  return {
    workload,
    note: `--export-flows: expected EP gating gives fractional bytes per GPU pair; the export and this analysis use sampled gating instead (seed ${seed}, skew and sampleTokensPerGpu from the workload)`,
  };
}

/** Refuses, before any routing, an export that would expand a uniform phase beyond MAX_EXPORT_FLOWS. */
export function checkExportSize(c: Compiled, w: Workload): void {
  const components: Component[] = w.kind === 'composite' ? w.components : [w];
  const N = c.csr.endpoints;
  if (components.some((x) => x.kind === 'uniform') && N * (N - 1) > MAX_EXPORT_FLOWS)
    throw new UsageError(`--export-flows: the uniform phase on ${N} endpoints is ${N * (N - 1)} transfers; the export writes at most ${MAX_EXPORT_FLOWS} (use a smaller fabric or a flow workload)`);
}

/** The phases of a workload, as runTraffic generates them (for callers that do not run it). */
export function workloadPhases(c: Compiled, w: Workload, seed: number): Array<{ name: string; demand: PhaseDemand }> {
  const hi = hostIndex(c.csr, c.fabric.getAttribute('gpusPerHost'));
  const components: Component[] = w.kind === 'composite' ? w.components : [w];
  const jobGpus = w.kind === 'composite' && w.gpus ? w.gpus : c.csr.endpoints;
  return components.flatMap((comp) => phasesOf(c, hi, comp, jobGpus, seed));
}

/**
 * The fabric flows of each phase. `phases` are the GPU-level demands runTraffic reported through
 * `onPhaseDemand` (so sampled gating is drawn once), or workloadPhases().
 */
export function exportPhases(c: Compiled, phases: Array<{ name: string; demand: PhaseDemand }>): ExportPhase[] {
  const hi = hostIndex(c.csr, c.fabric.getAttribute('gpusPerHost'));
  const out: ExportPhase[] = [];
  for (const p of phases) {
    let gpuFlows: FlowList;
    if (p.demand.kind === 'flows') gpuFlows = p.demand.flows;
    else {
      const N = c.csr.endpoints;
      if (N * (N - 1) > MAX_EXPORT_FLOWS)
        throw new UsageError(`--export-flows: the uniform phase on ${N} endpoints is ${N * (N - 1)} transfers; the export writes at most ${MAX_EXPORT_FLOWS} (use a smaller fabric or a flow workload)`);
      gpuFlows = new FlowList(N * (N - 1));
      for (let a = 0; a < N; a++) for (let b = 0; b < N; b++) gpuFlows.push(a, b, p.demand.bytesPerPair);
    }
    const m = mapFlows(c.csr, hi, gpuFlows);
    // One transfer per NIC pair: PXN relays can send several GPUs' data over the same pair.
    const index = new Map<number, number>();
    const flows = new FlowList(m.fabric.length + 1);
    const N = c.csr.endpoints;
    for (let i = 0; i < m.fabric.length; i++) {
      const key = m.fabric.src[i] * N + m.fabric.dst[i];
      const at = index.get(key);
      if (at === undefined) {
        index.set(key, flows.length);
        flows.push(m.fabric.src[i], m.fabric.dst[i], m.fabric.bytes[i]);
      } else flows.bytes[at] += m.fabric.bytes[i];
    }
    out.push({ name: p.name, demandBytes: gpuFlows.total(), fabricBytes: flows.total(), nvlinkBytes: m.nvlinkBytes - m.pxnBytes, unreachableBytes: m.unreachableBytes, flows });
  }
  return out;
}
