/**
 * Runs a topoplan command in-process through the same entry point as the bin (src/cli/run.ts), with
 * stdout and stderr captured: ~100× cheaper than a subprocess, for bad-input and fuzz cases.
 * Subprocess checks (exit codes, signals, EPIPE) use helpers/cli.ts.
 */
import { run } from '../../src/cli/run.js';
import { commandsFor } from '../../src/cli/commands/index.js';

// The bin loads a command's modules when it is named; load them all once here so that a case's time is the
// command's, not the first import's.
await commandsFor([]);

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export async function runCli(argv: string[]): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const t0 = performance.now();
  const code = await run(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { code, stdout, stderr, ms: performance.now() - t0 };
}

/** The promise every bad input keeps: exit 2, one stderr line starting `topoplan: `, no stack frame. */
export function usageErrorProblems(r: RunResult): string[] {
  const out: string[] = [];
  if (r.code !== 2) out.push(`exit ${r.code}, expected 2`);
  const lines = r.stderr.replace(/\n$/, '').split('\n');
  if (lines.length !== 1) out.push(`${lines.length} stderr lines, expected 1`);
  if (!lines[0].startsWith('topoplan: ')) out.push('stderr does not start with "topoplan: "');
  if (/internal error/.test(r.stderr)) out.push('internal error');
  if (/\n\s+at /.test(r.stderr) || /^\s+at /m.test(r.stderr)) out.push('stack frame on stderr');
  return out;
}
