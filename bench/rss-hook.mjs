// Preloaded into benchmarked commands: reports the process's peak RSS on exit.
import { appendFileSync } from 'node:fs';
process.on('exit', () => {
  const file = process.env.TOPOPLAN_BENCH_RSS;
  if (file) appendFileSync(file, `${process.resourceUsage().maxRSS}\n`);
});
