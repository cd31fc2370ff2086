/** A built fabric together with its engine view, so every later analysis reuses one compilation. */
import { buildFabric, type BuildOptions } from './build.js';
import { compileCsr, type FabricCsr } from './csr.js';
import type { Fabric } from './model.js';
import type { TopoSpec } from './spec.js';

export interface Compiled {
  spec: TopoSpec;
  fabric: Fabric;
  csr: FabricCsr;
}

export function compile(spec: TopoSpec, opts: BuildOptions = {}): Compiled {
  const fabric = buildFabric(spec, opts);
  return { spec, fabric, csr: compileCsr(fabric) };
}
