/**
 * The grouped view of a fabric: which groups are drawn, how parallel links bundle between them, and
 * where everything sits. The same functions run in Node (the first paint is computed before the page
 * loads) and in the browser (a click expands a group): the page script (client/main.ts) imports them and
 * esbuild bundles them into the page, so Node and the browser run the same code.
 *
 * Tree numbering: groups 0..groups-1 (0 = the root, never drawn), then switches, then hosts; a
 * parent always has a smaller index than its children. `vis[i]` is i for a node drawn as one
 * node, -2 for an expanded group (drawn as a compound, or the root), else the index of the drawn
 * ancestor that stands for it.
 */

export const KIND_ROOT = 0;
export const KIND_CONTAINER = 1;
export const KIND_BUCKET = 2;
export const KIND_BLOCK = 3;
export const KIND_HOSTGROUP = 4;

export interface ViewTree {
  n: number;
  groups: number;
  switches: number;
  hosts: number;
  parent: Int32Array;
  /** per group: KIND_* */
  kind: Uint8Array;
  /** per group: 1 if it spans several tiers (root, containers, blocks of containers) */
  multi: Uint8Array;
  /** per group: 1 if its multi-tier children link to each other directly (laid out on a ring) */
  ring: Uint8Array;
  /** per node: the tier row it is drawn in (0 hosts, 1 leaf/router, 2 spine, 3 core); multi groups: where their collapsed node sits */
  row: Uint8Array;
}

export interface ViewLinks {
  m: number;
  a: Int32Array;
  b: Int32Array;
  lanes: Int32Array;
}

export interface ViewIndex {
  childStart: Int32Array;
  childList: Int32Array;
}

export interface Bundles {
  count: number;
  x: Int32Array;
  y: Int32Array;
  lanes: Float64Array;
  /** atom-level links bundled */
  links: Int32Array;
  /** index of the first atom link of the bundle and of its busiest atom link */
  first: Int32Array;
  hot: Int32Array;
  /** max utilisation over the bundled links (0 without traffic) */
  uMax: Float64Array;
  /** lanes inside each drawn node (links whose ends both collapse into it) */
  internal: Float64Array;
  /** the hottest of those inside links' utilisation (0 without traffic): colours a collapsed group */
  internalMax: Float64Array;
}

export function viewConfig() {
  return {
    budget: 2000,
    maxChildren: 64,
    atomW: 46,
    hostW: 40,
    groupW: 120,
    atomH: 46,
    groupH: 74,
    pad: 18,
    label: 22,
    gapSub: 40,
    gapRow: 10,
    rowGap: 90,
    maxLineW: 1500,
    /** multi-tier siblings wider than this wrap into bands, aiming at this width:height */
    bandW: 3200,
    bandMin: 12,
    aspect: 2,
  };
}

export function viewIndex(t: ViewTree): ViewIndex {
  const count = new Int32Array(t.n + 1);
  for (let i = 1; i < t.n; i++) count[t.parent[i] + 1]++;
  const childStart = new Int32Array(t.n + 1);
  for (let i = 0; i < t.n; i++) childStart[i + 1] = childStart[i] + count[i + 1];
  const fill = childStart.slice(0, t.n);
  const childList = new Int32Array(Math.max(0, t.n - 1));
  for (let i = 1; i < t.n; i++) childList[fill[t.parent[i]]++] = i;
  return { childStart, childList };
}

export function viewVisible(t: ViewTree, expanded: Uint8Array): Int32Array {
  const vis = new Int32Array(t.n);
  vis[0] = -2;
  for (let i = 1; i < t.n; i++) {
    const p = vis[t.parent[i]];
    if (p >= 0) vis[i] = p;
    else vis[i] = i < t.groups && expanded[i] ? -2 : i;
  }
  return vis;
}

