/**
 * HTML escaping without a browser: the escaper against its five entities written out by hand, and a
 * whole report for a hostile topology name, read back as text. (The browser test checks the page is
 * inert when run; these check the bytes, and run everywhere.)
 */
import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { escapeHtml, packArrays, scriptJson } from '../../src/render/report/encode.js';
import { buildReport } from '../../src/render/report/index.js';
import type { TopoSpec } from '../../src/topology/spec.js';

// Every character HTML needs escaped in text and in quoted attributes, each once, between plain text.
const EVERY = `a&b<c>d"e'f`;
const ESCAPED = 'a&amp;b&lt;c&gt;d&quot;e&#39;f';

describe('escapeHtml', () => {
  it('escapes & < > " \' to their entities, in that text, and nothing else', () => {
    expect(escapeHtml(EVERY)).toBe(ESCAPED);
    expect(escapeHtml('&&')).toBe('&amp;&amp;');
    expect(escapeHtml('&amp;')).toBe('&amp;amp;'); // already-escaped text is escaped again: no double meaning
    expect(escapeHtml('plain text, 123 / é ✓')).toBe('plain text, 123 / é ✓');
    expect(escapeHtml(42)).toBe('42');
    expect(escapeHtml(null)).toBe('null');
  });

  it('every character of a long hostile string maps to its entity or to itself (per-character oracle)', () => {
    const entity: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
    const s = `</script><img src=x onerror="alert('&')"><!-- \u2028 ${EVERY.repeat(3)}`;
    expect(escapeHtml(s)).toBe([...s].map((ch) => entity[ch] ?? ch).join(''));
  });
});

describe('scriptJson', () => {
  it('writes < > & U+2028 U+2029 as \\u escapes and parses back to the same value', () => {
    const value = { name: `${EVERY}</script><!--\u2028\u2029` };
    const j = scriptJson(value);
    expect(j).toBe(
      '{"name":"a\\u0026b\\u003cc\\u003ed\\"e\'f\\u003c/script\\u003e\\u003c!--\\u2028\\u2029"}',
    );
    expect(JSON.parse(j)).toEqual(value);
  });
});

describe('packArrays', () => {
  it('lays arrays out 4-byte aligned in order, gzips them, and they read back bit for bit', () => {
    const arrays = {
      a: Int32Array.from([1, -2, 2 ** 31 - 1]), // 12 bytes at 0
      b: Uint8Array.from([1, 2, 3, 4, 5]), // 5 bytes at 12, padded to 8
      c: Uint16Array.from([65535, 7, 9]), // 6 bytes at 20, padded to 8
      d: Float32Array.from([0.5, -1e30]), // 8 bytes at 28
    };
    const { blob, dir, rawBytes } = packArrays(arrays);
    expect(dir).toEqual([
      { name: 'a', type: 'i32', offset: 0, length: 3 },
      { name: 'b', type: 'u8', offset: 12, length: 5 },
      { name: 'c', type: 'u16', offset: 20, length: 3 },
      { name: 'd', type: 'f32', offset: 28, length: 2 },
    ]);
    expect(rawBytes).toBe(36);
    const raw = gunzipSync(Buffer.from(blob, 'base64'));
    expect(raw.length).toBe(36);
    const ab = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length);
    expect([...new Int32Array(ab, 0, 3)]).toEqual([...arrays.a]);
    expect([...new Uint8Array(ab, 12, 5)]).toEqual([...arrays.b]);
    expect([...new Uint8Array(ab, 17, 3)]).toEqual([0, 0, 0]); // padding is zero
    expect([...new Uint16Array(ab, 20, 3)]).toEqual([...arrays.c]);
    expect([...new Float32Array(ab, 28, 2)]).toEqual([...arrays.d]);
  });

  it('a view into a larger buffer packs only its own bytes', () => {
    const big = Int32Array.from([9, 8, 7, 6]);
    const { blob, dir } = packArrays({ v: big.subarray(1, 3) });
    expect(dir).toEqual([{ name: 'v', type: 'i32', offset: 0, length: 2 }]);
    const raw = gunzipSync(Buffer.from(blob, 'base64'));
    expect([...new Int32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length))]).toEqual([8, 7]);
  });
});

describe('a report for a hostile topology name, as text', () => {
  const name = `</script><img src=x onerror=alert(1)> ${EVERY}`;
  const spec: TopoSpec = { name, family: 'ft2', params: { k: 8 }, source: 'test' } as TopoSpec;
  // built inside the tests, not at collection time, so mutation testing sees which test covers what
  let built: string | undefined;
  const report = () => (built ??= buildReport([spec], {}).html);

  it('never contains the raw name; shows it escaped in the title bar, the tab and the view heading', () => {
    const html = report();
    expect(html).not.toContain(name);
    expect(html).not.toContain('<img');
    const escaped = `&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; ${ESCAPED}`;
    // header meta, tab button and the view's meta line: each shows the name once, escaped
    expect(html.split(escaped).length - 1).toBeGreaterThanOrEqual(3);
    expect(html).toContain(`<button class="tab" type="button" data-view="0" aria-selected="false">${escaped}</button>`);
  });

  it('has the same script elements as the report for a plain name: the name opened or closed none', () => {
    const html = report();
    const plain = buildReport([{ ...spec, name: 'plain' }], {}).html;
    const tags = (h: string) => [(h.match(/<script\b/gi) ?? []).length, (h.match(/<\/script>/gi) ?? []).length];
    expect(tags(html)).toEqual(tags(plain));
    expect(tags(html)[0]).toBe(tags(html)[1]);
  });
});
