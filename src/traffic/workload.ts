/**
 * Workload specs: YAML files in workloads/ (presets), YAML/JSON paths, or patterns from flags.
 * The zod schema is the single source of truth for fields, defaults and error messages.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readStructuredFile } from '../topology/input-file.js';
import { z } from 'zod';
import { UsageError, showValue } from '../errors.js';
import { presetDir, zodToSpecError } from '../topology/spec.js';

const positive = z.number().positive();
const count = z.number().int().min(1);
/** where the job's hosts sit in a larger cluster (placement.ts); `--placement` overrides it */
const placement = z.enum(['packed', 'spread', 'random']).optional();

export const epSchema = z
  .object({
    kind: z.literal('ep'),
    name: z.string().optional(),
    /** GPUs per expert-parallel group; groups tile the job's GPUs in host order */
    ep: count,
    experts: count.default(256),
    sharedExperts: z.number().int().min(0).default(1),
    topk: count.default(8),
    /** M: hosts a token may reach (node-limited routing); 0 = unlimited */
    maxHostsPerToken: z.number().int().min(0).default(4),
    tokensPerGpu: positive.default(4096),
    hidden: count.default(7168),
    dispatchBytes: positive.default(1),
    combineBytes: positive.default(2),
    expertPlacement: z.enum(['contiguous']).default('contiguous'),
    /** topm: Monte Carlo of DeepSeek-V3 node-limited routing; expected: hypergeometric closed form; sampled: uniform/Zipf draws */
    gating: z.enum(['expected', 'sampled', 'topm']).default('expected'),
    /** Zipf exponent of expert popularity for sampled gating (0 = uniform) */
    skew: z.number().min(0).max(10).default(0),
    /** tokens per GPU actually drawn by sampled gating (the rest is scaled); caps the cost */
    sampleTokensPerGpu: count.default(512),
    forwarding: z.enum(['nvlink', 'none']).default('nvlink'),
    /** GPUs the workload uses, from GPU 0 in host order (default: all) */
    gpus: count.optional(),
    placement,
  })
  .strict();

export const ppSchema = z
  .object({
    kind: z.literal('pp'),
    name: z.string().optional(),
    pp: count,
    microbatches: count.default(1),
    /** tokens per GPU per micro-batch */
    tokensPerMicrobatch: positive.default(4096),
    hidden: count.default(7168),
    bytes: positive.default(2),
    /** DualPipe: micro-batches fed from both ends, so activations flow both ways at once */
    dualpipe: z.boolean().default(false),
    gpus: count.optional(),
    placement,
  })
  .strict();

export const uniformSchema = z.object({ kind: z.literal('uniform'), name: z.string().optional(), bytesPerPair: positive.default(1 << 20) }).strict();
export const permutationSchema = z
  .object({ kind: z.literal('permutation'), name: z.string().optional(), bytesPerPair: positive.default(1 << 20), seed: z.number().int().min(0).optional(), gpus: count.optional(), placement })
  .strict();
/** GPU i sends to GPU (i + shift) mod N */
export const shiftSchema = z
  .object({ kind: z.literal('shift'), name: z.string().optional(), shift: count, bytesPerPair: positive.default(1 << 20), gpus: count.optional(), placement })
  .strict();
/** `senders` GPUs spread evenly over the job send to GPU 0 */
export const incastSchema = z
  .object({ kind: z.literal('incast'), name: z.string().optional(), senders: count, bytesPerPair: positive.default(1 << 20), gpus: count.optional(), placement })
  .strict();
/** GPU i and GPU i + N/2 send to each other (every GPU crosses the middle of the job) */
export const bisectSchema = z
  .object({ kind: z.literal('bisect'), name: z.string().optional(), bytesPerPair: positive.default(1 << 20), gpus: count.optional(), placement })
  .strict();
/** A collective over groups of `size` ranks, `stride` GPUs apart (collective.ts) */
export const collectiveSchema = z
  .object({
    kind: z.literal('collective'),
    name: z.string().optional(),
    op: z.enum(['all-reduce', 'reduce-scatter', 'all-gather', 'all-to-all']),
    algorithm: z.enum(['ring', 'tree', 'direct']).default('ring'),
    /** NVLink-then-fabric: intra-host step, the algorithm across hosts on 1/l of the data, intra-host step */
    hierarchical: z.boolean().default(false),
    /** which parallel dimension the groups are (a label; size and stride define them) */
    group: z.enum(['dp', 'ep', 'pp']).default('dp'),
    /** ranks per group */
    size: z.number().int().min(2),
    /** GPUs between consecutive ranks of a group (default: ep 1, dp/pp job GPUs / size) */
    stride: count.optional(),
    /** S: the all-reduce buffer, the full output of all-gather, the full input of reduce-scatter, the send buffer of all-to-all */
    bytes: positive,
    gpus: count.optional(),
    placement,
  })
  .strict();

