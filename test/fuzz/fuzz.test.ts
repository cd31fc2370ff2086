/**
 * Seeded fuzz of the CLI's input surface: inline specs, spec files, workloads, imported graphs (JSON and
 * GraphML: random ids, indices, attributes, duplicate and self edges), flags and output paths.
 * Every run must leave Object.prototype as it was (no prototype pollution) and end in exit 0 or 2; on 2 with exactly one stderr line starting `topoplan: `; never an
 * internal error or a stack frame; within a time bound.
 *
 * Cases run in-process through run() (the bin's entry point). In `npm test` the property stops after
 * ~30 s; `npm run fuzz` sets FUZZ_RUNS (10,000) and FUZZ_SECONDS (0 = no limit). The seed is
 * FUZZ_SEED (default 20261202); a failure prints the seed and the path fast-check needs to replay it.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, usageErrorProblems, type RunResult } from '../helpers/run.js';
import { root } from '../helpers/cli.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const RUNS = Number(process.env.FUZZ_RUNS ?? 100_000);
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 30);
/** per case: the guards below allow ~3 s of estimated work; a shared 2-core machine may be 3× slower */
const CASE_MS = 15_000;

const dir = mkdtempSync(join(tmpdir(), 'topoplan-fuzz-'));
mkdirSync(join(dir, 'a-dir'));
writeFileSync(join(dir, 'victim.txt'), 'precious');
symlinkSync(join(dir, 'victim.txt'), join(dir, 'link.txt'));
let serial = 0;
/** each case gets fresh names: an imported fabric is cached by path */
const fresh = (ext: string) => join(dir, `case-${serial++}.${ext}`);

// ---------- values ----------
const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', ' ', 'k k', 'a.b', 'a~b');
const number = fc.oneof(
  fc.integer({ min: -3, max: 70 }),
  fc.constantFrom(0, 1, 2, 4, 6, 8, 16, 64, 1024, 1e9, 2 ** 32, 1e15, 1e308, -1, 0.5, 3.7),
  fc.double({ noDefaultInfinity: false }),
);
const scalarText = fc.oneof(
  number.map(String),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', 'true', 'false', '', ' ', '1e999', '0x10', '08', '1_000', 'null', '[]', '{}', '!foo', '&a', '*a', '"'),
  fc.string({ maxLength: 8 }),
);
const familyName = fc.constantFrom('ft2', 'ft3', 'mpft', 'mrft', 'railonly', 'dragonfly', 'slimfly', 'imported', 'torus', '__proto__', 'constructor', 'toString', '');
const specKey = fc.oneof(
  fc.constantFrom('k', 'endpoints', 'oversubscription', 'planes', 'gpusPerHost', 'nicGbps', 'nvlinkGbps', 'suHosts', 'sus', 'a', 'p', 'h', 'g', 'q', 'file', 'arrangement'),
  hostileKey,
);

// ---------- inline specs ----------
const inlineSpec = fc
  .tuple(familyName, fc.array(fc.tuple(specKey, scalarText), { maxLength: 4 }), fc.boolean())
  .map(([f, kv, colon]) => (colon || kv.length ? `${f}:${kv.map(([k, v]) => `${k}=${v}`).join(',')}` : f));

// ---------- spec files ----------
const jsonish: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, number, fc.string({ maxLength: 6 }), fc.boolean(), fc.constant(null), tie('arr'), tie('obj')),
  arr: fc.array(tie('value'), { maxLength: 3 }),
  obj: fc.dictionary(fc.oneof(specKey, fc.string({ maxLength: 5 })), tie('value'), { maxKeys: 4 }),
})).value;

const specDoc = fc.record(
  { family: fc.oneof(familyName, number, fc.constant(undefined)), name: fc.option(fc.string({ maxLength: 6 }), { nil: undefined }) },
  { requiredKeys: [] },
).chain((base) => fc.dictionary(specKey, fc.oneof(number, fc.string({ maxLength: 5 }), jsonish), { maxKeys: 4 }).map((rest) => ({ ...rest, ...base })));

