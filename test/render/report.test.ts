/**
 * The report's data and page, checked without a browser: grouping against closed-form counts,
 * lane conservation under any expansion, layout without overlaps, utilisation against the traffic
 * engine's own definition, escaping, and byte-identical output for identical inputs.
 */
import { existsSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, afterAll } from 'vitest';
import { compile } from '../../src/analysis/analyze.js';
import { closedCounts } from '../../src/topology/build.js';
import { resolveTopology } from '../../src/topology/spec.js';
import { MEDIUM_NVLINK } from '../../src/topology/csr.js';
import { runTraffic } from '../../src/traffic/run.js';
import { loadWorkload } from '../../src/traffic/workload.js';
import { groupFabric } from '../../src/render/report/grouping.js';
import { linkUtil, UTIL_SCALE } from '../../src/render/report/linkload.js';
import { escapeHtml, scriptJson } from '../../src/render/report/encode.js';
import { buildReport } from '../../src/render/report/index.js';
import { viewBundle, viewConfig, viewCountNodes, viewDefault, viewIndex, viewLayout, viewVisible } from '../../src/render/report/view.js';
import { cli } from '../helpers/cli.js';

const spec = (ref: string) => resolveTopology(ref)[0];
const SMALL = ['ft2:k=8', 'ft2:k=16,oversubscription=3', 'ft3:k=8', 'ft3:k=12,endpoints=300', 'mpft:k=16,planes=4', 'mrft:k=16,suHosts=8,sus=4', 'mrft-2048', 'railonly:k=8,endpoints=64', 'dragonfly:k=8,p=2,a=4,h=2,g=9', 'mpft-2048'];
const tmp = mkdtempSync(join(tmpdir(), 'topoplan-report-unit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A seeded generator (mulberry32) for random expansion states. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('grouping', () => {
  for (const ref of SMALL) {
    it(`${ref}: atoms and lanes match the closed-form counts`, () => {
      const s = spec(ref);
      const c = compile(s);
      const g = groupFabric(c.csr);
      const cc = closedCounts(s);
      expect(g.tree.switches).toBe(cc.switches);
      expect(g.tree.hosts).toBe(cc.hosts);
      let lanes = 0;
      for (let e = 0; e < g.links.m; e++) lanes += g.links.lanes[e];
      expect(lanes).toBe(cc.links + cc.endpointLinks);
      // parents precede children, and no group has more than maxChildren children
      const kids = new Int32Array(g.tree.n);
      for (let i = 1; i < g.tree.n; i++) {
        expect(g.tree.parent[i]).toBeLessThan(i);
        kids[g.tree.parent[i]]++;
      }
      expect(Math.max(...kids)).toBeLessThanOrEqual(viewConfig().maxChildren);
    });
  }

  it('an MPFT host group spans every plane; an FT3 host group stays inside its pod', () => {
    const m = compile(spec('mpft:k=16,planes=4'));
    const gm = groupFabric(m.csr);
    const hostBucket = gm.groupIds.indexOf('hosts');
    expect(hostBucket).toBeGreaterThan(0);
    expect(gm.tree.parent[hostBucket]).toBe(0);
    const f = compile(spec('ft3:k=8'));
    const gf = groupFabric(f.csr);
    expect(gf.groupIds.filter((id) => /^pod=\d+\/hosts$/.test(id))).toHaveLength(8);
  });
});

describe('view', () => {
  for (const ref of SMALL) {
    it(`${ref}: bundling conserves lanes under random expansions, and drawn nodes never overlap`, () => {
      const c = compile(spec(ref));
      const g = groupFabric(c.csr);
      const t = g.tree;
      const ix = viewIndex(t);
      let total = 0;
      for (let e = 0; e < g.links.m; e++) total += g.links.lanes[e];
      const rand = rng(7);
      const states = [viewDefault(t, g.links, ix, viewConfig().budget), new Uint8Array(t.groups).fill(1)];
      for (let k = 0; k < 6; k++) states.push(Uint8Array.from({ length: t.groups }, (_, i) => (i === 0 || rand() < 0.5 ? 1 : 0)));
      for (const x of states) {
        const vis = viewVisible(t, x);
        const B = viewBundle(t, g.links, vis, null);
        let sum = 0;
        for (let k = 0; k < B.count; k++) sum += B.lanes[k];
        for (let i = 0; i < t.n; i++) sum += B.internal[i];
        expect(sum).toBe(total);
        // every atom is stood for by exactly one drawn node
        for (let i = t.groups; i < t.n; i++) expect(vis[vis[i]]).toBe(vis[i]);
        const pos = viewLayout(t, ix, vis);
        const pts: Array<[number, number]> = [];
        for (let i = 1; i < t.n; i++) if (vis[i] === i) pts.push([pos[2 * i], pos[2 * i + 1]]);
        expect(pts.every(([a, b]) => Number.isFinite(a) && Number.isFinite(b))).toBe(true);
        let minD = Infinity;
        for (let a = 0; a < pts.length; a++) for (let b = a + 1; b < pts.length; b++) minD = Math.min(minD, Math.hypot(pts[a][0] - pts[b][0], pts[a][1] - pts[b][1]));
        if (pts.length > 1) expect(minD).toBeGreaterThanOrEqual(24);
      }
    });
  }

  it('the default view of every buildable preset stays within the element budget', () => {
    for (const ref of ['ft2-64', 'mpft-64x8', 'mpft-2048', 'mrft-2048', 'superpod-16su', 'sf-q27']) {
      const c = compile(spec(ref));
      const g = groupFabric(c.csr);
      const ix = viewIndex(g.tree);
      const x = viewDefault(g.tree, g.links, ix, viewConfig().budget);
      const vis = viewVisible(g.tree, x);
      const drawn = viewCountNodes(g.tree, vis) + viewBundle(g.tree, g.links, vis, null).count;
      expect(drawn, ref).toBeLessThanOrEqual(viewConfig().budget);
      expect(drawn, ref).toBeGreaterThan(1);
    }
  });
});

