/** The installed bin (package.json "bin": the esbuild bundle) and its heap handling. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, root } from '../helpers/cli.js';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const bin = join(root, pkg.bin.topoplan);
const run = (args: string[], nodeArgs: string[] = [], env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [...nodeArgs, bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('the bundled bin', () => {
  it('prints the version from package.json', () => {
    const r = run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('gives the same output as the library build (dist/src) for each kind of command', () => {
    for (const args of [['analyze', 'ft2:k=8', '--json'], ['traffic', 'mpft:k=8,planes=4', '--pattern', 'uniform', '--json'], ['compare', 'ft2-64', 'ft3:k=8', '--csv'], ['presets']]) {
      const a = run(args);
      const b = cli(args);
      expect(a.code, args.join(' ')).toBe(0);
      expect(a.stdout, args.join(' ')).toBe(b.stdout);
    }
  });

  it('bad input: exit 2 and one line, as from the library build', () => {
    const a = run(['analyze', 'ft3:k=7']);
    expect(a.code).toBe(2);
    expect(a.stderr).toBe(cli(['analyze', 'ft3:k=7']).stderr);
  });

  it('restarts itself with a heap sized from the memory guard when the model does not fit the heap', () => {
    // ft3:k=16's estimate (~0.15 GB) exceeds a 16 MB (64 MB limit) heap but not the 8 GiB guard: one restart, same output.
    const r = run(['analyze', 'ft3:k=16', '--json'], ['--max-old-space-size=16'], { TOPOPLAN_DEBUG: '1' });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`--max-old-space-size=${8 * 1024}`);
    expect(r.stdout).toBe(cli(['analyze', 'ft3:k=16', '--json']).stdout);
    // with --max-memory 2 the heap is 2 GiB
    const r2 = run(['analyze', 'ft3:k=16', '--json', '--max-memory', '2'], ['--max-old-space-size=16'], { TOPOPLAN_DEBUG: '1' });
    expect(r2.stderr).toContain(`--max-old-space-size=${2 * 1024}`);
    // a heap that fits: no restart
    const r3 = run(['analyze', 'ft2:k=8', '--json'], [], { TOPOPLAN_DEBUG: '1' });
    expect(r3.stderr).not.toContain('restarting');
  });
});
