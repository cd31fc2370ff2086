/** Terminal rendering of an Analysis. */
import type { Analysis } from '../topology/analyze.js';
import { fmtNum, renderTable, type Cell } from './table.js';

export function renderAnalysis(a: Analysis): string {
  const c = a.counts as Analysis['counts'] & Record<string, any>;
  const rows: Cell[][] = [
    ['endpoints (GPUs)', c.endpoints],
    ['hosts', c.hosts],
    ['switches', c.switches],
    ...Object.entries(c.switchesByTier).map(([t, n]) => [`  ${t}`, n] as Cell[]),
    ['links (switch-switch)', c.links],
    ['endpoint links', c.endpointLinks],
  ];
  if (c.portsUsed !== undefined) rows.push(['ports used', c.portsUsed], ['ports free', c.portsFree]);
  if (a.paths) {
    rows.push(['diameter (hops)', a.paths.diameterHops]);
    rows.push([`mean endpoint hops${a.paths.exact ? '' : ' (sampled)'}`, fmtNum(a.paths.meanEndpointHops, 4)]);
    if (a.paths.unreachablePairs > 0) rows.push(['pairs with no fabric path', a.paths.unreachablePairs]);
  }
  const head = `${a.name}  [${a.family}${a.buildable ? '' : ', formula only'}]`;
  const notes = a.notes.map((n) => `note: ${n}`).join('\n');
  return [head, renderTable(['metric', 'value'], rows), notes].filter(Boolean).join('\n') + '\n';
}
