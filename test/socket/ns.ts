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
  return { name, ip, remove: () => execFileSync('ip', ['netns', 'del', name]) };
}
