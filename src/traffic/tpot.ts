/**
 * Decode speed bound by expert-parallel communication (DeepSeek-V3 ISCA'25 §4.4):
 * comm per micro-batch = (dispatch + combine bytes) × tokens × experts × hidden / bandwidth;
 * two micro-batches overlap compute and communication, so a layer takes 2 × comm; TPOT = layers × that.
 * The paper's figures (120.96 µs, 241.92 µs, 14.76 ms, 67 tok/s at 50 GB/s) come out exactly with
 * hidden = 7,000 ("7K") and GB = 10^9 B.
 */
export interface TpotInputs {
  dispatchBytes: number;
  combineBytes: number;
  tokens: number;
  /** experts a token visits (8 routed + 1 shared = 9 in the paper) */
  experts: number;
  hidden: number;
  /** per-GPU scale-out bandwidth, GB/s (10^9 B/s) */
  GBps: number;
  layers: number;
  /** micro-batches overlapped per layer */
  microbatches: number;
}

export const paperTpot: TpotInputs = { dispatchBytes: 1, combineBytes: 2, tokens: 32, experts: 9, hidden: 7000, GBps: 50, layers: 61, microbatches: 2 };

export interface Tpot {
  commSeconds: number;
  layerSeconds: number;
  tpotSeconds: number;
  tokensPerSecond: number;
}

export function tpotSimple(p: TpotInputs): Tpot {
  const comm = ((p.dispatchBytes + p.combineBytes) * p.tokens * p.experts * p.hidden) / (p.GBps * 1e9);
  const layer = p.microbatches * comm;
  const tpot = p.layers * layer;
  return { commSeconds: comm, layerSeconds: layer, tpotSeconds: tpot, tokensPerSecond: 1 / tpot };
}

/** The same structure with the per-micro-batch communication time measured on a fabric. */
export function tpotFromComm(commSeconds: number, layers = 61, microbatches = 2): Tpot {
  const layer = microbatches * commSeconds;
  const tpot = layers * layer;
  return { commSeconds, layerSeconds: layer, tpotSeconds: tpot, tokensPerSecond: tpot > 0 ? 1 / tpot : Infinity };
}
