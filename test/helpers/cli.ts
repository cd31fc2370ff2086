/** Runs the CLI as a user would: `cli` spawns the built bin (dist/), `runCli` calls the same entry point in-process. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join, dirname } from 'node:path';

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

/** The bin's `run(argv, io)` in this process, output captured (helpers/run.ts): no Node start-up per case. */
export { runCli } from './run.js';