const componentSchema = z.discriminatedUnion('kind', [epSchema, ppSchema, uniformSchema, permutationSchema, shiftSchema, incastSchema, bisectSchema, collectiveSchema]);

export const compositeSchema = z
  .object({
    kind: z.literal('composite'),
    name: z.string().optional(),
    description: z.string().optional(),
    source: z.string().optional(),
    /** GPUs the job needs; checked against the fabric */
    gpus: count.optional(),
    placement,
    components: z.array(componentSchema).min(1),
  })
  .strict();

export const workloadSchema = z.discriminatedUnion('kind', [epSchema, ppSchema, uniformSchema, permutationSchema, shiftSchema, incastSchema, bisectSchema, collectiveSchema, compositeSchema]);
export const WORKLOAD_KINDS = ['ep', 'pp', 'uniform', 'permutation', 'shift', 'incast', 'bisect', 'collective', 'composite'] as const;
export type Placement = 'packed' | 'spread' | 'random';

export type EpWorkload = z.output<typeof epSchema>;
export type PpWorkload = z.output<typeof ppSchema>;
export type UniformWorkload = z.output<typeof uniformSchema>;
export type PermutationWorkload = z.output<typeof permutationSchema>;
export type CompositeWorkload = z.output<typeof compositeSchema>;
export type ShiftWorkload = z.output<typeof shiftSchema>;
export type IncastWorkload = z.output<typeof incastSchema>;
export type BisectWorkload = z.output<typeof bisectSchema>;
export type CollectiveWorkload = z.output<typeof collectiveSchema>;
export type Workload = z.output<typeof workloadSchema>;
export type Component = z.output<typeof componentSchema>;

export function workloadDir(): string {
  return join(dirname(presetDir()), 'workloads');
}

export function workloadPresets(): string[] {
  const dir = workloadDir();
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => basename(f, '.yaml')).sort() : [];
}

export function parseWorkload(raw: unknown, source: string): Workload {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new UsageError(`${source}: a workload must be a mapping with a 'kind' key (${WORKLOAD_KINDS.join(', ')})`);
  const r = raw as Record<string, unknown>;
  if (!(WORKLOAD_KINDS as readonly string[]).includes(String(r.kind)))
    throw new UsageError(`workload.kind = ${showValue(r.kind)}: allowed: ${WORKLOAD_KINDS.join(', ')}`);
  const parsed = workloadSchema.safeParse(raw);
  if (!parsed.success) throw zodToSpecError('workload', parsed.error, r);
  return parsed.data;
}

/** A preset name from workloads/, or a YAML/JSON path. */
export function loadWorkload(ref: string): Workload {
  const preset = join(workloadDir(), `${ref}.yaml`);
  if (typeof ref !== 'string' || ref.trim() === '') throw new UsageError(`workload ${showValue(ref)}: empty; allowed: a preset (${listPresets()}) or a YAML/JSON file`);
  const path = /^[\w.-]+$/.test(ref) && existsSync(preset) ? preset : ref;
  if (!existsSync(path)) throw new UsageError(`workload ${showValue(ref)}: not a preset (${listPresets()}) or an existing file`);
  const doc = readStructuredFile(path, { what: 'workload file', json: /\.json$/i.test(path) });
  const w = parseWorkload(doc, path);
  const out = w.name ? w : { ...w, name: basename(path).replace(/\.(ya?ml|json)$/, '') };
  filled.set(out, defaultsFilled(doc, out));
  return out;
}

const filled = new WeakMap<Workload, Array<{ key: string; value: unknown }>>();

/** The fields of a loaded workload that its file left out and the schema's defaults filled in (for --explain). */
export function workloadDefaults(w: Workload): Array<{ key: string; value: unknown }> {
  return filled.get(w) ?? [];
}

function defaultsFilled(doc: unknown, w: Workload): Array<{ key: string; value: unknown }> {
  const out: Array<{ key: string; value: unknown }> = [];
  const diff = (raw: unknown, parsed: Record<string, unknown>, prefix: string) => {
    const given = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    for (const [k, v] of Object.entries(parsed)) {
      if (k === 'components' || k === 'name') continue;
      if (!Object.hasOwn(given, k) && v !== undefined) out.push({ key: prefix + k, value: v });
    }
  };
  diff(doc, w as unknown as Record<string, unknown>, '');
  if (w.kind === 'composite') {
    const raw = (doc as { components?: unknown[] }).components ?? [];
    w.components.forEach((c, i) => diff(raw[i], c as unknown as Record<string, unknown>, `components[${i}].`));
  }
  return out;
}

function listPresets(): string {
  return workloadPresets().join(', ') || 'none';
}
