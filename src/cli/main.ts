#!/usr/bin/env node
/** The topoplan CLI: commander wiring only; every figure comes from the library. */
import { Command, CommanderError } from 'commander';
import { UsageError } from '../errors.js';
import { commandsFor } from './commands/index.js';
import { enableHeapRaise, HeapError, withHeapFor } from './heap.js';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('topoplan')
    .description('plan and analyse GPU-cluster scale-out fabrics: sizes, cost, traffic, failures')
    .version('0.1.0')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s.startsWith('error: ') ? `topoplan: ${s.slice(7)}` : s) });
  try {
    // --version needs no command at all
    if (!(argv[0] === '--version' || argv[0] === '-V')) {
      for (const register of await commandsFor(argv)) register(program);
      await enableHeapRaise();
    }
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof HeapError) return withHeapFor(e, argv);
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
