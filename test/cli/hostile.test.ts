/**
 * Every hostile and oversized input listed in issues 17 and 18: exit 2 with one line naming the field,
 * the value and what is allowed, within 5 s (and, for the imported graphs, under 200 MB of RSS).
 * Most cases run in-process through run() (the bin's entry point); the ones about the process itself
 * (EPIPE, signals, devices, peak RSS) run the built bin as a subprocess.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, usageErrorProblems } from '../helpers/run.js';
import { root } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'topoplan-hostile-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const main = join(root, 'dist/src/cli/main.js');

async function expectUsage(args: string[], pattern: RegExp, maxMs = 5000) {
  const r = await runCli(args);
  expect(usageErrorProblems(r), `${args.join(' ')}\n${r.stderr}`).toEqual([]);
  expect(r.stderr).toMatch(pattern);
  expect(r.ms).toBeLessThan(maxMs);
  return r;
}

/** The built bin with its peak RSS (KB, from bench/rss-hook.mjs). */
function bin(args: string[], opts: { timeout?: number } = {}) {
  const rssFile = join(dir, `rss-${Math.random().toString(36).slice(2)}`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', join(root, 'bench/rss-hook.mjs'), main, ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: opts.timeout ?? 30_000,
    env: { ...process.env, TOPOPLAN_BENCH_RSS: rssFile },
  });
  const rssKB = existsSync(rssFile) ? Math.max(...readFileSync(rssFile, 'utf8').trim().split('\n').map(Number)) : NaN; // the supervised child's line too
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - t0, rssMB: rssKB / 1024 };
}

// graphology JSON documents, small enough to read by eye
const sw = (key: string, radix = 8, extra: Record<string, unknown> = {}) => ({ key, attributes: { kind: 'switch', tier: 1, radix, ...extra } });
const ep = (key: string, host: unknown, gpu: unknown = 0, extra: Record<string, unknown> = {}) => ({ key, attributes: { kind: 'endpoint', host, gpu, ...extra } });
const graph = (name: string, doc: { attributes?: Record<string, unknown>; nodes: unknown[]; edges: unknown[] }) => file(name, JSON.stringify(doc));
const twoHosts = (name: string, attributes: Record<string, unknown> = {}, hostB: unknown = 1) =>
  graph(name, { attributes, nodes: [sw('s'), ep('a', 0), ep('b', hostB)], edges: [{ source: 'a', target: 's' }, { source: 'b', target: 's' }] });

describe('issue 17: prototype keys and registry lookups', () => {
  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty:k=8', 'valueOf:k=4'])('analyze %s is not a preset, file or family', async (ref) => {
    await expectUsage(['analyze', ref], new RegExp(`topology "${ref.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}": not a preset, file or family; presets: .*families: ft2`));
  });

  it.each([
    ['__proto__.hasOwnProperty=5', /--price __proto__\.hasOwnProperty = "__proto__": not a price-book entry/],
    ['__proto__.toString=5', /--price __proto__\.toString = "__proto__": not a price-book entry/],
    ['__proto__.valueOf=5', /--price __proto__\.valueOf = "__proto__": not a price-book entry/],
    ['constructor=5', /--price constructor = "constructor": not a price-book entry/],
    ['switch.constructor=5', /--price switch\.constructor = "constructor"/],
    ['switch.perPortUSD=', /--price switch\.perPortUSD = "": must be a number/],
    ['switch.perPortUSD=-5', /--price switch\.perPortUSD = -5: must be >= 0/],
    ['switch.perPortUSD=0', /switch\.perPortUSD = 0: .*>0/],
  ])('--price %s', async (price, pattern) => {
    await expectUsage(['analyze', 'ft2:k=4', '--price', price], pattern);
  });

  it.each([
    ['compare', ['compare', 'ft2:k=4']],
    ['report', ['report', 'ft2:k=4', '-o', join(dir, 'p.html')]],
    ['plan', ['plan', '--gpus', '64']],
  ])('--price __proto__.toString=5 in %s', async (_n, args) => {
    await expectUsage([...args, '--price', '__proto__.toString=5'], /--price __proto__\.toString = "__proto__"/);
  });

  it.each([
    ['duplicate key', 'ft2:k=8,k=16', /ft2\.k = "16": given twice in "ft2:k=8,k=16"; give each key once/],
    ['__proto__ key', 'ft2:k=8,__proto__=1', /ft2\.__proto__ = "1": not an allowed key/],
    ['constructor key', 'ft2:constructor=1', /ft2\.constructor = "1": not an allowed key/],
    ['empty value', 'ft2:k=', /ft2\.k = "": an empty value/],
  ])('inline spec: %s', async (_n, ref, pattern) => {
    await expectUsage(['analyze', ref], pattern);
  });

  it('a spec file with a __proto__ key', async () => {
    await expectUsage(['analyze', file('proto.json', '{"family":"ft2","k":8,"__proto__":{"k":4}}')], /key "__proto__" is not allowed/);
  });
});

