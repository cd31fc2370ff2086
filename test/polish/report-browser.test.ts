/**
 * Issue 14, the report as a person reads it: screenshots of every view (test-artifacts/), labels
 * readable at the default zoom (Cytoscape's rendered font size: each shown label at 11 px or more,
 * the top-level ones always shown), and no group that holds a hot link left uncoloured. The hot links
 * come from `traffic --edge-loads`, a separate run, not from the page.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, root } from '../helpers/cli.js';
import { viewLabels } from '../helpers/labels.js';

const CHROMIUM = '/usr/bin/chromium';
const artifacts = join(root, 'test-artifacts');
const tmp = mkdtempSync(join(tmpdir(), 'polish-report-'));
let context: BrowserContext;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  mkdirSync(artifacts, { recursive: true });
  context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'polish-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await context?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(!existsSync(CHROMIUM))('report readability in headless chromium', () => {
  it('Dragonfly with EP64: readable labels, every router block with a link at ≥ 50% coloured from the hot half of the scale', { timeout: 240_000 }, async () => {
    const ref = 'dragonfly:p=4,a=16,h=2'; // 33 groups of 16 routers: each group drawn with its router block
    const out = join(tmp, 'df.html');
    const r = cli(['report', ref, '--workload', 'ep64', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    // hottest router-to-router link inside each group, over the phases, from a separate traffic run
    const t = JSON.parse(cli(['traffic', ref, '--workload', 'ep64', '--json', '--edge-loads']).stdout);
    const hottest = new Map<string, number>();
    for (const p of t.phases)
      for (const [key, v] of Object.entries(p.edgeLoads as Record<string, number[]>)) {
        const m = /^g(\d+)\.r\d+~g(\d+)\.r\d+$/.exec(key);
        if (m && m[1] === m[2]) hottest.set(m[1], Math.max(hottest.get(m[1]) ?? 0, v[2]));
      }
    const hotGroups = [...hottest].filter(([, u]) => u >= 0.5).map(([g]) => g);
    expect(hotGroups).toContain('0');

    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(out).href);
    await page.waitForFunction(() => (window as any).__topoplan?.views?.[0]?.ready === true, null, { timeout: 60_000 });
    await page.locator('.view:not([hidden]) .stage').screenshot({ path: join(artifacts, 'polish-df-ep64-view.png') });
    await page.screenshot({ path: join(artifacts, 'polish-df-ep64-page.png'), fullPage: true });

    const labels = await viewLabels(page, 0);
    const shown = labels.filter((l: any) => l.label && l.fs >= l.min);
    // every label drawn is at least 11 screen pixels; the top-level ones are always drawn
    for (const l of shown) expect(l.fs, l.id).toBeGreaterThanOrEqual(11);
    for (const l of labels.filter((x: any) => x.orphan && x.label)) expect(shown.map((s: any) => s.id)).toContain(l.id);
    expect(shown.length).toBeGreaterThan(0);

    const blocks = await page.evaluate(() => {
      const cy = (window as any).__topoplan.views[0].cy;
      return cy.nodes('.group').map((n: any) => ({ id: n.id(), hc: n.data('hc') ?? null, bg: n.style('background-color') as string }));
    });
    const rgb = (s: string) => s.match(/\d+/g)!.map(Number);
    let checked = 0;
    for (const g of hotGroups) {
      const b = blocks.find((x: any) => x.id === `g:group=${g}/routers`);
      if (!b) continue; // drawn expanded: its links are drawn as edges
      checked++;
      expect(b.hc, b.id).not.toBeNull();
      // the scale from 50% up runs yellow (254,224,144) → red (215,48,39): red high, blue low
      const [red, , blue] = rgb(b.bg);
      expect(red, b.id).toBeGreaterThanOrEqual(200);
      expect(blue, b.id).toBeLessThanOrEqual(150);
    }
    expect(checked).toBeGreaterThan(0);
    // the selection highlight is outside the blue → yellow → red scale: green dominates
    const sel = await page.evaluate(() => {
      const cy = (window as any).__topoplan.views[0].cy;
      const n = cy.nodes('.group').first();
      n.select();
      return n.style('border-color') as string;
    });
    const [sr, sg, sb] = rgb(sel);
    expect(sg).toBeGreaterThan(sr + 60);
    expect(sg).toBeGreaterThan(sb + 60);
    expect(errors).toEqual([]);
  });

  it('the log scale is selectable: a bundle at 35–50% of the phase time leaves the yellow side for the red one', { timeout: 240_000 }, async () => {
    const out = join(tmp, 'df-uniform.html');
    const r = cli(['report', 'dragonfly:p=4,a=16,h=2', '--workload', 'uniform', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const page = await context.newPage();
    await page.goto(pathToFileURL(out).href);
    await page.waitForFunction(() => (window as any).__topoplan?.views?.[0]?.ready === true, null, { timeout: 60_000 });
    const before = await page.evaluate(() => {
      const v = (window as any).__topoplan.views[0];
      const e = v.cy.edges().filter((x: any) => {
        const u = v.bundles.uMax[v.bundleOf.get(x.id())];
        return u > 0.35 && u < 0.5;
      })[0];
      return e ? { id: e.id(), color: e.style('line-color') as string } : null;
    });
    expect(before).not.toBeNull();
    await page.selectOption('.view:not([hidden]) select.scale', 'log');
    const after = await page.evaluate((id) => (window as any).__topoplan.views[0].cy.getElementById(id).style('line-color') as string, before!.id);
    const green = (s: string) => s.match(/\d+/g)!.map(Number)[1];
    // linear: between the 25% stop (145,191,219) and the 50% stop (254,224,144), green 191–224;
    // log: 1 + log10(u)/2 is above 0.77, past the 75% stop (252,141,89) towards red, green at most 141
    expect(green(before!.color)).toBeGreaterThanOrEqual(191);
    expect(green(after)).toBeLessThanOrEqual(141);
    await page.locator('.view:not([hidden]) .stage').screenshot({ path: join(artifacts, 'polish-df-uniform-log-scale.png') });
  });
});
