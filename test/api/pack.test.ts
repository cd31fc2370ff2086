/**
 * The package as a user gets it: `npm pack`, install the tarball into a fresh folder (offline: the
 * package's runtime dependencies are linked from this checkout's node_modules), then
 * - type-check and run a TypeScript program that imports the API from 'topoplan';
 * - run every ```js example of docs/api.md (each asserts its own figures against a formula).
 * Needs dist/ (npm test builds first).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../helpers/cli.js';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
let dir = '';
let app = '';

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The ```js blocks of a Markdown page, in order. */
export function jsBlocks(md: string): string[] {
  return [...md.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

describe('the packed package', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'topoplan-pack-'));
    const out = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: root, encoding: 'utf8' });
    const tarball = join(dir, out.trim().split('\n').pop()!);
    app = join(dir, 'app');
    mkdirSync(join(app, 'node_modules'), { recursive: true });
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true, type: 'module' }));
    for (const dep of [...Object.keys(pkg.dependencies), 'zod']) {
      try {
        symlinkSync(join(root, 'node_modules', dep), join(app, 'node_modules', dep), 'dir');
      } catch {
        // zod is also a dependency: linked once
      }
    }
    run('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock'], app);
  }, 120_000);
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('ships dist/src/index.js with its types, and nothing from test/ or src/', () => {
    const files = readdirSync(join(app, 'node_modules/topoplan/dist/src'));
    expect(files).toEqual(expect.arrayContaining(['index.js', 'index.d.ts']));
    expect(readdirSync(join(app, 'node_modules/topoplan'))).not.toContain('src');
    expect(pkg.exports['.']).toEqual({ types: './dist/src/index.d.ts', import: './dist/src/index.js' });
  });

  it("a TypeScript program imports { resolveTopology, buildFabric, compile, analyze, runTraffic, plan } from 'topoplan', type-checks and runs", () => {
    writeFileSync(
      join(app, 'main.ts'),
      `import { resolveTopology, buildFabric, compile, analyze, runTraffic, plan, loadPricebook, type Analysis, type TrafficResult } from 'topoplan';
const [spec] = resolveTopology('ft2:k=8,gpusPerHost=1');
const fabric = buildFabric(spec);
const a: Analysis = analyze(spec);
const t: TrafficResult = runTraffic(compile(spec), { kind: 'uniform', name: 'u', bytesPerPair: 1e6 });
const p = plan({ gpus: 32, gpusPerHost: 1, nicGbps: 400, radix: 8, maxOversubscription: 1, pricebook: loadPricebook() });
const ft2 = p.candidates.find((c) => c.design === 'FT2');
console.log(JSON.stringify({ nodes: fabric.order, switches: a.counts.switches, seconds: t.congestion.timeSeconds, planSwitches: ft2?.switches }));
`,
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2023', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, outDir: 'out', types: [] }, files: ['main.ts'] }),
    );
    run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], app);
    // a wrong type is an error: the declarations are really read
    writeFileSync(join(app, 'bad.ts'), "import { analyze } from 'topoplan';\nconst n: number = analyze;\nexport { n };\n");
    writeFileSync(
      join(app, 'tsconfig.bad.json'),
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, noEmit: true, types: [] }, files: ['bad.ts'] }),
    );
    const bad = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.bad.json'], { cwd: app, encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toMatch(/bad\.ts.*not assignable to type 'number'/);
    const got = JSON.parse(run(process.execPath, ['out/main.js'], app));
    const k = 8;
    const N = (k * k) / 2;
    // k²/2 endpoints, each with its NVLink hub (one GPU per host), and 3k/2 switches
    expect(got).toEqual({ nodes: 2 * N + (3 * k) / 2, switches: (3 * k) / 2, seconds: expect.any(Number), planSwitches: (3 * k) / 2 });
    expect(got.seconds).toBeCloseTo(((N - 1) * 1e6) / 50e9, 12);
  });

  it('every example in docs/api.md runs against the installed package', () => {
    const blocks = jsBlocks(readFileSync(join(root, 'docs/api.md'), 'utf8'));
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    blocks.forEach((code, i) => {
      const file = join(app, `example${i}.mjs`);
      writeFileSync(file, code);
      const r = spawnSync(process.execPath, [file], { cwd: app, encoding: 'utf8' });
      expect({ example: i, code: r.status, stderr: r.stderr }).toEqual({ example: i, code: 0, stderr: '' });
    });
  });
});
