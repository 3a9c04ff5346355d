/**
 * File-descriptor leak check for test files: counts /proc/self/fd before the file's
 * first test and after its last, and fails the file if descriptors were left open.
 *
 * Call `checkFdLeaks()` once at the top level of a test file. vitest runs each file in
 * its own process (`pool: 'forks'`), so the count belongs to that file alone.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';

/** The open descriptors of this process, by number. */
export function openFds(): number[] {
  // readdirSync opens the directory itself while listing it; that fd is closed on return
  // and shows in the list, so it is dropped by checking which entries still resolve.
  return readdirSync('/proc/self/fd')
    .map(Number)
    .filter((fd) => {
      try {
        readlinkSync(`/proc/self/fd/${fd}`);
        return true;
      } catch {
        return false;
      }
    });
}

/** The number of open descriptors of this process. */
export function countFds(): number {
  return openFds().length;
}

/** What each descriptor points to (`socket:[1234]`, `/dev/null`...), for failure messages. */
function describeFds(fds: readonly number[]): string[] {
  return fds.map((fd) => {
    try {
      return `${fd} -> ${readlinkSync(`/proc/self/fd/${fd}`)}`;
    } catch {
      return `${fd} (closed)`;
    }
  });
}

/**
 * Register hooks that fail the file when it ends with descriptors it did not begin with.
 * A descriptor counts as the same only if its number and its target (`socket:[inode]`)
 * both match, so a leak that reuses the number of one closed in between is caught too.
 */
export function checkFdLeaks(): void {
  let before = new Set<string>();
  beforeAll(() => {
    before = new Set(describeFds(openFds()));
  });
  afterAll(async () => {
    // Let handles closed during the last test finish their close callbacks.
    await new Promise<void>((resolve) => setImmediate(resolve));
    // The poller's epoll set is made on first use and kept for the life of the process.
    const leaked = describeFds(openFds()).filter((d) => !before.has(d) && !d.endsWith('anon_inode:[eventpoll]'));
    expect(leaked).toEqual([]);
  });
}
