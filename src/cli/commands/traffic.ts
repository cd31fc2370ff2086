import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { compile } from '../../analysis/analyze.js';
import { runTraffic } from '../../traffic/run.js';
import { workloadPresets, type Workload } from '../../traffic/workload.js';
import { renderTraffic } from '../../render/traffic.js';
import { checkOut, choiceArg, emit, guardSpecsWork, intArg, loadTopologies, inputFormatOf, inputFormatOption, memoryOption, numArg, workOption, loadWorkloadExplained } from '../common.js';
import { progressBar } from '../progress.js';
import { ROUTINGS, type RoutingName } from '../../traffic/routing.js';
import { parsePattern } from '../../traffic/patterns.js';
import { parseWorkload, type Placement } from '../../traffic/workload.js';

export const PATTERN_HELP = 'synthetic pattern instead of a workload: uniform, permutation, bisect, shift:<s>, incast:<n>';
export const ROUTING_HELP = 'ideal (adaptive/spraying, fluid), ecmp-hash (pinned flows); Dragonfly/Slim Fly also minimal, valiant, ugal';
import { checkExportSize, exportableWorkload, exportPhases } from '../../traffic/flow-export.js';
import type { PhaseDemand } from '../../traffic/phase.js';
import { flowsCsv, htsimCm } from '../../render/export/flows.js';
import { flowNumbering } from '../../render/export/view.js';
import { writeChunksAtomic } from '../../render/io.js';
import { InvalidArgumentError } from 'commander';

const FLOW_FORMATS = ['htsim-cm', 'csv'] as const;
type FlowExport = { format: (typeof FLOW_FORMATS)[number]; file: string };

/** `--export-flows <format>:<file>`, repeatable. */
function flowExportArg(v: string, prev: FlowExport[] = []): FlowExport[] {
  const colon = v.indexOf(':');
  const format = v.slice(0, colon) as FlowExport['format'];
  const file = v.slice(colon + 1);
  if (colon < 0 || !FLOW_FORMATS.includes(format) || file === '')
    throw new InvalidArgumentError(`--export-flows = ${JSON.stringify(v)}: expected <format>:<file> with format ${FLOW_FORMATS.join(' or ')}, e.g. htsim-cm:flows.cm`);
  return [...prev, { format, file }];
}

export interface TrafficFlags {
  workload?: string;
  pattern?: string;
  bytes: number;
  routing: RoutingName;
  placement?: Placement;
  replicate?: boolean;
  model: 'bound' | 'flow';
  seed: number;
  trials: number;
  top: number;
  json?: boolean;
  edgeLoads?: boolean;
  symmetry: boolean;
  maxMemory: number;
  maxWork: number;
  exportFlows?: FlowExport[];
}

/** The workload named by --workload or --pattern (exactly one). */
export function workloadFromFlags(o: { workload?: string; pattern?: string; bytes?: number }, required = true): Workload | undefined {
  if (o.workload && o.pattern) throw new UsageError('give either --workload or --pattern, not both');
  if (o.workload) return loadWorkloadExplained(o.workload);
  const bytes = o.bytes ?? 1 << 20;
  if (o.pattern) return parseWorkload(parsePattern(o.pattern, bytes), '--pattern');
  if (required) throw new UsageError('--workload <file|preset> or --pattern uniform|permutation|bisect|shift:<s>|incast:<n> is required');
  return undefined;
}

