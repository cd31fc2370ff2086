import { resolve } from 'node:path';
import { fmtBytes } from '../../format.js';
import type { Command } from 'commander';
import { buildReport } from '../../render/report/index.js';
import { parseScenario } from '../../analysis/failures.js';
import { checkOutputPath, writeFileAtomic } from '../../render/io.js';
import { emit, choiceArg, guardSpecsWork, intArg, loadTopologies, inputFormatOf, inputFormatOption, memoryOption, workOption } from '../common.js';
import { progressBar } from '../progress.js';
import { pricebookFromFlags, pricebookOptions, type PriceFlags } from './compare.js';
import { ROUTING_HELP, workloadFromFlags } from './traffic.js';
import { ROUTINGS, type RoutingName } from '../../traffic/routing.js';
import type { Placement } from '../../traffic/workload.js';

interface ReportFlags extends PriceFlags {
  json?: boolean;
  fail?: string;
  workload?: string;
  out: string;
  routing: RoutingName;
  placement?: Placement;
  replicate?: boolean;
  seed: number;
  maxMemory: number;
  maxWork: number;
}

export function register(program: Command): void {
  const cmd = program
    .command('report')
    .description('one self-contained HTML page: comparison, cost, traffic and an interactive grouped view of each fabric')
    .argument('<topo...>', 'preset, preset group (table3), YAML/JSON spec file, or inline family:key=value,...')
    .option('--workload <ref>', 'workload preset (workloads/*.yaml) or YAML/JSON file: colours links by utilisation')
    .option('-o, --out <file>', 'where to write the page', 'report.html')
    .option('--routing <r>', ROUTING_HELP, choiceArg('--routing', ROUTINGS), 'ideal')
    .option('--placement <p>', 'where the job\'s hosts sit: packed, spread or random (seeded); copies fill the rest', choiceArg('--placement', ['packed', 'spread', 'random'] as const))
    .option('--replicate', 'fill each fabric with data-parallel copies of a job smaller than it (default: one copy; the page states its coverage)')
    .option('--seed <n>', 'seed for sampled statistics and traffic', intArg('--seed'), 1)
    .option('--json', 'also print { out, bytes, topologies: [{ analysis, traffic }] } on stdout')
    .option('--fail <scenario>', 'add a failures table, e.g. plane=0 or links=1%,trials=5,seed=2 (keys of topoplan fail)')
    .option(...inputFormatOption)
    .option(...memoryOption)
    .option(...workOption);
  pricebookOptions(cmd);
  cmd
    .addHelpText(
      'after',
      `
Examples:
  topoplan report table3 --workload deepseek-v3-training -o table3.html
  topoplan report mpft-64x8 --fail plane=0
  topoplan report ft2-64 mpft:k=64,planes=8,endpoints=2048 -o mine.html`,
    )
    .action((refs: string[], o: ReportFlags) => {
      checkOutputPath(o.out, '--out', [...refs, o.workload, o.pricebook].filter((x): x is string => Boolean(x)));
      const fail = o.fail !== undefined ? parseScenario(o.fail) : undefined;
      const workload = workloadFromFlags({ workload: o.workload }, false);
      const specs = loadTopologies(refs, inputFormatOf(o));
      const book = pricebookFromFlags(o);
      guardSpecsWork(specs, { workload, routing: o.routing, replicate: o.replicate === true, placement: o.placement, hashTrials: 5, failTrials: fail?.trials, paths: true, cuts: 5 }, o, 'report');
      const bar = progressBar(true, { maxMinutes: o.maxWork, what: 'report' });
      let html: string;
      let topologies: Array<{ analysis: unknown; traffic?: unknown; trafficNote?: string }>;
      try {
        ({ html, topologies } = buildReport(specs, { workload, routing: o.routing, placement: o.placement, replicate: o.replicate, seed: o.seed, maxMemoryGiB: o.maxMemory, pricebook: book, onProgress: bar.update, fail: o.fail }));
      } finally {
        bar.stop();
      }
      writeFileAtomic(o.out, html);
      process.stderr.write(`wrote ${resolve(o.out)} (${fmtBytes(Buffer.byteLength(html))})\n`);
      if (o.json)
        emit(JSON.stringify({ out: resolve(o.out), bytes: Buffer.byteLength(html), topologies: topologies.map((t) => ({ analysis: t.analysis, traffic: t.traffic ?? null, ...(t.trafficNote ? { trafficNote: t.trafficNote } : {}) })) }, null, 2) + '\n');
    });
}
