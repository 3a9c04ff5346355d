/** 1,000 senders each send 1,000 messages to one receiver: messages per second. */
import { Pid, receive, run, self, send, spawn } from '../../index.ts';
import { best, report } from './report.ts';

const SENDERS = 1000;
const EACH = 1000;

function* sender(to: Pid, each: number): Generator<unknown, void, unknown> {
  for (let i = 0; i < each; i++) send(to, i);
}

function once(senders: number): Promise<number> {
  return run(function* () {
    const me = self();
    const t0 = performance.now();
    for (let i = 0; i < senders; i++) spawn(sender, me, EACH);
    for (let i = senders * EACH; i > 0; i--) yield* receive();
    return performance.now() - t0;
  });
}

// Measure the JIT-compiled steady state: warm up first (BEAM needs none).
await once(200);
const dt = await best(() => once(SENDERS));
report({ workload: 'fan-in 1k x 1k', rate: ((SENDERS * EACH) / dt) * 1000, unit: 'messages/s' });