type FileCase = { ext: string; text: string };
const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const specFile: fc.Arbitrary<FileCase> = fc.oneof(
  specDoc.map((d) => ({ ext: 'json', text: JSON.stringify(d) })),
  specDoc.map((d) => ({ ext: 'yaml', text: Object.entries(d).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n') + '\n' })),
  fc.constantFrom(
    { ext: 'yaml', text: 'family: !foo ft2\nk: 8\n' },
    { ext: 'yaml', text: 'a: &a [1]\nb: [*a, *a, *a]\nfamily: ft2\n' },
    { ext: 'yaml', text: 'family: ft2\nk: 4\nk: 8\n' },
    { ext: 'json', text: `{"family":"ft2","k":${deep(5000)}}` },
    { ext: 'yaml', text: 'members:\n  - SELF\n' },
    { ext: 'yaml', text: '- 1\n- 2\n' },
    { ext: 'json', text: '' },
    { ext: 'yaml', text: '\u0000\u0001' },
  ),
  fc.string({ maxLength: 40 }).map((text) => ({ ext: 'yaml', text })),
);

// ---------- workloads ----------
const workloadDoc = fc.oneof(
  fc.record(
    {
      kind: fc.constantFrom('ep', 'pp', 'uniform', 'permutation', 'composite', 'torus', '__proto__'),
      ep: number,
      pp: number,
      experts: number,
      topk: number,
      tokensPerGpu: number,
      sampleTokensPerGpu: number,
      gating: fc.constantFrom('expected', 'sampled', 'x'),
      skew: number,
      gpus: number,
      microbatches: number,
      bytesPerPair: number,
      components: fc.array(fc.record({ kind: fc.constantFrom('ep', 'pp', 'uniform'), ep: number, pp: number }, { requiredKeys: ['kind'] }), { maxLength: 2 }),
    },
    { requiredKeys: ['kind'] },
  ),
  jsonish,
);
const workloadFile: fc.Arbitrary<FileCase> = fc.oneof(
  workloadDoc.map((d) => ({ ext: 'json', text: JSON.stringify(d) })),
  fc.constantFrom({ ext: 'yaml', text: 'kind: !ep ep\nep: 8\n' }, { ext: 'yaml', text: `kind: ep\nep: ${deep(300)}\n` }),
);

// ---------- imported graphs ----------
const nodeId = fc.oneof(fc.constantFrom('a', 'b', 'c', 's0', 's1', 'a~b', 'b~c', '~', '', '__proto__', 'constructor', '<x>', '&amp;', '"q"'), fc.string({ maxLength: 4 }));
const index = fc.oneof(fc.nat({ max: 6 }), fc.constantFrom(-1, 0.5, 1e9, 2e9, 4294967296, 1e15, NaN), fc.constantFrom('1', 'x', ''));
const nodeAttrs = fc.oneof(
  fc.record({ kind: fc.constant('endpoint'), host: index, gpu: index, plane: index }, { requiredKeys: ['kind'] }),
  fc.record({ kind: fc.constant('switch'), tier: fc.oneof(fc.constantFrom(1, 2, 3), index), radix: fc.oneof(fc.constantFrom(4, 8, 64), index), plane: index }, { requiredKeys: ['kind'] }),
  fc.record({ kind: fc.constantFrom('nvswitch', 'router', '__proto__'), host: index }, { requiredKeys: ['kind'] }),
);
const graphDoc = fc
  .record({
    attributes: fc.record(
      { gpusPerHost: fc.oneof(index, fc.constant(1e12)), nicGbps: fc.oneof(number, fc.constant(-1)), planes: fc.oneof(index, fc.constant(1e9)), nvlinkGbps: number, radix: index },
      { requiredKeys: [] },
    ),
    nodes: fc.uniqueArray(fc.tuple(nodeId, nodeAttrs), { maxLength: 8, selector: ([id]) => id }),
    edgePicks: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.record({ lanes: index, gbps: number, medium: fc.constantFrom('fabric', 'nvlink', 'x'), layer: fc.constantFrom('endpoint', 'leaf-spine', 'x') }, { requiredKeys: [] })), { maxLength: 10 }),
    selfLoop: fc.boolean(),
    duplicate: fc.boolean(),
  })
  .map(({ attributes, nodes, edgePicks, selfLoop, duplicate }) => {
    const ids = nodes.map(([id]) => id);
    const edges = ids.length ? edgePicks.map(([s, t, a]) => ({ source: ids[s % ids.length], target: ids[t % ids.length], attributes: a })) : [];
    if (selfLoop && ids.length) edges.push({ source: ids[0], target: ids[0], attributes: {} });
    if (duplicate && edges.length) edges.push({ ...edges[0] });
    return { attributes, nodes: nodes.map(([key, attributes]) => ({ key, attributes })), edges };
  });
const xml = (s: unknown) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
function toGraphml(g: { attributes: Record<string, unknown>; nodes: Array<{ key: string; attributes: Record<string, unknown> }>; edges: Array<{ source: string; target: string; attributes: Record<string, unknown> }> }): string {
  const keys = ['kind', 'host', 'gpu', 'plane', 'tier', 'radix', 'lanes', 'gbps', 'medium', 'layer', 'gpusPerHost', 'nicGbps', 'planes'];
  const data = (a: Record<string, unknown>) => Object.entries(a).filter(([k]) => keys.includes(k)).map(([k, v]) => `<data key="${k}">${xml(v)}</data>`).join('');
  return `<?xml version="1.0"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">${keys.map((k) => `<key id="${k}" for="all" attr.name="${k}" attr.type="${['kind', 'medium', 'layer'].includes(k) ? 'string' : 'double'}"/>`).join('')}<graph edgedefault="undirected">${data(g.attributes)}${g.nodes.map((n) => `<node id="${xml(n.key)}">${data(n.attributes)}</node>`).join('')}${g.edges.map((e) => `<edge source="${xml(e.source)}" target="${xml(e.target)}">${data(e.attributes)}</edge>`).join('')}</graph></graphml>`;
}
const graphFile: fc.Arbitrary<FileCase> = fc.tuple(graphDoc, fc.boolean()).map(([g, ml]) => (ml ? { ext: 'graphml', text: toGraphml(g as never) } : { ext: 'json', text: JSON.stringify(g) }));

// ---------- simulator topologies (interop imports: SimAI/ns-3 text, htsim .topo) ----------
const numTok = fc.oneof(fc.nat({ max: 40 }).map(String), fc.constantFrom('-1', '1e9', '4294967296', 'NaN', 'x', '0.5', '100Gbps', '0.0005ms', '0'));
const simaiFile: fc.Arbitrary<FileCase> = fc
  .tuple(fc.array(numTok, { minLength: 5, maxLength: 5 }), fc.array(numTok, { maxLength: 6 }), fc.array(fc.array(numTok, { minLength: 2, maxLength: 5 }), { maxLength: 8 }))
  .map(([head, switches, links]) => ({ ext: 'txt', text: [head.join(' '), switches.join(' '), ...links.map((l) => l.join(' '))].join('\n') + '\n' }));
const htsimFile: fc.Arbitrary<FileCase> = fc
  .array(fc.tuple(fc.constantFrom('Nodes', 'Tiers', 'Podsize', 'Tier', 'Downlink_speed_Gbps', 'Radix_Up', 'Radix_Down', 'Queue_Up', 'Oversubscribed', 'Bundle', 'bogus', '__proto__'), numTok), { maxLength: 10 })
  .map((lines) => ({ ext: 'topo', text: lines.map(([k, v]) => `${k} ${v}`).join('\n') + '\n' }));

// ---------- topology references, flags, output paths ----------
const smallPreset = fc.constantFrom('ft2:k=4', 'ft2:k=8', 'ft3:k=4', 'mpft:k=8,planes=2,gpusPerHost=4', 'railonly:k=8,endpoints=16', 'mrft:k=16,suHosts=8,sus=2', 'dragonfly:p=1,a=2,h=1', 'ft2-64');
type Topo = { kind: 'ref'; ref: string } | { kind: 'file'; file: FileCase };
const topo: fc.Arbitrary<Topo> = fc.oneof(
  { weight: 3, arbitrary: smallPreset.map((ref) => ({ kind: 'ref' as const, ref })) },
  { weight: 3, arbitrary: inlineSpec.map((ref) => ({ kind: 'ref' as const, ref })) },
  { weight: 2, arbitrary: specFile.map((file) => ({ kind: 'file' as const, file })) },
  { weight: 3, arbitrary: graphFile.map((file) => ({ kind: 'file' as const, file })) },
  { weight: 2, arbitrary: fc.oneof(simaiFile, htsimFile).map((file) => ({ kind: 'file' as const, file })) },
  { weight: 1, arbitrary: fc.constantFrom('.', '/dev/null', '/dev/zero', 'nope.yaml', '', 'table3', 'a-dir/').map((ref) => ({ kind: 'ref' as const, ref })) },
);
const outPath = fc.constantFrom('OUT', 'OUT', 'OUT', 'OUT', 'OUT', '', 'a-dir', 'a-dir/', 'missing/x.out', '/proc/version', 'link.txt', 'INPUT', '-');
const seedText = fc.oneof({ weight: 4, arbitrary: fc.nat({ max: 1000 }).map(String) }, { weight: 1, arbitrary: scalarText });
const priceFlag = fc
  .tuple(fc.oneof({ weight: 3, arbitrary: fc.constantFrom('switch.perPortUSD', 'switch.baseUSD', 'nicPerGbps', 'layout.hostsPerRack', 'electricReachM.default', 'opticalCable.perGbps') }, { weight: 1, arbitrary: fc.oneof(hostileKey.map((k) => `${k}.x`), hostileKey) }), fc.oneof(fc.nat({ max: 2000 }).map(String), scalarText))
  .map(([k, v]) => ['--price', `${k}=${v}`]);
const pricebookFlag = fc.constantFrom('slimfly-sc14', 'slimfly-sc14', 'ib-ethernet-2025', '__proto__', '/dev/zero', 'a-dir', '').map((v) => ['--pricebook', v]);
const oneOf = (...xs: Array<fc.Arbitrary<string[]>>) => fc.array(fc.oneof(...xs), { maxLength: 3 }).map((a) => a.flat());
const pick = (...xs: string[][]) => fc.constantFrom(...xs);
/** flags each command takes, mostly valid values and some not; a few flags of other commands */
const extras: Record<string, fc.Arbitrary<string[]>> = {
  analyze: oneOf(pick(['--json'], ['--effective'], ['--bisection-trials', '0'], ['--bisection-trials', '2'], ['--bisection-trials', '-1']), seedText.map((v) => ['--seed', v]), priceFlag, pricebookFlag),
  generate: oneOf(pick(['--format', 'json'], ['--format', 'graphml'], ['--format', 'xml'])),
  traffic: oneOf(pick(['--pattern', 'uniform'], ['--pattern', 'permutation'], ['--pattern', 'x'], ['--routing', 'ecmp-hash'], ['--trials', '2'], ['--trials', '0'], ['--bytes', '1000'], ['--bytes', '0'], ['--json'], ['--top', '3'], ['--no-symmetry']), seedText.map((v) => ['--seed', v])),
  fail: oneOf(pick(['--links', '1'], ['--links', '5%'], ['--links', '200%'], ['--links', '1.5'], ['--switches', '1'], ['--tier', 'spine'], ['--tier', 'core'], ['--plane', '0'], ['--plane', '1'], ['--remove', 'leaf0'], ['--remove', 'nosuch'], ['--trials', '2'], ['--trials', '0'], ['--json'], ['--no-failover']), seedText.map((v) => ['--seed', v])),
  compare: oneOf(pick(['--json'], ['--csv'], ['--markdown'], ['--paths'], ['--pattern', 'uniform'], ['--json', '--markdown']), priceFlag, pricebookFlag),
  report: oneOf(
    fc.constantFrom('plane=0', 'links=1', 'links=1,trials=2', 'switches=1,tier=spine', '', 'trials=0', 'tier=constructor', 'remove=nosuch', 'bogus=1', 'links=1,seed=99999999999999999999').map((v) => ['--fail', v]),
    pick(['--routing', 'ecmp-hash']),
    priceFlag,
    pricebookFlag,
  ),
  tpot: oneOf(pick(['--json'], ['--layers', '3'], ['--layers', '0'], ['--gbps-per-gpu', '50'])),
};
const globalFlags = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(['--max-memory', '0.5'], ['--max-memory', '1'], ['--max-input', '1'], ['--max-input', '0.0001']) },
    { weight: 1, arbitrary: fc.constantFrom(['--max-memory', '-1'], ['--max-memory', 'x'], ['--max-input', '0'], ['--json', '--markdown'], ['--frobnicate']) },
  ),
  { maxLength: 1 },
).map((a) => a.flat());

