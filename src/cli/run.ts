/** The one CLI entry point: the bin and in-process callers (tests, fuzzers) both go through `run`. */
import { Command, CommanderError } from 'commander';
import { UsageError } from '../errors.js';
import { commands } from './commands/index.js';
import { io, type CliIO } from './io.js';

/** Parses argv (without node and script), runs the command, returns the exit code: 0 ok, 2 bad input, 1 internal. */
export async function run(argv: string[], streams: CliIO = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const saved = { stdout: io.stdout, stderr: io.stderr };
  io.stdout = streams.stdout;
  io.stderr = streams.stderr;
  const program = new Command('topoplan')
    .description('plan and analyse GPU-cluster scale-out fabrics: sizes, cost, traffic, failures')
    .version('0.1.0')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s.startsWith('error: ') ? `topoplan: ${s.slice(7)}` : s),
    });
  for (const register of commands) register(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof UsageError) {
      io.stderr.write(`topoplan: ${e.message.split('\n')[0]}\n`);
      return 2;
    }
    const err = e as Error;
    io.stderr.write(`topoplan: internal error: ${err?.message ?? String(e)}\n`);
    if (process.env.TOPOPLAN_DEBUG) io.stderr.write(`${err?.stack}\n`);
    return 1;
  } finally {
    io.stdout = saved.stdout;
    io.stderr = saved.stderr;
  }
}