export function register(program: Command): void {
  program
    .command('traffic')
    .description('map a workload onto a fabric: per-link load, the binding link and the phase time')
    .argument('<topo>', 'preset name, YAML/JSON spec file, or inline family:key=value,...')
    .option('--workload <ref>', 'workload preset (workloads/*.yaml) or YAML/JSON file')
    .option('--pattern <p>', PATTERN_HELP)
    .option('--bytes <n>', 'bytes per GPU pair for --pattern', numArg('--bytes', 1), 1 << 20)
    .option('--routing <r>', ROUTING_HELP, choiceArg('--routing', ROUTINGS), 'ideal')
    .option('--placement <p>', 'where the job\'s hosts sit: packed, spread or random (seeded); overrides the workload', choiceArg('--placement', ['packed', 'spread', 'random'] as const))
    .option('--model <m>', 'time model: bound (busiest link, default) or flow (max-min fair, event-driven, on the routes of --routing)', choiceArg('--model', ['bound', 'flow'] as const), 'bound')
    .option('--replicate', 'fill the cluster with data-parallel copies of a job smaller than it')
    .option('--seed <n>', 'seed for sampled gating, permutations and hashing', intArg('--seed'), 1)
    .option('--trials <n>', 'hash trials for ecmp-hash', intArg('--trials', 1, 1000), 5)
    .option('--top <n>', 'hot links to list', intArg('--top', 0, 10000), 10)
    .option('--json', 'print one JSON object')
    .option('--no-symmetry', 'route every destination leaf even when the fabric has a verified rotation symmetry (for benchmarks)')
    .option('--edge-loads', 'with --json: per-edge loads of every phase, keyed by graphology edge key (large)')
    .option('--export-flows <format:file>', 'also write the fabric flows of every phase: htsim-cm:<file> (htsim connection matrix) or csv:<file>; repeatable (docs/interop.md)', flowExportArg)
    .option(...inputFormatOption)
    .option(...memoryOption)
    .option(...workOption)
    .addHelpText(
      'after',
      `
Workload presets: ${workloadPresets().join(', ')}

Examples:
  topoplan traffic mpft-2048 --workload deepseek-v3-training
  topoplan traffic ft3:k=16 --pattern uniform --bytes 1000000 --json
  topoplan traffic ft2-64 --pattern permutation --routing ecmp-hash --trials 10 --seed 7
  topoplan traffic dragonfly:p=2,a=4,h=2 --pattern shift:8 --routing ugal
  topoplan traffic ft2:k=16,gpusPerHost=1 --pattern permutation --export-flows htsim-cm:perm.cm --export-flows csv:perm.csv`,
    )
    .action(async (ref: string, o: TrafficFlags) => {
      let w = workloadFromFlags(o)!;
      for (const x of o.exportFlows ?? []) checkOut(x.file, '--export-flows', [ref, o.workload]);
      if (o.exportFlows?.length) {
        const x = exportableWorkload(w, o.seed);
        w = x.workload;
        if (x.note) process.stderr.write(`note: ${x.note}\n`);
      }
      const specs = loadTopologies([ref], inputFormatOf(o));
      if (specs.length !== 1) throw new UsageError(`traffic takes one topology; ${JSON.stringify(ref)} names ${specs.length}`);
      guardSpecsWork(specs, { workload: w, symmetry: o.symmetry, routing: o.routing, hashTrials: o.trials, replicate: o.replicate === true, placement: o.placement, model: o.model }, o, 'traffic');
      const c = compile(specs[0], { maxMemoryGiB: o.maxMemory });
      if (o.exportFlows?.length) checkExportSize(c, w);
      // passes × switch arcs estimates the routing work; ~10⁸ arc visits take about a second
      const bar = progressBar(c.csr.switches * c.csr.swTarget.length > 2e8 || o.routing === 'ecmp-hash', { maxMinutes: o.maxWork, what: `traffic ${specs[0].name}` });
      try {
        const demands: Array<{ name: string; demand: PhaseDemand }> = [];
        const onPhaseDemand = o.exportFlows?.length ? (name: string, demand: PhaseDemand) => demands.push({ name, demand }) : undefined;
        const r = runTraffic(c, w, { routing: o.routing, placement: o.placement, replicate: o.replicate, model: o.model, seed: o.seed, trials: o.trials, topN: o.top, edgeLoads: o.edgeLoads, useSymmetry: o.symmetry, onProgress: bar.update, onPhaseDemand });
        bar.stop();
        const phases = o.exportFlows?.length ? exportPhases(c, demands) : [];
        const numbering = o.exportFlows?.length ? flowNumbering(c.fabric, c.csr) : undefined;
        for (const x of o.exportFlows ?? []) {
          const about = [
            `htsim connection matrix written by topoplan: traffic ${specs[0].name}, workload ${w.name ?? w.kind}, seed ${o.seed}`,
            'node i = endpoint i in the numbering of topoplan generate --format htsim-generic / htsim-fattree (docs/interop.md)',
            'phases run in sequence: each later phase starts on a barrier trigger fired by the previous phase\'s send_done_trigger',
          ];
          const chunks = x.format === 'htsim-cm' ? htsimCm(phases, numbering!, about) : flowsCsv(phases, numbering!, r.phases.map((p) => p.congestion.timeSeconds));
          await writeChunksAtomic(x.file, chunks);
          process.stderr.write(`wrote ${x.file}\n`);
        }
        emit(o.json ? JSON.stringify(r, null, 2) + '\n' : renderTraffic(r));
      } finally {
        bar.stop();
      }
    });
}