/** valid choices, so that a case with one hostile part gets past the others to reach deep code */
const validExtras: Record<string, string[][]> = {
  analyze: [[], ['--json'], ['--effective'], ['--bisection-trials', '2'], ['--seed', '7'], ['--pricebook', 'ib-ethernet-2025'], ['--price', 'switch.perPortUSD=400']],
  generate: [[], ['--format', 'json'], ['--format', 'graphml']],
  traffic: [['--pattern', 'uniform'], ['--pattern', 'permutation'], ['--pattern', 'uniform', '--routing', 'ecmp-hash', '--trials', '2'], ['--pattern', 'permutation', '--json', '--top', '3']],
  fail: [['--links', '1'], ['--links', '5%', '--trials', '2'], ['--switches', '1', '--tier', 'spine'], ['--plane', '0'], ['--links', '1', '--json', '--no-failover']],
  compare: [[], ['--json'], ['--csv'], ['--markdown'], ['--pattern', 'uniform']],
  report: [[], ['--fail', 'links=1'], ['--fail', 'links=1,trials=2'], ['--routing', 'ecmp-hash']],
  tpot: [[], ['--json'], ['--layers', '3']],
};
const validWorkload: FileCase[] = [
  { ext: 'yaml', text: 'kind: uniform\nbytesPerPair: 1000\n' },
  { ext: 'yaml', text: 'kind: ep\nep: 8\nexperts: 16\ntopk: 2\ntokensPerGpu: 64\n' },
  { ext: 'yaml', text: 'kind: ep\nep: 8\nexperts: 16\ntopk: 2\ntokensPerGpu: 64\ngating: sampled\nsampleTokensPerGpu: 16\n' },
  { ext: 'json', text: '{"kind":"pp","pp":2,"microbatches":2}' },
  { ext: 'yaml', text: 'kind: permutation\nseed: 3\n' },
];
const hostility = fc.constantFrom('none', 'topo', 'topo', 'topo', 'workload', 'extra', 'out', 'global');

