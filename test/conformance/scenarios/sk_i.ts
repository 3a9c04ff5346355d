/** Scenario: i/0,1,2 print the socket table: captured, cut into cells at the header's
 * column starts, and compared cell by cell (fds, the owner pid and kernel-chosen ports
 * replaced by placeholders; rows sorted, the manual promises no order). `layout` checks
 * the padding rule: every column as wide as its widest cell plus one space. */
import { run, self } from '../../../index.ts';
import * as socket from '../../../socket/index.ts';
import { format } from '../../../runtime/format.ts';
import { list } from '../../../runtime/term.ts';
import { listener, ok, udp } from '../sockets.ts';
import { attempt, step } from '../step.ts';

/** Runs `fn` with stdout kept aside: `i/0,1,2` print there, like OTP's group leader. */
function capture(fn: () => unknown): [unknown, string] {
  const write = process.stdout.write;
  let text = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('latin1');
    return true;
  }) as typeof process.stdout.write;
  try {
    return [fn(), text];
  } finally {
    process.stdout.write = write;
  }
}

/** Column starts: each header begins after a space ("Local Address" and "Remote
 * Address" are the two headers with a space inside). */
function starts(header: string): number[] {
  const h = header.replace(/Local Address|Remote Address/g, (w) => w.replace(' ', '_'));
  const out: number[] = [];
  for (let i = 0; i < h.length; i++) if (h[i] !== ' ' && (i === 0 || h[i - 1] === ' ')) out.push(i);
  return out;
}

function cells(line: string, at: number[]): string[] {
  return at.map((s, i) => line.slice(s, at[i + 1] ?? line.length + 1).trimEnd());
}

/** What depends on the run: fds, the owner pid and ports the kernel chose. */
function norm(header: string, cell: string): string {
  if (header === 'Fd' && /^\d+$/.test(cell)) return 'fd';
  if (header === 'Owner' && cell === format(self())) return 'me';
  if (header === 'Local Address' || header === 'Remote Address') {
    const m = /^(.*):(\d+)$/.exec(cell);
    if (m && m[2] !== '0') return `${m[1]}:port`;
  }
  return cell;
}

/** Each column is its widest cell plus one space. */
function layout(lines: string[], at: number[]): boolean {
  const width = Math.max(...lines.map((l) => l.length));
  const ends = [...at.slice(1), width];
  return lines.every((l) => l.length === width)
    && at.every((s, i) => Math.max(...lines.map((l) => l.slice(s, ends[i]).trimEnd().length)) === ends[i]! - s - 1);
}

function show(label: string, fn: () => unknown): void {
  const [r, text] = capture(fn);
  step(`${label}_result`, r);
  if (text === '') {
    step(`${label}_text`, 'empty');
    return;
  }
  const [header, ...rows] = text.replace(/\n+$/, '').split('\n') as [string, ...string[]];
  const at = starts(header);
  const heads = cells(header, at);
  step(`${label}_header`, list(heads));
  const normal = rows.map((row) => cells(row, at).map((c, i) => norm(heads[i]!, c)));
  normal.sort((a, b) => (a.join('\0') < b.join('\0') ? -1 : a.join('\0') > b.join('\0') ? 1 : 0));
  step(`${label}_rows`, list(normal.map((r) => list(r))));
  step(`${label}_layout`, layout([header, ...rows], at));
}

await run(function* () {
  const [l, lAddr] = listener();
  const c = ok<socket.socket>(socket.open('inet', 'stream', 'tcp'));
  ok(['ok', yield* socket.connect(c, lAddr as socket.sockaddr)]);
  ok(['ok', yield* socket.send(c, Buffer.from('hello'))]);
  const [u] = udp();
  const u6 = ok<socket.socket>(socket.open('inet6', 'dgram', 'udp'));
  show('i0', () => socket.i());
  show('i1_keys', () => socket.i(list(['fd', 'state', 'domain', 'recv', 'sent']) as never));
  show('i1_udp', () => socket.i('udp'));
  show('i1_stream', () => socket.i('stream'));
  show('i1_inet6', () => socket.i('inet6'));
  show('i1_sctp', () => socket.i('sctp'));
  show('i2', () => socket.i('inet', list(['type', 'owner', 'local_address', 'remote_address']) as never));
  show('i2_tcp', () => socket.i('tcp', list(['protocol', 'sent']) as never));
  show('unknown_key', () => socket.i('udp', list(['type', 'foo_bar']) as never));
  yield* socket.close(c);
  show('after_close', () => socket.i(list(['type', 'local_address']) as never));
  for (const s of [l, u, u6]) yield* socket.close(s);
  show('none_open', () => socket.i());
  step('bad_filter', attempt(() => socket.i('foo' as never)));
  step('bad_filter2', attempt(() => socket.i('foo' as never, list(['fd']) as never)));
  step('bad_keys2', attempt(() => socket.i('inet', 'bar' as never)));
  step('bad_key_string', attempt(() => socket.i(list([list([102, 100])]) as never)));
});
