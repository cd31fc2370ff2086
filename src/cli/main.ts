#!/usr/bin/env -S node --max-old-space-size=16384
/** The topoplan CLI: commander wiring only; every figure comes from the library. */
import { Command, CommanderError } from 'commander';
import { UsageError } from '../errors.js';
import { commands } from './commands/index.js';
import { setTableWidth } from '../render/table.js';
import { setExplain } from './common.js';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('topoplan')
    .description('plan and analyse GPU-cluster scale-out fabrics: sizes, cost, traffic, failures')
    .version('0.1.0')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s.startsWith('error: ') ? `topoplan: ${s.slice(7)}` : s) })
    .option('--wide', 'print tables at full width (default: wrap to 120 columns; plan shows every column)')
    .option('--explain', 'print the workload fields that defaults filled in (stderr)')
    .hook('preAction', (p) => {
      setTableWidth(p.opts().wide ? Infinity : 120);
      setExplain(Boolean(p.opts().explain));
    });
  for (const register of commands) register(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof UsageError) {
      process.stderr.write(`topoplan: ${e.message.split('\n')[0]}\n`);
      return 2;
    }
    const err = e as Error;
    process.stderr.write(`topoplan: internal error: ${err?.message ?? String(e)}\n`);
    if (process.env.TOPOPLAN_DEBUG) process.stderr.write(`${err?.stack}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