/** Bundles atom links by the drawn nodes at their ends; `util` (per atom link, or null) colours them. */
export function viewBundle(t: ViewTree, L: ViewLinks, vis: Int32Array, util: Float32Array | null): Bundles {
  const idx = new Map<number, number>();
  const x: number[] = [];
  const y: number[] = [];
  const lanes: number[] = [];
  const links: number[] = [];
  const first: number[] = [];
  const hot: number[] = [];
  const uMax: number[] = [];
  const internal = new Float64Array(t.n);
  const internalMax = new Float64Array(t.n);
  for (let e = 0; e < L.m; e++) {
    let p = vis[L.a[e]];
    let q = vis[L.b[e]];
    if (p === q) {
      internal[p] += L.lanes[e];
      if (util && util[e] > internalMax[p]) internalMax[p] = util[e];
      continue;
    }
    if (p > q) {
      const s = p;
      p = q;
      q = s;
    }
    const key = p * t.n + q;
    let k = idx.get(key);
    const u = util ? util[e] : 0;
    if (k === undefined) {
      k = x.length;
      idx.set(key, k);
      x.push(p);
      y.push(q);
      lanes.push(0);
      links.push(0);
      first.push(e);
      hot.push(e);
      uMax.push(u);
    } else if (u > uMax[k]) {
      uMax[k] = u;
      hot[k] = e;
    }
    lanes[k] += L.lanes[e];
    links[k]++;
  }
  return {
    count: x.length,
    x: Int32Array.from(x),
    y: Int32Array.from(y),
    lanes: Float64Array.from(lanes),
    links: Int32Array.from(links),
    first: Int32Array.from(first),
    hot: Int32Array.from(hot),
    uMax: Float64Array.from(uMax),
    internal,
    internalMax,
  };
}

/** Drawn elements: nodes (collapsed and compound, the root excluded) plus bundled edges. */
export function viewCountNodes(t: ViewTree, vis: Int32Array): number {
  let nodes = 0;
  for (let i = 1; i < t.n; i++) if (vis[i] === i || vis[i] === -2) nodes++;
  return nodes;
}

/**
 * The default expansion: the root, then in order containers (outer first), host buckets, and
 * switch buckets from the top tier down, each step applied to every shown group of its kind at once
 * and kept only if the drawing stays within the element budget. Blocks (runs of more than
 * maxChildren siblings), and groups made of blocks, open only on demand.
 */
export function viewDefault(t: ViewTree, L: ViewLinks, ix: ViewIndex, budget: number): Uint8Array {
  const expanded = new Uint8Array(t.groups);
  expanded[0] = 1;
  const depth = new Int32Array(t.groups);
  let maxDepth = 0;
  for (let i = 1; i < t.groups; i++) {
    depth[i] = depth[t.parent[i]] + (t.kind[i] === 1 ? 1 : 0);
    if (t.kind[i] === 1 && depth[i] > maxDepth) maxDepth = depth[i];
  }
  const steps: Array<(i: number) => boolean> = [];
  for (let d = 1; d <= maxDepth; d++) steps.push((i) => t.kind[i] === 1 && depth[i] === d);
  steps.push((i) => t.kind[i] === 2 && t.row[i] === 0);
  for (let tier = 3; tier >= 1; tier--) steps.push((i) => t.kind[i] === 2 && t.row[i] === tier);
  const opensToBlocks = (i: number) => ix.childStart[i + 1] === ix.childStart[i] || t.kind[ix.childList[ix.childStart[i]]] === 3;
  for (const pick of steps) {
    const vis = viewVisible(t, expanded);
    const chosen: number[] = [];
    for (let i = 1; i < t.groups; i++) if (vis[i] === i && pick(i) && !opensToBlocks(i)) chosen.push(i);
    if (chosen.length === 0) continue;
    for (const i of chosen) expanded[i] = 1;
    const v2 = viewVisible(t, expanded);
    const total = viewCountNodes(t, v2) + viewBundle(t, L, v2, null).count;
    if (total > budget) for (const i of chosen) expanded[i] = 0;
  }
  return expanded;
}

/**
 * Tiered preset positions (x, y per node; NaN where not drawn as a plain node). Tier rows run from
 * the top tier (core) down to hosts; multi-tier groups sit side by side (or on a ring when they
 * link to each other directly, as Dragonfly groups do); an expanded single-tier group flows its
 * members in lines of at most maxLineW.
 */
