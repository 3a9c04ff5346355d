/** Registered names: register, unregister, whereis, registered, and their badarg cases. */
import { describe, expect, it } from 'vitest';
import { ErlangError, Pid, _, exit, receive, register, registered, run, self, spawn, spawnMonitor, unregister, whereis } from '../../index.ts';

function badarg(f: () => unknown): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ErlangError);
  expect((err as ErlangError).reason).toBe('badarg');
}

describe('registered names', () => {
  it('register, whereis, registered, unregister', async () => {
    await run(function* () {
      const me = self();
      expect(whereis('reg_a')).toBe('undefined');
      expect(register('reg_a', me)).toBe(true);
      expect(whereis('reg_a')).toBe(me);
      expect(registered()).toContain('reg_a');
      expect(unregister('reg_a')).toBe(true);
      expect(whereis('reg_a')).toBe('undefined');
      expect(registered()).not.toContain('reg_a');
    });
  });

  it('badarg: the name undefined, a taken name, a pid with a name, a dead pid, unregistering a free name', async () => {
    await run(function* () {
      const me = self();
      const other = spawn(function* () {
        yield* receive();
      });
      const [dead, ref] = spawnMonitor(function* () {});
      yield* receive(['DOWN', ref, _, _, _]);
      badarg(() => register('undefined', me));
      register('reg_b', me);
      badarg(() => register('reg_b', other));
      badarg(() => register('reg_c', me));
      badarg(() => register('reg_d', dead));
      badarg(() => unregister('reg_free'));
      badarg(() => register(42 as unknown as string, me));
      badarg(() => register('reg_e', 'x' as unknown as Pid));
      unregister('reg_b');
      exit(other, 'kill');
    });
  });

  it('a name is freed when its process dies', async () => {
    await run(function* () {
      const [p, ref] = spawnMonitor(function* () {
        yield* receive();
      });
      register('reg_dies', p);
      exit(p, 'kill');
      yield* receive(['DOWN', ref, _, _, _]);
      expect(whereis('reg_dies')).toBe('undefined');
      expect(register('reg_dies', self())).toBe(true);
      unregister('reg_dies');
    });
  });
});