describe('issue 17: input files checked before they are read', () => {
  it('include cycles name the chain', async () => {
    const self = file('self.yaml', `members:\n  - ${join(dir, 'self.yaml')}\n`);
    await expectUsage(['analyze', self], /include cycle self\.yaml → self\.yaml/);
    file('a.yaml', `members:\n  - ${join(dir, 'b.yaml')}\n`);
    file('b.yaml', `members:\n  - ${join(dir, 'a.yaml')}\n`);
    await expectUsage(['analyze', join(dir, 'a.yaml')], /include cycle a\.yaml → b\.yaml → a\.yaml; a group may not include itself/);
  });

  it('deep nesting is refused by depth, not by the call stack', async () => {
    const n = 100_000;
    await expectUsage(['analyze', file('deep.json', `{"family":"ft2","k":${'['.repeat(n)}${']'.repeat(n)}}`)], /k\[0\]\[0\].* is nested deeper than 64 levels; allowed: at most 64/);
    await expectUsage(['traffic', 'ft2:k=4', '--workload', file('deepw.yaml', `kind: ep\nep: ${'['.repeat(200)}${']'.repeat(200)}\n`)], /workload file .*(nested deeper than 64|malformed YAML)/);
  });

  it('YAML warnings (unresolved tags) become the one-line error', async () => {
    await expectUsage(['analyze', file('tag.yaml', 'family: !foo ft2\nk: !bar 8\n')], /tag\.yaml": malformed YAML: Unresolved tag: !foo/);
  });

  it('a directory given as a spec', async () => {
    await expectUsage(['analyze', '.'], /topology file ".*": is a directory; must be a regular file/);
    await expectUsage(['analyze', dir + '/'], /is a directory; must be a regular file/);
  });

  it('a size cap, refused with the size, raised by --max-input', async () => {
    const big = file('big.yaml', `family: ft2\nk: 8\n# ${'x'.repeat(2 << 20)}\n`);
    await expectUsage(['analyze', big, '--max-input', '1'], /big\.yaml": is 2\.0 MiB, over the 1\.0 MiB input limit; raise it with --max-input <MiB>/);
    const ok = await runCli(['analyze', big, '--max-input', '3']);
    expect(ok.code).toBe(0);
  });

  // devices and FIFOs would block a reader forever: they are refused without reading (subprocess: a hang would show)
  it.each([
    ['/dev/zero', ['analyze', '/dev/zero'], /topology file "\/dev\/zero": is a character device; must be a regular file/],
    ['/dev/urandom', ['analyze', '/dev/urandom'], /"\/dev\/urandom": is a character device/],
    ['--pricebook /dev/zero', ['analyze', 'ft2:k=4', '--pricebook', '/dev/zero'], /price book "\/dev\/zero": is a character device/],
    ['--workload /dev/zero', ['traffic', 'ft2:k=4', '--workload', '/dev/zero'], /workload file "\/dev\/zero": is a character device/],
  ])('%s', (_n, args, pattern) => {
    const r = bin(args, { timeout: 10_000 });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
    expect(r.ms).toBeLessThan(5000);
  });

  it('a FIFO', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const r = bin(['analyze', fifo], { timeout: 10_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/topology file ".*fifo": is a FIFO; must be a regular file/);
    expect(r.ms).toBeLessThan(5000);
  });
});

describe('issue 17: domain validation', () => {
  it('oversubscription that leaves no up port: a radix-k leaf is at most (k−1):1', async () => {
    await expectUsage(['analyze', 'ft2:k=4,oversubscription=64'], /ft2\.oversubscription = 64: a radix-4 leaf allows at most 3:1 \(3 ports down, 1 up\)/);
    await expectUsage(['analyze', 'ft2:k=8,oversubscription=7.5'], /a radix-8 leaf allows at most 7:1/);
    // the boundary is accepted: 3 ports down, 1 up on every leaf, so 4 leaves × 3 = 12 endpoints (formula k·(k−1))
    const ok = await runCli(['analyze', 'ft2:k=4,oversubscription=3', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).counts.endpoints).toBe(4 * 3);
  });

  it('EP and PP groups larger than the fabric or not dividing it', async () => {
    await expectUsage(['traffic', 'ft2:k=8', '--workload', file('bigep.yaml', 'kind: ep\nep: 100000\n')], /workload\.ep = 100000: larger than the 32 GPUs available/);
    await expectUsage(['traffic', 'ft2:k=8', '--workload', file('ep12.yaml', 'kind: ep\nep: 12\n')], /workload\.ep = 12: must be a multiple of gpusPerHost \(8\)/);
    await expectUsage(['traffic', 'ft2:k=8', '--workload', file('pp7.yaml', 'kind: pp\npp: 7\n')], /workload\.pp = 7: must divide the job's 32 GPUs/);
    await expectUsage(['tpot', 'ft2:k=8', '--workload', join(dir, 'bigep.yaml')], /100000/);
  });
});

describe('issue 17: the work guard and the memory guard', () => {
  it.each([
    ['sampled gating, a million tokens', ['traffic', 'ft2:k=8', '--workload', 'TOK'], /traffic ft2:k=8: estimated \d+ min of work \(9\.2e9 gating draws\), over the 5 min limit; raise it with --max-work <minutes>/],
    ['sampled gating, 100,000 experts', ['traffic', 'ft2:k=8', '--workload', 'EXP'], /estimated \d+ min of work \(1\.3e10 gating draws\)/],
    // ft3:k=150 fits Node's default heap, so the work guard speaks (k=180 needs more than the default heap)
    ['failure trials on a large fat-tree', ['fail', 'ft3:k=150', '--links', '1'], /fail ft3:k=150: estimated [\d.]+ h of work \(2 runs × 5\.7e10 arc visits\)/],
    ['many failure trials', ['fail', 'ft3:k=64', '--links', '1', '--trials', '50'], /fail ft3:k=64: estimated \d+ min of work \(51 runs/],
    ['uniform traffic without symmetry', ['traffic', 'ft3:k=128', '--pattern', 'uniform', '--no-symmetry'], /traffic ft3:k=128: estimated \d+ min of work/],
    // plan builds and evaluates every candidate: five designs of about a million GPUs each take minutes to build
    ['plan for a million GPUs', ['plan', '--gpus', '1000000', '--radix', '256'], /plan --gpus 1000000: estimated \d+ min of work \(5 candidates, [\d.e]+ arc visits\), over the 5 min limit; raise it with --max-work <minutes>/],
    ['plan with a workload on 65,536 GPUs', ['plan', '--gpus', '65536', '--workload', 'deepseek-v3-training'], /plan --gpus 65536 --workload DeepSeek-V3 training \(2,048 GPUs\): estimated \d+ min of work \(4 candidates/],
    // the flow model's events with sampled gating: every flow completes at its own time
    ['flow model with sampled gating', ['traffic', 'ft3:k=24', '--workload', 'EPS', '--model', 'flow'], /traffic ft3:k=24: estimated \d+ min of work \([\d.e]+ flow-model steps\)/],
    ['ECMP hashing with many trials', ['traffic', 'ft3:k=96', '--pattern', 'permutation', '--routing', 'ecmp-hash', '--trials', '1000'], /traffic ft3:k=96: estimated \d+ min of work \([\d.e]+ arc visits and [\d.e]+ hashing steps\)/],
  ])('%s', async (_n, args, pattern) => {
    // a million tokens per GPU drawn: 32 GPUs × 10⁶ × (256 experts + 32) = 9.2·10⁹ draws
    const tok = file('tok.yaml', 'kind: ep\nep: 32\ngating: sampled\ntokensPerGpu: 1000000\nsampleTokensPerGpu: 1000000\n');
    const exp = file('exp.yaml', 'kind: ep\nep: 32\ngating: sampled\nexperts: 100000\nsampleTokensPerGpu: 4096\n');
    const eps = file('eps.yaml', 'kind: ep\nep: 64\ngating: sampled\nskew: 1\nsampleTokensPerGpu: 256\n');
    await expectUsage(args.map((a) => (a === 'TOK' ? tok : a === 'EXP' ? exp : a === 'EPS' ? eps : a)), pattern);
  });

  it('report --fail trials beyond fail\'s own limit', async () => {
    await expectUsage(['report', 'ft2:k=4', '--fail', 'links=1,trials=100000000', '-o', join(dir, 'r.html')], /--fail trials=100000000: must be a whole number from 1 to 10000/);
  });

  it('--max-work raises the limit: the same work is accepted', async () => {
    // ft3:k=24 is refused at a tiny limit and accepted at 1 min: the flag sets the limit, not the fabric
    await expectUsage(['fail', 'ft3:k=24', '--links', '1', '--max-work', '0.001'], /fail ft3:k=24: estimated \d+ s of work .*over the 0\.001 min limit/);
    expect((await runCli(['fail', 'ft3:k=24', '--links', '1', '--max-work', '1'])).code).toBe(0);
    // plan and generate take the flag too
    await expectUsage(['plan', '--gpus', '2048', '--max-work', '0.001'], /plan --gpus 2048: estimated \d+ s of work \(5 candidates, .*over the 0\.001 min limit/);
    await expectUsage(['generate', 'ft3:k=16', '--max-work', '0.001'], /generate ft3:k=16: estimated \d+ s of work \([\d.e]+ model elements, built and written\), over the 0\.001 min limit/);
    expect((await runCli(['generate', 'ft3:k=16', '--max-work', '1'])).code).toBe(0);
  });

  it('ft3:k=200: uniform traffic and its JSON export are refused up front', async () => {
    await expectUsage(['traffic', 'ft3:k=200', '--pattern', 'uniform'], /ft3:k=200: .*(GiB|min of work)/);
    await expectUsage(['generate', 'ft3:k=200', '-o', join(dir, 'x.json')], /ft3:k=200: the model and its export needs about 9\.1 GiB, over the 8 GiB limit/);
  });

  // the issue's own command lines through the real bin (Node's default heap, the bin's supervision), each refused
  // up front: none may run, hang or abort
  it.each([
    ['fail ft3:k=180 --links 1', ['fail', 'ft3:k=180', '--links', '1'], /fail ft3:k=180: estimated [\d.]+ h of work \(2 runs × [\d.e]+ arc visits\), over the 5 min limit; raise it with --max-work <minutes>/],
    ['traffic ft3:k=200 --pattern uniform', ['traffic', 'ft3:k=200', '--pattern', 'uniform'], /traffic ft3:k=200: estimated \d+ min of work .*over the 5 min limit; raise it with --max-work <minutes>/],
    ['generate ft3:k=200 -o x.json', ['generate', 'ft3:k=200', '-o', 'x.json'], /ft3:k=200: the model and its export needs about 9\.1 GiB, over the 8 GiB limit; raise it with --max-memory/],
    ['a composite workload that includes itself (YAML alias)', ['traffic', 'ft2:k=8', '--workload', 'CYC'], /workload file ".*cyc\.yaml": components\[0\]\.components\[0\].* is nested deeper than 64 levels; allowed: at most 64/],
  ])('bin: %s', (_n, args, pattern) => {
    const cyc = file('cyc.yaml', 'kind: composite\ncomponents: &c\n  - kind: composite\n    components: *c\n');
    const r = bin(args.map((a) => (a === 'CYC' ? cyc : a)), { timeout: 20_000 });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
    expect(r.ms).toBeLessThan(5000);
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
  });

  it('an imported graph declaring 3·10⁸ hosts', async () => {
    await expectUsage(['traffic', twoHosts('g3e8.json', {}, 3e8), '--pattern', 'uniform'], /node "b"\.host = 300000000: must be an integer from 0 to 2/);
  });
});

describe('issue 17: symlink-safe atomic writes', () => {
  it('a symlink planted at the old temporary name is neither followed nor left behind', async () => {
    const d = mkdtempSync(join(dir, 'sym-'));
    const victim = join(d, 'victim.txt');
    writeFileSync(victim, 'precious');
    const out = join(d, 'out.json');
    // the name the old writer used, for this very process (the command runs in-process)
    symlinkSync(victim, `${out}.tmp-${process.pid}`);
    const r = await runCli(['generate', 'ft2:k=4', '-o', out]);
    expect(r.code).toBe(0);
    expect(lstatSync(out).isFile()).toBe(true);
    expect(JSON.parse(readFileSync(out, 'utf8')).nodes.length).toBe(8 + 6 + 1); // 8 endpoints, 4 leaves + 2 spines, 1 host hub (k=4, G=8)
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readdirSync(d).sort()).toEqual(['out.json', `out.json.tmp-${process.pid}`, 'victim.txt']);
  });

  it('an output that is a symlink is replaced by a regular file; its destination is untouched', async () => {
    const d = mkdtempSync(join(dir, 'sym2-'));
    const victim = join(d, 'victim.txt');
    writeFileSync(victim, 'precious');
    const out = join(d, 'out.txt');
    symlinkSync(victim, out);
    const r = await runCli(['compare', 'ft2:k=4', '--csv', '-o', out]);
    expect(r.code).toBe(0);
    expect(lstatSync(out).isSymbolicLink()).toBe(false);
    expect(readFileSync(out, 'utf8')).toMatch(/^metric,ft2:k=4\n/);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
  });
});

describe('issue 18: imported graphs', () => {
  const gml = (name: string, nodes: string, edges: string) =>
    file(
      name,
      `<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
<key id="kind" for="node" attr.name="kind" attr.type="string"/><key id="tier" for="node" attr.name="tier" attr.type="int"/>
<key id="radix" for="node" attr.name="radix" attr.type="int"/><key id="host" for="node" attr.name="host" attr.type="double"/>
<key id="gpu" for="node" attr.name="gpu" attr.type="double"/>
<graph edgedefault="undirected">
<node id="s"><data key="kind">switch</data><data key="tier">1</data><data key="radix">8</data></node>
${nodes}
${edges}
</graph></graphml>`,
    );
  const gEp = (id: string, host: string, gpu = '0') => `<node id="${id}"><data key="kind">endpoint</data><data key="host">${host}</data><data key="gpu">${gpu}</data></node>`;

  it.each([
    ['host: 1e9', () => twoHosts('h1e9.json', {}, 1e9), /node "b"\.host = 1000000000: must be an integer from 0 to 2/],
    ['host: 2e9', () => twoHosts('h2e9.json', {}, 2e9), /node "b"\.host = 2000000000: must be an integer from 0 to 2/],
    ['host: 4294967296 (would wrap to 0)', () => twoHosts('hwrap.json', {}, 4294967296), /node "b"\.host = 4294967296/],
    ['host: 1e15', () => twoHosts('h1e15.json', {}, 1e15), /node "b"\.host = 1000000000000000/],
    ['a sparse host index', () => twoHosts('hsparse.json', {}, 2), /node "b"\.host = 2: host indices must be dense: 2 hosts are numbered 0\.\.1/],
    ['gpusPerHost: 1e12', () => twoHosts('gph.json', { gpusPerHost: 1e12 }), /graph\.gpusPerHost = 1000000000000: must be an integer from 1 to 2/],
    ['nicGbps: -1', () => twoHosts('nic.json', { nicGbps: -1 }), /graph\.nicGbps = -1: must be a number > 0 and <= 100000/],
    ['planes: 1e9', () => twoHosts('planes.json', { planes: 1e9 }), /graph\.planes = 1000000000: must be an integer from 1 to 1/],
    ['GraphML gpu: 1e9', () => gml('gpu.graphml', gEp('a', '0', '1e9'), '<edge source="a" target="s"/>'), /node "a"\.gpu = 1000000000: must be an integer from 0 to 1/],
    ['GraphML self-loop', () => gml('self.graphml', gEp('a', '0'), '<edge source="a" target="s"/><edge source="s" target="s"/>'), /edge "s"–"s" = "s": a self-loop/],
    ['GraphML duplicate edge', () => gml('dup.graphml', gEp('a', '0'), '<edge source="a" target="s"/><edge source="a" target="s"/>'), /edge "a"–"s" = "a~s": a duplicate edge/],
    ['JSON self-loop', () => graph('self.json', { nodes: [sw('s'), ep('a', 0)], edges: [{ source: 'a', target: 's' }, { source: 's', target: 's' }] }), /edge "s"–"s" = "s": a self-loop/],
    ['JSON duplicate edge', () => graph('dup.json', { nodes: [sw('s'), ep('a', 0)], edges: [{ source: 'a', target: 's' }, { source: 's', target: 'a' }] }), /edge "s"–"a" = "s~a": a duplicate edge/],
    [
      'ids with ~ that would collide in edge keys',
      () => graph('tilde.json', { nodes: [sw('a'), sw('b~c'), sw('a~b'), sw('c')], edges: [{ source: 'a', target: 'b~c' }, { source: 'a~b', target: 'c' }] }),
      /node "b~c"\.key = "b~c": node ids may not contain "~"/,
    ],
    [
      'uneven planes (host 1 has its NICs on the other planes)',
      () =>
        graph('uneven.json', {
          nodes: [sw('s0', 8, { plane: 0 }), sw('s1', 8, { plane: 1 }), ep('a', 0, 0, { plane: 0 }), ep('b', 0, 1, { plane: 1 }), ep('c', 1, 0, { plane: 1 }), ep('d', 1, 1, { plane: 0 })],
          edges: [{ source: 'a', target: 's0' }, { source: 'b', target: 's1' }, { source: 'c', target: 's1' }, { source: 'd', target: 's0' }],
        }),
      /node "c"\.plane = 1: uneven planes: GPU 0 of another host is on plane 0/,
    ],
    [
      'uneven planes (host 1 lacks a plane)',
      () =>
        graph('uneven2.json', {
          nodes: [sw('s0', 8, { plane: 0 }), sw('s1', 8, { plane: 1 }), ep('a', 0, 0, { plane: 0 }), ep('b', 0, 1, { plane: 1 }), ep('c', 1, 0, { plane: 0 })],
          edges: [{ source: 'a', target: 's0' }, { source: 'b', target: 's1' }, { source: 'c', target: 's0' }],
        }),
      /host 1\.endpoints = 1: uneven planes: every host needs a NIC for each of the 2 GPU indices in use/,
    ],
  ])('%s: exit 2 in under 5 s and 200 MB', (_n, make, pattern) => {
    const r = bin(['traffic', make(), '--pattern', 'permutation']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
    expect(r.ms).toBeLessThan(5000);
    expect(r.rssMB).toBeLessThan(200);
  });

  it('the file size is checked against --max-memory before parsing', async () => {
    // 2 MB of GraphML: reading it costs 150 MB + 150 B per byte ≈ 450 MB > 0.2 GiB (the guard's import model)
    const pad = `<!-- ${'x'.repeat(2_000_000)} -->`;
    const big = gml('big.graphml', gEp('a', '0') + pad, '<edge source="a" target="s"/>');
    const r = bin(['analyze', big, '--max-memory', '0.2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/big\.graphml: reading it needs about 0\.4 GiB, over the 0\.2 GiB limit/);
    expect(r.rssMB).toBeLessThan(200);
  });
});

describe('issue 18: output paths, checked before the work starts', () => {
  const sub = mkdtempSync(join(dir, 'out-'));
  it.each([
    ['a missing directory', ['generate', 'ft2:k=4', '-o', join(sub, 'missing-dir/out.json')], /--out = ".*missing-dir\/out\.json": directory ".*missing-dir" does not exist; create it first/],
    ['a directory', ['generate', 'ft2:k=4', '-o', sub], /--out = ".*": is a directory; give a file name/],
    ['a directory with a slash', ['generate', 'ft2:k=4', '-o', sub + '/'], /is a directory; give a file name/],
    ['an empty path', ['generate', 'ft2:k=4', '-o', ''], /--out = "": an empty path; give a file name/],
    ['/proc/version', ['generate', 'ft2:k=4', '-o', '/proc/version'], /--out = "\/proc\/version": is a system file/],
    ['compare -o to a directory', ['compare', 'ft2:k=4', '-o', sub], /--out = ".*": is a directory/],
    ['report -o to /proc', ['report', 'ft2:k=4', '-o', '/proc/version'], /--out = "\/proc\/version": is a system file/],
    ['plan --html to a missing directory (before 8 s of planning)', ['plan', '--gpus', '16384', '--html', join(sub, 'nope/p.html')], /--html = ".*nope\/p\.html": directory ".*nope" does not exist/],
    ['plan --html ""', ['plan', '--gpus', '64', '--html', ''], /--html = "": an empty path/],
  ])('%s', async (_n, args, pattern) => {
    await expectUsage(args, pattern, 2000);
  });

  it('an unwritable directory (EACCES)', async () => {
    const ro = join(sub, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o500);
    const args = ['generate', 'ft2:k=4', '-o', join(ro, 'g.json')];
    const pattern = /directory ".*ro" is not writable/;
    if (process.getuid?.() !== 0) {
      await expectUsage(args, pattern);
      return;
    }
    // root writes anywhere (CAP_DAC_OVERRIDE), and CI runs as root: run the bundled bin as nobody instead. The
    // checkout may sit where nobody cannot read it, so the installed shape of the package (package.json, the
    // bundle in dist/cli/, which inlines its dependencies, and the data folders) is copied into the scratch
    // directory, opened to nobody, which still cannot write into ro/
    const pkgDir = join(dir, 'nobody-pkg');
    for (const f of ['package.json', 'dist/cli', 'topologies', 'pricebooks', 'workloads']) cpSync(join(root, f), join(pkgDir, f), { recursive: true });
    execFileSync('chmod', ['-R', 'a+rX', pkgDir]);
    for (const d of [dir, sub]) chmodSync(d, 0o755);
    const asNobody = (argv: string[]) => spawnSync(process.execPath, [join(pkgDir, 'dist/cli/main.mjs'), ...argv], { uid: 65534, gid: 65534, encoding: 'utf8', cwd: dir, timeout: 30_000 });
    // the copy works for nobody: a report into a directory anyone may write
    const open = join(sub, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    const probe = asNobody(['generate', 'ft2:k=4', '-o', join(open, 'g.json')]);
    expect(probe.status, `nobody runs the copied bin: ${probe.stderr}`).toBe(0);
    expect(JSON.parse(readFileSync(join(open, 'g.json'), 'utf8')).nodes.length).toBe(8 + 6 + 1); // 8 NICs, 4 + 2 switches, 1 hub
    const r = asNobody(args);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
    expect(existsSync(join(ro, 'g.json'))).toBe(false);
  });

  it('the output may not overwrite an input', async () => {
    const spec = file('spec.yaml', 'family: ft2\nk: 4\n');
    await expectUsage(['generate', spec, '-o', spec], /--out = ".*spec\.yaml": is an input of this command; write to another file/);
    expect(readFileSync(spec, 'utf8')).toBe('family: ft2\nk: 4\n');
    await expectUsage(['compare', spec, '-o', spec], /is an input of this command/);
  });

  it('SIGTERM and SIGINT during a write remove the temporary file', async () => {
    // On a loaded machine the write can finish between seeing the temp directory and the signal landing;
    // such an attempt proves nothing about the handler, so it only has to leave no temp behind, and the
    // case is tried again until one signal lands during the write.
    for (const [sig, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
      let landed = false;
      for (let attempt = 0; attempt < 6 && !landed; attempt++) {
        const d = mkdtempSync(join(dir, `sig-${sig}-`));
        const child = spawn(process.execPath, [main, 'generate', 'ft3:k=40', '--format', 'graphml', '-o', join(d, 'out.graphml')], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (b) => (stderr += b));
        const done = new Promise<number | null>((res) => child.on('exit', (c) => res(c)));
        let sent = false;
        for (let i = 0; i < 3000 && !sent && child.exitCode === null; i++) {
          if (readdirSync(d).some((f) => f.includes('.tmp-'))) {
            child.kill(sig);
            sent = true;
          } else await new Promise((r) => setTimeout(r, 10));
        }
        const exit = await done;
        expect(readdirSync(d).filter((f) => f.includes('.tmp-'))).toEqual([]);
        if (sent && /stopped by/.test(stderr)) {
          landed = true;
          expect(exit).toBe(code);
          expect(readdirSync(d)).toEqual([]);
          expect(stderr).toMatch(new RegExp(`stopped by ${sig}; temporary output removed`));
        }
      }
      expect(landed, `a ${sig} landed during the write in one of 6 attempts`).toBe(true);
    }
  }, 120_000);
});

describe('issue 18: flags and workloads', () => {
  it('tpot --workload <missing file> without a topology', async () => {
    await expectUsage(['tpot', '--workload', '/nonexistent/file.yaml'], /workload "\/nonexistent\/file\.yaml": not a preset \(.*\) or an existing file/);
  });

  it.each([
    ['plane=99', /--fail "plane=99": applies to none of the fabrics \(ft2:k=4: --plane = 99: ft2:k=4 has no planes\)/],
    ['remove=nosuch', /--fail "remove=nosuch": applies to none of the fabrics .*no switch or link with that id/],
    ['tier=core,switches=1', /--fail "tier=core,switches=1": applies to none of the fabrics .*only 0 core switches/],
    ['', /--fail "": empty; give a scenario such as plane=0/],
    ['trials=0,links=1', /--fail trials=0: must be a whole number from 1 to 10000/],
    ['links=1,seed=1234567890123456789012345', /--fail seed=1234567890123456789012345: must be a whole number from 0 to 9007199254740991/],
    ['tier=constructor,switches=1', /--fail tier=constructor: allowed: leaf, spine, core/],
    ['links=1,links=2', /--fail links=2: links given twice/],
  ])('report --fail %j is a usage error, as in fail', async (scenario, pattern) => {
    await expectUsage(['report', 'ft2:k=4', '--fail', scenario, '-o', join(dir, 'rf.html')], pattern);
  });

  it('plan --json --markdown conflict, like compare', async () => {
    await expectUsage(['plan', '--gpus', '64', '--json', '--markdown'], /give at most one of --json, --markdown/);
    await expectUsage(['compare', 'ft2:k=4', '--json', '--markdown'], /give at most one of --json, --csv, --markdown/);
  });

  it('compare --workload says why a column is n/a', async () => {
    const r = await runCli(['compare', 'ft2:k=8', 'ft2:k=16', '--workload', file('ep64.yaml', 'kind: ep\nep: 64\n')]);
    expect(r.code).toBe(0);
    // ft2:k=8 has 32 GPUs (k²/2): too few for one EP group of 64; ft2:k=16 has 128
    expect(r.stdout).toMatch(/note \(ft2:k=8\): comm time \(ep64\) n\/a: workload\.ep = 64: larger than the 32 GPUs available/);
    expect(r.stdout).not.toMatch(/note \(ft2:k=16\): comm time/);
  });
});

describe('issue 14: a closed stdout ends the process quietly with status 0', () => {
  it.each([
    ['presets | head -1', 'presets', 'head -1'],
    ['generate ft2-64 | head -c 100', 'generate ft2-64', 'head -c 100'],
    ['help traffic | head -3', 'help traffic', 'head -3'],
  ])('%s', (_n, args, reader) => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${main}" ${args} 2>"${dir}/epipe.err" | ${reader} >/dev/null; echo "\${PIPESTATUS[0]}"`], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stdout.trim()).toBe('0');
    expect(readFileSync(join(dir, 'epipe.err'), 'utf8')).toBe('');
  });
});
