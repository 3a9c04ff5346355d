/** Shared by the runtime benchmarks: the one JSON line each prints for run.ts. */

/** One benchmark result: `rate` in `unit` (higher is better unless `unit` says seconds). */
export interface Result {
  workload: string;
  rate: number;
  unit: string;
  /** Extra figures for the table's notes column, e.g. bytes per process. */
  notes?: Record<string, number>;
}

export function report(r: Result): void {
  process.stdout.write(JSON.stringify(r) + '\n');
}
