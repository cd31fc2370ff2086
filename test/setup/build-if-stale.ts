/**
 * vitest globalSetup: CLI tests spawn the built bin (dist/), so a bare `npx vitest run` after an edit
 * must not test yesterday's build. Rebuilds (`npm run build`) when any src/*.ts is newer than its
 * dist/src/*.js, when an output is missing, or when tsconfig.json/package.json changed since.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function* sources(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) yield p;
  }
}

/** The first reason dist/ is stale, or null when every output is at least as new as its inputs. */
export function staleReason(): string | null {
  let oldestOut = Infinity;
  for (const src of sources(join(root, 'src'))) {
    const out = join(root, 'dist', relative(root, src)).replace(/\.ts$/, '.js');
    if (!existsSync(out)) return `${relative(root, out)} is missing`;
    const o = statSync(out).mtimeMs;
    if (statSync(src).mtimeMs > o) return `${relative(root, src)} is newer than its build`;
    oldestOut = Math.min(oldestOut, o);
  }
  for (const f of ['tsconfig.json', 'package.json'])
    if (existsSync(join(root, f)) && statSync(join(root, f)).mtimeMs > oldestOut) return `${f} is newer than the build`;
  return null;
}

export default function setup(): void {
  if (process.env.TOPOPLAN_SKIP_BUILD) return;
  const why = staleReason();
  if (why === null) return;
  process.stderr.write(`vitest globalSetup: ${why}; running npm run build\n`);
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
}
