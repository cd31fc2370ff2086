import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { parseScenario } from '../../src/analysis/failures.js';

const dir = mkdtempSync(join(tmpdir(), 'topoplan-rf-'));

describe('report --fail', () => {
  it('adds a failures table whose bisection change is −1/planes for a plane failure', () => {
    const out = join(dir, 'r.html');
    const r = cli(['report', 'mpft:k=8,planes=4,gpusPerHost=4', 'ft2:k=8', '--fail', 'plane=1', '-o', out]);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    const section = html.slice(html.indexOf('id="failures"'));
    expect(section).toMatch(/plane 1 down/);
    // bisectionGbps row: change = −0.25 (one of four planes)
    expect(section).toMatch(/<td>bisectionGbps<\/td>(<td>[^<]*<\/td>){4}<td>-0\.25<\/td>/);
    // the FT2 column has no planes: a note, not a failure
    expect(section).toMatch(/has no planes/);
  });

  it('parses scenarios and rejects bad ones with exit 2', () => {
    expect(parseScenario('links=5%,trials=3,seed=9')).toEqual({ scenario: { links: { percent: 5 } }, trials: 3, seed: 9 });
    expect(parseScenario('switches=2,tier=spine,remove=a~b+c')).toEqual({ scenario: { switches: { count: 2 }, tier: 2, remove: ['a~b', 'c'] }, trials: 1, seed: 1 });
    const r = cli(['report', 'ft2:k=8', '--fail', 'bogus=1', '-o', join(dir, 'x.html')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--fail "bogus=1": unknown key/);
  });
});
