/** Runs the CLI as a user would: `cli` spawns the built bin (dist/), `runCli` calls the same entry point in-process. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join, dirname } from 'node:path';
import { run } from '../../src/cli/run.js';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function cli(args: string[], opts: { cwd?: string; input?: string } = {}) {
  const r = spawnSync(process.execPath, [join(root, 'dist/src/cli/main.js'), ...args], {
    cwd: opts.cwd ?? root,
    encoding: 'utf8',
    input: opts.input,
    maxBuffer: 1 << 30,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The bin's `run(argv, io)` in this process, with stdout/stderr captured: no Node start-up per case. */
export async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { stdout: (s: string) => void (stdout += s), stderr: (s: string) => void (stderr += s) });
  return { code, stdout, stderr };
}
