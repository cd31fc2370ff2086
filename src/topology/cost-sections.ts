/**
 * The `bom` and `cost` sections of an analysis. Families with a closed-form cable plan (ft2, mpft,
 * ft3, dragonfly, slimfly) are placed on the closed-form rack grid: no graph is needed, so the
 * formula-only Slim Fly q=28 of Table 3 is priced like every other column and a plane of a multi-plane
 * fabric is priced exactly once. Other fabrics (mrft, railonly, imported) get their plan from the lanes
 * per layer of their built graph (cabling.ts graphPlan) and go on the same grid, so equal structures get
 * equal prices.
 */
import type { Bom } from './bom.js';
import { planBom } from './bom-plan.js';
import { cablePlan, hasClosedPlan } from './cabling.js';
import { priceBom, type Cost } from './cost.js';
import type { FabricCsr } from './csr.js';
import type { Fabric } from './model.js';
import { loadPricebook, type Pricebook } from './pricebook.js';
import type { TopoSpec } from './spec.js';

let defaultBook: Pricebook | undefined;

export function costSections(spec: TopoSpec, built?: { fabric: Fabric; csr: FabricCsr }, book?: Pricebook): { bom?: Bom; cost?: Cost } {
  const b = book ?? (defaultBook ??= loadPricebook());
  let bom: Bom | undefined;
  // Every family is priced on the same closed-form rack grid: from its closed-form plan, or from the lanes
  // per layer of its built graph (mrft, railonly, imported), so equal structures get equal prices.
  if (hasClosedPlan(spec.family)) bom = planBom(cablePlan(spec)!, b);
  else if (built) bom = planBom(cablePlan(spec, built.fabric)!, b);
  if (!bom) return {};
  return { bom, cost: priceBom(bom, bom.nics.count, b) };
}