export function viewLayout(t: ViewTree, ix: ViewIndex, vis: Int32Array): Float64Array {
  const C = viewConfig();
  const n = t.n;
  const G = t.groups;
  const w = new Float64Array(n);
  const h = new Float64Array(n);
  const pos = new Float64Array(2 * n).fill(NaN);
  const isMultiOpen = (i: number) => i < G && vis[i] === -2 && t.multi[i] === 1;
  const isSub = (i: number) => i < G && t.multi[i] === 1;
  const slot = (i: number) => {
    if (i < G) return [C.groupW, C.groupH];
    if (i < G + t.switches) return [C.atomW, C.atomH];
    return [C.hostW, C.atomH];
  };
  const kids = (i: number) => ix.childList.subarray(ix.childStart[i], ix.childStart[i + 1]);
  // Flow of an expanded single-tier group's children: [x offset, y offset] of each child's box corner.
  const flow = (i: number, place: ((c: number, ox: number, oy: number) => void) | null) => {
    const cs = kids(i);
    // Roughly twice as wide as tall: about sqrt(2·count) members per line.
    let sumW = 0;
    for (const c of cs) sumW += w[c] + C.gapRow;
    let maxW = Math.min(C.maxLineW, Math.ceil(Math.sqrt(2 * cs.length)) * (sumW / Math.max(1, cs.length)));
    for (const c of cs) if (w[c] > maxW) maxW = w[c];
    let lx = 0;
    let ly = 0;
    let lineH = 0;
    let usedW = 0;
    for (const c of cs) {
      if (lx > 0 && lx + w[c] > maxW) {
        ly += lineH + C.gapRow;
        lx = 0;
        lineH = 0;
      }
      if (place) place(c, lx, ly);
      lx += w[c] + C.gapRow;
      if (lx - C.gapRow > usedW) usedW = lx - C.gapRow;
      if (h[c] > lineH) lineH = h[c];
    }
    return [usedW, ly + lineH];
  };
  // Row widths of a multi-tier group: sub groups (multi-tier children) and row items per tier.
  const rows = (i: number) => {
    const rowW = [0, 0, 0, 0];
    let subW = 0;
    let subs = 0;
    for (const c of kids(i)) {
      if (isSub(c)) {
        subW += w[c] + C.gapSub;
        subs++;
      } else rowW[t.row[c]] += w[c] + C.gapSub;
    }
    return { rowW: rowW.map((v) => Math.max(0, v - C.gapSub)), subW: Math.max(0, subW - C.gapSub), subs };
  };
  // On a ring each sub takes an arc as long as its larger side; the radius keeps neighbours' chords that long.
  const ringSize = (c: number) => (vis[c] === c ? w[c] : Math.max(w[c], stackH)) + C.gapSub;
  const ringTotal = (i: number) => {
    let sum = 0;
    for (const c of kids(i)) sum += ringSize(c);
    return sum;
  };
  const ringRadius = (total: number, subs: number) => Math.max(C.groupW, total / (2 * subs * Math.sin(Math.PI / subs)));
  const onRing = (i: number, r: { subs: number; rowW: number[] }) => t.ring[i] === 1 && r.subs >= 3 && r.rowW.every((v) => v === 0);

  // Pass 1: sizes of single-tier items (children before parents), then row heights and row centres.
  for (let i = n - 1; i >= 0; i--) {
    if (vis[i] === i) {
      const s = slot(i);
      w[i] = s[0];
      h[i] = s[1];
    } else if (vis[i] === -2 && i !== 0 && t.multi[i] !== 1) {
      const f = flow(i, null);
      w[i] = f[0] + 2 * C.pad;
      h[i] = f[1] + 2 * C.pad + C.label;
    }
  }
  const rowH = [0, 0, 0, 0];
  for (let i = 1; i < n; i++) {
    if (vis[i] !== i && vis[i] !== -2) continue;
    if (!isMultiOpen(t.parent[i]) && t.parent[i] !== 0) continue;
    if (isMultiOpen(i)) continue;
    if (h[i] > rowH[t.row[i]]) rowH[t.row[i]] = h[i];
  }
  const Y = [0, 0, 0, 0];
  let yy = 0;
  for (let r = 3; r >= 0; r--) {
    if (rowH[r] === 0) continue;
    Y[r] = yy + rowH[r] / 2;
    yy += rowH[r] + C.rowGap;
  }
  const stackH = Math.max(0, yy - C.rowGap);
  const yMid = stackH / 2;
  // Bands: how many multi-tier siblings go side by side before wrapping.
  const perBand = (r: { subW: number; subs: number }) => {
    if (r.subs < C.bandMin || r.subW <= C.bandW) return r.subs;
    const avg = r.subW / r.subs;
    const per = Math.max(2, Math.min(r.subs, Math.round(Math.sqrt((r.subs * (stackH + C.rowGap) * C.aspect) / avg))));
    return Math.ceil(r.subs / Math.ceil(r.subs / per));
  };
  const bandWidths = (i: number, per: number) => {
    const out: number[] = [];
    let k = 0;
    for (const c of kids(i)) {
      if (!isSub(c)) continue;
      const b = Math.floor(k++ / per);
      out[b] = (out[b] ?? -C.gapSub) + w[c] + C.gapSub;
    }
    return out;
  };
  // Multi-tier sizes, children before parents.
  for (let i = n - 1; i >= 0; i--) {
    if (!(vis[i] === -2 && (i === 0 || t.multi[i] === 1))) continue;
    const r = rows(i);
    if (onRing(i, r)) {
      const rad = ringRadius(ringTotal(i), r.subs);
      let big = 0;
      for (const c of kids(i)) big = Math.max(big, w[c], h[c]);
      w[i] = 2 * rad + big + 2 * C.pad;
      h[i] = w[i];
    } else w[i] = Math.max(...bandWidths(i, perBand(r)), ...r.rowW, 0) + 2 * C.pad;
  }
  const placeItem = (c: number, cx: number, cy: number) => {
    if (vis[c] === c) {
      pos[2 * c] = cx;
      pos[2 * c + 1] = cy;
      return;
    }
    const left = cx - w[c] / 2 + C.pad;
    const top = cy - h[c] / 2 + C.pad + C.label;
    flow(c, (k, ox, oy) => placeItem(k, left + ox + w[k] / 2, top + oy + h[k] / 2));
  };
  const placeMulti = (i: number, left: number, oy: number) => {
    if (vis[i] === i) {
      pos[2 * i] = left + w[i] / 2;
      pos[2 * i + 1] = oy + Y[t.row[i]];
      return;
    }
    const r = rows(i);
    const inner = left + C.pad;
    const innerW = w[i] - 2 * C.pad;
    if (onRing(i, r)) {
      const total = ringTotal(i);
      const rad = ringRadius(total, r.subs);
      const cx = left + w[i] / 2;
      const cy = oy + w[i] / 2;
      let acc = 0;
      for (const c of kids(i)) {
        const a = (2 * Math.PI * (acc + ringSize(c) / 2)) / total - Math.PI / 2;
        acc += ringSize(c);
        const px = cx + rad * Math.cos(a);
        const py = cy + rad * Math.sin(a);
        if (vis[c] === c) {
          pos[2 * c] = px;
          pos[2 * c + 1] = py;
        } else placeMulti(c, px - w[c] / 2, py - yMid);
      }
      return;
    }
    const per = perBand(r);
    const bw = bandWidths(i, per);
    const bands = bw.length;
    const bandH = stackH + C.rowGap * 1.5;
    let k = 0;
    let sx = 0;
    const rx = r.rowW.map((v) => inner + (innerW - v) / 2);
    for (const c of kids(i)) {
      if (isSub(c)) {
        const b = Math.floor(k / per);
        if (k % per === 0) sx = inner + (innerW - bw[b]) / 2;
        placeMulti(c, sx, oy + b * bandH);
        sx += w[c] + C.gapSub;
        k++;
      } else {
        // Row items go above the bands (upper tiers) or below them (hosts).
        const row = t.row[c];
        const band = bands > 1 && row <= 1 ? bands - 1 : 0;
        placeItem(c, rx[row] + w[c] / 2, oy + band * bandH + Y[row]);
        rx[row] += w[c] + C.gapSub;
      }
    }
  };
  placeMulti(0, 0, 0);
  for (let i = 0; i < 2 * n; i++) if (!Number.isNaN(pos[i])) pos[i] = Math.round(pos[i]);
  return pos;
}

