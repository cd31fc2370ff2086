/**
 * The report's HTML: sections appear only when their data exists (comparison always; cost when
 * the analyses carry `cost`; traffic with a workload; failures when an analysis carries `fail`;
 * one interactive view per buildable topology). Every user string is escaped here; data for the
 * script travels as JSON in a non-executable script element.
 */
import type { Comparison, CellValue } from '../../analysis/compare.js';
import { fmtNum } from '../table.js';
import { fmtGBps, fmtUsd } from '../../format.js';
import { fmtBytes, fmtSeconds } from '../traffic.js';
import { histogram, stackedBars } from './charts.js';
import type { TopologyData } from './data.js';
import { escapeHtml as esc, scriptJson } from './encode.js';

export interface PageInput {
  title: string;
  version: string;
  topologies: TopologyData[];
  workloadName?: string;
  comparison: Comparison;
  cytoscapeJs: string;
  clientJs: string;
  /** optional line such as "generated 2026-…"; omitted by default so the file is reproducible */
  stamp?: string;
  /** an HTML section placed first (plan --html: the ranked table and the Pareto chart) */
  lead?: string;
  /** the comparison's introduction; the default mentions Table 3, which only presets need */
  comparisonIntro?: string;
}

const CSS = `
:root{--ink:#1f2733;--muted:#5b6678;--line:#d9dee6;--bg:#f7f8fa;--accent:#3b7dd8}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}
header{padding:18px 28px 10px;border-bottom:1px solid var(--line);background:var(--bg)}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:18px;margin:26px 0 10px}
h3{font-size:15px;margin:18px 0 6px}
.meta{color:var(--muted)}
main{padding:0 28px 40px}
section.block{max-width:1400px}
table{border-collapse:collapse;margin:6px 0 12px;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid var(--line);padding:4px 10px;text-align:right;white-space:nowrap}
th:first-child,td:first-child{text-align:left}
thead th{background:var(--bg);font-weight:600}
tr.sub td{color:var(--muted);font-size:12px}
tr.sub td:first-child{padding-left:22px}
.chart{font:12px system-ui,sans-serif;fill:var(--ink);margin:4px 16px 8px 0}
.chart .chart-title{font-weight:600;font-size:13px}
.chart .tick{font-size:10px}
.charts{display:flex;flex-wrap:wrap;align-items:flex-start}
button{font:inherit;border:1px solid var(--line);background:#fff;border-radius:4px;padding:3px 9px;cursor:pointer}
button:hover{border-color:var(--accent)}
button.hot{border:none;background:none;color:var(--accent);padding:0;text-decoration:underline;cursor:pointer}
.tabs{display:flex;gap:6px;flex-wrap:wrap;margin:6px 0 8px}
.tab[aria-selected=true]{background:var(--accent);color:#fff;border-color:var(--accent)}
.toolbar{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin:4px 0}
.toolbar input{font:inherit;padding:3px 6px;width:230px;border:1px solid var(--line);border-radius:4px}
.legend{display:flex;gap:14px;align-items:center;flex-wrap:wrap;color:var(--muted);font-size:12px;margin:4px 0}
.sw{display:inline-block;width:12px;height:12px;border-radius:3px;vertical-align:-2px;margin-right:4px}
.grad{display:inline-block;width:140px;height:10px;border-radius:2px;vertical-align:-1px;margin:0 4px;background:linear-gradient(90deg,#4575b4,#91bfdb 25%,#fee090 50%,#fc8d59 75%,#d73027)}
.stage{position:relative;height:72vh;min-height:480px;border:1px solid var(--line);border-radius:6px;background:#fff}
.cy{position:absolute;inset:0}
.tip{position:absolute;z-index:5;max-width:360px;background:rgba(31,39,51,.94);color:#fff;font-size:12px;padding:6px 8px;border-radius:4px;pointer-events:none}
.status{color:var(--muted);font-size:12px;margin:4px 0}
.info{font-size:13px;min-height:1.4em}
.note{color:var(--muted)}
#plan-table td:nth-child(3),#plan-table th:nth-child(3){text-align:left}
.scroll{overflow-x:auto}
footer{color:var(--muted);font-size:12px;padding:12px 28px;border-top:1px solid var(--line)}
`;

