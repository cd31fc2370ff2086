/**
 * Per-link utilisation for drawing: a phase's per-arc loads folded onto atom links (host or switch
 * ends, parallel NICs and lanes together). Utilisation of a direction = its busy time / the phase
 * time, the same definition as the traffic engine's congestion report, so the binding link is 1.
 * Stored as integers in units of 1/10,000 to keep the page small.
 */
import { MEDIUM_NVLINK, type FabricCsr } from '../../topology/csr.js';
import type { Grouping } from './grouping.js';

export const UTIL_SCALE = 10000;

export interface LinkUtil {
  /** busiest lane of the link, either direction (max over the CSR edges folded into it) */
  max: Uint16Array;
  /** mean over the link's lanes, a→b and b→a */
  ab: Uint16Array;
  ba: Uint16Array;
}

const q = (u: number) => Math.min(65535, Math.round(u * UTIL_SCALE));

export function linkUtil(c: FabricCsr, g: Grouping, arcLoad: Float64Array, phaseSeconds: number): LinkUtil {
  const m = g.links.m;
  const max = new Uint16Array(m);
  const ab = new Uint16Array(m);
  const ba = new Uint16Array(m);
  if (!(phaseSeconds > 0)) return { max, ab, ba };
  const bytesAB = new Float64Array(m);
  const bytesBA = new Float64Array(m);
  const maxU = new Float64Array(m);
  const { edges, medium, gbps, lanes } = c;
  const { linkOfEdge, flipOfEdge } = g;
  for (let e = 0; e < edges; e++) {
    const fwd = arcLoad[2 * e];
    const rev = arcLoad[2 * e + 1];
    // most links of a large fabric carry nothing from one job: they add nothing to any sum or maximum
    if (fwd === 0 && rev === 0) continue;
    const k = linkOfEdge[e];
    if (k < 0 || medium[e] === MEDIUM_NVLINK) continue;
    if (flipOfEdge[e]) {
      bytesAB[k] += rev;
      bytesBA[k] += fwd;
    } else {
      bytesAB[k] += fwd;
      bytesBA[k] += rev;
    }
    const laneBytesPerSecond = (gbps[e] * 1e9) / 8;
    const u = Math.max(fwd, rev) / lanes[e] / laneBytesPerSecond / phaseSeconds;
    if (u > maxU[k]) maxU[k] = u;
  }
  for (let k = 0; k < m; k++) {
    const cap = (g.links.lanes[k] * g.links.gbps[k] * 1e9) / 8;
    max[k] = q(maxU[k]);
    ab[k] = q(bytesAB[k] / cap / phaseSeconds);
    ba[k] = q(bytesBA[k] / cap / phaseSeconds);
  }
  return { max, ab, ba };
}
