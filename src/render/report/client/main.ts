/**
 * The page's script, bundled by esbuild at build time (scripts/build-client.mjs) into one IIFE that the
 * report inlines: Cytoscape is the only global it needs. It never puts data into innerHTML: every string
 * from the data reaches the page through textContent or the canvas. The pure pieces (formatting, decoding
 * the packed model, styles) are modules of their own, unit-tested in Node (test/render/client.test.ts).
 *
 * Exposes window.__topoplan = { views, show(i), ... } for tests and power users.
 */
import { viewBundle, viewCountNodes, viewElements, viewLayout, viewVisible } from '../view.js';
import { bytes, el, fmt, pct } from './format.js';
import { decodeModel, UTIL } from './decode.js';
import { STYLE } from './style.js';

declare const cytoscape: any;

export function clientMain(): void {
  const MAX_ELEMENTS = 15000;
  const ROLES = ['leaf', 'spine', 'core', 'router'];
  const data = JSON.parse(document.getElementById('topoplan-data')!.textContent!);
  const api: any = { views: [] as any[], firstPaintMs: NaN, show, expand, collapse, focusLink, search };
  (window as any).__topoplan = api;

  function status(v: any, text: string) {
    v.statusEl.textContent = text;
  }

  function utilOf(v: any): Float32Array | null {
    const M = v.model;
    if (!M.phases.length) return null;
    let u: Float32Array;
    if (v.phase < 0) u = M.all;
    else {
      const p = M.phases[v.phase];
      if (!p.dense) {
        p.dense = new Float32Array(M.links.m);
        for (let e = 0; e < M.links.m; e++) p.dense[e] = p.max[e] / UTIL;
      }
      u = p.dense;
    }
    return v.scale === 'log' ? logScale(v, u) : u;
  }

  /** Log scale, selectable: 1% of the phase time → the blue end, 10% → the middle, 100% → red; idle stays grey. */
  function logScale(v: any, u: Float32Array): Float32Array {
    v.logCache ??= new Map();
    let out = v.logCache.get(u);
    if (!out) {
      out = new Float32Array(u.length);
      for (let e = 0; e < u.length; e++) out[e] = u[e] > 0 ? Math.max(0.001, 1 + Math.log10(Math.min(1, u[e])) / 2) : 0;
      v.logCache.set(u, out);
    }
    return out;
  }

  /** Recomputes the drawing for the current expansion and applies the difference to Cytoscape. */
  function refresh(v: any) {
    const M = v.model;
    const vis = viewVisible(M.tree, v.expanded);
    const B = viewBundle(M.tree, M.links, vis, utilOf(v));
    const pos = viewLayout(M.tree, M.ix, vis);
    const els = viewElements(M.tree, M.names, vis, B, pos, M.phases.length > 0) as any[];
    v.vis = vis;
    v.bundles = B;
    v.bundleOf = new Map<string, number>();
    for (let k = 0; k < B.count; k++) v.bundleOf.set(`e${B.x[k]}-${B.y[k]}`, k);
    const cy = v.cy;
    const want = new Map<string, any>();
    for (const e of els) want.set(e.data.id, e);
    cy.batch(() => {
      cy.remove(cy.elements().filter((x: any) => !want.has(x.id())));
      const add: any[] = [];
      for (const e of els) {
        const ex = cy.getElementById(e.data.id);
        if (ex.empty()) {
          add.push(e);
          continue;
        }
        if (ex.classes().join(' ') !== e.classes) ex.classes(e.classes);
        if (e.group === 'edges') ex.data({ w: e.data.w, c: e.data.c });
        else {
          ex.data('label', e.data.label);
          if (e.data.hc) ex.data('hc', e.data.hc);
          if (e.position) ex.position(e.position);
        }
      }
      cy.add(add);
    });
  }

  function elementsAfter(v: any, expanded: Uint8Array): number {
    const M = v.model;
    const vis = viewVisible(M.tree, expanded);
    return viewCountNodes(M.tree, vis) + viewBundle(M.tree, M.links, vis, null).count;
  }

  function setExpanded(v: any, change: (x: Uint8Array) => void, what: string): boolean {
    const next = v.expanded.slice();
    change(next);
    const count = elementsAfter(v, next);
    if (count > MAX_ELEMENTS) {
      status(v, `${what}: that would draw ${fmt(count)} elements (limit ${fmt(MAX_ELEMENTS)}); expand a smaller group`);
      return false;
    }
    v.expanded = next;
    refresh(v);
    status(v, `${what}: ${fmt(v.cy.elements().length)} elements drawn`);
    return true;
  }

  function viewOf(i: number) {
    return api.views[i];
  }

  function expand(i: number, id: string) {
    const v = viewOf(i);
    const t = v.model.byId.get(id);
    if (t === undefined || t >= v.model.tree.groups) return false;
    if (!setExpanded(v, (x) => (x[t] = 1), `expanded ${v.model.names.labels[t].split('\n')[0]}`)) return false;
    // The layout reflows around the opened group: bring it into view.
    const node = v.cy.getElementById(id);
    zoomTo(v, node.union(node.descendants()));
    return true;
  }

  function collapse(i: number, id: string) {
    const v = viewOf(i);
    const t = v.model.byId.get(id);
    if (t === undefined || t === 0 || t >= v.model.tree.groups) return false;
    if (!setExpanded(v, (x) => (x[t] = 0), `collapsed ${v.model.names.labels[t].split('\n')[0]}`)) return false;
    zoomTo(v, v.cy.getElementById(id).closedNeighborhood());
    return true;
  }

  /** Opens every ancestor of tree node t so it is drawn by itself. */
  function reveal(v: any, x: Uint8Array, t: number) {
    for (let p = v.model.tree.parent[t]; p > 0; p = v.model.tree.parent[p]) x[p] = 1;
  }

  function zoomTo(v: any, eles: any) {
    const cy = v.cy;
    cy.fit(eles, 60);
    if (cy.zoom() > 1.4) cy.zoom(1.4);
    cy.center(eles);
  }

  function focusLink(i: number, a: number, b: number) {
    const v = viewOf(i);
    if (!v.model || a < 0 || b < 0) return false;
    if (!setExpanded(v, (x) => (reveal(v, x, a), reveal(v, x, b)), 'hot link')) return false;
    const id = `e${Math.min(a, b)}-${Math.max(a, b)}`;
    const e = v.cy.getElementById(id);
    v.cy.elements().unselect();
    e.select();
    zoomTo(v, e.union(e.connectedNodes()));
    showInfo(v, e);
    return true;
  }

  function search(i: number, text: string) {
    const v = viewOf(i);
    const M = v.model;
    if (!M) return false;
    const q = text.trim();
    let t: number | undefined = M.byId.get(`s:${q}`) ?? M.byId.get(q) ?? M.byId.get(`g:${q}`);
    const host = /^(?:h|host\s*)(\d+)(?:\.g\d+)?$/i.exec(q);
    if (t === undefined && host) t = M.byId.get(`h:${Number(host[1])}`);
    if (t === undefined) {
      const lq = q.toLowerCase();
      const k = M.names.labels.findIndex((l: string, j: number) => j > 0 && l.split('\n')[0].toLowerCase() === lq);
      if (k > 0) t = k;
    }
    if (t === undefined) {
      status(v, `no node ${JSON.stringify(q)} (try a switch id such as ${M.names.labels[M.tree.groups] ?? 'leaf0'}, or h12)`);
      return false;
    }
    const target = t;
    if (!setExpanded(v, (x) => reveal(v, x, target), `found ${q}`)) return false;
    const node = v.cy.getElementById(M.names.ids[target]);
    v.cy.elements().unselect();
    node.select();
    zoomTo(v, node);
    showInfo(v, node);
    return true;
  }

  function describeNode(v: any, node: any): string[] {
    const M = v.model;
    const i = node.data('ix');
    const T = M.tree;
    const lines: string[] = [];
    if (i < T.groups) {
      const [name, counts] = M.names.labels[i].split('\n');
      lines.push(name, counts);
      if (v.vis[i] === -2) lines.push('expanded: click its frame to collapse');
      else {
        lines.push(`links inside: ${fmt(v.bundles.internal[i])} lanes`, 'click to expand');
      }
    } else if (i < T.groups + T.switches) {
      const s = i - T.groups;
      lines.push(M.names.labels[i], `${ROLES[M.A.switchRole[s]]}, radix ${M.A.switchRadix[s]}`, `ports in use: ${fmt(M.degree[i])} of ${M.A.switchRadix[s]}`);
    } else {
      const h = i - T.groups - T.switches;
      lines.push(`host ${M.A.hostNumber[h]}`, `${M.A.hostNics[h]} scale-out NICs (GPUs h${M.A.hostNumber[h]}.g0…)`, `fabric lanes: ${fmt(M.degree[i])}`);
    }
    return lines;
  }

  function describeEdge(v: any, edge: any): string[] {
    const M = v.model;
    const k = v.bundleOf.get(edge.id());
    if (k === undefined) return [];
    const B = v.bundles;
    const name = (t: number) => M.names.labels[t].split('\n')[0];
    const lines = [`${name(B.x[k])} — ${name(B.y[k])}`, `${fmt(B.lanes[k])} lanes × ${fmt(M.links.gbps[B.first[k]])} Gb/s in ${fmt(B.links[k])} link${B.links[k] === 1 ? '' : 's'}`];
    if (M.phases.length) {
      const phaseName = v.phase < 0 ? 'all phases (max)' : M.phases[v.phase].name;
      lines.push(`utilisation, ${phaseName}: busiest lane ${pct(B.uMax[k])}`);
      const e = B.hot[k];
      if (B.uMax[k] > 0 && B.links[k] > 1) lines.push(`busiest link: ${name(M.links.a[e])} — ${name(M.links.b[e])}`);
      const ps = v.phase < 0 ? M.phases : [M.phases[v.phase]];
      for (const p of ps) {
        const cap = (M.links.lanes[e] * M.links.gbps[e] * 1e9) / 8;
        const ab = p.ab[e] / UTIL;
        const ba = p.ba[e] / UTIL;
        if (ab === 0 && ba === 0) continue;
        lines.push(`${p.name}: ${name(M.links.a[e])}→ ${pct(ab)} (${bytes((ab * p.seconds * cap) / M.links.lanes[e])}/lane), ← ${pct(ba)} (${bytes((ba * p.seconds * cap) / M.links.lanes[e])}/lane)`);
      }
    }
    return lines;
  }

  function showInfo(v: any, target: any) {
    const lines = target.isNode() ? describeNode(v, target) : describeEdge(v, target);
    v.infoEl.replaceChildren(...lines.map((l, k) => el(k === 0 ? 'strong' : 'div', l)));
  }

  function tooltip(v: any, target: any, evt: any) {
    if (!v.model) return;
    const lines = target.isNode() ? describeNode(v, target) : describeEdge(v, target);
    const tip = v.tipEl;
    tip.replaceChildren(...lines.map((l, k) => el(k === 0 ? 'strong' : 'div', l)));
    const p = evt.renderedPosition;
    tip.style.left = `${Math.min(p.x + 14, v.cy.width() - 260)}px`;
    tip.style.top = `${p.y + 14}px`;
    tip.hidden = false;
  }

  function exportPng(v: any) {
    const blob = v.cy.png({ full: false, scale: 2, bg: '#ffffff', output: 'blob' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${v.fileName}-view.png`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  function init(i: number) {
    const v = viewOf(i);
    if (v.cy) return;
    const meta = data.views[i];
    v.cy = cytoscape({
      container: v.cyEl,
      elements: meta.elements,
      style: STYLE,
      layout: { name: 'preset' },
      minZoom: 0.01,
      maxZoom: 4,
      autoungrabify: true,
      boxSelectionEnabled: false,
      textureOnViewport: meta.elements.length > 3000,
      motionBlur: false,
    });
    v.cy.fit(undefined, 30);
    // Level of detail: top-level groups and open frames keep their labels at LABEL_PX screen pixels or more
    // at any zoom; labels inside a frame (nested groups, switches, hosts) appear once they would be that
    // large (min-zoomed-font-size) and are hidden before they shrink into an unreadable pile.
    const LABEL_PX = 11;
    const readable = () => {
      const z = v.cy.zoom();
      v.cy
        .style()
        .selector('node.group:orphan, node.open')
        .style({ 'font-size': Math.max(12, LABEL_PX / z), 'min-zoomed-font-size': 0 })
        .selector('node.group:child, node.switch, node.host')
        .style({ 'min-zoomed-font-size': LABEL_PX })
        .update();
    };
    readable();
    v.cy.on('zoom', readable);
    if (i === 0 && Number.isNaN(api.firstPaintMs))
      v.cy.one('render', () =>
        requestAnimationFrame(() => {
          api.firstPaintMs = performance.now();
          performance.mark('topoplan-first-paint');
        }),
      );
    status(v, `${fmt(meta.elements.length)} elements drawn; loading the full model…`);
    v.cy.on('tap', (evt: any) => {
      const t = evt.target;
      if (t === v.cy || !v.model) return;
      if (t.isNode()) {
        const ix = t.data('ix');
        if (ix < v.model.tree.groups) {
          if (v.vis[ix] === -2) collapse(i, t.id());
          else expand(i, t.id());
          return;
        }
      }
      showInfo(v, t);
    });
    v.cy.on('mouseover', 'node, edge', (evt: any) => tooltip(v, evt.target, evt));
    v.cy.on('mouseout', 'node, edge', () => (v.tipEl.hidden = true));
    v.cy.on('viewport', () => (v.tipEl.hidden = true));
    decodeModel(meta).then(
      (model) => {
        v.model = model;
        v.expanded = new Uint8Array(model.tree.groups);
        for (const g of meta.expanded) v.expanded[g] = 1;
        refresh(v);
        v.ready = true;
        status(v, `${fmt(v.cy.elements().length)} elements drawn; click a group to expand it, its frame to collapse it`);
      },
      (err: any) => {
        status(v, `could not load the model: ${err}`);
        console.error(err);
      },
    );
  }

  function show(i: number) {
    api.views.forEach((v: any, k: number) => {
      v.section.hidden = k !== i;
      v.tab.setAttribute('aria-selected', String(k === i));
    });
    init(i);
    api.current = i;
    api.cy = viewOf(i).cy;
  }

  document.querySelectorAll<HTMLElement>('.view').forEach((section) => {
    const i = Number(section.dataset.view);
    const meta = data.views[i];
    const v: any = {
      section,
      tab: document.querySelector(`.tab[data-view="${i}"]`),
      cyEl: section.querySelector('.cy'),
      tipEl: section.querySelector('.tip'),
      infoEl: section.querySelector('.info'),
      statusEl: section.querySelector('.status'),
      fileName: meta.fileName,
      phase: -1,
      ready: false,
    };
    api.views[i] = v;
    v.tab.addEventListener('click', () => show(i));
    section.querySelector('.fit')!.addEventListener('click', () => v.cy.fit(undefined, 30));
    section.querySelector('.reset')!.addEventListener('click', () => {
      if (!v.model) return;
      v.expanded = new Uint8Array(v.model.tree.groups);
      for (const g of meta.expanded) v.expanded[g] = 1;
      refresh(v);
      v.cy.fit(undefined, 30);
      status(v, `back to the grouped view: ${fmt(v.cy.elements().length)} elements`);
    });
    section.querySelector('.png')!.addEventListener('click', () => exportPng(v));
    const form = section.querySelector('form')!;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      search(i, (form.querySelector('input') as HTMLInputElement).value);
    });
    const sel = section.querySelector<HTMLSelectElement>('select.phase');
    if (sel)
      sel.addEventListener('change', () => {
        v.phase = Number(sel.value);
        if (v.model) refresh(v);
      });
    const scale = section.querySelector<HTMLSelectElement>('select.scale');
    if (scale)
      scale.addEventListener('change', () => {
        v.scale = scale.value;
        if (v.model) refresh(v);
      });
  });
  document.querySelectorAll<HTMLElement>('.hot').forEach((b) =>
    b.addEventListener('click', () => {
      const i = Number(b.dataset.view);
      show(i);
      viewOf(i).section.scrollIntoView();
      const go = () => (viewOf(i).model ? focusLink(i, Number(b.dataset.a), Number(b.dataset.b)) : setTimeout(go, 50));
      go();
    }),
  );
  if (api.views.length) show(0);
}

clientMain();
