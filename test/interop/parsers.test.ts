/**
 * The line-oriented importers on damaged input: whatever the bytes, a parser either returns a graph or throws
 * a UsageError whose message starts with `file:line:` — never another exception (that would be a stack trace
 * for the user). Damage: random token replacement, line deletion and truncation of valid files.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { UsageError } from '../../src/errors.js';
import { parseSimai } from '../../src/topology/import/simai.js';
import { parseHtsimFatTree } from '../../src/topology/import/htsim-fattree.js';

const simai = ['5 2 1 2 5 H100', '4 2 3', '0 4 2880Gbps 0.000025ms 0', '1 4 2880Gbps 0.000025ms 0', '0 2 400Gbps 0.0005ms 0', '1 3 400Gbps 0.0005ms 0', '2 3 400Gbps 0.0005ms 0'];
const topo = ['Nodes 32', 'Tiers 2', 'Podsize 32', 'Tier 0', 'Downlink_speed_Gbps 100', 'Radix_Down 8', 'Radix_Up 2', 'Oversubscribed 4', 'Downlink_Latency_ns 1000', 'Tier 1', 'Downlink_speed_Gbps 100', 'Radix_Down 4', 'Downlink_Latency_ns 1000'];
const tokens = ['0', '1', '7', '-1', '99999999999', '4.5', '', 'x', 'Tier', 'Nodes', '400Gbps', '1e400Gbps', '0Gbps', 'NaN', '#', '1 2', '→', '\u0000'];

function damaged(lines: string[]) {
  return fc
    .tuple(
      fc.array(fc.tuple(fc.nat(lines.length - 1), fc.nat(5), fc.constantFrom(...tokens)), { maxLength: 4 }),
      fc.array(fc.nat(lines.length - 1), { maxLength: 2 }),
      fc.option(fc.nat(200)),
    )
    .map(([edits, drops, cut]) => {
      const ls = lines.map((l) => l.split(' '));
      for (const [line, at, tok] of edits) ls[line][Math.min(at, ls[line].length - 1)] = tok;
      const kept = ls.map((t) => t.join(' ')).filter((_l, i) => !drops.includes(i));
      const text = kept.join('\n');
      return cut === null ? text : text.slice(0, cut);
    });
}

function check(parse: (text: string, file: string) => unknown, text: string): 'ok' | 'refused' {
  try {
    parse(text, 'f');
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).toMatch(/^f:\d+: /);
    return 'refused';
  }
}

describe('importers on damaged files', () => {
  it('an infinite or zero data rate is refused with its line', () => {
    for (const rate of ['1e400Gbps', '0Gbps']) {
      const text = simai.map((l, i) => (i === 4 ? `0 2 ${rate} 0.0005ms 0` : l)).join('\n');
      expect(() => parseSimai(text, 'f')).toThrow(new RegExp(`^f:5: link 3 of 5: expected an ns-3 data rate such as 400Gbps, found "${rate}"`));
    }
  });
  it('the undamaged files parse, to the sizes their headers give', () => {
    expect(check(parseSimai, simai.join('\n'))).toBe('ok');
    expect(check(parseHtsimFatTree, topo.join('\n'))).toBe('ok');
    // SimAI: node_num 5 (2 GPUs, NVSwitch 4, switches 2 and 3), link_num 5
    const s = parseSimai(simai.join('\n'), 'f');
    expect([s.order, s.size]).toEqual([5, 5]);
    // htsim: 32 hosts on 32/8 = 4 ToRs; 32·100 / (100·4) = 8 ToR uplinks over 8 / (1 pod · 4 down) = 2 aggregation
    // switches: 32 + 4 + 2 nodes, 32 host links and one ToR–aggregation link per pair, 4·2
    const h = parseHtsimFatTree(topo.join('\n'), 'f');
    expect([h.order, h.size]).toEqual([32 + 4 + 2, 32 + 4 * 2]);
  });
  // the damage reaches both outcomes, so both branches of check() are exercised
  it.each([
    ['SimAI', parseSimai, simai],
    ['htsim FatTree', parseHtsimFatTree, topo],
  ] as const)('%s: a graph or a file:line UsageError', (_n, parse, lines) => {
    const seen = { ok: 0, refused: 0 };
    fc.assert(fc.property(damaged(lines), (text) => void seen[check(parse, text)]++), { numRuns: 400, seed: 15 });
    expect(seen.ok + seen.refused).toBe(400);
    expect(seen.ok).toBeGreaterThanOrEqual(5);
    expect(seen.refused).toBeGreaterThanOrEqual(100);
  });
});
