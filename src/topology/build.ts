/** Spec -> fabric, with the memory guard applied before any allocation. */
import { getHeapStatistics } from 'node:v8';
import { HeapError, ResourceError } from '../errors.js';
import type { ClosedCounts } from './family.js';
import { noteAcceptedEstimate } from './accepted.js';
import type { Fabric } from './model.js';
import { familyOf } from './registry.js';
import type { TopoSpec } from './spec.js';

export interface BuildOptions {
  /** refuse fabrics whose estimated model size exceeds this, GiB (default 8) */
  maxMemoryGiB?: number;
  /** multiplies the model estimate for work that holds a second copy (an export): default 1 */
  memoryFactor?: number;
}

/**
 * This process's JavaScript heap, GiB. A model estimated above it would abort with a V8 heap dump
 * instead of a message, so the guard refuses it whatever --max-memory says (the bin raises its heap to
 * the guard; a library caller running on Node's default heap is protected too).
 */
export function heapLimitGiB(): number {
  return getHeapStatistics().heap_size_limit / 2 ** 30;
}

let heapCheck = false;
/** false: this process's heap was set on purpose (a diagnosis run, cli/supervise.ts): do not refuse for it */
let heapRefusal = true;

/**
 * Set by the CLI: a model that fits the guard but not this process's heap throws a HeapError instead of the
 * ResourceError below, and the CLI restarts itself once with a heap sized from the guard (cli/supervise.ts). Off
 * for library callers, who size their own heap.
 */
export function raiseHeapWhenNeeded(on: boolean, refuseOverHeap = true): void {
  heapCheck = on;
  heapRefusal = refuseOverHeap;
}

/** True in the bin before it re-runs itself: long work may ask to run supervised (HeapError 'long'). */
export function canRestart(): boolean {
  return heapCheck;
}

/** Refuses `bytes` over the --max-memory limit or over this process's heap, with the estimate. */
export function guardMemory(name: string, bytes: number, limitGiB = 8, doing = 'the model'): void {
  if (bytes > limitGiB * 2 ** 30)
    throw new ResourceError(
      `${name}: ${doing} needs about ${(bytes / 2 ** 30).toFixed(1)} GiB, over the ${limitGiB} GiB limit; raise it with --max-memory <GiB> if the machine has the memory`,
    );
  noteAcceptedEstimate({ name, doing, bytes, limitGiB });
  const heap = heapLimitGiB();
  // typed arrays live outside the heap; 0.9 of the estimate is a safe share for the heap itself
  if (bytes * 0.9 > heap * 2 ** 30 && heapCheck) throw new HeapError(limitGiB);
  if (bytes * 0.9 > heap * 2 ** 30 && heapRefusal)
    throw new ResourceError(
      `${name}: ${doing} needs about ${(bytes / 2 ** 30).toFixed(1)} GiB, more than this process's ${heap.toFixed(1)} GiB heap; run the topoplan bin (it raises its heap) or node --max-old-space-size=${Math.ceil((bytes / 2 ** 20) * 1.1)}`,
    );
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
  guardMemory(spec.name, fam.preflightBytes?.(spec.params) ?? 0, limit, 'reading it');
  guardMemory(spec.name, estimateModelBytes(fam.counts(spec.params)) * (opts.memoryFactor ?? 1), limit, opts.memoryFactor && opts.memoryFactor > 1 ? 'the model and its export' : 'the model');
  return fam.build(spec.params, spec.name);
}
