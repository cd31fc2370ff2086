import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { tpotReport } from '../../analysis/tpot.js';
import type { TopoSpec } from '../../topology/spec.js';
import { loadWorkload, type Workload } from '../../traffic/workload.js';
import { fmtSeconds } from '../../render/traffic.js';
import { renderTable } from '../../render/table.js';
import { emit, guardSpecsWork, intArg, loadTopologies, inputFormatOf, inputFormatOption, memoryOption, numArg, workOption } from '../common.js';

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
    .option(...workOption)
    .addHelpText('after', `
Examples:
  topoplan tpot                                  # the paper's 120.96 µs / 14.76 ms / 67 tok/s
  topoplan tpot mpft-64x8 --workload decode-ep144
  topoplan tpot mrft-2048 --workload decode-ep320 --json`)
    .action((ref: string | undefined, o: { workload: string; gbpsPerGpu: number; layers: number; json?: boolean; maxMemory: number; maxWork: number }) => {
      let spec: TopoSpec | undefined;
      let workload: Workload | undefined;
      // validated even without a topology: a workload that is silently ignored looks like a result
      workload = loadWorkload(o.workload);
      if (workload.kind !== 'ep') throw new UsageError(`--workload ${JSON.stringify(o.workload)}: tpot needs an ep workload, got kind ${workload.kind}`);
      if (ref) {
        const specs = loadTopologies([ref], inputFormatOf(o));
        if (specs.length !== 1) throw new UsageError(`tpot takes one topology; ${JSON.stringify(ref)} names ${specs.length}`);
        spec = specs[0];
        guardSpecsWork(specs, { workload: { ...workload, gpus: workload.gpus ?? workload.ep } }, o, 'tpot');
      }
      const { formula, fabric } = tpotReport({ gbpsPerGpu: o.gbpsPerGpu, layers: o.layers, spec, workload, maxMemoryGiB: o.maxMemory });
      if (o.json) return emit(JSON.stringify({ formula, ...(fabric ? { fabric } : {}) }, null, 2) + '\n');
      const rows = [
        [`paper formula @ ${o.gbpsPerGpu} GB/s`, fmtSeconds(formula.atGBps.commSeconds), fmtSeconds(formula.atGBps.layerSeconds), fmtSeconds(formula.atGBps.tpotSeconds), formula.atGBps.tokensPerSecond.toFixed(2)],
        ['paper formula @ 900 GB/s', fmtSeconds(formula.at900GBps.commSeconds), fmtSeconds(formula.at900GBps.layerSeconds), fmtSeconds(formula.at900GBps.tpotSeconds), formula.at900GBps.tokensPerSecond.toFixed(2)],
      ];
      if (fabric) rows.push([`${fabric.workload} on ${fabric.topology} (${fabric.routing} routing, ${fabric.gating} gating, bound)`, fmtSeconds(fabric.commSeconds), fmtSeconds(fabric.layerSeconds), fmtSeconds(fabric.tpotSeconds), fabric.tokensPerSecond.toFixed(2)]);
      emit(renderTable(['model', 'comm / micro-batch', 'per layer (2 MB)', 'TPOT', 'tokens/s'], rows) + '\n');
    });
}
