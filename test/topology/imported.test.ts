import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'topoplan-import-'));
const analyzeJson = (ref: string) => {
  const r = cli(['analyze', ref, '--json']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
};

describe('imported fabrics (graphology JSON and GraphML)', () => {
  it.each(['mpft:k=8,planes=4,gpusPerHost=4', 'ft3:k=6,endpoints=40', 'mrft:k=16,suHosts=8,sus=3', 'railonly:k=8,endpoints=64'])(
    '%s: generate → import gives the generator\'s counts and paths',
    (ref) => {
      const original = analyzeJson(ref);
      for (const fmt of ['json', 'graphml']) {
        const file = join(dir, `${ref.replace(/[^\w]/g, '_')}.${fmt}`);
        expect(cli(['generate', ref, '--format', fmt, '-o', file]).code).toBe(0);
        const imported = analyzeJson(file);
        expect(imported.family).toBe('imported');
        for (const key of ['endpoints', 'hosts', 'switches', 'links', 'endpointLinks', 'portsUsed', 'portsFree', 'planes'])
          expect(imported.counts[key], `${fmt} ${key}`).toBe(original.counts[key]);
        expect(imported.counts.switchesByTier).toEqual(original.counts.switchesByTier);
        expect(imported.paths.meanEndpointHops).toBeCloseTo(original.paths.meanEndpointHops, 12);
        expect(imported.paths.unreachablePairs).toBe(original.paths.unreachablePairs);
        // the pods, SUs and planes the file carries give the same natural halves (labelled by them) and cut
        expect(imported.bisection.cut, `${fmt} bisection`).toEqual(original.bisection.cut);
      }
    },
  );

  const bad = (name: string, doc: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
    return file;
  };
  const sw = (radix = 4) => ({ kind: 'switch', tier: 1, radix });
  it.each([
    ['unknown kind', bad('k.json', { nodes: [{ key: 'a', attributes: { kind: 'router' } }], edges: [] }), /node "a"\.kind = "router": allowed: endpoint, switch, nvswitch/],
    ['missing tier', bad('t.json', { nodes: [{ key: 's', attributes: { kind: 'switch', radix: 4 } }], edges: [] }), /node "s"\.tier = undefined: must be 1, 2 or 3/],
    // two nodes, so indices run 0..1
    ['negative pod', bad('p.json', { nodes: [{ key: 's', attributes: { ...sw(), pod: -1 } }, { key: 'e', attributes: { kind: 'endpoint', host: 0, gpu: 0 } }], edges: [] }), /^topoplan: node "s"\.pod = -1: must be an integer from 0 to 1\s*$/],
    ['group not a number', bad('g.json', { nodes: [{ key: 's', attributes: sw() }, { key: 'e', attributes: { kind: 'endpoint', host: 0, gpu: 0, group: 'x' } }], edges: [] }), /^topoplan: node "e"\.group = "x": must be an integer from 0 to 1\s*$/],
    ['endpoint without link', bad('e.json', { nodes: [{ key: 'e', attributes: { kind: 'endpoint', host: 0, gpu: 0 } }], edges: [] }), /node "e"\.fabricLinks = 0: an endpoint needs exactly one fabric link/],
    [
      'over radix',
      bad('r.json', {
        nodes: [{ key: 's', attributes: sw(1) }, { key: 'a', attributes: { kind: 'endpoint', host: 0, gpu: 0 } }, { key: 'b', attributes: { kind: 'endpoint', host: 0, gpu: 1 } }],
        edges: [{ source: 'a', target: 's' }, { source: 'b', target: 's' }],
      }),
      /node "s"\.radix = 1: fewer ports than the links attached to it/,
    ],
    ['bad lanes', bad('l.json', { nodes: [{ key: 's', attributes: sw() }, { key: 't', attributes: sw() }], edges: [{ source: 's', target: 't', attributes: { lanes: 0 } }] }), /\.lanes = 0: must be >= 1/],
    ['not GraphML', bad('x.graphml', '<graphml><graph><node id='), /not a readable GraphML document/],
  ])('%s exits 2 naming the element and field', (_n, file, pattern) => {
    const r = cli(['analyze', file as string]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern as RegExp);
  });
});
