import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { compareTopologies, paperColumn, TABLE3 } from '../../src/analysis/compare.js';
import { cli } from '../helpers/cli.js';

const refs = ['ft2:k=8', 'dragonfly:k=16,p=2,a=4,h=2', 'slimfly:q=12,k=32'];

/** RFC 4180 fields: quoted fields may hold commas and doubled quotes. */
function csvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i++;
      while (i < line.length && !(line[i] === '"' && line[i + 1] !== '"')) {
        v += line[i] === '"' ? '"' : line[i];
        i += line[i] === '"' ? 2 : 1;
      }
      out.push(v);
      i += 2;
    } else {
      const j = line.indexOf(',', i);
      const end = j < 0 ? line.length : j;
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

function parseCsv(text: string): { head: string[]; rows: Map<string, string[]> } {
  const lines = text.trim().split('\n').map(csvLine);
  return { head: lines[0], rows: new Map(lines.slice(1).map((l) => [l[0], l.slice(1)])) };
}

describe('compare output parses back to the analyze numbers', () => {
  const analyses = refs.map((r) => JSON.parse(cli(['analyze', r, '--json']).stdout));

  it('--json is an array of analyze objects with the same counts, bom and cost', () => {
    const r = cli(['compare', ...refs, '--json']);
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout);
    expect(Array.isArray(got)).toBe(true);
    expect(got).toHaveLength(refs.length);
    got.forEach((g: any, i: number) => {
      // ft2 has a closed-form floor plan, the Dragonfly's is measured on its graph, q=12 has no graph at all
      expect(g.counts.source).toBe(['formula', 'graph', 'formula'][i]);
      expect({ ...g.counts, source: analyses[i].counts.source }).toEqual(analyses[i].counts);
      expect(g.notes).toEqual(analyses[i].notes);
      expect({ ...g.bom, source: analyses[i].bom.source }).toEqual(analyses[i].bom);
      expect(g.cost).toEqual(analyses[i].cost);
    });
    expect(got[2].buildable).toBe(false); // q=12 is not a prime power
  });

  it('--csv keeps full precision: counts and cost equal analyze', () => {
    const { head, rows } = parseCsv(cli(['compare', ...refs, '--csv']).stdout);
    expect(head.slice(1)).toEqual(refs);
    analyses.forEach((a, i) => {
      expect(Number(rows.get('endpoints')![i])).toBe(a.counts.endpoints);
      expect(Number(rows.get('switches')![i])).toBe(a.counts.switches);
      expect(Number(rows.get('links')![i])).toBe(a.counts.links);
      expect(Number(rows.get('costMUSD')![i])).toBe(a.cost.totalUSD / 1e6);
      expect(Number(rows.get('costPerEndpointKUSD')![i])).toBe(a.cost.perEndpointUSD / 1e3);
      expect(Number(rows.get('opticalCables')![i])).toBe(a.bom.cables.optical.count);
      expect(Number(rows.get('transceivers')![i])).toBe(a.bom.transceivers.count);
    });
    expect(rows.get('graph')).toEqual(['buildable', 'buildable', 'formula only']);
    expect(rows.has('endpoints.paper')).toBe(false); // no Table 3 column here
  });

  it('--markdown tables carry the same counts and rounded cost', () => {
    const md = cli(['compare', ...refs, '--markdown']).stdout.trim().split('\n');
    const cells = (label: string) => md.find((l) => l.startsWith(`| ${label} |`))!.split('|').slice(2, -1).map((c) => c.trim());
    expect(md[0].split('|').slice(2, -1).map((c) => c.trim())).toEqual(refs);
    analyses.forEach((a, i) => {
      expect(Number(cells('endpoints')[i].replaceAll(',', ''))).toBe(a.counts.endpoints);
      expect(Number(cells('links (switch-switch)')[i].replaceAll(',', ''))).toBe(a.counts.links);
      expect(Number(cells('cost / endpoint [k$]')[i].replaceAll(',', ''))).toBeCloseTo(a.cost.perEndpointUSD / 1e3, 2);
    });
  });

  it('two output formats at once exit 2', () => {
    const r = cli(['compare', 'ft2:k=8', '--csv', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('topoplan: give at most one of --json, --csv, --markdown\n');
    expect(r.stdout).toBe('');
  });
});

describe('Table 3 columns', () => {
  it('the table3 group expands to the paper\'s five columns in order', () => {
    expect(resolveTopology('table3').map((s) => paperColumn(s)?.column)).toEqual(['FT2', 'MPFT', 'FT3', 'SF', 'DF']);
    expect(paperColumn(resolveTopology('df-canonical')[0])).toBeUndefined();
  });

  it('the paper columns are self-consistent: cost per endpoint = total / endpoints (to the printed digits)', () => {
    for (const p of Object.values(TABLE3)) expect(Math.abs((p.costMUSD * 1e3) / p.endpoints - p.costPerEndpointKUSD)).toBeLessThan(0.06);
  });

  it('compare table3 --csv: exact counts, cost per endpoint at its documented residual ±1 point, SF formula only, DF marked as the table variant', () => {
    const r = cli(['compare', 'table3', '--csv']);
    expect(r.code).toBe(0);
    const { rows } = parseCsv(r.stdout);
    for (const key of ['endpoints', 'switches', 'links']) expect(rows.get(`${key}.relDiff`)!.map(Number)).toEqual([0, 0, 0, 0, 0]);
    // docs/cost-model.md residuals, per endpoint: FT2 −6.9%, MPFT −6.9%, FT3 +6.6%, SF +4.7%, DF −0.3%
    const documented = [-0.069, -0.069, 0.066, 0.047, -0.003];
    rows.get('costPerEndpointKUSD.relDiff')!.map(Number).forEach((d, i) => expect(Math.abs(d - documented[i])).toBeLessThanOrEqual(0.01));
    expect(rows.get('graph')).toEqual(['buildable', 'buildable', 'buildable', 'formula only', 'buildable']);
    expect(rows.get('construction')![4]).toMatch(/^table \(g=511; canonical 513\)/);
  });

  it('the canonical Dragonfly is marked canonical', () => {
    const c = compareTopologies(resolveTopology('dragonfly:k=16,p=2,a=4,h=2'));
    expect(c.rows.find((r) => r.key === 'construction')!.values[0]).toBe('canonical (g=9)');
  });
});

describe('rows from other modules', () => {
  it('extraRows read sections filled by `sections`', () => {
    const c = compareTopologies(resolveTopology('ft2:k=8'), {
      sections: [(_s, a) => (a.extra = { doubled: 2 * a.counts.endpoints })],
      extraRows: [{ key: 'doubled', label: 'twice the endpoints', value: (a) => (a.extra as { doubled: number }).doubled }],
    });
    expect(c.rows.at(-1)).toMatchObject({ key: 'doubled', values: [64] });
  });
});
