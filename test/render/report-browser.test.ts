/**
 * The report in a real browser (Debian's chromium driven by playwright-core): no console errors,
 * the grouped element counts and one expansion derived from the topology parameters (which re-fits
 * the view), screenshots
 * in test-artifacts/, the default report (npm start) read as a person would, and inert pages for
 * hostile topology names.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, root } from '../helpers/cli.js';
import { viewLabels } from '../helpers/labels.js';

const CHROMIUM = '/usr/bin/chromium';
const BUDGET = 2000;
const MAX_CHILDREN = 64;
const GPUS_PER_HOST = 8;
const artifacts = join(root, 'test-artifacts');
const tmp = mkdtempSync(join(tmpdir(), 'topoplan-report-'));
let context: BrowserContext;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'topoplan-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await context?.close();
  rmSync(tmp, { recursive: true, force: true });
});

function report(ref: string, file: string): string {
  const out = join(tmp, file);
  const r = cli(['report', ref, '-o', out]);
  expect(r.code, r.stderr).toBe(0);
  return out;
}

async function open(file: string): Promise<{ page: Page; errors: string[]; dialogs: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction(() => (window as any).__topoplan?.views?.[0]?.ready === true, null, { timeout: 30_000 });
  return { page, errors, dialogs };
}

const count = (page: Page) => page.evaluate(() => (window as any).__topoplan.cy.elements().length as number);
const nodeIds = (page: Page) => page.evaluate(() => (window as any).__topoplan.cy.nodes().map((n: any) => n.id()) as string[]);

/** Clicks a group as a user would (a tap on the node) and returns the node ids that appeared. */
async function tapAndDiff(page: Page, id: string): Promise<string[]> {
  const before = new Set(await nodeIds(page));
  // Return nothing: emit() returns the Cytoscape collection, and playwright would serialize that whole
  // object graph back to node (that serialization, not the page, took 20–80 s per tap).
  await page.evaluate((gid) => {
    (window as any).__topoplan.cy.getElementById(gid).emit('tap');
  }, id);
  const after = await nodeIds(page);
  return after.filter((x) => !before.has(x)).sort();
}

/**
 * The default view rule (docs/report.md), applied to closed-form states: starting from the first
 * level, each step is kept when its total (nodes + bundled edges) stays within the budget.
 */
function greedy(states: Array<{ total: number } | null>): number {
  let current = states[0]!.total;
  for (const s of states.slice(1)) if (s && s.total <= BUDGET) current = s.total;
  return current;
}

const range = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).sort();

