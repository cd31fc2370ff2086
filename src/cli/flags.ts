/** Global CLI switches set once per run (run.ts) and read by the commands; no imports, so start-up stays light. */
let explaining = false;

/** Set from the global `--explain` option. */
export function setExplain(on: boolean): void {
  explaining = on;
}

export function isExplaining(): boolean {
  return explaining;
}
