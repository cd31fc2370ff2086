/** Number formatting and DOM text helpers of the page script (en-US, like the terminal output). */

/** x with at most d decimals and thousands separators. */
export const fmt = (x: number, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: 0 });

/** A utilisation in [0, 1] as a percentage with one decimal. */
export const pct = (u: number) => `${fmt(u * 100, 1)}%`;

/** Bytes in decimal units (1 KB = 1000 B), two decimals. */
export const bytes = (b: number) => {
  const u = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (b >= 1000 && i < u.length - 1) {
    b /= 1000;
    i++;
  }
  return `${fmt(b, 2)} ${u[i]}`;
};

/** An element with text set through textContent (never innerHTML: data strings stay text). */
export const el = (tag: string, text?: string, cls?: string) => {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
};