export interface ViewNames {
  ids: string[];
  labels: string[];
  classes: string[];
}

/** Cytoscape ids, labels and style classes of every tree node. */
export function viewNames(
  t: ViewTree,
  groupIds: string[],
  groupLabels: string[],
  switchNames: string[],
  switchRole: Uint8Array,
  hostNumber: Int32Array,
  hostNics: Int32Array,
): ViewNames {
  const roles = ['leaf', 'spine', 'core', 'router'];
  const n = t.n;
  const G = t.groups;
  const sw = new Int32Array(n);
  const hosts = new Int32Array(n);
  const gpus = new Int32Array(n);
  const cls = new Array<string>(n);
  for (let i = 0; i < t.switches; i++) {
    sw[G + i] = 1;
    cls[G + i] = roles[switchRole[i]] ?? 'leaf';
  }
  for (let i = 0; i < t.hosts; i++) {
    hosts[G + t.switches + i] = 1;
    gpus[G + t.switches + i] = hostNics[i];
    cls[G + t.switches + i] = 'hosts';
  }
  for (let i = n - 1; i > 0; i--) {
    const p = t.parent[i];
    sw[p] += sw[i];
    hosts[p] += hosts[i];
    gpus[p] += gpus[i];
    if (p > 0 && t.kind[p] !== 1 && cls[p] === undefined) cls[p] = cls[i];
  }
  const ids = new Array<string>(n);
  const labels = new Array<string>(n);
  const plural = (k: number, one: string, many: string) => `${k.toLocaleString('en-US')} ${k === 1 ? one : many}`;
  for (let i = 0; i < n; i++) {
    if (i < G) {
      ids[i] = `g:${groupIds[i]}`;
      const parts: string[] = [];
      if (sw[i]) parts.push(plural(sw[i], 'switch', 'switches'));
      if (hosts[i]) parts.push(plural(hosts[i], 'host', 'hosts'));
      labels[i] = `${groupLabels[i]}\n${parts.join(' · ')}`;
      cls[i] = t.kind[i] === 1 || (t.multi[i] && t.kind[i] === 3) ? 'container' : cls[i] ?? 'leaf';
    } else if (i < G + t.switches) {
      ids[i] = `s:${switchNames[i - G]}`;
      labels[i] = switchNames[i - G];
    } else {
      ids[i] = `h:${hostNumber[i - G - t.switches]}`;
      labels[i] = `h${hostNumber[i - G - t.switches]}`;
    }
  }
  return { ids, labels, classes: cls };
}

