/** Shared by the runtime benchmarks: the one JSON line each prints for run.ts. */

/** One benchmark result: `rate` in `unit` (higher is better unless `unit` says seconds). */
export interface Result {
  workload: string;
  rate: number;
  unit: string;
  /** Extra figures for the table's notes column, e.g. bytes per process. */
  notes?: Record<string, number>;
}

/** Runs of each measurement; the best is reported, so load from elsewhere on the machine weighs less. */
export const RUNS = 5;

/** The shortest of {@link RUNS} runs of `measure` (which returns milliseconds). */
export async function best(measure: () => Promise<number>): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < RUNS; i++) min = Math.min(min, await measure());
  return min;
}

export function report(r: Result): void {
  process.stdout.write(JSON.stringify(r) + '\n');
}
