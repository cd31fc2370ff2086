/**
 * Bill of materials from a closed-form cable plan (cabling.ts) on the closed-form rack grid
 * (layout-grid.ts): no graph needed, so formula-only fabrics (Slim Fly q=28) get an exact BOM, and
 * large fabrics are priced in microseconds. Each cable class's lengths are the rack-pair distance
 * distribution of its block; a cable is electric up to the book's reach for its speed, optical (two
 * transceivers) beyond. Counts are integers and conserved: cables = links + endpoint links,
 * transceivers = 2 × optical cables. A plane is placed once and multiplied by the plane count, so a
 * P-plane fabric is exactly P copies of one plane. Same `Bom` shape as the graph placement (bom.ts).
 */
import { CableTally, powerAndSpace, type Bom, type BomLine } from './bom.js';
import type { CablePlan } from './cabling.js';
import { blockLengths, gridShape } from './layout-grid.js';
import { electricReach, type Pricebook } from './pricebook.js';

export interface PlanBom extends Bom {
  source: 'closed form' | 'graph';
  /** the paper's rack grid; the floor plan (floor.ts) fills its own */
  layout?: { planes: number; endpointsPerRack: number; racksPerPlane: number; rows: number; racksPerRow: number };
  /** Σ switch radix, and ports used: 2 per switch-to-switch cable + 1 per endpoint cable */
  switchPorts: { total: number; used: number };
  /** per cable class: layer, placement, type split and length */
  lines: BomLine[];
}

/** How the output names the paper's convention. */
export const PAPER_LABEL =
  "paper's convention (DeepSeek-V3 Table 3 / SC14): each plane on its own floor, leaves top-of-rack, cable classes spread uniformly over their blocks; MPFT = planes × FT2";

/** Splits one class's `cables` cables into integer electric/optical counts and their total lengths. */
function splitClass(cables: number, racks: number, reachM: number, d: Pricebook['layout']) {
  let eShare = 0;
  let eLen = 0;
  let oLen = 0;
  for (const b of blockLengths(racks, d)) {
    if (b.lengthM <= reachM) {
      eShare += b.share;
      eLen += b.share * b.lengthM;
    } else oLen += b.share * b.lengthM;
  }
  const electric = Math.min(cables, Math.round(cables * eShare));
  const optical = cables - electric;
  // keep each type's mean length exact while its count is rounded
  return {
    electric,
    optical,
    electricM: eShare > 0 ? (electric * eLen) / eShare : 0,
    opticalM: 1 - eShare > 1e-12 ? (optical * oLen) / (1 - eShare) : 0,
  };
}

export function planBom(plan: CablePlan, book: Pricebook): PlanBom {
  const P = plan.planes;
  const d = book.layout;
  const perRack = d.hostsPerRack * plan.gpusPerHost;
  const racksFor = (endpoints: number) => Math.max(1, Math.ceil(endpoints / perRack));
  const racksPerPlane = racksFor(plan.planeEndpoints);
  const grid = gridShape(racksPerPlane, d);
  const tally = new CableTally();
  for (const c of plan.cables) {
    if (c.cables === 0) continue;
    const s = splitClass(c.cables, racksFor(c.blockEndpoints), electricReach(book, c.gbps), d);
    tally.add(c.layer, c.placement, c.gbps, P * s.electric, P * s.optical, P * s.electricM, P * s.opticalM);
  }
  const { endpointCables, ...sections } = tally.sections();
  const switches = plan.switches.map((s) => ({ radix: s.radix, tier: s.tier as number, count: P * s.count }));
  const cables = sections.cables.electric.count + sections.cables.optical.count;
  const core = {
    switches,
    nics: { count: plan.endpoints, gbps: plan.nicGbps },
    ...sections,
    source: plan.source,
    layout: { planes: P, endpointsPerRack: perRack, racksPerPlane, rows: P * grid.rows, racksPerRow: grid.cols },
    switchPorts: { total: switches.reduce((a, s) => a + s.count * s.radix, 0), used: 2 * (cables - endpointCables) + endpointCables },
    lines: tally.lines,
  };
  return powerAndSpace(core, book, {
    convention: 'paper',
    label: PAPER_LABEL,
    hostRacks: P * racksPerPlane,
    switchRacks: 0,
    rows: P * grid.rows,
  });
}
