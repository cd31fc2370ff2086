import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { UsageError } from '../../errors.js';
import { compile } from '../../analysis/analyze.js';
import { failureAnalysis, type Amount } from '../../analysis/failures.js';

import { renderFailures } from '../../render/failures.js';
import { choiceArg, emit, guardSpecsWork, intArg, loadTopologies, inputFormatOf, inputFormatOption, memoryOption, workOption, loadWorkloadExplained } from '../common.js';
import { progressBar } from '../progress.js';
import { ROUTINGS, type RoutingName } from '../../traffic/routing.js';
import { ROUTING_HELP } from './traffic.js';

function amountArg(name: string) {
  return (v: string): Amount => {
    const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(v.trim());
    if (!m || (m[2] === '' && !Number.isInteger(Number(m[1]))) || (m[2] === '%' && Number(m[1]) > 100))
      throw new InvalidArgumentError(`${name} = ${JSON.stringify(v)}: a whole number N or a percentage P% (0–100)`);
    return m[2] ? { percent: Number(m[1]) } : { count: Number(m[1]) };
  };
}

const TIER = { leaf: 1, spine: 2, core: 3 } as const;

export function register(program: Command): void {
  program
    .command('fail')
    .description('failure what-ifs: remove links, switches or a plane and compare connectivity, bisection and traffic time')
    .argument('<topo>', 'preset name, YAML/JSON spec file, or inline family:key=value,...')
    .option('--links <N|P%>', 'random switch-to-switch links (lanes) to fail', amountArg('--links'))
    .option('--switches <N|P%>', 'random switches to fail', amountArg('--switches'))
    .option('--tier <t>', 'restrict --switches (and --links, to links touching it) to leaf, spine or core', choiceArg('--tier', ['leaf', 'spine', 'core'] as const))
    .option('--plane <i>', 'fail every switch of plane i', intArg('--plane', 0, 1024))
    .option('--remove <ids>', 'comma-separated switch ids or link ids (a~b) to fail', (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .option('--trials <n>', 'random trials', intArg('--trials', 1, 10000), 1)
    .option('--seed <n>', 'seed of the random choices', intArg('--seed'), 1)
    .option('--workload <ref>', 'also report this workload\'s communication time')
    .option('--routing <r>', `routing model of the traffic times: ${ROUTING_HELP}`, choiceArg('--routing', ROUTINGS), 'ideal')
    .option('--no-failover', 'do not re-route over other planes / NIC indices through NVLink')
    .option('--json', 'print one JSON object')
    .option(...inputFormatOption)
    .option(...memoryOption)
    .option(...workOption)
    .addHelpText('after', `
Examples:
  topoplan fail mpft-64x8 --plane 0
  topoplan fail mpft-64x8 --links 1% --trials 10 --seed 3
  topoplan fail ft3:k=16 --switches 2 --tier spine --trials 20 --workload ep64 --json
  topoplan fail ft2:k=8 --remove leaf0~spine0`)
    .action((ref: string, o: { links?: Amount; switches?: Amount; tier?: keyof typeof TIER; plane?: number; remove?: string[]; trials: number; seed: number; workload?: string; routing: RoutingName; failover: boolean; json?: boolean; maxMemory: number; maxWork: number }) => {
      const specs = loadTopologies([ref], inputFormatOf(o));
      if (specs.length !== 1) throw new UsageError(`fail takes one topology; ${JSON.stringify(ref)} names ${specs.length}`);
      const workload = o.workload ? loadWorkloadExplained(o.workload) : undefined;
      guardSpecsWork(specs, { workload, routing: o.routing, failTrials: o.trials }, o, 'fail');
      const c = compile(specs[0], { maxMemoryGiB: o.maxMemory });
      const bar = progressBar(o.trials > 1 || c.csr.endpoints > 8192, { maxMinutes: o.maxWork, what: `fail ${specs[0].name}` });
      const r = failureAnalysis(
        c,
        { links: o.links, switches: o.switches, tier: o.tier ? TIER[o.tier] : undefined, plane: o.plane, remove: o.remove },
        { trials: o.trials, seed: o.seed, workload, routing: o.routing, failover: o.failover, onTrial: (d, t) => bar.update('trials', d, t) },
      );
      bar.stop();
      emit(o.json ? JSON.stringify(r, null, 2) + '\n' : renderFailures(r));
    });
}
