import { resolve } from 'node:path';
import type { Command } from 'commander';
import { buildReport } from '../../render/report/index.js';
import { failureAnalysis, failureTable, parseScenario } from '../../topology/failures.js';
import type { Compiled } from '../../topology/analyze.js';
import { UsageError } from '../../errors.js';
import { checkOutputPath, writeFileAtomic } from '../../render/io.js';
import { choiceArg, guardSpecsWork, intArg, loadTopologies, memoryOption, workOption } from '../common.js';
import { progressBar } from '../progress.js';
import { pricebookFromFlags, pricebookOptions, type PriceFlags } from './compare.js';
import { workloadFromFlags } from './traffic.js';

interface ReportFlags extends PriceFlags {
  fail?: string;
  workload?: string;
  out: string;
  routing: 'ideal' | 'ecmp-hash';
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
    .option('--routing <r>', 'ideal (per-hop ECMP split) or ecmp-hash', choiceArg('--routing', ['ideal', 'ecmp-hash'] as const), 'ideal')
    .option('--seed <n>', 'seed for sampled statistics and traffic', intArg('--seed'), 1)
    .option('--fail <scenario>', 'add a failures table, e.g. plane=0 or links=1%,trials=5,seed=2 (keys of topoplan fail)')
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
      const specs = loadTopologies(refs);
      const book = pricebookFromFlags(o);
      guardSpecsWork(specs, { workload, routing: o.routing, hashTrials: 5, failTrials: fail?.trials }, o.maxWork, 'report');
      const bar = progressBar(true, { maxMinutes: o.maxWork, what: 'report' });
      let html: string;
      let applied = 0;
      const notes: string[] = [];
      try {
        const extend = fail
          ? (_s: unknown, c: Compiled | undefined) => {
              if (!c) return {};
              try {
                const table = failureTable(failureAnalysis(c, fail.scenario, { trials: fail.trials, seed: fail.seed, workload }));
                applied++;
                return { fail: table };
              } catch (e) {
                // A scenario that fits some fabrics of a group and not others is a note on the others;
                // one that fits none of them is a usage error (below).
                if (e instanceof UsageError) {
                  notes.push(`${c.spec.name}: ${e.message}`);
                  return { fail: { scenario: o.fail, note: e.message } };
                }
                throw e;
              }
            }
          : undefined;
        html = buildReport(specs, { workload, routing: o.routing, seed: o.seed, maxMemoryGiB: o.maxMemory, pricebook: book, onProgress: bar.update, extend }).html;
      } finally {
        bar.stop();
      }
      if (fail && applied === 0 && notes.length) throw new UsageError(`--fail ${JSON.stringify(o.fail)}: applies to none of the fabrics (${notes[0]})`);
      writeFileAtomic(o.out, html);
      process.stderr.write(`wrote ${resolve(o.out)} (${(Buffer.byteLength(html) / 1e6).toFixed(2)} MB)\n`);
    });
}