describe('link utilisation', () => {
  it('the binding link is at 100% and bytes are conserved when folded onto drawn links', () => {
    const c = compile(spec('mpft-2048'));
    const g = groupFabric(c.csr);
    const r = runTraffic(c, loadWorkload('ep64'), { keepArcLoads: true });
    expect(r.phases.map((p) => p.name)).toEqual(['ep-dispatch', 'ep-combine']);
    for (const p of r.phases) {
      const T = p.congestion.timeSeconds;
      const u = linkUtil(c.csr, g, p.arcLoad!, T);
      let best = 0;
      for (let e = 0; e < g.links.m; e++) best = Math.max(best, u.max[e]);
      // NVLink can bind a phase; then the busiest fabric link is below 100%.
      if (p.congestion.bottleneck?.kind !== 'nvlink') expect(best).toBe(UTIL_SCALE);
      let folded = 0;
      for (let e = 0; e < g.links.m; e++) folded += ((u.ab[e] + u.ba[e]) / UTIL_SCALE) * ((g.links.lanes[e] * g.links.gbps[e] * 1e9) / 8) * T;
      let direct = 0;
      for (let e = 0; e < c.csr.edges; e++) if (c.csr.medium[e] !== MEDIUM_NVLINK) direct += p.arcLoad![2 * e] + p.arcLoad![2 * e + 1];
      // quantisation: at most half a step per direction per link
      expect(Math.abs(folded - direct)).toBeLessThanOrEqual(g.links.m * ((0.5 / UTIL_SCALE) * 2) * ((400 * 64 * 1e9) / 8) * T);
      expect(Math.abs(folded - direct) / direct).toBeLessThan(1e-3);
    }
  });
});

describe('page', () => {
  it('escapes HTML and keeps embedded JSON inside its script element', () => {
    const hostile = ['</script><img src=x onerror=alert(1)>', '<!-- x', 'a & b', '\u2028\u2029', `"'`];
    const entity: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
    for (const h of hostile) {
      // each character to its entity (the five HTML needs) or to itself
      expect(escapeHtml(h)).toBe([...h].map((ch) => entity[ch] ?? ch).join(''));
      expect(escapeHtml(h)).not.toMatch(/[<>"']/);
      const j = scriptJson({ name: h });
      expect(j).not.toMatch(/[<>&\u2028\u2029]/);
      expect(JSON.parse(j).name).toBe(h);
    }
  });

  it('is byte-identical for identical inputs (library and CLI)', () => {
    const specs = resolveTopology('mpft-2048');
    const w = loadWorkload('deepseek-v3-training');
    const a = buildReport(specs, { workload: w }).html;
    const b = buildReport(specs, { workload: w }).html;
    expect(a === b).toBe(true);
    const f1 = join(tmp, 'a.html');
    const f2 = join(tmp, 'b.html');
    for (const f of [f1, f2]) expect(cli(['report', 'ft2:k=16', 'ft3:k=8', '--workload', 'uniform', '-o', f]).code).toBe(0);
    expect(readFileSync(f1).equals(readFileSync(f2))).toBe(true);
  });

  it('shows sections only when their data exists', () => {
    const plain = buildReport(resolveTopology('ft2:k=8')).html;
    expect(plain).toContain('id="summary"');
    expect(plain).toContain('id="fabric"');
    expect(plain).not.toContain('id="traffic"');
    expect(plain).not.toContain('id="failures"');
    const withTraffic = buildReport(resolveTopology('ft2:k=8'), { workload: loadWorkload('uniform') }).html;
    expect(withTraffic).toContain('id="traffic"');
    // a formula-only topology gets a column and a note, but no view
    const sf = buildReport(resolveTopology('sf-table3')).html;
    expect(sf).not.toContain('class="tab"');
    expect(sf).toContain('no graph to draw');
  });

  it('is self-contained: no external URL is loaded', () => {
    const html = buildReport(resolveTopology('ft2:k=8')).html;
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=["']?(https?:)?\/\//i);
    expect(html).toContain("default-src 'none'");
  });

  it('bad flags exit 2 with one line', () => {
    const r = cli(['report', 'ft2:k=8', '--workload', 'no-such-workload', '-o', join(tmp, 'x.html')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^topoplan: workload "no-such-workload": not a preset \(.*ep64.*\) or an existing file\n$/);
    expect(existsSync(join(tmp, 'x.html'))).toBe(false);
  });
});
