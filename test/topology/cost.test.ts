import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parse as parseYaml, stringify } from 'yaml';
import { resolveTopology } from '../../src/topology/spec.js';
import { buildFabric } from '../../src/topology/build.js';
import { measureCounts } from '../../src/topology/counts.js';
import { costSections } from '../../src/topology/cost-sections.js';
import { blockLengths, gridShape, gridCableM } from '../../src/topology/layout-grid.js';
import { loadPricebook, pricebookDir } from '../../src/topology/pricebook.js';
import type { PlanBom } from '../../src/topology/bom-plan.js';
import { cli } from '../helpers/cli.js';

const spec = (ref: string) => resolveTopology(ref)[0];
const book = loadPricebook();
// the paper's convention (closed-form cable plans on per-plane grids): the layout these tests are about
const priced = (ref: string, b = book) => {
  const s = costSections(spec(ref), undefined, b, 'paper');
  return { bom: s.bom as PlanBom, cost: s.cost! };
};

// DeepSeek-V3 ISCA'25 Table 3: total M$ and k$ per endpoint, as printed.
describe('Table 3 cost with the default price book, within ±10% per column', () => {
  it.each([
    ['ft2-64', 9, 4.39],
    ['mpft-64x8', 72, 4.39],
    ['ft3-64', 491, 7.5],
    ['sf-table3', 146, 4.4],
    ['df-table3', 1522, 5.8],
  ])('%s: %f M$, %f k$/endpoint', (ref, totalM, perEpK) => {
    const { cost } = priced(ref);
    expect(Math.abs(cost.perEndpointUSD / 1e3 / perEpK - 1)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(cost.totalUSD / 1e6 / totalM - 1)).toBeLessThanOrEqual(0.1);
  });

  it('the formula-only Slim Fly q=28 column is priced from its closed form', () => {
    expect(costSections(spec('sf-table3'), undefined, book).cost!.totalUSD).toBeGreaterThan(0);
  });
});

describe('MPFT is exactly P copies of FT2', () => {
  it('cost(mpft-64x8) = 8 × cost(ft2-64) exactly, and per-endpoint cost is equal', () => {
    const ft2 = priced('ft2-64');
    const mpft = priced('mpft-64x8');
    expect(mpft.cost.totalUSD).toBe(8 * ft2.cost.totalUSD);
    expect(mpft.cost.perEndpointUSD).toBe(ft2.cost.perEndpointUSD);
    for (const k of ['switches', 'cables', 'transceivers', 'nics'] as const) expect(mpft.cost.breakdown[k]).toBe(8 * ft2.cost.breakdown[k]);
  });
  it.each([2, 4, 8])('holds for k=16 with %i planes under the estimate book too', (planes) => {
    const b = loadPricebook('ib-ethernet-2025');
    const one = priced(`ft2:k=16,gpusPerHost=${planes}`, b);
    const many = priced(`mpft:k=16,planes=${planes},gpusPerHost=${planes}`, b);
    expect(many.cost.totalUSD).toBeCloseTo(planes * one.cost.totalUSD, 6);
  });
});

describe('BOM conservation against the built graph', () => {
  it.each(['ft2:k=8', 'ft2:k=64', 'ft2:k=16,endpoints=100', 'ft2:k=32,oversubscription=3', 'ft3:k=8', 'ft3:k=16', 'ft3:k=8,endpoints=77', 'mpft:k=16,planes=8', 'mpft:k=8,planes=2,gpusPerHost=4', 'dragonfly:k=16,p=2,a=4,h=2', 'dragonfly:k=16,p=2,a=4,h=2,g=6', 'slimfly:q=5,k=16', 'slimfly:q=8,k=32', 'slimfly:q=9,k=32'])(
    '%s: cables = links + endpoint links, transceivers = 2 × optical, ports and switches match',
    (ref) => {
      const s = spec(ref);
      const m = measureCounts(buildFabric(s));
      const { bom } = priced(ref);
      expect(bom.cables.electric.count + bom.cables.optical.count).toBe(m.links + m.endpointLinks);
      expect(bom.cables.byLayer.endpoint.electric + bom.cables.byLayer.endpoint.optical).toBe(m.endpointLinks);
      expect(bom.transceivers.count).toBe(2 * bom.cables.optical.count);
      expect(bom.switches.reduce((a, x) => a + x.count, 0)).toBe(m.switches);
      expect(bom.switchPorts.total).toBe(m.portsTotal);
      expect(bom.switchPorts.used).toBe(m.portsUsed);
      expect(bom.nics.count).toBe(m.endpoints);
      expect(bom.cableLengthM.total).toBeCloseTo(bom.cableLengthM.electric + bom.cableLengthM.optical, 6);
      for (const t of ['electric', 'optical'] as const) if (bom.cables[t].count > 0) expect(bom.cables[t].totalM / bom.cables[t].count).toBeGreaterThan(0);
    },
  );
});