function cell(v: CellValue | undefined, digits?: number, rel = false): string {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'string') return esc(v);
  if (rel) return `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%`;
  return esc(digits !== undefined ? fmtNum(Number(v.toFixed(digits)), digits) : fmtNum(v));
}

function comparisonTable(c: Comparison): string {
  const head = `<thead><tr><th>metric</th>${c.columns.map((col) => `<th>${esc(col.name)}</th>`).join('')}</tr></thead>`;
  const body: string[] = [];
  for (const r of c.rows) {
    body.push(`<tr><td>${esc(r.label.trim())}</td>${r.values.map((v) => `<td>${cell(v, r.digits)}</td>`).join('')}</tr>`);
    if (r.paper) {
      body.push(`<tr class="sub"><td>paper (Table 3)</td>${r.paper.map((v) => `<td>${cell(v, r.digits)}</td>`).join('')}</tr>`);
      body.push(`<tr class="sub"><td>difference vs paper</td>${(r.relDiff ?? []).map((v) => `<td>${cell(v, undefined, true)}</td>`).join('')}</tr>`);
    }
  }
  return `<table>${head}<tbody>${body.join('')}</tbody></table>`;
}

interface CostLike {
  totalUSD: number;
  perEndpointUSD: number;
  breakdown: Record<string, number>;
  energyUSD?: number;
  powerKW?: number;
  floor?: string;
  tco?: { serviceLifeYears: number; pue: number; usdPerKWh: number };
  pricebook?: string;
}

function costSection(ts: TopologyData[]): string {
  const withCost = ts.filter((t) => t.analysis.cost && typeof (t.analysis.cost as CostLike).totalUSD === 'number');
  if (withCost.length === 0) return '';
  const rows = withCost.map((t) => {
    const c = t.analysis.cost as CostLike;
    return { t, c, eps: t.analysis.counts.endpoints };
  });
  // per endpoint built: total ÷ endpoints of the fabric (docs/schema.md glossary); plan --html also shows per GPU requested
  const perEp = stackedBars(
    'cost per endpoint built, by part',
    rows.map(({ t, c, eps }) => ({ label: t.spec.name, parts: Object.entries(c.breakdown).map(([key, v]) => ({ key, value: v / eps })) })),
    (v) => fmtUsd(v),
  );
  const total = stackedBars(
    'total cost, by part',
    rows.map(({ t, c }) => ({ label: t.spec.name, parts: Object.entries(c.breakdown).map(([key, v]) => ({ key, value: v })) })),
    (v) => fmtUsd(v),
  );
  const withTco = rows.filter((r) => typeof r.c.energyUSD === 'number');
  const tco = withTco.length
    ? stackedBars(
        'TCO per endpoint: capex and network energy over the service life (k$)',
        withTco.map(({ t, c, eps }) => ({ label: t.spec.name, parts: [{ key: 'capex', value: c.totalUSD / eps / 1e3 }, { key: 'energy', value: c.energyUSD! / eps / 1e3 }] })),
        (v) => `${fmtNum(v, 2)} k$`,
      )
    : '';
  const books = [...new Set(rows.map((r) => r.c.pricebook).filter(Boolean))];
  const floors = [...new Set(rows.map((r) => r.c.floor).filter((f): f is string => Boolean(f)))];
  const terms = withTco[0]?.c.tco;
  const energy = terms ? ` Energy: network power (switches, transceivers, NICs) × PUE ${terms.pue} × ${terms.serviceLifeYears} years at $${terms.usdPerKWh}/kWh.` : '';
  return `<section class="block" id="cost"><h2>Where the money goes</h2><div class="charts">${perEp}${total}${tco}</div><p class="note">Prices from the price book ${esc(books.join(', ') || 'default')}; the model and its sources are in docs/cost-model.md.${esc(energy)}</p>${floors.map((f) => `<p class="note">Cable layout: ${esc(f)}</p>`).join('')}</section>`;
}

