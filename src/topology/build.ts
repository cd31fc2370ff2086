/** Spec -> fabric, with the memory guard applied before any allocation. */
import { ResourceError } from '../errors.js';
import type { ClosedCounts } from './family.js';
import type { Fabric } from './model.js';
import { familyOf } from './registry.js';
import type { TopoSpec } from './spec.js';

export interface BuildOptions {
  /** refuse fabrics whose estimated model size exceeds this, GiB (default 8) */
  maxMemoryGiB?: number;
}

/**
 * Estimated bytes of the graphology model plus its CSR view. Per element costs were measured on
 * ft3:k=64 and the canonical Dragonfly (see docs/performance.md); the estimate errs high.
 */
export function estimateModelBytes(c: ClosedCounts): number {
  const nodes = c.endpoints + c.switches + c.hosts;
  const edges = c.endpoints * 2 + c.links; // endpoint links, NVLink spokes, switch links (upper bound: bundles are fewer)
  return 120e6 + nodes * 700 + edges * 800;
}

export function closedCounts(spec: TopoSpec): ClosedCounts {
  return familyOf(spec).counts(spec.params);
}

/** Why no graph can be built for this spec, or null. */
export function unbuildableReason(spec: TopoSpec): string | null {
  return familyOf(spec).unbuildable?.(spec.params) ?? null;
}

export function buildFabric(spec: TopoSpec, opts: BuildOptions = {}): Fabric {
  const fam = familyOf(spec);
  const reason = fam.unbuildable?.(spec.params);
  if (reason) throw new ResourceError(`${spec.name}: no graph can be built: ${reason}`);
  const limit = opts.maxMemoryGiB ?? 8;
  const bytes = estimateModelBytes(fam.counts(spec.params));
  if (bytes > limit * 2 ** 30)
    throw new ResourceError(
      `${spec.name}: the model needs about ${(bytes / 2 ** 30).toFixed(1)} GiB, over the ${limit} GiB limit; raise it with --max-memory <GiB> if the machine has the memory`,
    );
  return fam.build(spec.params, spec.name);
}