describe('rack grid lengths against brute-force enumeration of rack pairs', () => {
  const dims = { ...book.layout, racksPerRow: 7 as number | 'square', rackWidthM: 0.6, rowPitchM: 2.4, slackM: 2, intraRackM: 1.5 };
  it.each([1, 2, 6, 7, 8, 13, 14, 50, 99])('%i racks in rows of 7', (racks) => {
    const { cols } = gridShape(racks, dims);
    const brute = new Map<number, number>();
    for (let i = 0; i < racks; i++)
      for (let j = 0; j < racks; j++) {
        const len = gridCableM(Math.abs((i % cols) - (j % cols)), Math.abs(Math.floor(i / cols) - Math.floor(j / cols)), dims);
        brute.set(len, (brute.get(len) ?? 0) + 1 / (racks * racks));
      }
    const got = blockLengths(racks, dims);
    expect(got.reduce((a, b) => a + b.share, 0)).toBeCloseTo(1, 12);
    expect(got.length).toBe(brute.size);
    for (const b of got) expect(b.share).toBeCloseTo(brute.get(b.lengthM)!, 12);
  });
});

describe('monotonicity', () => {
  const entries = ['switch.perPortUSD', 'electricCable.perGbpsPerM', 'electricCable.perGbps', 'opticalCable.perGbpsPerM', 'opticalCable.perGbps', 'nic.perGbps'];
  it.each(entries)('raising %s never lowers any Table 3 cost, and raises the total of a fabric that uses it', (key) => {
    const cur = key.split('.').reduce<any>((o, k) => o[k], book) as number;
    const up = loadPricebook(undefined, [`${key}=${cur + 1}`]);
    for (const ref of ['ft2-64', 'ft3-64', 'sf-table3', 'df-table3']) expect(priced(ref, up).cost.totalUSD).toBeGreaterThanOrEqual(priced(ref, book).cost.totalUSD);
    expect(priced('ft3-64', up).cost.totalUSD).toBeGreaterThan(priced('ft3-64', book).cost.totalUSD);
  });
  it('a larger floor (wider row pitch) never shortens cables', () => {
    const wide = loadPricebook(undefined, ['layout.rowPitchM=4']);
    for (const ref of ['ft3-64', 'df-table3', 'sf-table3']) expect(priced(ref, wide).bom.cableLengthM.total).toBeGreaterThan(priced(ref, book).bom.cableLengthM.total);
  });
  it('a longer electric reach never adds optical cables', () => {
    let prev = Infinity;
    for (const reach of [1, 2, 3, 5, 8, 13, 30]) {
      const b = loadPricebook(undefined, [`electricReach.metres.default=${reach}`]);
      const o = priced('ft3-64', b).bom.cables.optical.count;
      expect(o).toBeLessThanOrEqual(prev);
      prev = o;
    }
  });
  it('partial FT2: more endpoints never cost less in total', () => {
    let prev = 0;
    for (let n = 32; n <= 2048; n += 96) {
      const c = priced(`ft2:k=64,endpoints=${n}`).cost.totalUSD;
      expect(c).toBeGreaterThanOrEqual(prev);
      prev = c;
    }
  });
  it('FT3 costs more per endpoint than FT2 of the same radix (an extra tier of switches and cables)', () => {
    for (const k of [8, 16, 32, 64]) expect(priced(`ft3:k=${k}`).cost.perEndpointUSD).toBeGreaterThan(priced(`ft2:k=${k}`).cost.perEndpointUSD);
  });
});

describe('price books from the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'topoplan-pb-'));
  const raw = parseYaml(readFileSync(join(pricebookDir(), 'slimfly-sc14.yaml'), 'utf8'));
  const write = (name: string, doc: unknown) => {
    const p = join(dir, name);
    writeFileSync(p, stringify(doc));
    return p;
  };
  it('a book missing an entry exits 2 naming the entry', () => {
    const doc = structuredClone(raw);
    delete doc.opticalCable.perGbps;
    const r = cli(['analyze', 'ft2:k=8', '--pricebook', write('missing.yaml', doc)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/opticalCable\.perGbps/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
  it('a negative cable price exits 2 naming the entry and value', () => {
    const doc = structuredClone(raw);
    doc.electricCable.perGbps = -1;
    const r = cli(['compare', 'ft2:k=8', '--pricebook', write('neg.yaml', doc)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/electricCable\.perGbps.*-1/);
  });
  it.each([
    [['--price', 'switch.nope=1'], /switch\.nope/],
    [['--price', 'switch.perPortUSD=abc'], /switch\.perPortUSD/],
    [['--price', 'noequals'], /key/],
    [['--pricebook', 'no-such-book'], /no-such-book/],
  ])('%j exits 2 with one line', (flags, msg) => {
    const r = cli(['compare', 'ft2:k=8', ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
  it('--price overrides reach the cost: doubling the switch price per port adds radix × Δ per switch', () => {
    const base = JSON.parse(cli(['analyze', 'ft2:k=8', '--json']).stdout);
    const more = JSON.parse(cli(['analyze', 'ft2:k=8', '--json', '--price', `switch.perPortUSD=${book.switch.perPortUSD + 100}`]).stdout);
    expect(more.cost.totalUSD - base.cost.totalUSD).toBeCloseTo(base.counts.switches * 8 * 100, 6);
  });
});
