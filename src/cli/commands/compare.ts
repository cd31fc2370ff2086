import type { Command } from 'commander';
import { SpecError, UsageError } from '../../errors.js';
import type { FloorConvention } from '../../topology/cost-sections.js';
import { compareTopologies } from '../../analysis/compare.js';
import { hasClosedPlan } from '../../topology/cabling.js';
import { floorOf } from '../../analysis/analyze.js';
import { closedFloorView } from '../../topology/cost-sections.js';
import { loadPricebook, pricebookNames, type Pricebook } from '../../topology/pricebook.js';
import { compareCsv, compareMarkdown, renderCompare } from '../../render/compare.js';
import { progressBar } from '../progress.js';
import { checkOut, choiceArg, emit, guardSpecsWork, intArg, loadTopologies, inputFormatOf, inputFormatOption, memoryOption, workOption } from '../common.js';
import { PATTERN_HELP, ROUTING_HELP, workloadFromFlags } from './traffic.js';
import { ROUTINGS, type RoutingName } from '../../traffic/routing.js';

interface CompareFlags extends PriceFlags {
  json?: boolean;
  csv?: boolean;
  markdown?: boolean;
  paths?: boolean;
  out?: string;
  maxMemory: number;
  maxWork: number;
  workload?: string;
  pattern?: string;
  routing: RoutingName;
  seed: number;
}

export interface PriceFlags {
  pricebook?: string;
  price?: string[];
  floor?: string;
}

/** `--pricebook <name|file>` and repeatable `--price key=value`, shared by analyze and compare. */
export function pricebookOptions(cmd: Command): Command {
  return cmd
    .option('--pricebook <ref>', `price book name (${safeNames()}) or YAML file`)
    .option('--price <key=value>', 'override one price-book entry, e.g. switch.perPortUSD=400 (repeatable)', (v: string, acc: string[] = []) => [...acc, v])
    .option('--floor <convention>', "cable layout: 'plan' (one physical floor plan from the graph) or 'paper' (DeepSeek-V3 Table 3's per-plane halls); default: paper for Table 3 presets, plan otherwise");
}

/** The --floor flag, checked: 'plan', 'paper' or absent. */
export function floorFromFlags(o: PriceFlags): FloorConvention | undefined {
  if (o.floor === undefined) return undefined;
  if (o.floor !== 'plan' && o.floor !== 'paper') throw new SpecError('--floor', o.floor, "must be 'plan' or 'paper'");
  return o.floor;
}

function safeNames(): string {
  try {
    return pricebookNames().join(', ');
  } catch {
    return 'see pricebooks/';
  }
}

export function pricebookFromFlags(o: PriceFlags): Pricebook | undefined {
  if (o.pricebook === undefined && !o.price?.length) return undefined;
  return loadPricebook(o.pricebook, o.price ?? []);
}

export function register(program: Command): void {
  const cmd = program
    .command('compare')
    .description('topologies side by side: sizes, bill of materials and cost; Table 3 presets next to the paper')
    .argument('<topo...>', 'preset, preset group (table3), YAML/JSON spec file, or inline family:key=value,...')
    .option('--json', 'print the analyze objects (an array)')
    .option('--csv', 'print the table as CSV (full precision)')
    .option('--markdown', 'print the table as Markdown')
    .option('--paths', 'also compute path statistics (diameter)')
    .option('-o, --out <file>', 'write to a file (atomically) instead of stdout')
    .option(...inputFormatOption)
    .option(...memoryOption)
    .option(...workOption);
  pricebookOptions(cmd);
  // `compare --workload`: a communication-time row per topology (compareTopologies' `workload` option)
  cmd
    .option('--workload <ref>', 'also map this workload (preset or file) onto every topology and show its communication time')
    .option('--pattern <p>', `like --workload: ${PATTERN_HELP}`)
    .option('--routing <r>', `routing model of the main row for --workload: ${ROUTING_HELP}`, choiceArg('--routing', ROUTINGS), 'ideal')
    .option('--seed <n>', 'seed for sampled gating, permutations and hashing', intArg('--seed'), 1);
  cmd
    .addHelpText(
      'after',
      `
Examples:
  topoplan compare table3
  topoplan compare table3 --markdown
  topoplan compare ft2-64 mpft-64x8 df-canonical --json
  topoplan compare table3 --pricebook ib-ethernet-2025 --price switch.perPortUSD=500`,
    )
    .action((refs: string[], o: CompareFlags) => {
      if ([o.json, o.csv, o.markdown].filter(Boolean).length > 1) throw new UsageError('give at most one of --json, --csv, --markdown');
      checkOut(o.out, '--out', [...refs, o.pricebook, o.workload]);
      const workload = workloadFromFlags(o, false);
      const specs = loadTopologies(refs, inputFormatOf(o));
      // families with a closed cable plan are answered from closed forms (nothing built, nothing to guard)
      // unless --workload or --paths needs the graph; the others are built
      const built = workload || o.paths ? specs : specs.filter((s) => !hasClosedPlan(s.family) || (floorOf(s, { floor: floorFromFlags(o) }) === 'plan' && !closedFloorView(s)));
      guardSpecsWork(built, { workload, routing: o.routing, paths: Boolean(o.paths), pair: true }, o, 'compare');
      // one bar step per topology: table3 with --workload takes ~20 s. No projection guard: topologies differ
      // too much in cost to project from (the up-front guard above applies)
      const bar = progressBar(true);
      let c;
      try {
        c = compareTopologies(specs, {
          maxMemoryGiB: o.maxMemory,
          pricebook: pricebookFromFlags(o),
          floor: floorFromFlags(o),
          paths: Boolean(o.paths),
          ...(workload ? { workload, routing: o.routing, seed: o.seed } : {}),
          onProgress: bar.update,
        });
      } finally {
        bar.stop();
      }
      const text = o.json ? JSON.stringify(c.analyses, null, 2) + '\n' : o.csv ? compareCsv(c) : o.markdown ? compareMarkdown(c) : renderCompare(c);
      emit(text, o.out);
    });
}
