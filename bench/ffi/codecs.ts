/**
 * Codec micro-benchmark: beamlet's Buffer codecs against koffi's own struct
 * encode/decode for the structs on the hot paths (sockaddr_in and sockaddr_in6 both
 * ways, a control buffer with two messages, the msghdr a sendmsg builds), in ns per
 * operation, best of five runs.
 *
 *   npx tsx bench/ffi/codecs.ts [iterations=1000000]
 *
 * koffi's decode gives its own object shapes (`sin_port` in network order, address
 * bytes as arrays), so its column is the cost of getting the raw fields out, before
 * any conversion to the manual's maps: a lower bound for a koffi-based codec.
 */
import koffi from 'koffi';
import { C } from '../../ffi/constants.ts';
import { decodeCmsgs, encodeCmsgs } from '../../ffi/cmsg.ts';
import { SendMsg } from '../../ffi/msghdr.ts';
import { SOCKADDR_MAX, decodeSockaddr, encodeSockaddr } from '../../ffi/sockaddr.ts';

const N = Number(process.argv[2] ?? 1_000_000);
const REPEAT = 5;

function best(fn: () => void, n = N): number {
  let min = Infinity;
  for (let r = 0; r < REPEAT; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t0) / n);
  }
  return min;
}

const in4 = koffi.struct('bench_sockaddr_in', {
  sin_family: 'uint16_t', sin_port: 'uint16_t', sin_addr: koffi.array('uint8_t', 4), sin_zero: koffi.array('uint8_t', 8),
});
const in6 = koffi.struct('bench_sockaddr_in6', {
  sin6_family: 'uint16_t', sin6_port: 'uint16_t', sin6_flowinfo: 'uint32_t',
  sin6_addr: koffi.array('uint8_t', 16), sin6_scope_id: 'uint32_t',
});

const buf = Buffer.alloc(SOCKADDR_MAX);
const sa4 = { family: 'inet', port: 8080, addr: [127, 0, 0, 1] } as const;
const sa6 = { family: 'inet6', port: 443, addr: [0xfe80, 0, 0, 0, 0, 0, 0, 1], flowinfo: 0, scope_id: 2 } as const;
const k4 = { sin_family: C.AF_INET, sin_port: 0x901f, sin_addr: [127, 0, 0, 1], sin_zero: [0, 0, 0, 0, 0, 0, 0, 0] };
const k6 = { sin6_family: C.AF_INET6, sin6_port: 0xbb01, sin6_flowinfo: 0, sin6_addr: [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], sin6_scope_id: 2 };

const ctrl = Buffer.alloc(256);
const cmsgs = [{ level: 'ip', type: 'ttl', value: 64 }, { level: 'ip', type: 'tos', value: 'lowdelay' }];
const ctrlLen = encodeCmsgs(cmsgs, ctrl) as number;

const send = new SendMsg();
const iov = [Buffer.alloc(100), Buffer.alloc(1000)];

let sink: unknown;
const rows: [string, number, number | undefined][] = [];

encodeSockaddr(sa4, buf);
rows.push(['sockaddr_in encode', best(() => encodeSockaddr(sa4, buf)), best(() => koffi.encode(buf, in4, k4))]);
rows.push(['sockaddr_in decode', best(() => (sink = decodeSockaddr(buf, 0, 16))), best(() => (sink = koffi.decode(buf, in4)))]);
encodeSockaddr(sa6, buf);
rows.push(['sockaddr_in6 encode', best(() => encodeSockaddr(sa6, buf)), best(() => koffi.encode(buf, in6, k6))]);
rows.push(['sockaddr_in6 decode', best(() => (sink = decodeSockaddr(buf, 0, 28))), best(() => (sink = koffi.decode(buf, in6)))]);
rows.push(['cmsgs encode (ttl, tos)', best(() => encodeCmsgs(cmsgs, ctrl)), undefined]);
rows.push(['cmsgs decode (ttl, tos)', best(() => (sink = decodeCmsgs(ctrl, 0, ctrlLen))), undefined]);
rows.push(['sendmsg msghdr (addr + 2 iov)', best(() => send.prepare({ addr: sa4, iov }), N / 4), undefined]);
void sink;

console.log(`codec timings, ns per operation, best of ${REPEAT} x ${N}`);
console.log('| operation | beamlet (Buffer) | koffi encode/decode |');
console.log('|---|---:|---:|');
for (const [name, ours, k] of rows) console.log(`| ${name} | ${ours.toFixed(0)} | ${k === undefined ? '-' : k.toFixed(0)} |`);
