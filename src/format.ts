/**
 * The one place numbers become words (docs/schema.md, "Glossary and formatting"): thousands
 * separators, a unit on every value, decimal SI prefixes (1 GB = 1e9 B, 1 GB/s = 1e9 B/s),
 * singular and plural. Every renderer (terminal, Markdown, HTML) formats through here so the
 * same figure reads the same everywhere; JSON and CSV keep raw numbers in base units.
 */

/** Thousands separators; at most `digits` decimals, trailing zeros dropped. */
export function fmtNum(v: number, digits = 2): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

const SI = ['', 'k', 'M', 'G', 'T', 'P', 'E'];

/** A value with a decimal SI prefix on its unit: siUnit(2.14e9, 'B') = "2.14 GB". Zero keeps its unit. */
export function fmtSi(v: number, unit: string, digits = 2): string {
  let i = 0;
  let x = v;
  while (Math.abs(x) >= 1000 && i < SI.length - 1) {
    x /= 1000;
    i++;
  }
  // rounding can carry to 1000 (999.999 kB → "1,000 kB"): move up one prefix instead
  if (Math.abs(Number(x.toFixed(digits))) >= 1000 && i < SI.length - 1) {
    x /= 1000;
    i++;
  }
  return `${fmtNum(x, digits)} ${SI[i]}${unit}`;
}

/** Bytes with a decimal prefix: "0 B", "1.05 MB". */
export function fmtBytes(b: number): string {
  return fmtSi(b, 'B');
}

/** Seconds in the unit that keeps 1–3 integer digits: "0 s", "123.73 µs", "3.25 ms", "1.2 s". */
export function fmtSeconds(s: number): string {
  if (s === 0) return '0 s';
  if (!Number.isFinite(s)) return String(s);
  const a = Math.abs(s);
  if (a < 1e-6) return `${fmtNum(s * 1e9, 2)} ns`;
  if (a < 1e-3) return `${fmtNum(s * 1e6, 2)} µs`;
  if (a < 1) return `${fmtNum(s * 1e3, 3)} ms`;
  return `${fmtNum(s, 3)} s`;
}

/** GB/s (1e9 B/s) with its unit. */
export function fmtGBps(v: number, digits = 2): string {
  return `${fmtNum(v, digits)} GB/s`;
}

/** Tb/s from Gb/s. */
export function fmtTbps(gbps: number, digits = 2): string {
  return `${fmtNum(gbps / 1e3, digits)} Tb/s`;
}

/** A fraction as a percentage: 0.123 → "12.3%"; `signed` adds "+" to gains. */
export function fmtPct(x: number, digits = 1, signed = false): string {
  return `${signed && x >= 0 ? '+' : ''}${fmtNum(x * 100, digits)}%`;
}

/**
 * US dollars, one style everywhere: whole dollars with separators below a million ("$9,947",
 * "$10,500"), millions with two decimals above ("$52.31M"). No "k" step, so per-GPU figures
 * side by side always read in the same unit.
 */
export function fmtUsd(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 1e6) return `$${(x / 1e6).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}M`;
  return `$${Math.round(x).toLocaleString('en-US')}`;
}

/** Word for a count: plural(1, 'trial') = "trial", plural(2, 'switch', 'switches') = "switches". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

/** A count and its noun: count(1, 'trial') = "1 trial", count(1234, 'link') = "1,234 links". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${fmtNum(n)} ${plural(n, one, many)}`;
}

/**
 * Parses a dollar amount as people write it: "50M", "1.2e9", "$20,000,000", "750k", "1.5B".
 * Returns undefined when the text is not an amount. Suffixes: k = 1e3, M = 1e6, B or G = 1e9.
 */
export function parseUsd(text: string): number | undefined {
  const t = text.trim().replace(/^\$/, '').replace(/^US\$/i, '').trim();
  // separators must group digits by three, so "1,2" is rejected rather than read as 12
  const m = /^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e[+-]?\d+)?|\.\d+)\s*([kmbg])?$/i.exec(t);
  if (!m) return undefined;
  const base = Number(m[1].replaceAll(',', ''));
  const mult = { k: 1e3, m: 1e6, b: 1e9, g: 1e9 }[(m[2] ?? '').toLowerCase() as 'k'] ?? 1;
  const v = base * mult;
  return Number.isFinite(v) ? v : undefined;
}

/** Greedy word wrap at spaces; words longer than `width` stay whole. Keeps existing line breaks. */
export function wrapText(text: string, width: number, indent = ''): string {
  return text
    .split('\n')
    .map((para) => {
      const out: string[] = [];
      const lead = /^ */.exec(para)![0];
      let line = lead;
      for (const w of para.slice(lead.length).split(' ')) {
        if (line.trim() && (line + ' ' + w).length > width) {
          out.push(line);
          line = indent + w;
        } else line = line.trim() ? `${line} ${w}` : line + w;
      }
      out.push(line);
      return out.join('\n');
    })
    .join('\n');
}
