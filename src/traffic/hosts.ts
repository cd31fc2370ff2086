/** Host/GPU lookups over the CSR view (engine). */
import type { FabricCsr } from '../topology/csr.js';

export interface HostIndex {
  hosts: number;
  gpusPerHost: number;
  /** endpoint number (0..N−1) of GPU g on host h at [h·G + g], −1 when absent */
  endpointOf: Int32Array;
}

export function hostIndex(c: FabricCsr, gpusPerHost: number): HostIndex {
  let hosts = 0;
  let G = gpusPerHost;
  for (let e = 0; e < c.endpoints; e++) {
    hosts = Math.max(hosts, c.host[c.switches + e] + 1);
    G = Math.max(G, c.gpu[c.switches + e] + 1);
  }
  const endpointOf = new Int32Array(hosts * G).fill(-1);
  for (let e = 0; e < c.endpoints; e++) endpointOf[c.host[c.switches + e] * G + c.gpu[c.switches + e]] = e;
  return { hosts, gpusPerHost: G, endpointOf };
}
