/**
 * `npm run conformance`: runs every scenario pair against the real OTP and prints a table
 * (scenario, matched steps, total steps), the total, then each scenario that does not
 * match with its reason, and the pending scenarios (an `.erl` half whose `.ts` half cannot
 * be written yet) with theirs. Exits 1 if any pair does not match. Arguments, if any, pick
 * scenarios by name; `-v` prints every differing step in full; `--pending` instead runs
 * each pending `.erl` half twice and reports whether OTP prints the same both times.
 */
import { PARALLEL, checkErlStable, limiter, listPending, listScenarios, runScenario, type ScenarioResult } from './runner.ts';

const args = process.argv.slice(2);
const verbose = args.includes('-v');
const pendingMode = args.includes('--pending');
const picked = args.filter((a) => a !== '-v' && a !== '--pending');
const names = (pendingMode ? listPending().map((p) => p.name) : listScenarios()).filter(
  (n) => picked.length === 0 || picked.includes(n),
);
const limit = limiter(PARALLEL);
const started = performance.now();
const results: ScenarioResult[] = await Promise.all(
  names.map((n) => limit(() => (pendingMode ? checkErlStable(n) : runScenario(n)))),
);
const seconds = ((performance.now() - started) / 1000).toFixed(1);

const width = Math.max(8, ...names.map((n) => n.length));
const row = (a: string, b: string, c: string) => `${a.padEnd(width)}  ${b.padStart(7)}  ${c.padStart(5)}`;
console.log(row('scenario', 'matched', 'total'));
for (const r of results) console.log(row(r.name, String(r.matched), String(r.total)) + (isGood(r) ? '' : '  MISMATCH'));
const matched = results.reduce((n, r) => n + r.matched, 0);
const total = results.reduce((n, r) => n + r.total, 0);
const good = results.filter(isGood).length;
console.log(row('TOTAL', String(matched), String(total)));
console.log(`\n${good}/${results.length} scenarios match (${matched}/${total} steps) in ${seconds} s.`);

const bad = results.filter((r) => !isGood(r));
if (bad.length > 0) {
  console.log('\nNot matching:');
  for (const r of bad) {
    const first = r.steps.find((s) => !s.match);
    console.log(`- ${r.name}: ${r.error ?? `${first?.label}: ${first?.why}`}`);
    if (!verbose) continue;
    for (const s of r.steps.filter((x) => !x.match)) {
      console.log(`    ${s.label}: ${s.why}\n      erl: ${s.erl ?? '(none)'}\n      ts:  ${s.ts ?? '(none)'}`);
    }
  }
}
const pending = listPending();
if (pending.length > 0 && !pendingMode) {
  console.log(`\nPending (${pending.length}, .erl half only):`);
  for (const p of pending) console.log(`- ${p.name}: ${p.reason}`);
}
process.exitCode = bad.length > 0 ? 1 : 0;

function isGood(r: ScenarioResult): boolean {
  return r.error === undefined && r.matched === r.total && r.steps.length === r.total;
}
