import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UndirectedGraph } from 'graphology';
import { parse as parseGraphml } from 'graphology-graphml';
import { cli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'topoplan-gen-'));

describe('generate', () => {
  it('json is graphology export(): re-imports with the closed-form sizes of mpft:k=8,planes=4', () => {
    const out = join(dir, 'm.json');
    const r = cli(['generate', 'mpft:k=8,planes=4,gpusPerHost=4', '-o', out]);
    expect(r.code).toBe(0);
    const g = UndirectedGraph.from(JSON.parse(readFileSync(out, 'utf8')));
    const k = 8;
    const P = 4;
    const kinds = { endpoint: 0, switch: 0, nvswitch: 0 } as Record<string, number>;
    g.forEachNode((_n, a) => kinds[a.kind]++);
    expect(kinds).toEqual({ endpoint: (P * k * k) / 2, switch: (P * 3 * k) / 2, nvswitch: (k * k) / 2 });
    let links = 0;
    let nvlink = 0;
    g.forEachEdge((_e, a, s, t) => {
      if (a.medium === 'nvlink') nvlink++;
      else if (g.getNodeAttribute(s, 'kind') === 'switch' && g.getNodeAttribute(t, 'kind') === 'switch') links += a.lanes;
    });
    expect(links).toBe((P * k * k) / 2);
    expect(nvlink).toBe((P * k * k) / 2);
    expect(g.getAttribute('family')).toBe('mpft');
    // endpoints carry host, gpu and plane = gpu (NIC i in plane i)
    g.forEachNode((_n, a) => a.kind === 'endpoint' && expect(a.plane).toBe(a.gpu));
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('graphml parses back with graphology-graphml to the same structure as ft2:k=8', () => {
    const out = join(dir, 'f.graphml');
    expect(cli(['generate', 'ft2:k=8', '--format', 'graphml', '-o', out]).code).toBe(0);
    const g = parseGraphml(UndirectedGraph, readFileSync(out, 'utf8'));
    let switches = 0;
    let endpoints = 0;
    g.forEachNode((_n, a) => {
      if (a.kind === 'switch') switches++;
      if (a.kind === 'endpoint') endpoints++;
    });
    expect([endpoints, switches]).toEqual([32, 12]);
    let links = 0;
    g.forEachEdge((_e, a) => a.medium === 'fabric' && a.layer === 'leaf-spine' && (links += Number(a.lanes)));
    expect(links).toBe(32);
  });

  it('writes json to stdout when no -o is given', () => {
    const r = cli(['generate', 'ft2:k=4']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).nodes.length).toBe(8 + 6 + 1);
  });
});
