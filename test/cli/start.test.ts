/**
 * README's first command, `npm start`, must stay true: the work guard's estimate for it is below the
 * default limit, and the page it writes covers Table 3's five fabrics with the job placed once.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, root } from '../helpers/cli.js';
import { estimateWork, DEFAULT_MAX_WORK_MINUTES } from '../../src/traffic/work.js';
import { closedCounts } from '../../src/topology/build.js';
import { resolveTopology } from '../../src/topology/spec.js';
import { loadWorkload } from '../../src/traffic/workload.js';

describe('npm start', () => {
  it('runs the package.json start command to completion under the default guards', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
    const args = pkg.scripts.start.split(/\s+/).slice(2); // drop `node <bin>`
    const out = join(mkdtempSync(join(tmpdir(), 'topoplan-start-')), 'report.html');
    const i = args.indexOf('-o');
    args[i + 1] = out;
    const r = cli(args);
    expect(r.stderr).not.toMatch(/estimated .* of work/);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    // one copy of the 2,048-GPU job: 256 of DF's hosts is far below 12.5%, and the page says how much it covers
    expect(html).toMatch(/1 data-parallel copy of 256 hosts covers /);
  }, 120_000);

  it('a job run once routes towards its own leaves only: the estimate scales with the job, not the fabric', () => {
    const w = loadWorkload('deepseek-v3-training');
    const df = closedCounts(resolveTopology('df-table3')[0]);
    const once = estimateWork({ counts: df, workload: w });
    const filled = estimateWork({ counts: df, workload: w, replicate: true });
    expect(once.seconds).toBeLessThan(DEFAULT_MAX_WORK_MINUTES * 60);
    // replicated, every one of the routers is a destination; once, at most twice the routers of one packed copy
    // (2,048 GPUs / 16 per router = 128): 16,352 / 256 = 64× fewer passes, diluted by the common build term
    expect(df.switches / (2 * Math.ceil(2048 / (df.endpoints / df.switches)))).toBeCloseTo(63.875, 3);
    expect(filled.seconds / once.seconds).toBeGreaterThan(10);
    expect(filled.seconds).toBeGreaterThan(DEFAULT_MAX_WORK_MINUTES * 60);
  });
});