type Case = { cmd: string; h: string; topo: Topo; extra: string[]; out: string; workload?: FileCase; flags: string[] };
const fuzzCase: fc.Arbitrary<Case> = fc
  .tuple(fc.constantFrom('analyze', 'analyze', 'generate', 'traffic', 'traffic', 'fail', 'compare', 'report', 'tpot'), hostility)
  .chain(([cmd, h]) =>
    fc.record({
      cmd: fc.constant(cmd),
      h: fc.constant(h),
      topo: h === 'topo' ? topo : smallPreset.map((ref) => ({ kind: 'ref' as const, ref })),
      extra: h === 'extra' ? extras[cmd] : fc.constantFrom(...validExtras[cmd]),
      out: h === 'out' ? outPath : fc.constant('OUT'),
      workload:
        h === 'workload'
          ? workloadFile
          : cmd === 'tpot'
            ? fc.constant(validWorkload[1])
            : fc.option(fc.constantFrom(...validWorkload), { nil: undefined, freq: 3 }),
      flags: h === 'global' ? globalFlags : fc.constant([] as string[]),
    }),
  );

/** Turns a case into argv, writing its files under fresh names. */
function argvOf(c: Case): string[] {
  let input = '';
  let ref: string;
  if (c.topo.kind === 'file') {
    input = fresh(c.topo.file.ext);
    writeFileSync(input, c.topo.file.text.replace('SELF', input));
    ref = input;
  } else ref = c.topo.ref;
  const argv = [c.cmd, ref, ...c.extra];
  if (c.workload && ['traffic', 'fail', 'compare', 'report', 'tpot'].includes(c.cmd)) {
    const w = fresh(c.workload.ext);
    writeFileSync(w, c.workload.text);
    argv.push('--workload', w);
    if (c.extra.includes('--pattern')) argv.splice(argv.indexOf('--pattern'), 2); // one of the two
  } else if (c.cmd === 'traffic' && !c.extra.includes('--pattern')) argv.push('--pattern', 'uniform');
  if (c.cmd === 'fail' && !c.extra.some((x) => ['--links', '--switches', '--plane', '--remove'].includes(x))) argv.push('--links', '1');
  if (['generate', 'compare', 'report'].includes(c.cmd)) {
    const out = c.out === 'OUT' ? fresh('out') : c.out === 'INPUT' ? input || fresh('out') : c.out.startsWith('/') || c.out === '' || c.out === '-' ? c.out : join(dir, c.out);
    if (!(c.cmd === 'report' && out === '-')) argv.push('-o', out);
  }
  argv.push(...c.flags);
  // bounded guards keep every accepted case small: ~3 s of estimated work, 1 GiB
  if (!c.flags.includes('--max-memory')) argv.push('--max-memory', '1');
  if (['analyze', 'traffic', 'fail', 'report', 'tpot', 'compare'].includes(c.cmd)) argv.push('--max-work', '0.05');
  return argv;
}

