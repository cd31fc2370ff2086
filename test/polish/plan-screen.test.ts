/**
 * Issue 14, the plan screen: 120 columns, labelled derived columns, like-with-like failures, cost per GPU
 * vs per endpoint by their definitions, budget parsing and advice, no degenerate candidates at radix 128.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const width = (s: string) => Math.max(...s.split('\n').map((l) => [...l].length));

describe('plan --gpus 16384', () => {
  let text = '';
  let j: any;
  beforeAll(() => {
    const t = cli(['plan', '--gpus', '16384']);
    expect(t.code, t.stderr).toBe(0);
    text = t.stdout;
    const r = cli(['plan', '--gpus', '16384', '--json']);
    j = JSON.parse(r.stdout);
  }, 120_000);

  it('fits 120 columns and labels every derived column in a legend line', () => {
    expect(width(text)).toBeLessThanOrEqual(120);
    for (const start of ['time: ', 'cost per GPU = total cost ÷ 16,384 GPUs requested', 'by cost, by time:', '1 switch down:', 'headroom:', 'Pareto *:'])
      expect(text.split('\n').some((l) => l.startsWith(start)), start).toBe(true);
  });

  it('cost per GPU = total ÷ GPUs requested, cost per endpoint built = total ÷ endpoints built; both shown where they differ', () => {
    for (const c of j.candidates) expect(c.costPerGpuUSD).toBeCloseTo(c.costUSD / 16384, 6);
    const sf = j.candidates.find((c: any) => c.family === 'slimfly');
    // Slim Fly q=23 builds 2q²·p = 2·529·18 = 19,044 endpoints for 16,384 GPUs
    expect(sf.endpointLinks).toBe(2 * 23 * 23 * 18);
    const lines = text.split('\n');
    const dollars = (l: string) => [...l.matchAll(/\$([\d,.]+)(M?)/g)].map((m) => Number(m[1].replaceAll(',', '')) * (m[2] ? 1e6 : 1));
    const rank = lines.find((l) => /^\s*\d+\s+\d+\s+Slim Fly/.test(l))!;
    const build = lines.find((l) => l.startsWith('Slim Fly'))!;
    const [perGpu, total] = dollars(rank);
    const [perEndpoint] = dollars(build);
    expect(Math.abs(perGpu - total / 16384)).toBeLessThan(1 + 5e3 / 16384);
    expect(Math.abs(perEndpoint - total / 19044)).toBeLessThan(1 + 5e3 / 19044);
    expect(perGpu).toBeGreaterThan(perEndpoint);
  });

  it('"1 switch down" fails one switch in every design, the same kind: a spine, or a router where there is one tier', () => {
    for (const c of j.candidates) {
      const tiers = Object.keys(c.switchesByTier).length;
      expect(c.failure.scenario).toMatch(tiers === 1 ? /^1 router down \(/ : /^1 spine down \(/);
    }
    // MPFT with one spine of plane 0 down is NIC-bound like the healthy fabric: no whole-plane loss (+14.3%)
    const mpft = j.candidates.find((c: any) => c.family === 'mpft');
    expect(mpft.failure.scenario).toContain('plane 0');
    expect(mpft.failure.increase).toBeLessThan(0.01);
  });

  it('headroom = the family capacity at the radix − GPUs requested (MPFT at radix 64: 8 planes × 64²/2 = 16,384)', () => {
    const mpft = j.candidates.find((c: any) => c.family === 'mpft');
    expect(mpft.headroom).toBe(8 * (64 * 64) / 2 - 16384);
    const ft3 = j.candidates.find((c: any) => c.family === 'ft3');
    expect(ft3.headroom).toBe(64 ** 3 / 4 - 16384);
  });
});

describe('plan --wide and --radix 128', () => {
  it('--wide prints every column in one table, wider than 120', () => {
    const r = cli(['plan', '--gpus', '2048', '--wide']);
    expect(r.code, r.stderr).toBe(0);
    const header = r.stdout.split('\n').find((l) => /^\s*by cost/.test(l))!;
    for (const h of ['by cost', 'design', 'cost per GPU', 'switches (by tier)', 'links', 'optics', 'hops', 'latency', 'headroom', 'Pareto']) expect(header).toContain(h);
    expect(width(r.stdout)).toBeGreaterThan(120);
  }, 60_000);

  it('--radix 128 proposes neither a Dragonfly of 2 groups nor an FT3 of two tiers', () => {
    for (const gpus of ['4096', '16384']) {
      const r = cli(['plan', '--gpus', gpus, '--radix', '128', '--json']);
      expect(r.code, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout);
      for (const c of j.candidates) {
        if (c.family === 'ft3') expect(Object.keys(c.switchesByTier)).toHaveLength(3);
        if (c.family === 'dragonfly') expect(c.spec.params.g).toBeGreaterThanOrEqual(4);
      }
      // at 4,096 GPUs one radix-128 group (p=32, a=64) holds 2,048: two groups, so no Dragonfly
      if (gpus === '4096') expect(j.candidates.some((c: any) => c.family === 'dragonfly' || c.family === 'ft3')).toBe(false);
      // at 16,384 both are proposed, so the checks above ran: a balanced radix-128 Dragonfly (p = h = 32, a = 64)
      // holds 2,048 GPUs a group, 16,384 / 2,048 = 8 groups
      else expect(j.candidates.filter((c: any) => c.family === 'dragonfly' || c.family === 'ft3').map((c: any) => c.design).sort()).toEqual(['Dragonfly (g=8)', 'FT3']);
    }
  }, 120_000);
});

describe('plan --budget', () => {
  it.each([
    ['50M', 50e6],
    ['1.2e9', 1.2e9],
    ['$20,000,000', 20e6],
    ['750k', 750e3],
  ])('accepts %s as %d dollars', (arg, usd) => {
    const r = cli(['plan', '--gpus', '64', '--budget', arg, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.request.budgetUSD).toBe(usd);
    for (const c of j.candidates) expect(c.costUSD).toBeLessThanOrEqual(usd);
  });

  it.each(['fifty', '1,2', '$', '-5M'])('rejects %s in one line, exit 2', (arg) => {
    const r = cli(['plan', '--gpus', '64', '--budget', arg]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--budget');
  });

  it('--budget 50M --gpus 16384: nothing fits, so it says the largest N the cheapest design buys, priced like analyze does', () => {
    const r = cli(['plan', '--gpus', '16384', '--budget', '50M', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.candidates).toHaveLength(0);
    const l = j.budget.largest;
    expect(l.costUSD).toBeLessThanOrEqual(50e6);
    expect(l.gpus % 8).toBe(0);
    expect(l.gpus).toBeLessThan(16384);
    // the same design at that size, priced independently by analyze from the advice's parameters
    const inline = `${l.family}:${Object.entries(l.params).map(([k, v]) => `${k}=${v}`).join(',')}`;
    const a = JSON.parse(cli(['analyze', inline, '--json']).stdout);
    expect(a.counts.endpoints).toBeGreaterThanOrEqual(l.gpus);
    expect(a.cost.totalUSD).toBeCloseTo(l.costUSD, 2);
    // the design cheapest per GPU at 16,384 GPUs is the one sized down
    const full = JSON.parse(cli(['plan', '--gpus', '16384', '--json']).stdout);
    const cheapest = full.candidates.reduce((x: any, y: any) => (y.costPerGpuUSD < x.costPerGpuUSD ? y : x));
    expect(l.family).toBe(cheapest.family);
    const text = cli(['plan', '--gpus', '16384', '--budget', '50M']).stdout;
    expect(text).toContain(`nothing fits the $50.00M budget`);
    expect(text).toContain(`${l.gpus.toLocaleString('en-US')} GPUs`);
  }, 120_000);
});

describe('plan --html', () => {
  it('carries every column of the terminal plan, cost per GPU and per endpoint built by their definitions, a Pareto chart, no Table 3 text', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const out = join(mkdtempSync(join(tmpdir(), 'plan-html-')), 'plan.html');
    const r = cli(['plan', '--gpus', '2048', '--html', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toContain('Table 3');
    const wide = cli(['plan', '--gpus', '2048', '--wide']).stdout.split('\n').find((l) => /^\s*by cost/.test(l))!;
    const table = /<table id="plan-table">(.*?)<\/table>/s.exec(html)![1];
    const heads = [...table.matchAll(/<th>(.*?)<\/th>/g)].map((m) => m[1]);
    // every header of the one-table terminal plan appears in the HTML table
    for (const h of ['by cost', 'by time', 'design', 'cost per GPU', 'total cost', 'time', '1 switch down', 'bisection', 'headroom', 'Pareto', 'switches (by tier)', 'links', 'optics', 'endpoints built', 'cost per endpoint built', 'hops', 'latency']) {
      expect(heads).toContain(h);
      expect(wide).toContain(h);
    }
    const rows = [...table.matchAll(/<tr><td>(.*?)<\/tr>/g)].map((m) => m[0].match(/<td>(.*?)<\/td>/g)!.map((c) => c.replace(/<\/?td>/g, '')));
    expect(rows).toHaveLength(j.candidates.length);
    const col = (h: string) => heads.indexOf(h);
    rows.forEach((row, i) => {
      const c = j.candidates[i];
      expect(row[col('design')]).toBe(c.design.replaceAll('&', '&amp;'));
      expect(row[col('cost per GPU')]).toBe(`$${Math.round(c.costUSD / 2048).toLocaleString('en-US')}`);
      expect(row[col('cost per endpoint built')]).toBe(`$${Math.round(c.costUSD / c.endpointLinks).toLocaleString('en-US')}`);
      expect(row[col('Pareto')]).toBe(c.pareto ? '*' : '');
    });
    // the chart: one point per priced candidate, filled exactly on the Pareto front
    const svg = /<svg[^>]*aria-label="cost per GPU vs[^"]*"(.*?)<\/svg>/s.exec(html)![1];
    const circles = [...svg.matchAll(/<circle [^>]*fill="([^"]+)"/g)].map((m) => m[1] !== '#fff');
    expect(circles).toHaveLength(j.candidates.length);
    expect(circles.filter(Boolean).length).toBe(j.candidates.filter((c: any) => c.pareto).length);
  }, 120_000);
});
