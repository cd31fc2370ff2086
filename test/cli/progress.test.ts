/**
 * Progress bars of `analyze` and `compare` (issue 14): on stderr, one step per analysis stage / topology,
 * only when stderr is a terminal, and stdout unchanged. A pseudo-terminal comes from util-linux `script`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from '../helpers/cli.js';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const bin = join(root, pkg.bin.topoplan);
const dir = mkdtempSync(join(tmpdir(), 'topoplan-progress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** runs the bin with stderr on a pseudo-terminal; returns the terminal's bytes and the (redirected) stdout */
function onTty(args: string[], name: string) {
  const out = join(dir, `${name}.out`);
  const cmd = [process.execPath, bin, ...args].map(quote).join(' ') + ` >${quote(out)}`;
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  expect(r.status, r.stderr).toBe(0);
  return { tty: r.stdout, stdout: readFileSync(out, 'utf8') };
}
const plain = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });

describe('progress bars of analyze and compare', () => {
  it('analyze: one step per stage (paths, bisection, cost) on a terminal; stdout unchanged; silent off a terminal', () => {
    const args = ['analyze', 'ft2:k=8'];
    const t = onTty(args, 'analyze');
    const p = plain(args);
    expect(p.status).toBe(0);
    expect(p.stderr).toBe('');
    expect(t.stdout).toBe(p.stdout);
    // three stages in order, each its own step of three
    const steps = [...new Set([...t.tty.matchAll(/: (\w+) \[[^\]]*\] \d+% \| (\d+)\/(\d+)/g)].map((m) => `${m[1]} ${m[2]}/${m[3]}`))];
    // (cli-progress may skip drawing a step taken within its redraw interval: the drawn ones are a subsequence)
    const all = ['paths 1/3', 'bisection 2/3', 'cost 3/3'];
    expect(steps.length).toBeGreaterThan(0);
    expect(steps).toEqual(all.filter((s) => steps.includes(s)));
    expect(steps.at(-1)).toBe('cost 3/3');
  });

  it('compare: one step per topology given on the command line', () => {
    const topos = ['ft2-64', 'ft3:k=8', 'mpft:k=8,planes=4'];
    const args = ['compare', ...topos, '--paths'];
    const t = onTty(args, 'compare');
    const p = plain(args);
    expect(p.stderr).toBe('');
    expect(t.stdout).toBe(p.stdout);
    // cli-progress may skip drawing a step taken within its redraw interval, so check the steps drawn are a
    // subsequence of 0..n of n, and that the last topology's step is among them
    const steps = [...new Set([...t.tty.matchAll(/compare \[[^\]]*\] \d+% \| (\d+)\/(\d+)/g)].map((m) => `${m[1]}/${m[2]}`))];
    const all = Array.from({ length: topos.length + 1 }, (_, i) => `${i}/${topos.length}`);
    expect(steps.length).toBeGreaterThan(1);
    expect(steps).toEqual(all.filter((s) => steps.includes(s)));
    expect(steps.at(-1)).toBe(`${topos.length}/${topos.length}`);
  });
});
