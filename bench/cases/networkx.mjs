// The same uniform ideal-ECMP computation in Python networkx (bench/networkx_uniform.py), to state the
// speed ratio against the "(networkx twin)" cases in traffic.mjs (same fabric, one GPU per host, every destination leaf routed). Runs only when /usr/bin/python3 has networkx.
import { spawnSync } from 'node:child_process';

const hasNetworkx = () => spawnSync('/usr/bin/python3', ['-c', 'import networkx'], { stdio: 'ignore' }).status === 0;
export const cases = [16, 24, 32].map((k) => ({
  name: `networkx uniform ft3:k=${k}`,
  command: ['/usr/bin/python3', 'bench/networkx_uniform.py', String(k)],
  display: `python3 bench/networkx_uniform.py ${k}`,
  args: [],
  size: `${(k ** 3 / 4).toLocaleString('en-US')} endpoints`,
  optional: hasNetworkx,
  repeat: 1,
}));
