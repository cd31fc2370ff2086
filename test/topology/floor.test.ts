import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolveTopology } from '../../src/topology/spec.js';
import { buildFabric } from '../../src/topology/build.js';
import { analyze } from '../../src/analysis/analyze.js';
import { floorBom } from '../../src/topology/floor.js';
import { planBom } from '../../src/topology/bom-plan.js';
import { cablePlan, graphPlan, planTotals } from '../../src/topology/cabling.js';
import { costSections } from '../../src/topology/cost-sections.js';
import { addHostScaleUp, addLinks, familyFabric } from '../../src/topology/model.js';
import { loadPricebook, pricebookDir, pricebookNames } from '../../src/topology/pricebook.js';
import { cli } from '../helpers/cli.js';

const spec = (ref: string) => resolveTopology(ref)[0];
const book = loadPricebook();
type Priced = { bom: ReturnType<typeof floorBom>; cost: { totalUSD: number; powerKW: number; tcoUSD: number } };
const onFloor = (ref: string, b = book) => analyze(spec(ref), { paths: false, bisection: false, pricebook: b }) as unknown as Priced;

describe('floor plan by hand', () => {
  // ft2:k=8 with 2 GPUs per host: 32 endpoints on 16 hosts; 2 hosts per rack → 8 host racks, 4 per row → 2 rows.
  // 8 leaves of 4 endpoints (one rack each), 4 spines (8 × 4 uplinks / 8 ports, 4 divides 4).
  // Row layout: host racks at x = 0, 1, the switch rack at x = 2, host racks at x = 3, 4. Leaves 0–3 in row 0,
  // 4–7 in row 1; spines at the mean leaf row 0.5, rounded to row 1, in its switch rack (8 switches ≤ 32 RU).
  const b = loadPricebook(undefined, ['layout.hostsPerRack=2', 'layout.hostRacksPerRow=4', 'electricReach.metres.default=3']);
  const bom = floorBom(buildFabric(spec('ft2:k=8,gpusPerHost=2')), b);
  it('NIC cables run from each host rack to its row’s middle switch rack', () => {
    // per row: 4 endpoints in each of racks x=0,1,3,4 → distances 2,1,1,2 racks → 0.6·dx + 2 m slack
    const perRow = 4 * (3.2 + 2.6 + 2.6 + 3.2);
    const l = bom.cables.byLayer.endpoint;
    expect(l.electric + l.optical).toBe(32);
    expect(l.totalM).toBeCloseTo(2 * perRow, 9);
    // reach 3 m: the 3.2 m runs from the row ends are optical (4 endpoints × 2 racks × 2 rows)
    expect(l.optical).toBe(16);
  });
  it('leaf–spine cables: row 0 crosses one row pitch, row 1 stays in the rack', () => {
    const l = bom.cables.byLayer['leaf-spine'];
    // 16 cables of 2.4 + 2 m, 16 of intraRackM = 2 m
    expect(l.totalM).toBeCloseTo(16 * 4.4 + 16 * 2, 9);
    expect(l.optical).toBe(16);
    expect(bom.transceivers.count).toBe(2 * (16 + 16));
    expect(bom.floor).toMatchObject({ hostRacks: 8, switchRacks: 2, rows: 2 });
    expect(bom.racks).toBe(10);
  });
});

describe('power, space and TCO by hand (issue 10 acceptance)', () => {
  it('ft2:k=8: switches × switch W + transceivers × transceiver W + NICs × NIC W equals bom exactly', () => {
    const r = cli(['analyze', 'ft2:k=8', '--json', '--price', 'electricReach.metres.default=2.5']);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout);
    // 32 endpoints = 4 hosts of 8 = one host rack; its row has the switch rack at x=0, the host rack at x=1:
    // every NIC cable is 0.6 + 2 = 2.6 m > 2.5 m reach → 32 optical cables, 64 transceivers; leaf–spine inside
    // the switch rack (2 m, electric). Price book slimfly-sc14: switch 10 W/port + 100 W, 8 W per 400G
    // transceiver, 25 W per NIC port; PUE 1.3, 5 years, $0.08/kWh.
    const switches = 8 + 4;
    const watts = switches * (10 * 8 + 100) + 64 * 8 + 32 * 25;
    expect(watts).toBe(3472);
    expect(a.bom.transceivers.count).toBe(64);
    expect(a.bom.power.watts).toBe(watts);
    expect(a.bom.items.reduce((s: number, i: { watts: number }) => s + i.watts, 0)).toBe(watts);
    expect(a.bom.space).toEqual({ rackUnits: 12, hostRacks: 1, switchRacks: 1, racks: 2 });
    expect(a.cost.powerKW).toBeCloseTo((watts * 1.3) / 1e3, 12);
    expect(a.cost.tcoUSD).toBeCloseTo(a.cost.totalUSD + ((watts * 1.3) / 1e3) * 8766 * 5 * 0.08, 6);
  });
});

