/**
 * The `bom` and `cost` sections of an analysis, under one of two layout conventions:
 *  - the floor plan (default): the built graph placed on one physical floor (floor.ts), the same rules for
 *    every family, so equal structures get equal prices and a new family needs no cabling code;
 *  - the paper's convention: closed-form cable plans on per-plane rack grids (cabling.ts, bom-plan.ts), the
 *    layout behind DeepSeek-V3's Table 3 ("MPFT = 8 × FT2"). Table 3 presets use it by default, and so does
 *    any spec without a graph (formula-only fabrics such as Slim Fly q=28), where it is the only layout.
 * The analysis layer (analysis/analyze.ts floorOf) picks the convention; without a graph the paper's is used.
 */
import type { Bom } from './bom.js';
import { planBom } from './bom-plan.js';
import { cablePlan } from './cabling.js';
import { priceBom, type Cost } from './cost.js';
import type { FabricCsr } from './csr.js';
import { floorBom, floorViewBom, type FloorView } from './floor.js';
import { familyOf, getFamily } from './registry.js';
import type { Fabric } from './model.js';
import { loadPricebook, type Pricebook } from './pricebook.js';
import type { TopoSpec } from './spec.js';

export type FloorConvention = 'paper' | 'plan';

/** The family's closed-form floor view (two-tier Clos fabrics), or null: then the floor plan needs the graph. */
export function closedFloorView(spec: TopoSpec): FloorView | null {
  return getFamily(spec.family)?.floorView?.(spec.params) ?? null;
}

let defaultBook: Pricebook | undefined;

export function costSections(
  spec: TopoSpec,
  built?: { fabric: Fabric; csr?: FabricCsr },
  book?: Pricebook,
  convention: FloorConvention = 'plan',
): { bom?: Bom; cost?: Cost } {
  const b = book ?? (defaultBook ??= loadPricebook());
  let bom: Bom | undefined;
  const view = convention === 'plan' && !built ? closedFloorView(spec) : null;
  if (convention === 'plan' && built) bom = floorBom(built.fabric, b, built.csr);
  else if (view) bom = floorViewBom(view, { hosts: familyOf(spec).counts(spec.params).hosts, nicGbps: Number(spec.params.nicGbps), source: 'closed form' }, b);
  else {
    const plan = cablePlan(spec, built?.fabric);
    if (plan) bom = planBom(plan, b);
  }
  if (!bom) return {};
  return { bom, cost: priceBom(bom, bom.nics.count, b) };
}