describe.skipIf(!existsSync(CHROMIUM))('report in headless chromium', () => {
  it('ft2-64: grouped counts from k; expanding the leaves adds the k leaves and re-fits the view to them', { timeout: 60_000 }, async () => {
    const k = 64;
    const L = k; // leaves
    const S = k / 2; // spines
    const HG = L; // host groups: the hosts of one leaf share it ((k/2)/8 hosts each)
    expect(HG).toBeLessThanOrEqual(MAX_CHILDREN);
    // States after each step: root level (leaves, spines, hosts buckets), host groups, spines, (leaves rejected).
    const root = { total: 3 + 2 };
    const hosts = { total: 3 + HG + 1 + HG };
    const spines = { total: 3 + HG + S + S + HG };
    const leaves = { total: 3 + HG + S + L + L * S + HG };
    const expected = greedy([root, hosts, spines, leaves]);
    expect(expected).toBe(3 + 2 * HG + 2 * S);
    const { page, errors } = await open(report('ft2-64', 'ft2.html'));
    expect(await count(page)).toBe(expected);
    // a reader zooms in on the leaves group (fills the view) before opening it
    await page.evaluate(() => {
      (window as any).__topoplan.cy.fit((window as any).__topoplan.cy.getElementById('g:leaves'), 0);
    });
    const added = await tapAndDiff(page, 'g:leaves');
    expect(added).toEqual(range(L, (i) => `s:leaf${i}`));
    // the view re-fits: the opened group and its leaves lie inside the viewport's extent (model coordinates)
    const fit = await page.evaluate(() => {
      const cy = (window as any).__topoplan.cy;
      const g = cy.getElementById('g:leaves');
      const bb = g.union(g.descendants()).boundingBox();
      const ex = cy.extent();
      return { bb: { x1: bb.x1, y1: bb.y1, x2: bb.x2, y2: bb.y2 }, ex: { x1: ex.x1, y1: ex.y1, x2: ex.x2, y2: ex.y2 } };
    });
    expect(fit.ex.x1, JSON.stringify(fit)).toBeLessThanOrEqual(fit.bb.x1);
    expect(fit.ex.y1, JSON.stringify(fit)).toBeLessThanOrEqual(fit.bb.y1);
    expect(fit.ex.x2, JSON.stringify(fit)).toBeGreaterThanOrEqual(fit.bb.x2);
    expect(fit.ex.y2, JSON.stringify(fit)).toBeGreaterThanOrEqual(fit.bb.y2);
    // Now every leaf links to every spine (k/2 lanes each) and to its host group.
    expect(await count(page)).toBe(3 + HG + S + L + L * S + HG);
    await page.locator('.view:not([hidden]) .stage').screenshot({ path: join(artifacts, 'report-ft2-64.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('mpft-64x8: grouped counts from k and planes; expanding a plane\'s leaves adds its k leaves', { timeout: 60_000 }, async () => {
    const k = 64;
    const P = 8;
    const L = k;
    const S = k / 2;
    const hostsPerLeaf = k / 2 / (GPUS_PER_HOST / P); // one NIC per host per plane
    const HG = (k * k) / 2 / (GPUS_PER_HOST / P) / hostsPerLeaf; // = k host groups, each on leaf i of every plane
    const root = { total: P + 1 + P };
    const planes = { total: 3 * P + 1 + 2 * P };
    const hosts = { total: 3 * P + 1 + HG + P + HG * P };
    const spines = { total: 3 * P + 1 + HG + P * S + P * S + HG * P };
    const leaves = { total: 3 * P + 1 + HG + P * S + P * L + P * L * S + HG * P };
    const expected = greedy([root, planes, hosts, spines, leaves]);
    expect(expected).toBe(spines.total);
    const { page, errors } = await open(report('mpft-64x8', 'mpft.html'));
    expect(await count(page)).toBe(expected);
    const added = await tapAndDiff(page, 'g:plane=0/leaves');
    expect(added).toEqual(range(L, (i) => `s:p0.leaf${i}`));
    // Plane 0: leaf-spine bundle becomes L·S links; each host group now meets its own plane-0 leaf.
    expect(await count(page)).toBe(expected + L + L * S - S);
    await page.locator('.view:not([hidden]) .stage').screenshot({ path: join(artifacts, 'report-mpft-64x8.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('ft3:k=64: grouped counts from k; expanding a pod\'s spines adds its k/2 spines', { timeout: 60_000 }, async () => {
    const k = 64;
    const P = k; // pods
    const half = k / 2;
    const cores = (k * k) / 4;
    expect(cores).toBeGreaterThan(MAX_CHILDREN); // cores open into blocks, never by default
    const HGperPod = half; // one host group per leaf
    const root = { total: P + 1 + P };
    const pods = { total: 4 * P + 1 + 3 * P };
    const hosts = { total: 4 * P + 1 + P * HGperPod + 2 * P + P * HGperPod };
    const expected = greedy([root, pods, hosts, null /* cores: blocks */]);
    expect(expected).toBe(7 * P + 1);
    const { page, errors } = await open(report('ft3:k=64', 'ft3.html'));
    expect(await count(page)).toBe(expected);
    const added = await tapAndDiff(page, 'g:pod=0/spines');
    expect(added).toEqual(range(half, (i) => `s:pod0.spine${i}`));
    // Each pod-0 spine now links to the leaves bucket and to the cores bucket on its own.
    expect(await count(page)).toBe(expected + half + 2 * half - 2);
    await page.locator('.view:not([hidden]) .stage').screenshot({ path: join(artifacts, 'report-ft3-k64.png') });
    await page.screenshot({ path: join(artifacts, 'report-ft3-k64-page.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the default report (npm start: table3 with deepseek-v3-training): every view screenshotted, labels ≥ 11 px, DF group 0 in the hot colour', { timeout: 180_000 }, async () => {
    const args = ['--workload', 'deepseek-v3-training'];
    const out = join(tmp, 'default.html');
    const r = cli(['report', 'table3', ...args, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    // the Dragonfly group holding the hottest router-to-router link inside a group, from a separate traffic run
    const t = JSON.parse(cli(['traffic', 'df-table3', ...args, '--json', '--edge-loads']).stdout);
    let hot = { u: -1, group: -1 };
    for (const p of t.phases)
      for (const [key, v] of Object.entries(p.edgeLoads as Record<string, number[]>)) {
        const m = /^g(\d+)\.r\d+~g(\d+)\.r\d+$/.exec(key);
        if (m && m[1] === m[2] && v[2] > hot.u) hot = { u: v[2], group: Number(m[1]) };
      }
    expect(hot).toEqual({ u: 1, group: 0 });

    const { page, errors } = await open(out);
    const tabs = await page.locator('.tab').allInnerTexts();
    expect(tabs).toHaveLength(4); // Table 3's four columns
    for (let i = 0; i < tabs.length; i++) {
      await page.evaluate((v) => (window as any).__topoplan.show(v), i);
      await page.waitForFunction((v) => (window as any).__topoplan.views[v].ready === true, i, { timeout: 30_000 });
      await page.locator('.view:not([hidden]) .stage').screenshot({ path: join(artifacts, `report-default-${i}.png`) });
      const labels = await viewLabels(page, i);
      const shown = labels.filter((l: any) => l.label && l.fs >= l.min);
      // every label drawn is at least 11 screen pixels; the top-level ones are always drawn
      for (const l of shown) expect(l.fs, `${tabs[i]} ${l.id}`).toBeGreaterThanOrEqual(11);
      for (const l of labels.filter((x: any) => x.orphan && x.label)) expect(shown.map((s: any) => s.id), tabs[i]).toContain(l.id);
      expect(shown.length, tabs[i]).toBeGreaterThan(0);
    }
    await page.screenshot({ path: join(artifacts, 'report-default-page.png'), fullPage: true });

    // Dragonfly: the drawn node that holds group 0 ("group A … group B" with A ≤ 0 ≤ B, or "group 0") is
    // filled with the top of the scale, red (215,48,39), because a link inside it runs at 100%
    const df = tabs.findIndex((x) => x.startsWith('DF'));
    expect(df).toBeGreaterThanOrEqual(0);
    const holders = await page.evaluate(
      ([v, g]) =>
        (window as any).__topoplan.views[v].cy
          .nodes()
          .filter((n: any) => {
            const m = /^group (\d+)(?: … group (\d+))?\b/.exec(String(n.data('label') ?? ''));
            return m !== null && Number(m[1]) <= g && g <= Number(m[2] ?? m[1]);
          })
          .map((n: any) => ({ id: n.id(), bg: n.style('background-color') as string })),
      [df, hot.group] as const,
    );
    expect(holders.length).toBe(1);
    expect(holders[0].bg.match(/\d+/g)!.map(Number)).toEqual([215, 48, 39]);
    expect(errors).toEqual([]);
    await page.close();
  });

  for (const [tag, name] of [
    ['script', '<script>alert(1)</script>'],
    ['img', '</script><img src=x onerror=alert(1)>'],
  ] as const) {
    it(`a topology named ${JSON.stringify(name)} gives an inert page that shows the name literally`, { timeout: 120_000 }, async () => {
      const spec = join(tmp, `hostile-${tag}.json`);
      writeFileSync(spec, JSON.stringify({ family: 'ft2', name, k: 8 }));
      const file = report(spec, `hostile-${tag}.html`);
      const html = readFileSync(file, 'utf8');
      expect(html).not.toContain(name);
      const { page, errors, dialogs } = await open(file);
      await page.waitForTimeout(300);
      expect(dialogs).toEqual([]);
      expect(await page.evaluate(() => document.querySelectorAll('img').length)).toBe(0);
      expect(await page.locator('header .meta').first().innerText()).toContain(name);
      expect(await page.locator('.tab').first().innerText()).toBe(name);
      expect(await page.title()).toBe('topoplan report');
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