describe('equal structures, equal prices (issue 10 acceptance)', () => {
  it('2,048 GPUs: FT2, MPFT and 2-tier MRFT cost within 2%, and MPFT has optics', () => {
    const refs = ['ft2:k=64', 'mpft:k=64,endpoints=2048', 'mrft:k=64,endpoints=2048'];
    const a = refs.map((r) => onFloor(r));
    for (const x of a) expect(x.bom.switches.reduce((s, c) => s + c.count, 0)).toBe(96);
    const costs = a.map((x) => x.cost.totalUSD);
    expect(Math.max(...costs) / Math.min(...costs) - 1).toBeLessThanOrEqual(0.02);
    // same multiset of cable lengths: the same bill to the last bit, whatever order the edges come in
    expect(costs[1]).toBe(costs[0]);
    expect(costs[2]).toBe(costs[0]);
    expect(a[1].bom.transceivers.count).toBeGreaterThan(0);
    const kw = a.map((x) => x.cost.powerKW);
    expect(Math.max(...kw) / Math.min(...kw) - 1).toBeLessThanOrEqual(0.02);
  });
  it('plan --gpus 2048 shows the three at the same cost, with kW and TCO columns', () => {
    const r = cli(['plan', '--gpus', '2048', '--wide']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    // columns from the dashes under the header: each run of dashes spans one column
    const h = lines.findIndex((l) => /^\s*by cost/.test(l));
    const dashes = lines[h + 1];
    const spans = [...dashes.matchAll(/-+/g)].map((m) => [m.index!, m.index! + m[0].length]);
    const cellsOf = (l: string) => spans.map(([a, b]) => l.slice(a, b).trim());
    const head = cellsOf(lines[h]);
    expect(head).toContain('network power');
    expect(head).toContain('TCO per GPU');
    const row = (d: string) => cellsOf(lines.find((l) => cellsOf(l)[head.indexOf('design')] === d)!);
    // equal costs share a rank
    const same = ['by cost', 'switches (by tier)', 'links', 'optics', 'cost per GPU', 'total cost', 'network power', 'TCO per GPU'].map((h) => head.indexOf(h));
    const cells = ['FT2', 'MPFT', 'MRFT (2-tier)'].map((d) => same.map((i) => row(d)[i]));
    expect(cells[0].every((c) => c !== '')).toBe(true);
    expect(cells[1]).toEqual(cells[0]);
    expect(cells[2]).toEqual(cells[0]);
    expect(r.stdout).toContain('cable layout: floor plan');
  });
  it('a fabric from a family with no cabling code gets a floor plan (graph only)', () => {
    // a hand-built star: one 8-port switch, 2 hosts of 4 GPUs, all in one rack; hostRacksPerRow 16 → the
    // switch rack stands at x=0 and the host rack at x=1: 8 cables of 0.6 + 2 m
    const f = familyFabric('toy', 'toy', { k: 8, gpusPerHost: 4, nicGbps: 400, nvlinkGbps: 1600 }, 2);
    f.addNode('sw', { kind: 'switch', tier: 1, role: 'leaf', radix: 8 });
    for (let h = 0; h < 2; h++) for (let g = 0; g < 4; g++) addLinks(f, addHostScaleUp(f, h, g), 'sw', 1, 400, 'endpoint');
    const bom = floorBom(f, book);
    expect(bom.cables.electric.count).toBe(8);
    expect(bom.cableLengthM.total).toBeCloseTo(8 * 2.6, 9);
    expect(bom.power.watts).toBe(10 * 8 + 100 + 8 * 25);
    const s = costSections({ family: 'toy', name: 'toy', params: {}, source: 'test' } as never, { fabric: f }, book);
    expect(s.cost!.totalUSD).toBeCloseTo(350.4 * 8 - 892.3 + (0.4079 * 8 * 2.6 + 0.5771 * 8) * 400, 6);
  });
});

describe('closed-form floor plan (fast path, no graph) equals the graph-derived one', () => {
  const tight = loadPricebook(undefined, ['layout.hostRacksPerRow=2', 'layout.switchRackUnits=3', 'layout.hostsPerRack=2']);
  it.each([
    'ft2:k=16',
    'ft2:k=16,endpoints=100',
    'ft2:k=32,oversubscription=3',
    'ft2:k=16,endpoints=32,spines=3',
    'mpft:k=16,planes=4',
    'mpft:k=16,endpoints=200',
    'mpft:k=64,endpoints=2048',
    'mrft:k=16,suHosts=8,sus=2',
    'mrft:k=144,suHosts=72,sus=4',
    'mrft:k=144,suHosts=72,sus=4,spines=16',
  ])('%s, on the default floor and on a tight one (many rows and switch racks)', (ref) => {
    const s = spec(ref);
    const f = buildFabric(s);
    for (const b of [book, tight]) {
      const closed = costSections(s, undefined, b, 'plan');
      const graph = costSections(s, { fabric: f }, b, 'plan');
      expect((closed.bom as { source: string }).source).toBe('closed form');
      expect((graph.bom as { source: string }).source).toBe('graph');
      expect({ ...closed.bom, source: 'graph' }).toEqual(graph.bom);
      expect(closed.cost).toEqual(graph.cost);
    }
  });
  it('three-tier and direct networks have no closed floor view: the graph is built', () => {
    for (const ref of ['ft3:k=8', 'mrft:k=16,suHosts=8,sus=3', 'dragonfly:k=16,p=2,a=4,h=2', 'slimfly:q=5,k=16'])
      expect((analyze(spec(ref), { paths: false, bisection: false }).counts as { source: string }).source).toBe('graph');
  });
});

describe('the floor plan grows with the fabric', () => {
  it('partial FT2 and MPFT: more endpoints never cost less (a partial last row does not shift the switch racks)', () => {
    // ft2:k=64 at 1,984 endpoints once had its last row's switch rack one slot off, turning leaf–spine runs
    // optical; at 2,016 they were copper again and the bill fell by 20%
    for (const [fam, step, max] of [['ft2', 32, 2048], ['mpft', 256, 16384]] as const) {
      let prev = 0;
      for (let n = step; n <= max; n += step) {
        const c = costSections(spec(`${fam}:k=64,endpoints=${n}`), undefined, book, 'plan').cost!.totalUSD;
        expect(c, `${fam} ${n}`).toBeGreaterThanOrEqual(prev);
        prev = c;
      }
    }
  });
});

describe('closed-form cable plans (fast path) against the graph', () => {
  it.each(['ft2:k=16', 'ft2:k=16,endpoints=100', 'mpft:k=16,planes=4', 'ft3:k=8', 'dragonfly:k=16,p=2,a=4,h=2', 'slimfly:q=5,k=16'])(
    '%s: per-layer cable counts equal the graph’s lanes; paper-layout prices equal; floor plan conserves cables',
    (ref) => {
      const s = spec(ref);
      const f = buildFabric(s);
      const closed = cablePlan(s)!;
      expect(closed.source).toBe('closed form');
      const fromGraph = graphPlan(f);
      const layers = (p: typeof closed) => {
        const m: Record<string, number> = {};
        for (const c of p.cables) m[c.layer] = (m[c.layer] ?? 0) + c.cables * p.planes;
        return m;
      };
      expect(layers(closed)).toEqual(layers(fromGraph));
      expect(planTotals(closed)).toEqual(planTotals(fromGraph));
      const floor = floorBom(f, book);
      const t = planTotals(closed);
      expect(floor.cables.electric.count + floor.cables.optical.count).toBe(t.links + t.endpointLinks);
      expect(floor.switches.reduce((a, c) => a + c.count, 0)).toBe(t.switches);
      expect(floor.switchPorts.used).toBe(2 * t.links + t.endpointLinks);
      // Clos families: the closed form and the graph's lanes give the same paper-layout price
      if (/^(ft2|mpft|ft3)/.test(ref)) expect(planBom(fromGraph, book).cables.byGbps).toEqual(planBom(closed, book).cables.byGbps);
    },
  );
});

describe('Table 3 under the paper’s convention; compare notes', () => {
  it('compare table3 labels the paper’s convention and keeps every cost within ±10%', () => {
    const r = cli(['compare', 'table3', '--csv']);
    expect(r.code).toBe(0);
    const rows = new Map(r.stdout.trim().split('\n').map((l) => [l.split(',')[0], l.split(',').slice(1)]));
    for (const v of rows.get('costPerEndpointKUSD.relDiff')!) expect(Math.abs(Number(v))).toBeLessThanOrEqual(0.1);
    expect(rows.get('layout')!.every((v) => v === "paper's convention")).toBe(true);
    const text = cli(['compare', 'ft2-64', 'mpft-64x8']).stdout;
    expect(text).toMatch(/layout: paper's convention [\s\S]*MPFT = planes × FT2/); // notes wrap at 120 columns
    expect(text).toContain("(the paper's book)");
  });
  it('paper rows only with the paper’s book; otherwise the output says why; --markdown keeps book line and notes', () => {
    const other = cli(['compare', 'ft2-64', '--markdown', '--pricebook', 'ib-ethernet-2025']).stdout;
    expect(other).not.toMatch(/↳ difference vs paper/);
    expect(other).toMatch(/no "difference vs paper" rows: price book ib-ethernet-2025 is not the paper's/);
    expect(other).toMatch(/^- cost: price book ib-ethernet-2025/m);
    const tweaked = cli(['compare', 'ft2-64', '--price', 'switch.perPortUSD=400']).stdout;
    expect(tweaked).not.toMatch(/^\s+difference vs paper/m);
    expect(tweaked).toMatch(/with --price switch\.perPortUSD=400/);
    const paper = cli(['compare', 'ft2-64', '--markdown']).stdout;
    expect(paper).toMatch(/↳ difference vs paper/);
    expect(paper).toMatch(/^- layout: paper's convention/m);
    const plan = cli(['compare', 'ft2-64', '--floor', 'plan']).stdout;
    expect(plan).toMatch(/no paper cost for FT2 \(k=64\): priced on the floor plan/);
  });
  it('--floor takes only plan or paper', () => {
    const r = cli(['analyze', 'ft2:k=8', '--floor', 'hall']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`topoplan: --floor = "hall": must be 'plan' or 'paper'`);
  });
});

describe('price books carry provenance', () => {
  it('every item of every built-in book has source and date, or estimate: true', () => {
    // the two books shipped, and every item of the price-book schema (src/topology/pricebook.ts), written out:
    // each one is checked in each book
    expect(pricebookNames()).toEqual(['ib-ethernet-2025', 'slimfly-sc14']);
    const items = ['electricCable', 'electricReach', 'energy', 'latency', 'layout', 'nic', 'opticalCable', 'switch', 'transceiver'];
    for (const name of pricebookNames()) {
      const raw = parseYaml(readFileSync(join(pricebookDir(), `${name}.yaml`), 'utf8')) as Record<string, unknown>;
      const checked: string[] = [];
      for (const [k, v] of Object.entries(raw)) {
        if (!v || typeof v !== 'object' || Array.isArray(v)) continue;
        const item = v as Record<string, unknown>;
        expect(item.estimate === true || (typeof item.source === 'string' && typeof item.date === 'string'), `${name}.${k}`).toBe(true);
        checked.push(k);
      }
      expect(checked.sort(), name).toEqual(items);
    }
  });
  it('an item without provenance exits 2 naming it', () => {
    const raw = parseYaml(readFileSync(join(pricebookDir(), 'slimfly-sc14.yaml'), 'utf8')) as Record<string, Record<string, unknown>>;
    delete raw.energy.estimate;
    const dir = mkdtempSync(join(tmpdir(), 'book-'));
    writeFileSync(join(dir, 'b.yaml'), stringify(raw));
    const r = cli(['analyze', 'ft2:k=8', '--pricebook', join(dir, 'b.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/energy.*needs `source` and `date`, or `estimate: true`/);
  });
});