function linkButton(view: number, row: { a: number; b: number }, text: string): string {
  if (view < 0 || row.a < 0 || row.b < 0) return esc(text);
  return `<button class="hot" data-view="${view}" data-a="${row.a}" data-b="${row.b}" title="show this link in the fabric view">${esc(text)}</button>`;
}

function trafficSection(ts: TopologyData[], viewed: TopologyData[], workloadName?: string): string {
  if (!workloadName) return '';
  const parts: string[] = [];
  for (const t of ts) {
    parts.push(`<h3>${esc(t.spec.name)}</h3>`);
    if (!t.traffic) {
      parts.push(`<p class="note">${esc(t.trafficNote ?? (t.analysis.buildable ? 'no traffic result' : 'formula-only topology: no graph to route on'))}</p>`);
      continue;
    }
    const r = t.traffic;
    const vi = viewed.indexOf(t);
    const hot = t.view?.hot ?? [];
    const binding = (phase: string) => hot.find((h) => h.phase === phase);
    const rows = r.phases.map((p) => {
      const b = binding(p.name);
      const bl = p.congestion.bottleneck;
      const label = bl ? `${bl.kind} ${bl.source}→${bl.target}` : '–';
      return `<tr><td>${esc(p.name)}</td><td>${esc(fmtBytes(p.demand.fabricBytes))}</td><td>${esc(fmtBytes(p.demand.nvlinkBytes))}</td><td>${esc(fmtSeconds(p.congestion.timeSeconds))}</td><td>${b ? linkButton(vi, b, label) : esc(label)}</td><td>${esc(fmtGBps(p.congestion.effectiveGBpsPerGpu))}</td><td>${esc(fmtBytes(p.demand.unreachableBytes))}</td></tr>`;
    });
    rows.push(`<tr><td><strong>total</strong></td><td>${esc(fmtBytes(r.demand.fabricBytes))}</td><td>${esc(fmtBytes(r.demand.nvlinkBytes))}</td><td>${esc(fmtSeconds(r.congestion.timeSeconds))}</td><td></td><td>${esc(fmtGBps(r.congestion.effectiveGBpsPerGpu))}</td><td>${esc(fmtBytes(r.demand.unreachableBytes))}</td></tr>`);
    parts.push(
      `<p class="meta">${esc(r.workload.name)} on ${esc(r.gpus.toLocaleString('en-US'))} GPUs, ${esc(r.routing)} routing, seed ${r.seed}${r.gating?.length ? `, ${esc([...new Set(r.gating)].join('/'))} gating` : ''}${r.placement ? `, ${esc(r.placement.placement)} placement: ${r.placement.copies} data-parallel cop${r.placement.copies === 1 ? 'y' : 'ies'} of ${r.placement.jobHosts} hosts cover${r.placement.copies === 1 ? 's' : ''} ${(r.placement.coverage * 100).toFixed(1)}% of the ${r.placement.clusterHosts} hosts` : ''}. Phases run one after another; each time is a lower bound (the busiest link's bytes / bandwidth). Bandwidth per GPU = fabric bytes ÷ ${esc(r.gpus.toLocaleString('en-US'))} GPUs ÷ phase time.</p>`,
      `<table><thead><tr><th>phase</th><th>fabric bytes</th><th>NVLink bytes</th><th>time (lower bound)</th><th>binding link</th><th>bandwidth per GPU</th><th>unreachable</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    );
    const slow = hot.filter((h) => h.phase === r.congestion.bottleneck?.phase);
    const hashed = r.phases.find((p) => p.name === r.congestion.bottleneck?.phase)?.routing?.hash;
    if (slow.length) {
      parts.push(
        `<p class="meta">Hot links of ${esc(slow[0].phase)}, the slowest phase, ranked by ${esc(hashed ? `each link's busiest lane, mean of ${hashed.trials} trials` : 'bytes per lane')}; the binding link is the first.</p><table><thead><tr><th>hot link</th><th>kind</th><th>lanes</th><th>bytes per lane</th><th>busy / phase time</th></tr></thead><tbody>${slow
          .map((h) => `<tr><td>${linkButton(vi, h, `${h.source} → ${h.target}`)}</td><td>${esc(h.kind)}</td><td>${h.lanes}</td><td>${esc(fmtBytes(h.bytesPerLane))}</td><td>${esc(fmtNum(h.utilization * 100, 1))}%</td></tr>`)
          .join('')}</tbody></table>`,
      );
    }
    const slowest = r.phases.find((p) => p.name === r.congestion.bottleneck?.phase) ?? r.phases[0];
    if (slowest?.congestion.histogram)
      parts.push(
        `<div class="charts">${histogram(
          `directed fabric links by utilisation, ${slowest.name}`,
          slowest.congestion.histogram.map((b) => ({ label: `${Math.round(b.from * 100)}`, value: b.links })),
          'links',
          { log: true },
        )}</div><p class="note">Bins are utilisation deciles in % (busy time / phase time); idle links fall in the first bin. Bar heights are log-scaled so a few hot links show beside many idle ones.</p>`,
      );
  }
  return `<section class="block" id="traffic"><h2>Where the traffic piles up</h2><p class="meta">Workload: ${esc(workloadName)}</p>${parts.join('')}</section>`;
}

function keyValueTable(obj: Record<string, unknown>): string {
  const rows = Object.entries(obj)
    .filter(([, v]) => v === null || ['number', 'string', 'boolean'].includes(typeof v))
    .map(([k, v]) => `<tr><td>${esc(k)}</td><td>${typeof v === 'number' ? esc(fmtNum(v, 3)) : esc(String(v))}</td></tr>`);
  return rows.length ? `<table><tbody>${rows.join('')}</tbody></table>` : '';
}

function recordsTable(list: Array<Record<string, unknown>>): string {
  const keys = [...new Set(list.flatMap((r) => Object.keys(r).filter((k) => r[k] === null || ['number', 'string', 'boolean'].includes(typeof r[k]))))];
  if (keys.length === 0) return '';
  const body = list.map((r) => `<tr>${keys.map((k) => `<td>${r[k] === undefined ? '–' : typeof r[k] === 'number' ? esc(fmtNum(r[k] as number, 3)) : esc(String(r[k]))}</td>`).join('')}</tr>`);
  return `<table><thead><tr>${keys.map((k) => `<th>${esc(k)}</th>`).join('')}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

/** Failure results (`fail` section of an analysis), shown generically: scalars as a table, lists of records as rows. */
function failureSection(ts: TopologyData[]): string {
  const withFail = ts.filter((t) => t.analysis.fail && typeof t.analysis.fail === 'object');
  if (withFail.length === 0) return '';
  const parts = withFail.map((t) => {
    const f = t.analysis.fail as Record<string, unknown>;
    const lists = Object.entries(f).filter(([, v]) => Array.isArray(v) && v.every((x) => x && typeof x === 'object')) as Array<[string, Array<Record<string, unknown>>]>;
    return `<h3>${esc(t.spec.name)}</h3>${keyValueTable(f)}${lists.map(([k, v]) => `<h4>${esc(k)}</h4>${recordsTable(v)}`).join('')}`;
  });
  return `<section class="block" id="failures"><h2>Failures</h2>${parts.join('')}</section>`;
}

function viewSection(t: TopologyData, i: number): string {
  const v = t.view!;
  const phases = v.phases.length
    ? `<label>links coloured by <select class="phase"><option value="-1">all phases (max)</option>${v.phases.map((p, k) => `<option value="${k}">${esc(p.name)}</option>`).join('')}</select></label> <label>scale <select class="scale"><option value="linear">share of the phase time</option><option value="log">log: 1%, 10%, 100%</option></select></label>`
    : '';
  const traffic = v.phases.length
    ? `<span>utilisation 0<span class="grad"></span>100% of the phase time (busiest lane; grey = idle; log scale: 1% at the blue end); width grows with utilisation</span>`
    : `<span>link width grows with bundled lanes</span>`;
  const a = t.analysis.counts;
  return `<section class="view" data-view="${i}" hidden>
<p class="meta">${esc(t.spec.name)}: ${esc(a.endpoints.toLocaleString('en-US'))} GPUs, ${esc(a.switches.toLocaleString('en-US'))} switches, ${esc(a.links.toLocaleString('en-US'))} switch-to-switch links. Grouped: a group node stands for the switches or hosts inside it; links between groups are bundles of parallel links.</p>
<div class="toolbar"><form><input type="search" placeholder="find a node: leaf0, pod3.spine5, h12" aria-label="find a node"><button type="submit">find</button></form><button class="fit" type="button">fit</button><button class="reset" type="button">regroup</button><button class="png" type="button">PNG of this view</button>${phases}</div>
<div class="legend"><span><span class="sw" style="background:#8e5bd6"></span>core</span><span><span class="sw" style="background:#3b7dd8"></span>spine</span><span><span class="sw" style="background:#2e9e6b"></span>leaf</span><span><span class="sw" style="background:#d9822b"></span>router</span><span><span class="sw" style="background:#7b8494"></span>hosts</span><span><span class="sw" style="background:#c9d2df;border:1px solid #7d8a9c"></span>plane / pod / SU / group</span><span>octagon = group (click to expand), frame = expanded group (click to collapse)</span>${traffic}</div>
<div class="stage"><div class="cy"></div><div class="tip" hidden></div></div>
<div class="status"></div><div class="info"></div>
</section>`;
}

const safeJs = (js: string) => js.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--');

export function renderPage(p: PageInput): string {
  const viewed = p.topologies.filter((t) => t.view);
  const names = p.topologies.map((t) => t.spec.name).join(', ');
  const data = {
    views: viewed.map((t) => ({
      name: t.spec.name,
      fileName: t.spec.name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || `topology-${t.index}`,
      blob: t.view!.blob,
      dir: t.view!.dir,
      groupIds: t.view!.groupIds,
      groupLabels: t.view!.groupLabels,
      switchNames: t.view!.switchNames,
      phases: t.view!.phases,
      expanded: t.view!.expanded,
      elements: t.view!.elements,
    })),
  };
  const notes = p.topologies.flatMap((t) => [
    ...t.analysis.notes.map((n) => `${t.spec.name}: ${n}`),
    ...(t.view ? [] : [`${t.spec.name}: no graph to draw (formula-only topology); its figures above come from closed forms`]),
  ]);
  const out = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; connect-src data: blob:">`,
    `<title>${esc(p.title)}</title>`,
    `<style>${CSS}</style></head><body>`,
    `<header><h1>${esc(p.title)}</h1><div class="meta">${esc(names)}${p.workloadName ? ` · workload: ${esc(p.workloadName)}` : ''} · topoplan ${esc(p.version)}</div>${p.stamp ? `<div class="meta">${esc(p.stamp)}</div>` : ''}</header>`,
    '<main>',
    p.lead ?? '',
    `<section class="block" id="summary"><h2>Comparison</h2><p class="meta">${p.comparisonIntro ?? (p.comparison.columns.some((c) => c.paper) ? "The figures of <code>topoplan compare</code>. Where a column is a DeepSeek-V3 Table 3 preset, the paper's figure and our difference follow." : 'The figures of <code>topoplan compare</code>.')}</p>${comparisonTable(p.comparison)}${(p.comparison.notes ?? []).map((n) => `<p class="meta">${esc(n)}</p>`).join('')}</section>`,
    costSection(p.topologies),
    viewed.length
      ? `<section id="fabric"><h2>The fabric</h2><nav class="tabs">${viewed.map((t, i) => `<button class="tab" type="button" data-view="${i}" aria-selected="false">${esc(t.spec.name)}</button>`).join('')}</nav>${viewed.map((t, i) => viewSection(t, i)).join('\n')}</section>`
      : '',
    trafficSection(p.topologies, viewed, p.workloadName),
    failureSection(p.topologies),
    notes.length ? `<section class="block" id="notes"><h2>Notes</h2><ul>${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></section>` : '',
    '</main>',
    `<footer>Self-contained: no network access. Drawing by Cytoscape.js (MIT licence), inlined. Layout computed by topoplan before the page loads.</footer>`,
    `<script type="application/json" id="topoplan-data">${scriptJson(data)}</script>`,
    `<script>${safeJs(p.cytoscapeJs)}</script>`,
    `<script>${safeJs(p.clientJs)}</script>`,
    '</body></html>',
    '',
  ];
  return out.join('\n');
}
