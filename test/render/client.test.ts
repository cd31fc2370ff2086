/**
 * The report's page script in pieces, in Node (no browser): formatting, unpacking the packed model, and
 * decoding a real view. The browser test (report-browser.test.ts) drives the bundled whole.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytes, fmt, pct } from '../../src/render/report/client/format.js';
import { decodeModel, inflate, unpack, UTIL } from '../../src/render/report/client/decode.js';
import { packArrays } from '../../src/render/report/encode.js';
import { buildReport, clientScript } from '../../src/render/report/index.js';
import { resolveTopology } from '../../src/topology/spec.js';
import { root } from '../helpers/cli.js';

describe('client formatting', () => {
  it('numbers, percentages and decimal byte units', () => {
    expect(fmt(1234567.891, 2)).toBe('1,234,567.89');
    expect(fmt(0.5)).toBe('1'); // no decimals by default: rounds half away from zero
    expect(pct(0.12345)).toBe('12.3%');
    expect(pct(1)).toBe('100%');
    expect(bytes(999)).toBe('999 B');
    expect(bytes(1500)).toBe('1.5 KB');
    expect(bytes(2.5e12)).toBe('2.5 TB');
    expect(bytes(5e15)).toBe('5,000 TB'); // TB is the largest unit
  });
});

describe('client decoding', () => {
  it("unpack ∘ inflate is packArrays' inverse, for every array type and unaligned lengths", async () => {
    const arrays = {
      a: Int32Array.from([-1, 0, 2 ** 31 - 1]),
      b: Uint8Array.from([1, 2, 3, 4, 5]),
      c: Uint16Array.from([65535, 7, 9]),
      d: Float32Array.from([0.5, -3.25]),
    };
    const p = packArrays(arrays);
    const buf = await inflate(p.blob);
    expect(buf.byteLength).toBe(p.rawBytes);
    const A = unpack(buf, p.dir);
    for (const [k, v] of Object.entries(arrays)) {
      expect(A[k].constructor).toBe(v.constructor);
      expect(Array.from(A[k])).toEqual(Array.from(v));
    }
  });

  it('decodes a real view: every fabric lane of ft2:k=8 is a view link, utilisation in UTIL units', async () => {
    const [spec] = resolveTopology('ft2:k=8,gpusPerHost=1');
    const r = buildReport([spec], { workload: { kind: 'uniform', name: 'u', bytesPerPair: 1e6 } as never, stamp: 'test' });
    const view = r.topologies[0].view!;
    const M = await decodeModel(view);
    // 32 leaf–spine lanes and 32 NIC lanes (one host per GPU); 12 switches and 32 hosts in the tree
    let lanes = 0;
    for (let e = 0; e < M.links.m; e++) lanes += M.links.lanes[e];
    expect(lanes).toBe(32 + 32);
    expect([M.tree.switches, M.tree.hosts]).toEqual([12, 32]);
    expect(M.phases).toHaveLength(1);
    // uniform on a full-bisection fat-tree is NIC-bound: the busiest link is exactly full
    expect(Math.max(...M.all!)).toBeCloseTo(1, 3);
    expect(Math.max(...M.phases[0].max)).toBeLessThanOrEqual(UTIL);
  });
});

describe('the bundled script', () => {
  it('is one self-contained IIFE, the same bytes from the build and from the sources', () => {
    const fromSources = clientScript();
    expect(fromSources).toMatch(/^"use strict";\n\(\(\) => \{/);
    expect(fromSources).not.toMatch(/\brequire\(|^\s*import\s|^\s*export\s/m);
    expect(fromSources).not.toMatch(/<\/script|<!--/i);
    expect(readFileSync(join(root, 'dist/src/render/report/client.bundle.js'), 'utf8')).toBe(fromSources);
  });
});
