/**
 * A family defined in this file alone (a ring of n switches with p endpoints each) goes through every
 * command's library entry point: spec, analyze, compare, traffic, fail, plan and report. Nothing in src/
 * knows its name. Every figure below is worked out by hand from the ring's structure.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { analyze, compile } from '../../src/analysis/analyze.js';
import { compareTopologies } from '../../src/analysis/compare.js';
import { failureAnalysis, parseScenario } from '../../src/analysis/failures.js';
import { plan } from '../../src/plan/plan.js';
import { buildReport } from '../../src/render/report/index.js';
import { commonShape, evenRadix, ceilDiv, type Family } from '../../src/topology/family.js';
import { addBundle, addHostScaleUp, familyFabric, type Fabric } from '../../src/topology/model.js';
import { loadPricebook } from '../../src/topology/pricebook.js';
import { getFamily, registerFamily, unregisterFamily, familyNames } from '../../src/topology/registry.js';
import { resolveTopology } from '../../src/topology/spec.js';
import { runTraffic } from '../../src/traffic/run.js';
import { runCli } from '../helpers/run.js';

const ringSchema = z
  .object({ k: evenRadix(16), n: z.number().int().min(3).max(64).default(6), p: z.number().int().min(1).default(4), ...commonShape })
  .strict()
  .refine((r) => r.p + 2 <= r.k, { message: 'p + 2 ring ports must fit the radix', path: ['p'] });
type RingParams = z.output<typeof ringSchema>;

const ring: Family<RingParams> = {
  name: 'ring',
  summary: 'toy: a ring of n switches, p endpoints each',
  citation: 'a test fixture',
  schema: ringSchema as unknown as z.ZodType<RingParams>,
  counts: (r) => ({ endpoints: r.n * r.p, hosts: ceilDiv(r.n * r.p, r.gpusPerHost), switches: r.n, switchesByTier: { tier1: r.n }, links: r.n, endpointLinks: r.n * r.p }),
  build(r, name): Fabric {
    const f = familyFabric('ring', name, r, ceilDiv(r.n * r.p, r.gpusPerHost));
    for (let i = 0; i < r.n; i++) f.addNode(`ring${i}`, { kind: 'switch', tier: 1, role: 'router', radix: r.k });
    for (let i = 0; i < r.n; i++) addBundle(f, `ring${i}`, `ring${(i + 1) % r.n}`, 1, r.nicGbps, 'router');
    for (let e = 0; e < r.n * r.p; e++) addBundle(f, addHostScaleUp(f, Math.floor(e / r.gpusPerHost), e % r.gpusPerHost), `ring${Math.floor(e / r.p)}`, 1, r.nicGbps, 'endpoint');
    return f;
  },
  // halves of n/2 consecutive switches: two ring links cross
  bisection: (r) => ({ gbps: r.n % 2 === 0 ? Math.min(2, (r.n * r.p) / 2) * r.nicGbps : null, basis: 'two ring links' }),
  sizing: ({ gpus, radix }) => {
    const p = radix / 2;
    const n = Math.max(3, Math.ceil(gpus / p));
    return n <= 64 ? [{ design: `Ring (n=${n})`, params: { k: radix, n, p }, capacity: 64 * p }] : [{ design: 'Ring', reason: 'at most 64 switches', largest: 64 * p }];
  },
  construction: (r) => `ring of ${r.n}`,
};

const NIC_BYTES_PER_S = 400e9 / 8;

describe('a toy family registered from a test file', () => {
  beforeAll(() => registerFamily(ring));
  afterAll(() => unregisterFamily('ring'));

  it('is found by name, and only by its own name (prototype keys are not families)', () => {
    expect(getFamily('ring')).toBe(ring);
    expect(familyNames()).toContain('ring');
    expect(getFamily('__proto__')).toBeUndefined();
    expect(getFamily('constructor')).toBeUndefined();
    expect(() => resolveTopology('constructor:k=4')).toThrow(/not a preset, file or family/);
  });

  it('analyze: counts, diameter, mean hops and bisection of a 6-ring with 4 endpoints per switch', () => {
    const [spec] = resolveTopology('ring:n=6,p=4,gpusPerHost=2');
    const a = analyze(spec, { pricebook: loadPricebook() });
    expect(a.counts).toMatchObject({ endpoints: 24, switches: 6, links: 6, endpointLinks: 24, hosts: 12, source: 'graph' });
    // farthest switches are 3 ring hops apart, plus the two NIC links
    expect(a.paths!.diameterHops).toBe(5);
    // from one endpoint: 3 others on its switch (2 links), 8 at ring distance 1 (3), 8 at 2 (4), 4 at 3 (5)
    expect(a.paths!.meanEndpointHops).toBeCloseTo((3 * 2 + 8 * 3 + 8 * 4 + 4 * 5) / 23, 9);
    // switches 0–2 against 3–5: links 2–3 and 5–0 cross
    expect(a.bisection!.cutGbps).toBe(800);
    expect(a.bisection!.theoreticalGbps).toBe(800);
    expect(a.bisection!.cut.halves).toBe('leaves');
    expect(a.bisection!.cut.crossingLinks).toBe(2);
    expect(a.bisection!.perEndpointGbps).toBeCloseTo(800 / 12, 9);
  });

  it('compare: the family names its construction; counts sit next to a fat-tree column', () => {
    const specs = [...resolveTopology('ring:n=6,p=4,gpusPerHost=2'), ...resolveTopology('ft2:k=8')];
    const c = compareTopologies(specs, { pricebook: loadPricebook() });
    const row = (k: string) => c.rows.find((r) => r.key === k)!.values;
    expect(row('construction')).toEqual(['ring of 6', 'ft2']);
    expect(row('endpoints')).toEqual([24, 32]);
    expect(row('switches')).toEqual([6, 12]);
    expect(row('links')).toEqual([6, 32]);
  });

  it('cost: priced on the floor plan from its graph alone (the family has no cabling code)', () => {
    const [spec] = resolveTopology('ring:n=6,p=4,gpusPerHost=2');
    const a = analyze(spec, { paths: false, pricebook: loadPricebook() });
    const bom = a.bom as { floor: { convention: string; hostRacks: number; switchRacks: number }; cables: { electric: { count: number; totalM: number }; optical: { count: number } }; power: { watts: number } };
    const cost = a.cost as { totalUSD: number };
    // 12 hosts, 8 per rack: 2 host racks in one row, the switch rack between them (x = 0 | 1 | 2); switch i
    // serves hosts 2i, 2i+1 and stands in that switch rack. 24 NIC cables of one rack width + slack
    // (0.6 + 2 m), 6 ring links inside the switch rack (2 m); all within the 5 m electric reach.
    expect(bom.floor).toMatchObject({ convention: 'floor plan', hostRacks: 2, switchRacks: 1 });
    expect(bom.cables.optical.count).toBe(0);
    expect(bom.cables.electric.count).toBe(30);
    expect(bom.cables.electric.totalM).toBeCloseTo(24 * 2.6 + 6 * 2, 9);
    // slimfly-sc14: switch 350.4 $/port − 892.3 $, copper (0.4079 $/m + 0.5771 $) per Gb/s, NICs unpriced
    const usd = 6 * (350.4 * 16 - 892.3) + 400 * (0.4079 * (24 * 2.6 + 6 * 2) + 0.5771 * 30);
    expect(cost.totalUSD).toBeCloseTo(usd, 6);
    // 10 W/port + 100 W per switch, 25 W per NIC port, no transceivers
    expect(bom.power.watts).toBe(6 * (10 * 16 + 100) + 24 * 25);
  });

  it('traffic: uniform all-to-all is bound by a ring link carrying 4.5 switch pairs of 16 flows', () => {
    const c = compile(resolveTopology('ring:n=6,p=4,gpusPerHost=2')[0]);
    const r = runTraffic(c, { kind: 'uniform', name: 'u', bytesPerPair: 1e6 });
    // a directed ring link carries pairs 1 apart (1), 2 apart (2) and half of those 3 apart (3 · ½),
    // each 4 × 4 endpoint pairs of 1 MB; a NIC carries only 22 MB
    expect(r.congestion.timeSeconds).toBeCloseTo((4.5 * 16 * 1e6) / NIC_BYTES_PER_S, 12);
    expect(r.congestion.bottleneck!.kind).toBe('fabric');
  });

  it('fail: with link 2–3 down the ring is a path, the cut halves and uniform time doubles', () => {
    const c = compile(resolveTopology('ring:n=6,p=4,gpusPerHost=2')[0]);
    const f = parseScenario('remove=ring2~ring3');
    const rep = failureAnalysis(c, f.scenario, { trials: f.trials, seed: f.seed });
    expect(rep.summary.bisectionGbps.healthy).toBe(800);
    expect(rep.summary.bisectionGbps.mean).toBe(400);
    // healthy: 4.5 switch pairs on the busiest link; path 3-4-5-0-1-2: 3 × 3 pairs cross its middle link 5–0
    const S = 1 << 20;
    expect(rep.summary.uniformSeconds.healthy).toBeCloseTo((4.5 * 16 * S) / NIC_BYTES_PER_S, 12);
    expect(rep.summary.uniformSeconds.mean).toBeCloseTo((9 * 16 * S) / NIC_BYTES_PER_S, 12);
    expect(rep.summary.unreachablePairs.mean).toBe(0);
  });

  it('plan: the family sizes itself for 48 GPUs at radix 16 and is ranked with the others', () => {
    const r = plan({ gpus: 48, gpusPerHost: 2, nicGbps: 400, radix: 16, maxOversubscription: 1, pricebook: loadPricebook() });
    const e = r.candidates.find((x) => x.family === 'ring')!;
    expect(e.design).toBe('Ring (n=6)');
    expect([e.switches, e.links, e.endpointLinks, e.capacity]).toEqual([6, 6, 48, 512]);
    // halves of 3 switches × 8 endpoints: 24 · 24 pairs of 1 MiB through two 400 Gb/s links (the NICs carry 46 MiB)
    const S = 1 << 20;
    expect(e.timeSeconds).toBeCloseTo((24 * 24 * S) / ((800e9) / 8), 12);
    expect(e.bisectionFraction).toBeCloseTo(800 / 24 / 400, 12);
    // router ring0 down: only link 2–3 still joins the halves
    expect(e.failure!.scenario).toBe('1 router down (ring0)');
    expect(e.failure!.increase).toBeCloseTo(1, 12);
  });

  it('report: the page carries the ring, its counts and its traffic', () => {
    const [spec] = resolveTopology('ring:n=6,p=4,gpusPerHost=2');
    const r = buildReport([spec], { workload: { kind: 'uniform', name: 'u', bytesPerPair: 1e6 } as never, stamp: 'test' });
    const t = r.topologies[0];
    expect(t.analysis.counts.switches).toBe(6);
    expect(t.traffic!.congestion.timeSeconds).toBeCloseTo((4.5 * 16 * 1e6) / NIC_BYTES_PER_S, 12);
    expect(t.view!.switchNames.slice().sort()).toEqual(['ring0', 'ring1', 'ring2', 'ring3', 'ring4', 'ring5']);
    expect(r.html).toContain('ring of 6');
  });

  it('the CLI, in-process, runs every topology command on it', async () => {
    const ring = 'ring:n=6,p=4,gpusPerHost=2';
    const ok = async (argv: string[]) => {
      const r = await runCli(argv);
      expect({ argv, code: r.code, stderr: r.stderr.replace(/^wrote .*\n/m, '') }).toEqual({ argv, code: 0, stderr: '' });
      return r.stdout;
    };
    expect((await ok(['presets'])).split('\n').some((l) => /\bring\b.*toy: a ring of n switches/.test(l))).toBe(true);
    const a = JSON.parse(await ok(['analyze', ring, '--json']));
    expect([a.counts.switches, a.counts.links, a.bisection.cutGbps, a.paths.diameterHops]).toEqual([6, 6, 800, 5]);
    const g = JSON.parse(await ok(['generate', ring, '--format', 'json']));
    // 24 endpoints, 12 NVLink hubs, 6 switches; 6 ring links, 24 NIC links, 24 NVLink spokes
    expect([g.nodes.length, g.edges.length]).toEqual([24 + 12 + 6, 6 + 24 + 24]);
    const csv = await ok(['compare', ring, 'ft2:k=8', '--csv']);
    expect(csv.split('\n').find((l) => l.startsWith('construction,'))).toBe('construction,ring of 6,ft2');
    const t = JSON.parse(await ok(['traffic', ring, '--pattern', 'uniform', '--bytes', '1000000', '--json']));
    expect(t.congestion.timeSeconds).toBeCloseTo((4.5 * 16 * 1e6) / NIC_BYTES_PER_S, 12);
    const f = JSON.parse(await ok(['fail', ring, '--remove', 'ring2~ring3', '--json']));
    expect([f.summary.bisectionGbps.healthy, f.summary.bisectionGbps.mean]).toEqual([800, 400]);
    const pl = JSON.parse(await ok(['plan', '--gpus', '48', '--gpus-per-host', '2', '--radix', '16', '--json']));
    expect(pl.candidates.find((e: { family: string }) => e.family === 'ring')).toMatchObject({ design: 'Ring (n=6)', switches: 6, links: 6 });
    const dir = mkdtempSync(join(tmpdir(), 'toy-report-'));
    try {
      await ok(['report', ring, '--workload', 'uniform', '-o', join(dir, 'r.html')]);
      expect(readFileSync(join(dir, 'r.html'), 'utf8')).toContain('ring of 6');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
