/**
 * A network namespace of the test's own, with a veth pair inside it, made with ip(8)
 * and removed afterwards (the veth pair goes with it). The tests run as root; nothing
 * here touches the machine's own interfaces.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/** A namespace `name` holding `veth0` and `veth1`, a veth pair. */
export interface TestNetns {
  readonly name: string;
  /** Runs `ip -n NAME ...args`. */
  ip(...args: string[]): string;
  remove(): void;
  /**
   * Resolves once `dev` has its carrier (LOWER_UP, the RUNNING flag): after `ip link set
   * up` the kernel sets it later, from its link-watch work, not at once.
   */
  waitRunning(dev: string): Promise<void>;
}

export function makeNetns(): TestNetns {
  const name = `beamlet-${randomBytes(4).toString('hex')}`;
  const ip = (...args: string[]): string => execFileSync('ip', ['-n', name, ...args], { encoding: 'utf8' });
  execFileSync('ip', ['netns', 'add', name]);
  try {
    ip('link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1');
  } catch (e) {
    execFileSync('ip', ['netns', 'del', name]);
    throw e;
  }
  const waitRunning = async (dev: string): Promise<void> => {
    const limit = Date.now() + 10_000;
    let shown = ip('link', 'show', dev);
    while (!/[<,]LOWER_UP[,>]/.test(shown)) {
      if (Date.now() > limit) throw new Error(`${dev} in ${name} has no carrier after 10 s: ${shown}`);
      await new Promise((r) => setTimeout(r, 10));
      shown = ip('link', 'show', dev);
    }
  };
  return { name, ip, remove: () => execFileSync('ip', ['netns', 'del', name]), waitRunning };
}
