import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { compile } from '../../topology/analyze.js';
import { runTraffic } from '../../traffic/run.js';
import { loadWorkload } from '../../traffic/workload.js';
import { paperTpot, tpotFromComm, tpotSimple } from '../../traffic/tpot.js';
import { fmtSeconds } from '../../render/traffic.js';
import { renderTable } from '../../render/table.js';
import { emit, intArg, loadTopologies, inputFormatOf, inputFormatOption, memoryOption, numArg } from '../common.js';

export function register(program: Command): void {
  program
    .command('tpot')
    .description("decode time per output token bound by EP communication: the paper's formula, and the decode workload on a fabric")
    .argument('[topo]', 'fabric to map the decode workload onto (optional)')
    .option('--workload <ref>', 'decode workload (an ep workload)', 'decode-ep144')
    .option('--gbps-per-gpu <GBps>', "per-GPU bandwidth for the paper's formula, GB/s", numArg('--gbps-per-gpu', 1e-6), 50)
    .option('--layers <n>', 'model layers', intArg('--layers', 1, 10000), 61)
    .option('--json', 'print one JSON object')
    .option(...inputFormatOption)
    .option(...memoryOption)
    .addHelpText('after', `
Examples:
  topoplan tpot                                  # the paper's 120.96 µs / 14.76 ms / 67 tok/s
  topoplan tpot mpft-64x8 --workload decode-ep144
  topoplan tpot mrft-2048 --workload decode-ep320 --json`)
    .action((ref: string | undefined, o: { workload: string; gbpsPerGpu: number; layers: number; json?: boolean; maxMemory: number }) => {
      const formula = {
        inputs: { ...paperTpot, GBps: o.gbpsPerGpu, layers: o.layers },
        atGBps: tpotSimple({ ...paperTpot, GBps: o.gbpsPerGpu, layers: o.layers }),
        at900GBps: tpotSimple({ ...paperTpot, GBps: 900, layers: o.layers }),
      };
      let fabric: Record<string, unknown> | undefined;
      if (ref) {
        const w = loadWorkload(o.workload);
        if (w.kind !== 'ep') throw new UsageError(`--workload ${JSON.stringify(o.workload)}: tpot needs an ep workload, got kind ${w.kind}`);
        const specs = loadTopologies([ref], inputFormatOf(o));
        if (specs.length !== 1) throw new UsageError(`tpot takes one topology; ${JSON.stringify(ref)} names ${specs.length}`);
        const c = compile(specs[0], { maxMemoryGiB: o.maxMemory });
        const r = runTraffic(c, { ...w, gpus: w.gpus ?? w.ep }, {});
        const comm = r.congestion.timeSeconds; // dispatch + combine of one micro-batch
        fabric = { topology: c.spec.name, workload: w.name, ep: w.ep, tokensPerGpu: w.tokensPerGpu, ...tpotFromComm(comm, o.layers), phases: r.phases.map((p) => ({ name: p.name, timeSeconds: p.congestion.timeSeconds, bottleneck: p.congestion.bottleneck?.kind, fabricBytesPerToken: p.fabricBytesPerToken })) };
      }
      if (o.json) return emit(JSON.stringify({ formula, ...(fabric ? { fabric } : {}) }, null, 2) + '\n');
      const rows = [
        [`paper formula @ ${o.gbpsPerGpu} GB/s`, fmtSeconds(formula.atGBps.commSeconds), fmtSeconds(formula.atGBps.layerSeconds), fmtSeconds(formula.atGBps.tpotSeconds), formula.atGBps.tokensPerSecond.toFixed(2)],
        ['paper formula @ 900 GB/s', fmtSeconds(formula.at900GBps.commSeconds), fmtSeconds(formula.at900GBps.layerSeconds), fmtSeconds(formula.at900GBps.tpotSeconds), formula.at900GBps.tokensPerSecond.toFixed(2)],
      ];
      if (fabric) rows.push([`${fabric.workload} on ${fabric.topology}`, fmtSeconds(fabric.commSeconds as number), fmtSeconds(fabric.layerSeconds as number), fmtSeconds(fabric.tpotSeconds as number), (fabric.tokensPerSecond as number).toFixed(2)]);
      emit(renderTable(['model', 'comm / micro-batch', 'per layer (2 MB)', 'TPOT', 'tokens/s'], rows) + '\n');
    });
}
