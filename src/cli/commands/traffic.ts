import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { compile } from '../../analysis/analyze.js';
import { runTraffic } from '../../traffic/run.js';
import { workloadPresets, type Workload } from '../../traffic/workload.js';
import { renderTraffic } from '../../render/traffic.js';
import { choiceArg, emit, guardSpecsWork, intArg, loadTopologies, memoryOption, numArg, workOption, loadWorkloadExplained } from '../common.js';
import { progressBar } from '../progress.js';

export interface TrafficFlags {
  workload?: string;
  pattern?: 'uniform' | 'permutation';
  bytes: number;
  routing: 'ideal' | 'ecmp-hash';
  seed: number;
  trials: number;
  top: number;
  json?: boolean;
  edgeLoads?: boolean;
  symmetry: boolean;
  maxMemory: number;
  maxWork: number;
}

/** The workload named by --workload or --pattern (exactly one). */
export function workloadFromFlags(o: { workload?: string; pattern?: 'uniform' | 'permutation'; bytes?: number }, required = true): Workload | undefined {
  if (o.workload && o.pattern) throw new UsageError('give either --workload or --pattern, not both');
  if (o.workload) return loadWorkloadExplained(o.workload);
  const bytes = o.bytes ?? 1 << 20;
  if (o.pattern) return { kind: o.pattern, name: `${o.pattern} (${bytes} B per pair)`, bytesPerPair: bytes } as Workload;
  if (required) throw new UsageError('--workload <file|preset> or --pattern uniform|permutation is required');
  return undefined;
}

export function register(program: Command): void {
  program
    .command('traffic')
    .description('map a workload onto a fabric: per-link load, the binding link and the phase time')
    .argument('<topo>', 'preset name, YAML/JSON spec file, or inline family:key=value,...')
    .option('--workload <ref>', 'workload preset (workloads/*.yaml) or YAML/JSON file')
    .option('--pattern <p>', 'synthetic pattern instead of a workload: uniform or permutation', choiceArg('--pattern', ['uniform', 'permutation'] as const))
    .option('--bytes <n>', 'bytes per GPU pair for --pattern', numArg('--bytes', 1), 1 << 20)
    .option('--routing <r>', 'ideal (per-hop ECMP split, fluid) or ecmp-hash (pinned flows)', choiceArg('--routing', ['ideal', 'ecmp-hash'] as const), 'ideal')
    .option('--seed <n>', 'seed for sampled gating, permutations and hashing', intArg('--seed'), 1)
    .option('--trials <n>', 'hash trials for ecmp-hash', intArg('--trials', 1, 1000), 5)
    .option('--top <n>', 'hot links to list', intArg('--top', 0, 10000), 10)
    .option('--json', 'print one JSON object')
    .option('--no-symmetry', 'route every destination leaf even when the fabric has a verified rotation symmetry (for benchmarks)')
    .option('--edge-loads', 'with --json: per-edge loads of every phase, keyed by graphology edge key (large)')
    .option(...memoryOption)
    .option(...workOption)
    .addHelpText(
      'after',
      `
Workload presets: ${workloadPresets().join(', ')}

Examples:
  topoplan traffic mpft-2048 --workload deepseek-v3-training
  topoplan traffic ft3:k=16 --pattern uniform --bytes 1000000 --json
  topoplan traffic ft2-64 --pattern permutation --routing ecmp-hash --trials 10 --seed 7`,
    )
    .action((ref: string, o: TrafficFlags) => {
      const w = workloadFromFlags(o)!;
      const specs = loadTopologies([ref]);
      if (specs.length !== 1) throw new UsageError(`traffic takes one topology; ${JSON.stringify(ref)} names ${specs.length}`);
      guardSpecsWork(specs, { workload: w, symmetry: o.symmetry, routing: o.routing, hashTrials: o.trials }, o, 'traffic');
      const c = compile(specs[0], { maxMemoryGiB: o.maxMemory });
      // passes × switch arcs estimates the routing work; ~10⁸ arc visits take about a second
      const bar = progressBar(c.csr.switches * c.csr.swTarget.length > 2e8 || o.routing === 'ecmp-hash', { maxMinutes: o.maxWork, what: `traffic ${specs[0].name}` });
      try {
        const r = runTraffic(c, w, { routing: o.routing, seed: o.seed, trials: o.trials, topN: o.top, edgeLoads: o.edgeLoads, useSymmetry: o.symmetry, onProgress: bar.update });
        bar.stop();
        emit(o.json ? JSON.stringify(r, null, 2) + '\n' : renderTraffic(r));
      } finally {
        bar.stop();
      }
    });
}