/** Object.prototype as it was before any case: a case that adds to it polluted every object after it */
const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort().join();
const arrayProtoKeys = Object.getOwnPropertyNames(Array.prototype).sort().join();

function problems(r: RunResult): string[] {
  if (Object.getOwnPropertyNames(Object.prototype).sort().join() !== protoKeys || Object.getOwnPropertyNames(Array.prototype).sort().join() !== arrayProtoKeys)
    return ['Object.prototype or Array.prototype was modified (prototype pollution)'];
  if (r.code === 0) return r.ms > CASE_MS ? [`took ${r.ms.toFixed(0)} ms`] : [];
  const p = usageErrorProblems(r);
  if (r.ms > CASE_MS) p.push(`took ${r.ms.toFixed(0)} ms`);
  return p;
}

describe('fuzz: the CLI input surface', () => {
  it(`every case exits 0 or 2 with one line (seed ${SEED})`, async () => {
    let count = 0;
    const tally = { 0: 0, 2: 0 } as Record<number, number>;
    const result = await fc.check(
      fc.asyncProperty(fuzzCase, async (c) => {
        const argv = argvOf(c);
        const r = await runCli(argv);
        count++;
        tally[r.code] = (tally[r.code] ?? 0) + 1;
        const p = problems(r);
        if (p.length) throw new Error(`${p.join('; ')}\nargv: ${JSON.stringify(argv)}\nstderr: ${r.stderr.slice(0, 500)}`);
      }),
      { seed: SEED, numRuns: RUNS, ...(SECONDS > 0 ? { interruptAfterTimeLimit: SECONDS * 1000, markInterruptAsFailure: false } : {}), endOnFailure: true },
    );
    process.stderr.write(`fuzz: ${count} cases, seed ${SEED}: exit 0 × ${tally[0]}, exit 2 × ${tally[2]}\n`);
    if (result.failed) throw new Error(`fuzz failed (seed ${SEED}, path ${result.counterexamplePath}): ${String(result.errorInstance).slice(0, 2000)}`);
    // the bound is time, so a slow machine runs fewer; never so few that the property means nothing
    expect(count).toBeGreaterThanOrEqual(Math.min(RUNS, 50));
    // both outcomes occur: the generators reach valid and invalid inputs alike
    expect(tally[0]).toBeGreaterThan(0);
    expect(tally[2]).toBeGreaterThan(0);
  }, (SECONDS > 0 ? SECONDS + 60 : 24 * 3600) * 1000);

  it('the same cases through the real bin give the same exit code (subprocess check)', async () => {
    const cases = fc.sample(fuzzCase, { seed: SEED + 1, numRuns: 6 });
    for (const c of cases) {
      const argv = argvOf(c);
      const inproc = await runCli(argv);
      // re-written inputs get new names, so regenerate argv for the subprocess run
      const argv2 = argvOf(c);
      const sub = spawnSync(process.execPath, [join(root, 'dist/src/cli/main.js'), ...argv2], { encoding: 'utf8', timeout: 60_000, cwd: dir });
      const why = `${JSON.stringify(argv2)}\nsubprocess: ${sub.stderr}\nin-process: ${inproc.stderr}`;
      expect([0, 2], why).toContain(sub.status);
      if (sub.status === 2) expect(sub.stderr.trim().split('\n'), why).toHaveLength(1);
      // the runtime projection depends on the machine's speed at that moment; everything else is deterministic
      if (!/projected/.test(sub.stderr + inproc.stderr)) expect(sub.status, why).toBe(inproc.code);
    }
  }, 300_000);
});
