/**
 * SCTP codecs. The kernel here has no SCTP, so they are proven by byte images C
 * writes through linux/sctp.h (packed structs included), by the layout check of
 * constants.test.ts, and by round-trip properties.
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { C, S } from '../../ffi/constants.ts';
import { STRUCTS } from '../../ffi/gen/spec.ts';
import { cHeader } from '../../ffi/gen/generate.ts';
import { Invalid } from '../../ffi/sockaddr.ts';
import {
  decodeSctpNotification, encodeSctpNotification, sctpAssocStats, sctpAssocValue, sctpAssocparams,
  sctpEventSubscribe, sctpInitmsg, sctpPaddrinfo, sctpPaddrparams, sctpPrim, sctpRtoinfo, sctpSetadaptation,
  sctpSetpeerprim, sctpSndinfo, sctpSndrcvinfo, sctpStatus, type StructCodec,
} from '../../ffi/sctp.ts';
import { cImages } from './codecs-cimage.ts';

const img = cImages([
  {
    name: 'initmsg',
    body: `struct sctp_initmsg *m = (void *)b; m->sinit_num_ostreams = 10; m->sinit_max_instreams = 20;
      m->sinit_max_attempts = 3; m->sinit_max_init_timeo = 60000; len = sizeof *m;`,
  },
  {
    name: 'sndrcvinfo',
    body: `struct sctp_sndrcvinfo *s = (void *)b; s->sinfo_stream = 2; s->sinfo_ssn = 9; s->sinfo_flags = SCTP_UNORDERED | SCTP_EOF;
      s->sinfo_ppid = 0xdeadbeef; s->sinfo_context = 5; s->sinfo_timetolive = 100; s->sinfo_tsn = 77; s->sinfo_cumtsn = 76;
      s->sinfo_assoc_id = -3; len = sizeof *s;`,
  },
  {
    name: 'events',
    body: `struct sctp_event_subscribe *e = (void *)b; e->sctp_data_io_event = 1; e->sctp_shutdown_event = 1;
      e->sctp_sender_dry_event = 1; len = sizeof *e;`,
  },
  {
    name: 'paddrinfo',
    body: `struct sctp_paddrinfo *p = (void *)b; p->spinfo_assoc_id = 4; struct sockaddr_in *a = (void *)&p->spinfo_address;
      a->sin_family = AF_INET; a->sin_port = htons(5000); inet_pton(AF_INET, "10.0.0.1", &a->sin_addr);
      p->spinfo_state = SCTP_ACTIVE; p->spinfo_cwnd = 4380; p->spinfo_srtt = 12; p->spinfo_rto = 3000; p->spinfo_mtu = 1500;
      len = sizeof *p;`,
  },
  {
    name: 'status',
    body: `struct sctp_status *s = (void *)b; s->sstat_assoc_id = 4; s->sstat_state = SCTP_ESTABLISHED; s->sstat_rwnd = 65536;
      s->sstat_instrms = 10; s->sstat_outstrms = 10; s->sstat_fragmentation_point = 1452;
      s->sstat_primary.spinfo_assoc_id = 4; s->sstat_primary.spinfo_state = SCTP_UNCONFIRMED;
      struct sockaddr_in6 *a = (void *)&s->sstat_primary.spinfo_address; a->sin6_family = AF_INET6; a->sin6_port = htons(7);
      len = sizeof *s;`,
  },
  {
    name: 'paddrparams',
    body: `struct sctp_paddrparams *p = (void *)b; p->spp_assoc_id = 1; p->spp_hbinterval = 30000; p->spp_pathmaxrxt = 5;
      p->spp_pathmtu = 1400; p->spp_sackdelay = 200; p->spp_flags = SPP_HB_ENABLE | SPP_PMTUD_DISABLE; p->spp_dscp = 46;
      struct sockaddr_in *a = (void *)&p->spp_address; a->sin_family = AF_INET; len = sizeof *p;`,
  },
  {
    name: 'assoc_change',
    body: `struct sctp_assoc_change *n = (void *)b; n->sac_type = SCTP_ASSOC_CHANGE; n->sac_length = sizeof *n;
      n->sac_state = SCTP_COMM_UP; n->sac_outbound_streams = 10; n->sac_inbound_streams = 5; n->sac_assoc_id = 8;
      len = sizeof *n;`,
  },
  {
    name: 'paddr_change',
    body: `struct sctp_paddr_change *n = (void *)b; n->spc_type = SCTP_PEER_ADDR_CHANGE; n->spc_length = sizeof *n;
      struct sockaddr_in *a = (void *)&n->spc_aaddr; a->sin_family = AF_INET; a->sin_port = htons(9);
      inet_pton(AF_INET, "192.0.2.9", &a->sin_addr); n->spc_state = SCTP_ADDR_CONFIRMED; n->spc_error = 0; n->spc_assoc_id = 8;
      len = sizeof *n;`,
  },
  {
    name: 'remote_error',
    body: `struct sctp_remote_error *n = (void *)b; n->sre_type = SCTP_REMOTE_ERROR; n->sre_error = htons(1); n->sre_assoc_id = 2;
      unsigned char *d = n->sre_data; d[0] = 0; d[1] = 3; d[2] = 0; d[3] = 4; d[4] = 0; d[5] = 12; d[6] = 0; d[7] = 4;
      n->sre_length = sizeof *n + 8; len = n->sre_length;`,
  },
  {
    name: 'send_failed',
    body: `struct sctp_send_failed *n = (void *)b; n->ssf_type = SCTP_SEND_FAILED; n->ssf_flags = SCTP_DATA_UNSENT; n->ssf_error = 5;
      n->ssf_info.sinfo_stream = 1; n->ssf_info.sinfo_assoc_id = 6; n->ssf_assoc_id = 6; memcpy(n->ssf_data, "lost", 4);
      n->ssf_length = sizeof *n + 4; len = n->ssf_length;`,
  },
  {
    name: 'stream_reset',
    body: `struct sctp_stream_reset_event *n = (void *)b; n->strreset_type = SCTP_STREAM_RESET_EVENT;
      n->strreset_flags = SCTP_STREAM_RESET_INCOMING_SSN | SCTP_STREAM_RESET_FAILED; n->strreset_assoc_id = 3;
      n->strreset_stream_list[0] = 1; n->strreset_stream_list[1] = 4; n->strreset_length = sizeof *n + 4; len = n->strreset_length;`,
  },
  {
    name: 'sender_dry',
    body: `struct sctp_sender_dry_event *n = (void *)b; n->sender_dry_type = SCTP_SENDER_DRY_EVENT; n->sender_dry_length = sizeof *n;
      n->sender_dry_assoc_id = 11; len = sizeof *n;`,
  },
]);
const image = (n: string): Buffer => img.get(n)!;

function encodeWith<T>(codec: StructCodec<T>, v: unknown): Buffer {
  const out = Buffer.alloc(codec.size);
  const n = codec.encode(v, out);
  if (n instanceof Invalid) throw new Error(`invalid ${JSON.stringify(n.what)}`);
  return out;
}

describe('the header', () => {
  const lksctp = '/usr/include/netinet/sctp.h';
  if (existsSync(lksctp)) {
    it('lksctp netinet/sctp.h agrees with linux/sctp.h on every SCTP layout', () => {
      const lines = Object.entries(STRUCTS)
        .filter(([k]) => k.startsWith('sctp_'))
        .map(([k, s]) => `_Static_assert(sizeof(${s.ctype}) == ${(S as Record<string, { size: number }>)[k]!.size}, "${k}");`);
      const dir = mkdtempSync(join(tmpdir(), 'beamlet-sctp-'));
      try {
        writeFileSync(join(dir, 'c.c'), cHeader().replace('#include <linux/sctp.h>', '#include <netinet/sctp.h>') + lines.join('\n'));
        const r = spawnSync('gcc', ['-fsyntax-only', join(dir, 'c.c')], { encoding: 'utf8' });
        expect(r.stderr).toBe('');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  } else {
    it('netinet/sctp.h is absent here: the layouts are checked against the kernel UAPI linux/sctp.h', () => {
      expect(existsSync('/usr/include/linux/sctp.h')).toBe(true);
      expect(S.sctp_paddrinfo.off.spinfo_address).toBe(4);
    });
  }
});

describe('option and ancillary structs against C', () => {
  it('sctp_initmsg', () => {
    const v = { num_ostreams: 10, max_instreams: 20, max_attempts: 3, max_init_timeo: 60000 };
    expect(encodeWith(sctpInitmsg, v)).toEqual(image('initmsg'));
    expect(sctpInitmsg.decode(image('initmsg'))).toEqual(v);
  });

  it('sctp_sndrcvinfo, with its flags as atoms', () => {
    const v = {
      stream: 2, ssn: 9, flags: ['unordered', 'eof'], ppid: 0xdeadbeef, context: 5, time_to_live: 100,
      tsn: 77, cum_tsn: 76, assoc_id: -3,
    };
    expect(encodeWith(sctpSndrcvinfo, v)).toEqual(image('sndrcvinfo'));
    expect(sctpSndrcvinfo.decode(image('sndrcvinfo'))).toEqual(v);
  });

  it('sctp_sndrcvinfo for sending needs only stream and assoc_id', () => {
    const out = encodeWith(sctpSndrcvinfo, { stream: 2, assoc_id: -3 });
    expect(sctpSndrcvinfo.decode(out)).toMatchObject({ stream: 2, assoc_id: -3, flags: [], ppid: 0 });
  });

  it('sctp_event_subscribe: the mandatory fields and the optional ones', () => {
    const v = {
      data_io: true, association: false, address: false, send_failure: false, peer_error: false,
      shutdown: true, partial_delivery: false, sender_dry: true,
    };
    expect(encodeWith(sctpEventSubscribe, v)).toEqual(image('events'));
    expect(sctpEventSubscribe.decode(image('events'))).toEqual({
      ...v, adaptation_layer: false, stream_reset: false, assoc_reset: false, stream_change: false,
    });
    expect(sctpEventSubscribe.encode({ data_io: true }, Buffer.alloc(64))).toBeInstanceOf(Invalid);
  });

  it('sctp_paddrinfo (packed: the address at offset 4)', () => {
    const v = {
      assoc_id: 4, address: { family: 'inet', port: 5000, addr: [10, 0, 0, 1] }, state: 'active',
      cwnd: 4380, srtt: 12, rto: 3000, mtu: 1500,
    };
    expect(encodeWith(sctpPaddrinfo, v)).toEqual(image('paddrinfo'));
    expect(sctpPaddrinfo.decode(image('paddrinfo'))).toEqual(v);
  });

  it('sctp_status with its primary address info', () => {
    const s = sctpStatus.decode(image('status'));
    expect(s).toMatchObject({
      assoc_id: 4, state: 'established', rwnd: 65536, in_streams: 10, out_streams: 10, fragmentation_point: 1452,
      primary: {
        assoc_id: 4, state: 'unconfirmed',
        address: { family: 'inet6', port: 7, addr: [0, 0, 0, 0, 0, 0, 0, 0], flowinfo: 0, scope_id: 0 },
      },
    });
    expect(encodeWith(sctpStatus, s)).toEqual(image('status'));
  });

  it('sctp_paddrparams with flags as atoms', () => {
    const p = sctpPaddrparams.decode(image('paddrparams'));
    expect(p).toMatchObject({
      assoc_id: 1, heatbeat_interval: 30000, path_max_rxt: 5, path_mtu: 1400, sack_delay: 200,
      flags: ['enable_heartbeats', 'disable_pmtu_discovery'], ipv6_flowlabel: 0, dscp: 46,
      addr: { family: 'inet', port: 0, addr: [0, 0, 0, 0] },
    });
    expect(encodeWith(sctpPaddrparams, p)).toEqual(image('paddrparams'));
    expect(encodeWith(sctpPaddrparams, { ...p, flags: C.SPP_HB_ENABLE | C.SPP_PMTUD_DISABLE })).toEqual(image('paddrparams'));
  });
});

describe('notifications against C', () => {
  const cases: [string, object][] = [
    ['assoc_change', { type: 'assoc_change', flags: 0, state: 'comm_up', error: 0, outbound_streams: 10, inbound_streams: 5, assoc_id: 8 }],
    ['paddr_change', { type: 'peer_addr_change', flags: 0, addr: { family: 'inet', port: 9, addr: [192, 0, 2, 9] }, state: 'addr_confirmed', error: 0, assoc_id: 8 }],
    ['remote_error', { type: 'remote_error', flags: 0, error: 'bad_sid', assoc_id: 2, remote_causes: [3, 12] }],
    ['stream_reset', { type: 'stream_reset', flags: ['incoming_ssn', 'failed'], assoc_id: 3, stream_list: [1, 4] }],
    ['sender_dry', { type: 'sender_dry', flags: 0, assoc_id: 11 }],
  ];
  for (const [name, v] of cases) {
    it(`${name}: decodes C's bytes and encodes them back`, () => {
      const b = image(name);
      expect(decodeSctpNotification(b, 0, b.length)).toEqual(v);
      const out = Buffer.alloc(512);
      const n = encodeSctpNotification(v, out) as number;
      expect(out.subarray(0, n)).toEqual(b);
    });
  }

  it('send_failed carries the sndrcvinfo and the undelivered data', () => {
    const b = image('send_failed');
    const n = decodeSctpNotification(b, 0, b.length);
    expect(n).toMatchObject({ type: 'send_failed', flags: 0, error: 5, assoc_id: 6, info: { stream: 1, assoc_id: 6 }, data: Buffer.from('lost') });
    const out = Buffer.alloc(512);
    expect(out.subarray(0, encodeSctpNotification(n, out) as number)).toEqual(b);
  });

  it('an unknown or short notification is generic: type and flags', () => {
    const b = Buffer.alloc(16);
    b.writeUInt16LE(0x9999, 0);
    b.writeUInt16LE(3, 2);
    b.writeUInt32LE(16, 4);
    expect(decodeSctpNotification(b, 0, 16)).toEqual({ type: 0x9999, flags: 3 });
    const dry = image('sender_dry');
    expect(decodeSctpNotification(dry, 0, 8)).toEqual({ type: C.SCTP_SENDER_DRY_EVENT, flags: 0 });
  });
});

describe('round-trip properties', () => {
  const u16 = fc.nat(0xffff);
  const u32 = fc.nat(0xffff_ffff);
  const assoc = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
  const inAddr = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
  const sa = fc.record({ family: fc.constant('inet' as const), port: u16, addr: inAddr });
  const roundTrip = <T>(codec: StructCodec<T>, arb: fc.Arbitrary<T>) =>
    fc.assert(fc.property(arb, (v) => {
      expect(codec.decode(encodeWith(codec, v))).toEqual(v);
    }));

  it('options', () => {
    roundTrip(sctpInitmsg, fc.record({ num_ostreams: u16, max_instreams: u16, max_attempts: u16, max_init_timeo: u16 }));
    roundTrip(sctpRtoinfo, fc.record({ assoc_id: assoc, initial: u32, max: u32, min: u32 }));
    roundTrip(sctpAssocparams, fc.record({ assoc_id: assoc, asocmaxrxt: u16, number_peer_destinations: u16, peer_rwnd: u32, local_rwnd: u32, cookie_life: u32 }));
    roundTrip(sctpAssocValue, fc.record({ assoc_id: assoc, assoc_value: u32 }));
    roundTrip(sctpSetadaptation, fc.record({ ind: u32 }));
    roundTrip(sctpPrim, fc.record({ assoc_id: assoc, addr: sa }));
    roundTrip(sctpSetpeerprim, fc.record({ assoc_id: assoc, addr: sa }));
    roundTrip(sctpSndinfo, fc.record({ sid: u16, flags: u16, ppid: u32, context: u32, assoc_id: assoc }));
    const b = fc.boolean();
    roundTrip(sctpEventSubscribe, fc.record({
      data_io: b, association: b, address: b, send_failure: b, peer_error: b, shutdown: b, partial_delivery: b,
      adaptation_layer: b, sender_dry: b, stream_reset: b, assoc_reset: b, stream_change: b,
    }));
  });

  it('sndrcvinfo and assoc stats', () => {
    const flags = fc.subarray(['unordered', 'addr_over', 'abort', 'eof'] as const).map((f) => [...f]);
    roundTrip(sctpSndrcvinfo, fc.record({ stream: u16, ssn: u16, flags, ppid: u32, context: u32, time_to_live: u32, tsn: u32, cum_tsn: u32, assoc_id: assoc }));
    const n = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
    fc.assert(fc.property(assoc, sa, n, n, (assoc_id, max_rto_addr, max_rto, gap_ack_recv) => {
      const v = sctpAssocStats.decode(encodeWith(sctpAssocStats, {
        assoc_id, max_rto_addr, max_rto, gap_ack_recv, in_sacks: 1, out_sacks: 2, in_packets: 3, out_packets: 4,
        rtx_chunks: 5, out_of_seq_tsns: 6, in_dup_chunks: 7, in_unordered_chunks: 8, out_unordered_chunks: 9,
        in_ordered_chunks: 10, out_ordered_chunks: 11, in_ctrl_chunks: 12, out_ctrl_chunks: 13,
      }));
      expect(v).toMatchObject({ assoc_id, max_rto_addr, max_rto, gap_ack_recv, out_ctrl_chunks: 13 });
    }));
  });

  it('notifications', () => {
    const flags = u16;
    const note = fc.oneof(
      fc.record({ type: fc.constant('shutdown_event'), flags, assoc_id: assoc }),
      fc.record({ type: fc.constant('adaptation_event'), flags, adaption_ind: u32, assoc_id: assoc }),
      fc.record({ type: fc.constant('partial_delivery_event'), flags, indication: u32, assoc_id: assoc, stream: u32, seq: u32 }),
      fc.record({ type: fc.constant('authkey'), flags, keynumber: u16, altkeynumber: u16, indication: u32, assoc_id: assoc }),
      fc.record({ type: fc.constant('assoc_reset'), flags: fc.subarray(['denied', 'failed']).map((f) => [...f]), assoc_id: assoc, local_tsn: u32, remote_tsn: u32 }),
      fc.record({ type: fc.constant('stream_change'), flags: fc.subarray(['denied', 'failed']).map((f) => [...f]), assoc_id: assoc, inbound_streams: u16, outbound_streams: u16 }),
      fc.record({ type: fc.constant('stream_reset'), flags: fc.subarray(['incoming_ssn', 'outgoing_ssn', 'denied', 'failed']).map((f) => [...f]), assoc_id: assoc, stream_list: fc.array(u16, { maxLength: 20 }) }),
      fc.record({
        type: fc.constant('send_failed_event'), flags: fc.constantFrom(['data_unsent'], ['data_sent']), error: u32,
        info: fc.record({ sid: u16, flags: u16, ppid: u32, context: u32, assoc_id: assoc }), assoc_id: assoc,
        data: fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a)),
      }),
      fc.record({ type: fc.constant('remote_error'), flags, error: fc.constantFrom(1, 2, 12, 0x105, 999), assoc_id: assoc, remote_causes: fc.array(u16, { maxLength: 8 }) }),
    );
    const names = new Map<unknown, string>([[1, 'bad_sid'], [2, 'missing_parm'], [12, 'user_abort'], [0x105, 'auth_err']]);
    fc.assert(fc.property(note, (v) => {
      const out = Buffer.alloc(1024);
      const n = encodeSctpNotification(v, out) as number;
      const want = v.type === 'remote_error' ? { ...v, error: names.get(v.error) ?? v.error } : v;
      expect(decodeSctpNotification(out, 0, n)).toEqual(want);
    }));
  });
});
