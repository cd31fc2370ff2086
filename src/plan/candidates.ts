/**
 * `plan` candidates: every family sized to hold N GPUs with the fewest switches, or excluded with the
 * reason. Each family sizes itself (its `sizing` member); a family without one is not proposed.
 */
import { allFamilies } from '../topology/registry.js';
import type { SizingRequest } from '../topology/family.js';
import { primePowerOf } from '../topology/gf.js';
import { slimFlyShape } from '../topology/families/slimfly.js';
import { validateSpec, type TopoSpec } from '../topology/spec.js';
import { UsageError } from '../errors.js';

export type PlanRequest = SizingRequest;

export interface Candidate {
  /** short design label, e.g. "FT2", "MRFT (3-tier)" */
  design: string;
  spec: TopoSpec;
  /** endpoints the design holds without adding a tier (or changing q / groups) */
  capacity: number;
  /** extra GPUs that fit without adding a tier */
  headroom: number;
}

export interface Exclusion {
  design: string;
  reason: string;
}

export interface CandidateSet {
  candidates: Candidate[];
  excluded: Exclusion[];
}

const fmt = (n: number) => n.toLocaleString('en-US');

function spec(design: string, family: string, params: Record<string, unknown>): TopoSpec {
  return validateSpec({ family, name: design, ...params }, `plan ${design}`, design);
}

/** Prime powers: q = r^m for a prime r. */
export function isPrimePower(q: number): boolean {
  return primePowerOf(q) !== null;
}

export { slimFlyShape };

/** Every registered family that knows how to size itself, in registry order. */
export function enumerateCandidates(r: PlanRequest): CandidateSet {
  const { gpus: N, gpusPerHost: G, radix: k } = r;
  if (!Number.isInteger(N) || N < 1) throw new UsageError(`--gpus = ${N}: must be a positive integer`);
  if (N % G !== 0) throw new UsageError(`--gpus = ${N}: must be a multiple of --gpus-per-host (${G}); nearest: ${Math.floor(N / G) * G || G} or ${Math.ceil(N / G) * G}`);
  const common = { gpusPerHost: G, nicGbps: r.nicGbps };
  const out: CandidateSet = { candidates: [], excluded: [] };
  let largest = 0;
  for (const family of allFamilies()) {
    for (const o of family.sizing?.(r) ?? []) {
      if ('reason' in o) {
        out.excluded.push({ design: o.design, reason: o.reason });
        largest = Math.max(largest, o.largest);
      } else out.candidates.push({ design: o.design, spec: spec(o.design, family.name, { ...o.params, ...common }), capacity: o.capacity, headroom: o.capacity - N });
    }
  }
  if (out.candidates.length === 0) throw new UsageError(`--gpus = ${N}: no family reaches ${fmt(N)} GPUs at radix ${k}; the largest possible is ${fmt(largest)}`);
  return out;
}