/** Utilisation colour: grey when idle, then blue → yellow → red (the legend draws the same stops). */
export function viewUtilColor(u: number): string {
  if (!(u > 0)) return '#b8c0cc';
  const stops = [
    [0, 69, 117, 180],
    [0.25, 145, 191, 219],
    [0.5, 254, 224, 144],
    [0.75, 252, 141, 89],
    [1, 215, 48, 39],
  ];
  const x = Math.min(1, u);
  let k = 1;
  while (k < stops.length - 1 && stops[k][0] < x) k++;
  const a = stops[k - 1];
  const b = stops[k];
  const f = (x - a[0]) / (b[0] - a[0]);
  const ch = (j: number) => Math.round(a[j] + (b[j] - a[j]) * f).toString(16).padStart(2, '0');
  return `#${ch(1)}${ch(2)}${ch(3)}`;
}

/** Cytoscape elements of a view: nodes in tree order (parents first), then bundled edges. */
export function viewElements(t: ViewTree, names: ViewNames, vis: Int32Array, B: Bundles, pos: Float64Array, traffic: boolean): unknown[] {
  const out: unknown[] = [];
  for (let i = 1; i < t.n; i++) {
    const open = vis[i] === -2;
    if (vis[i] !== i && !open) continue;
    // An open group's frame carries only its name; counts stay in the tooltip.
    const data: Record<string, unknown> = { id: names.ids[i], label: open ? names.labels[i].split('\n')[0] : names.labels[i], ix: i };
    if (t.parent[i] > 0) data.parent = names.ids[t.parent[i]];
    const kindCls = i < t.groups ? (open ? 'open' : 'group') : i < t.groups + t.switches ? 'switch' : 'host';
    // a collapsed group takes the colour of its hottest inside link, so a hot spot hidden in a block shows
    if (traffic && kindCls === 'group' && B.internalMax[i] > 0) data.hc = viewUtilColor(B.internalMax[i]);
    const el: Record<string, unknown> = { group: 'nodes', data, classes: `${kindCls} ${names.classes[i]}${data.hc ? ' hot' : ''}` };
    if (!open) el.position = { x: pos[2 * i], y: pos[2 * i + 1] };
    out.push(el);
  }
  for (let k = 0; k < B.count; k++) {
    const u = B.uMax[k];
    const width = traffic ? 1 + 5 * Math.min(1, u) : Math.min(6, 1 + Math.log2(B.lanes[k]) * 0.6);
    out.push({
      group: 'edges',
      data: {
        id: `e${B.x[k]}-${B.y[k]}`,
        source: names.ids[B.x[k]],
        target: names.ids[B.y[k]],
        w: Math.round(width * 10) / 10,
        c: traffic ? viewUtilColor(u) : '#9aa5b4',
      },
    });
  }
  return out;
}

/** Every function the browser needs, in dependency-free order, for inlining into the report. */
