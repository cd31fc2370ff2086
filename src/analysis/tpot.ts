/**
 * `tpot`: decode time per output token, from the paper's formula and, given a fabric, from the decode
 * workload's measured communication time on it (the figures `topoplan tpot` prints).
 */
import { UsageError } from '../errors.js';
import { compile } from '../topology/compiled.js';
import type { TopoSpec } from '../topology/spec.js';
import { runTraffic } from '../traffic/run.js';
import { paperTpot, tpotFromComm, tpotSimple, type Tpot, type TpotInputs } from '../traffic/tpot.js';
import type { Workload } from '../traffic/workload.js';

export interface TpotOptions {
  /** per-GPU bandwidth for the paper's formula, GB/s (default 50) */
  gbpsPerGpu?: number;
  /** model layers (default 61) */
  layers?: number;
  /** the fabric to map the decode workload onto */
  spec?: TopoSpec;
  /** the decode workload (an ep workload), required with `spec` */
  workload?: Workload;
  maxMemoryGiB?: number;
}

export interface TpotReport {
  formula: { inputs: TpotInputs; atGBps: Tpot; at900GBps: Tpot };
  fabric?: Tpot & {
    topology: string;
    workload: string | undefined;
    /** the models behind the figure */
    routing: string;
    gating: string;
    ep: number;
    tokensPerGpu: number;
    phases: Array<{ name: string; timeSeconds: number; bottleneck: string | undefined; fabricBytesPerToken: number | undefined }>;
  };
}

export function tpotReport(o: TpotOptions = {}): TpotReport {
  const GBps = o.gbpsPerGpu ?? paperTpot.GBps;
  const layers = o.layers ?? paperTpot.layers;
  const formula = {
    inputs: { ...paperTpot, GBps, layers },
    atGBps: tpotSimple({ ...paperTpot, GBps, layers }),
    at900GBps: tpotSimple({ ...paperTpot, GBps: 900, layers }),
  };
  if (!o.spec) return { formula };
  const w = o.workload;
  if (!w || w.kind !== 'ep') throw new UsageError(`--workload ${JSON.stringify(w?.name ?? w?.kind)}: tpot needs an ep workload, got kind ${w?.kind}`);
  const c = compile(o.spec, { maxMemoryGiB: o.maxMemoryGiB });
  const r = runTraffic(c, { ...w, gpus: w.gpus ?? w.ep }, {});
  const comm = r.congestion.timeSeconds; // dispatch + combine of one micro-batch
  return {
    formula,
    fabric: {
      topology: c.spec.name,
      workload: w.name,
      routing: r.routing,
      gating: w.gating,
      ep: w.ep,
      tokensPerGpu: w.tokensPerGpu,
      ...tpotFromComm(comm, layers),
      phases: r.phases.map((p) => ({ name: p.name, timeSeconds: p.congestion.timeSeconds, bottleneck: p.congestion.bottleneck?.kind, fabricBytesPerToken: p.fabricBytesPerToken })),
    },
  };
}
