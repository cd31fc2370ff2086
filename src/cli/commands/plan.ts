import type { Command } from 'commander';
import { plan } from '../../plan/plan.js';
import { loadPricebook, defaultPricebook } from '../../topology/pricebook.js';

import { renderPlan, renderPlanMarkdown } from '../../render/plan.js';
import { choiceArg, emit, intArg, memoryOption, numArg, usdArg, loadWorkloadExplained, superviseIfLong, workOption } from '../common.js';
import { enumerateCandidates } from '../../plan/candidates.js';
import { closedCounts, estimateModelBytes, guardMemory } from '../../topology/build.js';
import { estimatePlanWork, guardWork } from '../../traffic/work.js';
import { adaptiveCandidates } from '../../traffic/routing.js';
import type { Workload } from '../../traffic/workload.js';
import { checkOutputPath } from '../../render/io.js';
import { UsageError } from '../../errors.js';
import { progressBar } from '../progress.js';

interface PlanFlags {
  routed?: boolean;
  gpus: number;
  gpusPerHost: number;
  nicGbps: number;
  radix: number;
  pricebook: string;
  price: string[];
  workload?: string;
  maxOversubscription: number;
  routing: 'ideal' | 'ecmp-hash';
  placement?: 'packed' | 'spread' | 'random';
  budget?: number;
  json?: boolean;
  markdown?: boolean;
  html?: string;
  maxMemory: number;
  maxWork: number;
}

export function register(program: Command): void {
  program
    .command('plan')
    .description('size, price and rank every fabric that can hold N GPUs')
    .requiredOption('--gpus <n>', 'GPUs to connect (a multiple of --gpus-per-host)', intArg('--gpus', 1))
    .option('--gpus-per-host <n>', 'GPUs (and scale-out NICs) per host', intArg('--gpus-per-host', 1, 64), 8)
    .option('--nic-gbps <n>', 'NIC and switch-port rate, Gb/s', numArg('--nic-gbps', 1, 1e5), 400)
    .option('--radix <n>', 'switch ports (even)', intArg('--radix', 4, 1024), 64)
    .option('--pricebook <ref>', 'price book name (pricebooks/) or YAML file', defaultPricebook)
    .option('--price <key=value>', 'override one price-book entry (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--workload <ref>', 'rank by this workload\'s communication time (default: uniform all-to-all)')
    .option('--routed', 'without --workload, route uniform all-to-all (ECMP) instead of the NIC/bisection bound (slower)')
    .option('--routing <r>', 'rank by adaptive routing (ideal; best of minimal/valiant/ugal on Dragonfly and Slim Fly) or ECMP per-flow hashing (ecmp-hash); both are shown', choiceArg('--routing', ['ideal', 'ecmp-hash'] as const), 'ideal')
    .option('--placement <p>', 'where each data-parallel copy of the job sits: packed, spread or random (seeded)', choiceArg('--placement', ['packed', 'spread', 'random'] as const))
    .option('--max-oversubscription <r>', 'also consider an r:1 oversubscribed two-layer fat-tree', numArg('--max-oversubscription', 1, 64), 1)
    .option('--budget <USD>', 'exclude designs that cost more: 50M, 1.2e9, $20,000,000, 750k', usdArg('--budget'))
    .option('--json', 'print the plan as JSON')
    .option('--markdown', 'print the plan as Markdown')
    .option('--html <file>', 'also write the interactive report for the ranked candidates')
    .option(...memoryOption)
    .option(...workOption)
    .addHelpText('after', `
Examples:
  topoplan plan --gpus 2048
  topoplan plan --gpus 16384 --workload deepseek-v3-training
  topoplan plan --gpus 4096 --budget 20M --max-oversubscription 2 --markdown`)
    .action(async (o: PlanFlags) => {
      if (o.radix % 2 !== 0) throw new UsageError(`--radix = ${o.radix}: must be even`);
      if (o.json && o.markdown) throw new UsageError('give at most one of --json, --markdown');
      if (o.html !== undefined) checkOutputPath(o.html, '--html', [o.pricebook, o.workload].filter((x): x is string => Boolean(x)));
      const book = loadPricebook(o.pricebook, o.price);
      const workload = o.workload ? loadWorkloadExplained(o.workload) : undefined;
      guardPlan(o, workload);
      const bar = progressBar(o.gpus >= 8192 || workload !== undefined);
      const result = plan({
        gpus: o.gpus,
        gpusPerHost: o.gpusPerHost,
        nicGbps: o.nicGbps,
        radix: o.radix,
        maxOversubscription: o.maxOversubscription,
        pricebook: book,
        workload,
        routed: o.routed,
        routing: o.routing,
        placement: o.placement,
        budgetUSD: o.budget,
        maxMemoryGiB: o.maxMemory,
        onProgress: (d, done, total) => bar.update(`plan ${d}`, done, total),
      });
      bar.stop();
      if (o.html !== undefined) {
        const { writePlanReport } = await import('../../render/plan-report.js');
        writePlanReport(result, o.html, { pricebook: book, workload, maxMemoryGiB: o.maxMemory });
      }
      emit(o.json ? JSON.stringify(result, null, 2) + '\n' : o.markdown ? renderPlanMarkdown(result) : renderPlan(result));
    });
}

/**
 * The memory and work guards of `plan`, before anything is built: every candidate's model must fit --max-memory
 * (they are built one at a time), and the evaluations together must fit --max-work (work.ts estimatePlanWork).
 */
function guardPlan(o: PlanFlags, workload: Workload | undefined): void {
  const set = enumerateCandidates({ gpus: o.gpus, gpusPerHost: o.gpusPerHost, nicGbps: o.nicGbps, radix: o.radix, maxOversubscription: o.maxOversubscription });
  const candidates = set.candidates.map((c) => {
    const counts = closedCounts(c.spec);
    guardMemory(`plan --gpus ${o.gpus}: ${c.design} (${c.spec.family})`, estimateModelBytes(counts), o.maxMemory);
    return { counts, routers: adaptiveCandidates(c.spec.family).length > 1 };
  });
  const est = estimatePlanWork({ candidates, workload, routed: o.routed, placement: o.placement, budget: o.budget !== undefined });
  guardWork(`plan --gpus ${o.gpus}${workload ? ` --workload ${workload.name ?? workload.kind}` : o.routed ? ' --routed' : ''}`, est, o.maxWork);
  superviseIfLong(est.seconds, o.maxMemory);
}
