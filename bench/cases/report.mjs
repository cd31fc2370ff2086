// HTML report benchmarks (issue: report). Generation is timed by bench/run.mjs like every CLI case.
// First paint is timed in headless chromium by this same file run as a script:
//   node bench/cases/report.mjs --paint <report.html> [...]
// which loads each page from file://, waits for the Cytoscape view's first 'render' event plus one
// animation frame (window.__topoplan.firstPaintMs = performance.now(), i.e. milliseconds since
// navigation start), and prints one line per page with the file size. Best of 3 loads, each in a
// fresh page of one browser.
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CHROMIUM = '/usr/bin/chromium';
const here = fileURLToPath(import.meta.url);

export const cases = [
  { name: 'report ft2-64', args: ['report', 'ft2-64', '-o', '$TMP/ft2.html'], size: '2,048 GPUs', repeat: 3 },
  { name: 'report mpft-64x8', args: ['report', 'mpft-64x8', '-o', '$TMP/mpft.html'], size: '16,384 GPUs, 8 planes', target: 'file < 10 MB', repeat: 2 },
  { name: 'report ft3:k=64', args: ['report', 'ft3:k=64', '-o', '$TMP/ft3.html'], size: '65,536 GPUs', target: 'file < 10 MB', repeat: 2 },
  {
    name: 'report table3 + DeepSeek-V3 training',
    args: ['report', 'table3', '--workload', 'deepseek-v3-training', '-o', '$TMP/table3.html'],
    size: '5 fabrics (DF: 261,632 GPUs), 6 traffic phases',
    target: '< 6 s (issue 16, the npm start job)',
    repeat: 1,
  },
  {
    name: 'report first paint (headless chromium)',
    display: 'node bench/cases/report.mjs --paint mpft-64x8 ft3:k=64',
    command: [process.execPath, here, '--paint-refs', 'mpft-64x8', 'ft3:k=64'],
    size: 'wall = 2 builds + browser + 6 loads; the script prints each page\'s first paint',
    target: '< 3 s each',
    optional: () => existsSync(CHROMIUM),
  },
];

async function paint(files) {
  const { chromium } = await import('playwright-core');
  const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'topoplan-bench-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  for (const f of files) {
    const times = [];
    for (let i = 0; i < 3; i++) {
      const page = await ctx.newPage();
      await page.goto(pathToFileURL(f).href);
      await page.waitForFunction(() => Number.isFinite(window.__topoplan?.firstPaintMs), null, { timeout: 60_000 });
      times.push(await page.evaluate(() => window.__topoplan.firstPaintMs));
      await page.close();
    }
    console.log(`${f}: first paint ${Math.round(Math.min(...times))} ms (loads: ${times.map(Math.round).join(', ')} ms), file ${(statSync(f).size / 1e6).toFixed(2)} MB`);
  }
  await ctx.close();
}

if (process.argv[1] === here) {
  const argv = process.argv.slice(2);
  if (argv[0] === '--paint') await paint(argv.slice(1));
  else if (argv[0] === '--paint-refs') {
    // Builds each report with the CLI, then times its first paint.
    const { spawnSync } = await import('node:child_process');
    const dir = mkdtempSync(join(tmpdir(), 'topoplan-bench-report-'));
    const cli = join(here, '../../../dist/src/cli/main.js');
    const files = argv.slice(1).map((ref, i) => {
      const out = join(dir, `r${i}.html`);
      const r = spawnSync(process.execPath, ['--max-old-space-size=16384', cli, 'report', ref, '-o', out], { stdio: 'inherit' });
      if (r.status !== 0) process.exit(r.status ?? 1);
      return out;
    });
    await paint(files);
  }
}
