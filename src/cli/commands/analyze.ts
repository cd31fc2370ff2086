import type { Command } from 'commander';
import { analyze } from '../../analysis/analyze.js';
import { renderAnalysis } from '../../render/analysis.js';
import { progressBar } from '../progress.js';
import { emit, guardSpecsWork, intArg, loadTopologies, inputFormatOf, inputFormatOption, memoryOption, workOption } from '../common.js';
import { floorFromFlags, pricebookFromFlags, pricebookOptions, type PriceFlags } from './compare.js';

export function register(program: Command): void {
  const cmd = program
    .command('analyze')
    .description('exact sizes, ports and path lengths of a topology')
    .argument('<topo...>', 'preset name, YAML/JSON spec file, or inline family:key=value,...')
    .option('--json', 'print one JSON object per topology (an array when several)')
    .option('--seed <n>', 'seed for sampled statistics', intArg('--seed'), 1)
    .option('--effective', 'add the effective bisection: uniform all-to-all saturation from the traffic engine (one routing pass)')
    .option('--bisection-trials <R>', 'random balanced halves for bisection.randomMinGbps (default: 4, 1 on the largest fabrics)', intArg('--bisection-trials', 0, 1000))
    .option(...inputFormatOption)
    .option(...memoryOption)
    .option(...workOption);
  pricebookOptions(cmd)
    .addHelpText(
      'after',
      `
Examples:
  topoplan analyze mpft-64x8
  topoplan analyze ft3:k=64 --json
  topoplan analyze mpft:k=64,planes=8,endpoints=2048
  topoplan analyze my-fabric.yaml`,
    )
    .action((refs: string[], o: PriceFlags & { json?: boolean; seed: number; maxMemory: number; effective?: boolean; bisectionTrials?: number; maxWork: number }) => {
      const pricebook = pricebookFromFlags(o);
      const specs = loadTopologies(refs, inputFormatOf(o));
      // paths, the natural cut and its random halves (bisection.ts: 4 by default), --effective one uniform routing
      guardSpecsWork(specs, { workload: o.effective ? 'uniform' : undefined, paths: true, cuts: 1 + (o.bisectionTrials ?? 4) }, o, 'analyze');
      // one bar step per stage of each topology (paths, bisection, cost): df-table3 takes ~3 s. No projection
      // guard: stages differ too much in cost to project from (the up-front guard above applies)
      const bar = progressBar(true);
      let results;
      try {
        results = specs.map((s) => analyze(s, { seed: o.seed, maxMemoryGiB: o.maxMemory, pricebook, floor: floorFromFlags(o), effective: o.effective, bisectionTrials: o.bisectionTrials, onProgress: bar.update }));
      } finally {
        bar.stop();
      }
      if (o.json) emit(JSON.stringify(results.length === 1 ? results[0] : results, null, 2) + '\n');
      else emit(results.map(renderAnalysis).join('\n'));
    });
}
