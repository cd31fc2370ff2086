/**
 * Issue 14, the report page's server-drawn figures: the utilisation histogram is log-scaled (bar height
 * ∝ log10(1 + links)), its bins hold every directed fabric link once, and the traffic table states
 * bandwidth per GPU with its unit and definition.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

describe('report: histogram and traffic table', () => {
  it('FT2 k=16 with EP64: log-scaled bars over all 2·(128 + 128) directed links; bandwidth per GPU in GB/s', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'report-hist-')), 'r.html');
    const r = cli(['report', 'ft2:k=16', '--workload', 'ep64', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    const svg = /<svg[^>]*aria-label="directed fabric links by utilisation[^"]*"[^>]*data-scale="log"(.*?)<\/svg>/s.exec(html)![1];
    const bars = [...svg.matchAll(/<rect [^>]*height="([\d.]+)"[^>]*data-value="(\d+)"/g)].map((m) => ({ h: Number(m[1]), v: Number(m[2]) }));
    expect(bars).toHaveLength(10);
    // FT2 k=16: 128 endpoint links and 16 leaves × 8 spines = 128 switch links, each counted in both directions
    expect(bars.reduce((a, b) => a + b.v, 0)).toBe(2 * (128 + 128));
    const max = Math.max(...bars.map((b) => b.v));
    for (const b of bars) expect(b.h).toBeCloseTo((Math.log10(1 + b.v) / Math.log10(1 + max)) * 120, 0);
    expect(svg).toContain('links (log scale)');
    // the traffic table: bandwidth per GPU = fabric bytes ÷ 128 GPUs ÷ phase time, printed with its unit
    const j = JSON.parse(cli(['traffic', 'ft2:k=16', '--workload', 'ep64', '--json']).stdout);
    for (const p of j.phases) {
      const gbps = p.demand.fabricBytes / 128 / p.congestion.timeSeconds / 1e9;
      expect(html).toContain(`<td>${gbps.toLocaleString('en-US', { maximumFractionDigits: 2 })} GB/s</td>`);
    }
    expect(html).toContain('Bandwidth per GPU = fabric bytes ÷ 128 GPUs ÷ phase time');
  });
});
