import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { tpotReport } from '../../analysis/tpot.js';
import type { TopoSpec } from '../../topology/spec.js';
import { type Workload } from '../../traffic/workload.js';
import { paperTpot, tpotSimple, type Tpot } from '../../traffic/tpot.js';
import { count, fmtBytes, fmtGBps, fmtNum, fmtSeconds, wrapText } from '../../format.js';
import { renderTable } from '../../render/table.js';
import { emit, guardSpecsWork, intArg, loadTopologies, inputFormatOf, inputFormatOption, memoryOption, numArg, workOption, loadWorkloadExplained } from '../common.js';

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
      workload = loadWorkloadExplained(o.workload);
      if (workload.kind !== 'ep') throw new UsageError(`--workload ${JSON.stringify(o.workload)}: tpot needs an ep workload, got kind ${workload.kind}`);
      if (ref) {
        const specs = loadTopologies([ref], inputFormatOf(o));
        if (specs.length !== 1) throw new UsageError(`tpot takes one topology; ${JSON.stringify(ref)} names ${specs.length}`);
        spec = specs[0];
        guardSpecsWork(specs, { workload: { ...workload, gpus: workload.gpus ?? workload.ep } }, o, 'tpot');
      }
      const { formula, fabric } = tpotReport({ gbpsPerGpu: o.gbpsPerGpu, layers: o.layers, spec, workload, maxMemoryGiB: o.maxMemory });
      if (o.json) return emit(JSON.stringify({ formula, ...(fabric ? { fabric } : {}) }, null, 2) + '\n');
      const f = formula.inputs;
      const row = (label: string, t: { commSeconds: number; layerSeconds: number; tpotSeconds: number; tokensPerSecond: number }) => [label, fmtSeconds(t.commSeconds), fmtSeconds(t.layerSeconds), fmtSeconds(t.tpotSeconds), fmtNum(t.tokensPerSecond, 2)];
      const rows = [row(`paper formula @ ${fmtGBps(o.gbpsPerGpu, 0)}`, formula.atGBps), row('paper formula @ 900 GB/s', formula.at900GBps)];
      if (fabric) rows.push(row(`${fabric.workload} on ${fabric.topology} (${fabric.routing} routing, ${fabric.gating} gating, bound)`, fabric as unknown as Tpot));
      const perToken = f.experts * f.hidden * f.dispatchBytes;
      const notes = [
        `per layer = ${count(f.microbatches, 'micro-batch', 'micro-batches')} × comm (one computes while the other communicates); TPOT = ${count(o.layers, 'layer')} × per layer`,
        `paper (§4.4): 120.96 µs, 241.92 µs, 14.76 ms, 67 tokens/s; its 14.76 ms is ${fmtSeconds(paperTpot.layers * tpotSimple(paperTpot).layerSeconds)} rounded, with hidden = 7,000 ("7K")`,
        `the formula sends every token to ${f.experts} experts over the NIC: ${fmtBytes(perToken)} dispatched per token`,
      ];
      const d = fabric ? (fabric.phases as Array<{ name: string; fabricBytesPerToken?: number }>).find((p) => p.name === 'ep-dispatch')?.fabricBytesPerToken : undefined;
      if (d !== undefined)
        notes.push(`the fabric row sends ${fmtBytes(d)} per token over the fabric (one copy per remote host, ≤ ${(workload as { maxHostsPerToken?: number } | undefined)?.maxHostsPerToken ?? 4} hosts; NVLink reaches the experts): ${fmtNum(perToken / d, 2)}× less`);
      emit(renderTable(['model', 'comm per micro-batch', `per layer (${count(f.microbatches, 'micro-batch', 'micro-batches')})`, 'TPOT', 'tokens/s'], rows) + '\n' + notes.map((n) => wrapText(n, 120, '  ')).join('\n') + '\n');
    });
}
