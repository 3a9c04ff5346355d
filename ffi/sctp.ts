/**
 * SCTP structs: the manual's sctp_* maps to and from Linux's UAPI `linux/sctp.h`.
 *
 * Options: sctp_initmsg, sctp_event_subscribe, sctp_assocparams, sctp_rtoinfo,
 * sctp_status (with its sctp_paddrinfo), sctp_paddrinfo, sctp_paddrparams, the
 * primary-address and adaptation-layer requests, sctp_assoc_value and
 * sctp_assoc_stats. Ancillary data: sctp_sndrcvinfo and sctp_sndinfo.
 * Notifications: every `sctp_notification()` of the manual, by `sn_type`.
 *
 * Each struct is described once as a list of (map key, C field, kind); one generic
 * encoder and decoder walk that list, with offsets and widths from the generated
 * layout table (several of these structs are packed, so nothing is computed here).
 * The kernel in CI has no SCTP: these codecs are proven by offsets against the
 * header and by round trips (test/ffi/sctp.test.ts).
 */
import { C, S, fieldAt, type Layout } from './constants.ts';
import { Invalid, decodeSockaddr, encodeSockaddr, type sockaddr, type sockaddr_recv } from './sockaddr.ts';
import type { Term } from '../runtime/term.ts';

// ---------------------------------------------------------------------------
// Generic field codec

/** How a field is stored: integer widths, a boolean byte, an enum or flag set, a sockaddr. */
type Kind =
  | 'u8' | 'u16' | 'u32' | 'i32' | 'u64' | 'bool' | 'sockaddr'
  | { readonly atoms: ReadonlyMap<number, string>; readonly width: 2 | 4; readonly be?: boolean }
  | { readonly flags: readonly (readonly [string, number])[]; readonly width: 2 | 4 };

interface Field {
  readonly key: string;
  readonly cfield: string;
  readonly kind: Kind;
  /** Absent from a map being encoded: write this (0/false if undefined and optional). */
  readonly optional?: boolean;
}

const widthOf = (k: Kind): number =>
  typeof k === 'object' ? k.width : k === 'u8' || k === 'bool' ? 1 : k === 'u16' ? 2 : k === 'u64' ? 8 : k === 'sockaddr' ? S.sockaddr_storage.size : 4;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);

/** A struct codec built from a layout and its field list. */
export interface StructCodec<T> {
  readonly size: number;
  /** Writes `v` at `off` (zeroing the struct first); the size, or the map as Invalid. */
  encode(v: unknown, out: Buffer, off?: number): number | Invalid;
  decode(buf: Buffer, off?: number): T;
}

function codec<T>(layout: Layout, fields: readonly Field[]): StructCodec<T> {
  const offs = fields.map((f) => fieldAt(layout as Layout & { off: Record<string, number> }, f.cfield, widthOf(f.kind)));
  const size = layout.size;
  const storage = S.sockaddr_storage.size;
  const read = (f: Field, buf: Buffer, o: number): unknown => {
    const k = f.kind;
    switch (k) {
      case 'u8': return buf[o];
      case 'bool': return buf[o] !== 0;
      case 'u16': return buf.readUInt16LE(o);
      case 'u32': return buf.readUInt32LE(o);
      case 'i32': return buf.readInt32LE(o);
      case 'u64': return Number(buf.readBigUInt64LE(o));
      case 'sockaddr': return decodeSockaddr(buf, o, storage);
      default: {
        const n = k.width === 4 ? buf.readInt32LE(o) : 'be' in k && k.be ? buf.readUInt16BE(o) : buf.readUInt16LE(o);
        if ('atoms' in k) return k.atoms.get(n) ?? n;
        const list: (string | number)[] = [];
        let rest = n;
        for (const [name, bit] of k.flags) if (rest & bit) (list.push(name), (rest &= ~bit));
        if (rest) list.push(rest);
        return list;
      }
    }
  };
  const write = (f: Field, v: unknown, out: Buffer, o: number): boolean => {
    const k = f.kind;
    const inRange = (lo: number, hi: number) => isInt(v) && v >= lo && v <= hi;
    switch (k) {
      case 'u8': return inRange(0, 0xff) && ((out[o] = v as number), true);
      case 'bool': return typeof v === 'boolean' && ((out[o] = v ? 1 : 0), true);
      case 'u16': return inRange(0, 0xffff) && (out.writeUInt16LE(v as number, o), true);
      case 'u32': return inRange(0, 0xffff_ffff) && (out.writeUInt32LE(v as number, o), true);
      case 'i32': return inRange(-0x8000_0000, 0x7fff_ffff) && (out.writeInt32LE(v as number, o), true);
      case 'u64': return Number.isSafeInteger(v) && (v as number) >= 0 && (out.writeBigUInt64LE(BigInt(v as number), o), true);
      case 'sockaddr': {
        const scratch = Buffer.alloc(storage);
        const n = encodeSockaddr(v, scratch);
        return !(n instanceof Invalid) && (scratch.copy(out, o), true);
      }
      default: {
        let n: number | undefined;
        if ('atoms' in k) {
          n = typeof v === 'string' ? [...k.atoms].find(([, a]) => a === v)?.[0] : (v as number);
        } else if (Array.isArray(v)) {
          n = 0;
          for (const x of v) {
            const bit = typeof x === 'string' ? k.flags.find(([a]) => a === x)?.[1] : isInt(x) ? x : undefined;
            if (bit === undefined) return false;
            n |= bit;
          }
        } else n = v as number;
        if (!isInt(n)) return false;
        if (k.width === 2) {
          if (n < 0 || n > 0xffff) return false;
          if ('be' in k && k.be) out.writeUInt16BE(n, o);
          else out.writeUInt16LE(n, o);
          return true;
        }
        return n >= -0x8000_0000 && n <= 0xffff_ffff && (out.writeUInt32LE(n >>> 0, o), true);
      }
    }
  };
  return {
    size,
    encode(v, out, off = 0) {
      if (!isObj(v)) return new Invalid(v as Term);
      out.fill(0, off, off + size);
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i]!;
        const x = v[f.key];
        if (x === undefined && f.optional) continue;
        if (!write(f, x, out, off + offs[i]!)) return new Invalid(v as Term);
      }
      return size;
    },
    decode(buf, off = 0) {
      const r: Record<string, unknown> = {};
      for (let i = 0; i < fields.length; i++) r[fields[i]!.key] = read(fields[i]!, buf, off + offs[i]!);
      return r as T;
    },
  };
}

const atoms = (width: 2 | 4, pairs: readonly (readonly [number, string])[]) => ({ width, atoms: new Map(pairs) });

// ---------------------------------------------------------------------------
// Models and codecs: options

/** `sctp_assoc_id()`. */
export type sctp_assoc_id = number;

/** `sctp_initmsg()`. */
export interface sctp_initmsg {
  readonly num_ostreams: number;
  readonly max_instreams: number;
  readonly max_attempts: number;
  readonly max_init_timeo: number;
}
export const sctpInitmsg: StructCodec<sctp_initmsg> = codec(S.sctp_initmsg, [
  { key: 'num_ostreams', cfield: 'sinit_num_ostreams', kind: 'u16' },
  { key: 'max_instreams', cfield: 'sinit_max_instreams', kind: 'u16' },
  { key: 'max_attempts', cfield: 'sinit_max_attempts', kind: 'u16' },
  { key: 'max_init_timeo', cfield: 'sinit_max_init_timeo', kind: 'u16' },
]);

/** `sctp_event_subscribe()`: the C names without `sctp_` and `_event`. */
export interface sctp_event_subscribe {
  readonly data_io: boolean;
  readonly association: boolean;
  readonly address: boolean;
  readonly send_failure: boolean;
  readonly peer_error: boolean;
  readonly shutdown: boolean;
  readonly partial_delivery: boolean;
  readonly adaptation_layer?: boolean;
  readonly sender_dry?: boolean;
  readonly stream_reset?: boolean;
  readonly assoc_reset?: boolean;
  readonly stream_change?: boolean;
}
export const sctpEventSubscribe: StructCodec<sctp_event_subscribe> = codec(S.sctp_event_subscribe, [
  ...['data_io', 'association', 'address', 'send_failure', 'peer_error', 'shutdown', 'partial_delivery'].map(
    (k): Field => ({ key: k, cfield: `sctp_${k}_event`, kind: 'bool' }),
  ),
  ...['adaptation_layer', 'sender_dry', 'stream_reset', 'assoc_reset', 'stream_change'].map(
    (k): Field => ({ key: k, cfield: `sctp_${k}_event`, kind: 'bool', optional: true }),
  ),
]);

/** `sctp_assocparams()`. */
export interface sctp_assocparams {
  readonly assoc_id: sctp_assoc_id;
  readonly asocmaxrxt: number;
  readonly number_peer_destinations: number;
  readonly peer_rwnd: number;
  readonly local_rwnd: number;
  readonly cookie_life: number;
}
export const sctpAssocparams: StructCodec<sctp_assocparams> = codec(S.sctp_assocparams, [
  { key: 'assoc_id', cfield: 'sasoc_assoc_id', kind: 'i32' },
  { key: 'asocmaxrxt', cfield: 'sasoc_asocmaxrxt', kind: 'u16' },
  { key: 'number_peer_destinations', cfield: 'sasoc_number_peer_destinations', kind: 'u16' },
  { key: 'peer_rwnd', cfield: 'sasoc_peer_rwnd', kind: 'u32' },
  { key: 'local_rwnd', cfield: 'sasoc_local_rwnd', kind: 'u32' },
  { key: 'cookie_life', cfield: 'sasoc_cookie_life', kind: 'u32' },
]);

/** `sctp_rtoinfo()`. */
export interface sctp_rtoinfo {
  readonly assoc_id: sctp_assoc_id;
  readonly initial: number;
  readonly max: number;
  readonly min: number;
}
export const sctpRtoinfo: StructCodec<sctp_rtoinfo> = codec(S.sctp_rtoinfo, [
  { key: 'assoc_id', cfield: 'srto_assoc_id', kind: 'i32' },
  { key: 'initial', cfield: 'srto_initial', kind: 'u32' },
  { key: 'max', cfield: 'srto_max', kind: 'u32' },
  { key: 'min', cfield: 'srto_min', kind: 'u32' },
]);

/** `sctp_peer_address_state()`. */
export type sctp_peer_address_state = 'inactive' | 'potentially_failed' | 'active' | 'unconfirmed' | 'unknown' | number;
const PEER_STATE = atoms(4, [
  [C.SCTP_INACTIVE, 'inactive'], [C.SCTP_PF, 'potentially_failed'], [C.SCTP_ACTIVE, 'active'],
  [C.SCTP_UNCONFIRMED, 'unconfirmed'], [C.SCTP_UNKNOWN, 'unknown'],
]);

/** `sctp_peer_address_info()` (C `struct sctp_paddrinfo`). */
export interface sctp_peer_address_info {
  readonly assoc_id: sctp_assoc_id;
  readonly address: sockaddr_recv;
  readonly state: sctp_peer_address_state;
  readonly cwnd: number;
  readonly srtt: number;
  readonly rto: number;
  readonly mtu: number;
}
const PADDRINFO_FIELDS: readonly Field[] = [
  { key: 'assoc_id', cfield: 'spinfo_assoc_id', kind: 'i32' },
  { key: 'address', cfield: 'spinfo_address', kind: 'sockaddr' },
  { key: 'state', cfield: 'spinfo_state', kind: PEER_STATE },
  { key: 'cwnd', cfield: 'spinfo_cwnd', kind: 'u32' },
  { key: 'srtt', cfield: 'spinfo_srtt', kind: 'u32' },
  { key: 'rto', cfield: 'spinfo_rto', kind: 'u32' },
  { key: 'mtu', cfield: 'spinfo_mtu', kind: 'u32' },
];
export const sctpPaddrinfo: StructCodec<sctp_peer_address_info> = codec(S.sctp_paddrinfo, PADDRINFO_FIELDS);

/** The association states of `struct sctp_status` (enum sctp_sstat_state). */
export type sctp_status_state =
  | 'empty' | 'closed' | 'cookie_wait' | 'cookie_echoed' | 'established' | 'shutdown_pending'
  | 'shutdown_sent' | 'shutdown_received' | 'shutdown_ack_sent' | number;

/** `sctp_status()`. */
export interface sctp_status {
  readonly assoc_id: sctp_assoc_id;
  readonly state: sctp_status_state;
  readonly rwnd: number;
  readonly unacked_data: number;
  readonly pending_data: number;
  readonly in_streams: number;
  readonly out_streams: number;
  readonly fragmentation_point: number;
  readonly primary: sctp_peer_address_info;
}
const STATUS_HEAD = codec<Omit<sctp_status, 'primary'>>(S.sctp_status, [
  { key: 'assoc_id', cfield: 'sstat_assoc_id', kind: 'i32' },
  {
    key: 'state', cfield: 'sstat_state',
    kind: atoms(4, [
      [C.SCTP_EMPTY, 'empty'], [C.SCTP_CLOSED, 'closed'], [C.SCTP_COOKIE_WAIT, 'cookie_wait'],
      [C.SCTP_COOKIE_ECHOED, 'cookie_echoed'], [C.SCTP_ESTABLISHED, 'established'],
      [C.SCTP_SHUTDOWN_PENDING, 'shutdown_pending'], [C.SCTP_SHUTDOWN_SENT, 'shutdown_sent'],
      [C.SCTP_SHUTDOWN_RECEIVED, 'shutdown_received'], [C.SCTP_SHUTDOWN_ACK_SENT, 'shutdown_ack_sent'],
    ]),
  },
  { key: 'rwnd', cfield: 'sstat_rwnd', kind: 'u32' },
  { key: 'unacked_data', cfield: 'sstat_unackdata', kind: 'u16' },
  { key: 'pending_data', cfield: 'sstat_penddata', kind: 'u16' },
  { key: 'in_streams', cfield: 'sstat_instrms', kind: 'u16' },
  { key: 'out_streams', cfield: 'sstat_outstrms', kind: 'u16' },
  { key: 'fragmentation_point', cfield: 'sstat_fragmentation_point', kind: 'u32' },
]);
const STATUS_PRIMARY = fieldAt(S.sctp_status, 'sstat_primary', S.sctp_paddrinfo.size);
export const sctpStatus: StructCodec<sctp_status> = {
  size: S.sctp_status.size,
  encode(v, out, off = 0) {
    const n = STATUS_HEAD.encode(v, out, off);
    if (n instanceof Invalid) return n;
    const p = sctpPaddrinfo.encode((v as Record<string, unknown>).primary, out, off + STATUS_PRIMARY);
    return p instanceof Invalid ? new Invalid(v as Term) : n;
  },
  decode(buf, off = 0) {
    return { ...STATUS_HEAD.decode(buf, off), primary: sctpPaddrinfo.decode(buf, off + STATUS_PRIMARY) };
  },
};

/** `sctp_pap_flag()`. */
export type sctp_pap_flag =
  | 'enable_heartbeats' | 'disable_heartbeats' | 'send_heartbeat_immediately'
  | 'enable_pmtu_discovery' | 'disable_pmtu_discovery' | 'enable_sack' | 'disable_sack'
  | 'set_heartbeat_delay_to_zero' | 'ipv6_flowlabel' | 'dscp';
const PAP_FLAGS: readonly (readonly [sctp_pap_flag, number])[] = [
  ['enable_heartbeats', C.SPP_HB_ENABLE], ['disable_heartbeats', C.SPP_HB_DISABLE],
  ['send_heartbeat_immediately', C.SPP_HB_DEMAND], ['enable_pmtu_discovery', C.SPP_PMTUD_ENABLE],
  ['disable_pmtu_discovery', C.SPP_PMTUD_DISABLE], ['enable_sack', C.SPP_SACKDELAY_ENABLE],
  ['disable_sack', C.SPP_SACKDELAY_DISABLE], ['set_heartbeat_delay_to_zero', C.SPP_HB_TIME_IS_ZERO],
  ['ipv6_flowlabel', C.SPP_IPV6_FLOWLABEL], ['dscp', C.SPP_DSCP],
];

/** `sctp_peer_address_parameters()` (its `heatbeat_interval` is the manual's spelling). */
export interface sctp_peer_address_parameters {
  readonly assoc_id: sctp_assoc_id;
  readonly addr: sockaddr_recv;
  readonly heatbeat_interval: number;
  readonly path_max_rxt: number;
  readonly path_mtu?: number;
  readonly sack_delay?: number;
  readonly flags?: number | (sctp_pap_flag | number)[];
  readonly ipv6_flowlabel?: number;
  readonly dscp?: number;
}
export const sctpPaddrparams: StructCodec<sctp_peer_address_parameters> = codec(S.sctp_paddrparams, [
  { key: 'assoc_id', cfield: 'spp_assoc_id', kind: 'i32' },
  { key: 'addr', cfield: 'spp_address', kind: 'sockaddr' },
  { key: 'heatbeat_interval', cfield: 'spp_hbinterval', kind: 'u32' },
  { key: 'path_max_rxt', cfield: 'spp_pathmaxrxt', kind: 'u16' },
  { key: 'path_mtu', cfield: 'spp_pathmtu', kind: 'u32', optional: true },
  { key: 'sack_delay', cfield: 'spp_sackdelay', kind: 'u32', optional: true },
  { key: 'flags', cfield: 'spp_flags', kind: { width: 4, flags: PAP_FLAGS }, optional: true },
  { key: 'ipv6_flowlabel', cfield: 'spp_ipv6_flowlabel', kind: 'u32', optional: true },
  { key: 'dscp', cfield: 'spp_dscp', kind: 'u8', optional: true },
]);

/** `sctp_set_adaptation_layer_ind()` (C `struct sctp_setadaptation`). */
export interface sctp_set_adaptation_layer_ind {
  readonly ind: number;
}
export const sctpSetadaptation: StructCodec<sctp_set_adaptation_layer_ind> = codec(S.sctp_setadaptation, [
  { key: 'ind', cfield: 'ssb_adaptation_ind', kind: 'u32' },
]);

/** `sctp_set_primary_address()` (C `struct sctp_prim`). */
export interface sctp_set_primary_address {
  readonly assoc_id: sctp_assoc_id;
  readonly addr: sockaddr | sockaddr_recv;
}
export const sctpPrim: StructCodec<sctp_set_primary_address> = codec(S.sctp_prim, [
  { key: 'assoc_id', cfield: 'ssp_assoc_id', kind: 'i32' },
  { key: 'addr', cfield: 'ssp_addr', kind: 'sockaddr' },
]);

/** `sctp_set_peer_primary_address()` (C `struct sctp_setpeerprim`). */
export type sctp_set_peer_primary_address = sctp_set_primary_address;
export const sctpSetpeerprim: StructCodec<sctp_set_peer_primary_address> = codec(S.sctp_setpeerprim, [
  { key: 'assoc_id', cfield: 'sspp_assoc_id', kind: 'i32' },
  { key: 'addr', cfield: 'sspp_addr', kind: 'sockaddr' },
]);

/** C `struct sctp_assoc_value`, the argument of many SCTP options. */
export interface sctp_assoc_value {
  readonly assoc_id: sctp_assoc_id;
  readonly assoc_value: number;
}
export const sctpAssocValue: StructCodec<sctp_assoc_value> = codec(S.sctp_assoc_value, [
  { key: 'assoc_id', cfield: 'assoc_id', kind: 'i32' },
  { key: 'assoc_value', cfield: 'assoc_value', kind: 'u32' },
]);

/** `sctp_assoc_stats()`. */
export interface sctp_assoc_stats {
  readonly assoc_id: sctp_assoc_id;
  readonly max_rto_addr: sockaddr_recv;
  readonly [counter: string]: number | sockaddr_recv;
}
export const sctpAssocStats: StructCodec<sctp_assoc_stats> = codec(S.sctp_assoc_stats, [
  { key: 'assoc_id', cfield: 'sas_assoc_id', kind: 'i32' },
  { key: 'max_rto_addr', cfield: 'sas_obs_rto_ipaddr', kind: 'sockaddr' },
  ...(
    [
      ['max_rto', 'maxrto'], ['in_sacks', 'isacks'], ['out_sacks', 'osacks'],
      ['in_packets', 'ipackets'], ['out_packets', 'opackets'], ['rtx_chunks', 'rtxchunks'],
      ['out_of_seq_tsns', 'outofseqtsns'], ['in_dup_chunks', 'idupchunks'],
      ['gap_ack_recv', 'gapcnt'], ['in_unordered_chunks', 'iuodchunks'],
      ['out_unordered_chunks', 'ouodchunks'], ['in_ordered_chunks', 'iodchunks'],
      ['out_ordered_chunks', 'oodchunks'], ['in_ctrl_chunks', 'ictrlchunks'],
      ['out_ctrl_chunks', 'octrlchunks'],
    ] as const
  ).map(([key, c]): Field => ({ key, cfield: `sas_${c}`, kind: 'u64' })),
]);

// ---------------------------------------------------------------------------
// Ancillary data

/** `sctp_snd_rcv_info_flags()`. */
export type sctp_snd_rcv_info_flag = 'unordered' | 'addr_over' | 'abort' | 'eof';
const SINFO_FLAGS: readonly (readonly [sctp_snd_rcv_info_flag, number])[] = [
  ['unordered', C.SCTP_UNORDERED], ['addr_over', C.SCTP_ADDR_OVER],
  ['abort', C.SCTP_ABORT], ['eof', C.SCTP_EOF],
];

/** `sctp_snd_rcv_info()`: only `stream` and `assoc_id` are needed to send. */
export interface sctp_snd_rcv_info {
  readonly stream: number;
  readonly ssn?: number;
  readonly flags?: (sctp_snd_rcv_info_flag | number)[];
  readonly ppid?: number;
  readonly context?: number;
  readonly time_to_live?: number;
  readonly tsn?: number;
  readonly cum_tsn?: number;
  readonly assoc_id: sctp_assoc_id;
}
const sndrcvinfo = codec<sctp_snd_rcv_info>(S.sctp_sndrcvinfo, [
  { key: 'stream', cfield: 'sinfo_stream', kind: 'u16' },
  { key: 'ssn', cfield: 'sinfo_ssn', kind: 'u16', optional: true },
  { key: 'flags', cfield: 'sinfo_flags', kind: { width: 2, flags: SINFO_FLAGS }, optional: true },
  { key: 'ppid', cfield: 'sinfo_ppid', kind: 'u32', optional: true },
  { key: 'context', cfield: 'sinfo_context', kind: 'u32', optional: true },
  { key: 'time_to_live', cfield: 'sinfo_timetolive', kind: 'u32', optional: true },
  { key: 'tsn', cfield: 'sinfo_tsn', kind: 'u32', optional: true },
  { key: 'cum_tsn', cfield: 'sinfo_cumtsn', kind: 'u32', optional: true },
  { key: 'assoc_id', cfield: 'sinfo_assoc_id', kind: 'i32' },
]);
export const sctpSndrcvinfo: StructCodec<sctp_snd_rcv_info> = sndrcvinfo;
export const encodeSctpSndrcvinfo = (v: unknown, out: Buffer, off = 0): number | Invalid => sndrcvinfo.encode(v, out, off);
export const decodeSctpSndrcvinfo = (buf: Buffer, off = 0): sctp_snd_rcv_info => sndrcvinfo.decode(buf, off);

/** `sctp_snd_info()` (`assoc_id`; the manual's `assic_id` is a typo of it). */
export interface sctp_snd_info {
  readonly sid: number;
  readonly flags: number;
  readonly ppid: number;
  readonly context: number;
  readonly assoc_id: sctp_assoc_id;
}
export const sctpSndinfo: StructCodec<sctp_snd_info> = codec(S.sctp_sndinfo, [
  { key: 'sid', cfield: 'snd_sid', kind: 'u16' },
  { key: 'flags', cfield: 'snd_flags', kind: 'u16' },
  { key: 'ppid', cfield: 'snd_ppid', kind: 'u32' },
  { key: 'context', cfield: 'snd_context', kind: 'u32' },
  { key: 'assoc_id', cfield: 'snd_assoc_id', kind: 'i32' },
]);

// ---------------------------------------------------------------------------
// Notifications

/**
 * `sctp_operation_error()`: SCTP error cause codes. These are protocol numbers from
 * RFC 9260 §3.3.10 (1-13), RFC 5061 (0xA0-0xA2) and RFC 4895 (0x105), not C
 * constants, so no header holds them.
 */
export type sctp_operation_error =
  | 'bad_sid' | 'missing_parm' | 'stale_cookie' | 'no_resources' | 'bad_addr' | 'unrec_chunk'
  | 'bad_mandparm' | 'unrec_parm' | 'no_usr_data' | 'cookie_shut' | 'restart_new_addrs'
  | 'user_abort' | 'delete_lastaddr' | 'resource_shortage' | 'delete_srcaddr' | 'auth_err' | number;
const OPERATION_ERRORS = atoms(2, [
  [1, 'bad_sid'], [2, 'missing_parm'], [3, 'stale_cookie'], [4, 'no_resources'], [5, 'bad_addr'],
  [6, 'unrec_chunk'], [7, 'bad_mandparm'], [8, 'unrec_parm'], [9, 'no_usr_data'],
  [10, 'cookie_shut'], [11, 'restart_new_addrs'], [12, 'user_abort'], [0xa0, 'delete_lastaddr'],
  [0xa1, 'resource_shortage'], [0xa2, 'delete_srcaddr'], [0x105, 'auth_err'],
]);

/** `sctp_assoc_change()`. */
export interface sctp_assoc_change {
  readonly type: 'assoc_change';
  readonly flags: number;
  readonly state: 'comm_up' | 'comm_lost' | 'restart' | 'shutdown_comp' | 'cant_str_assoc' | number;
  readonly error: sctp_operation_error;
  readonly outbound_streams: number;
  readonly inbound_streams: number;
  readonly assoc_id: sctp_assoc_id;
}
/** `sctp_paddr_change()`. */
export interface sctp_paddr_change {
  readonly type: 'peer_addr_change';
  readonly flags: number;
  readonly addr: sockaddr_recv;
  readonly state:
    | 'addr_available' | 'addr_unreachable' | 'addr_removed' | 'addr_added' | 'addr_made_prim'
    | 'addr_confirmed' | 'addr_potentially_failed' | number;
  readonly error: number;
  readonly assoc_id: sctp_assoc_id;
}
/** `sctp_remote_error()`: `remote_causes` are the cause codes of the ERROR chunk. */
export interface sctp_remote_error {
  readonly type: 'remote_error';
  readonly flags: number;
  readonly error: sctp_operation_error;
  readonly assoc_id: sctp_assoc_id;
  readonly remote_causes: number[];
}
/** `sctp_send_failed()`. */
export interface sctp_send_failed {
  readonly type: 'send_failed';
  readonly flags: number;
  readonly error: number;
  readonly info: sctp_snd_rcv_info;
  readonly assoc_id: sctp_assoc_id;
  readonly data: Buffer;
}
/** `sctp_send_failed_event()`. */
export interface sctp_send_failed_event {
  readonly type: 'send_failed_event';
  readonly flags: ('data_unsent' | 'data_sent' | number)[];
  readonly error: number;
  readonly info: sctp_snd_info;
  readonly assoc_id: sctp_assoc_id;
  readonly data: Buffer;
}
/** `sctp_shutdown_event()`. */
export interface sctp_shutdown_event {
  readonly type: 'shutdown_event';
  readonly flags: number;
  readonly assoc_id: sctp_assoc_id;
}
/** `sctp_adapt_event()`. */
export interface sctp_adapt_event {
  readonly type: 'adaptation_event';
  readonly flags: number;
  readonly adaption_ind: number;
  readonly assoc_id: sctp_assoc_id;
}
/** `sctp_pdapi_event()`. */
export interface sctp_pdapi_event {
  readonly type: 'partial_delivery_event';
  readonly flags: number;
  readonly indication: number;
  readonly assoc_id: sctp_assoc_id;
  readonly stream?: number;
  readonly seq?: number;
}
/** `sctp_authkey()`. */
export interface sctp_authkey {
  readonly type: 'authkey';
  readonly flags: number;
  readonly keynumber: number;
  readonly altkeynumber: number;
  readonly indication: number;
  readonly assoc_id: sctp_assoc_id;
}
/** `sctp_sender_dry()`. */
export interface sctp_sender_dry {
  readonly type: 'sender_dry';
  readonly flags: number;
  readonly assoc_id: sctp_assoc_id;
}
/** `sctp_stream_reset_event()`. */
export interface sctp_stream_reset_event {
  readonly type: 'stream_reset';
  readonly flags: ('incoming_ssn' | 'outgoing_ssn' | 'denied' | 'failed' | number)[];
  readonly assoc_id: sctp_assoc_id;
  readonly stream_list: number[];
}
/** `sctp_assoc_reset_event()`. */
export interface sctp_assoc_reset_event {
  readonly type: 'assoc_reset';
  readonly flags: ('denied' | 'failed' | number)[];
  readonly assoc_id: sctp_assoc_id;
  readonly local_tsn: number;
  readonly remote_tsn: number;
}
/** `sctp_stream_change_event()`. */
export interface sctp_stream_change_event {
  readonly type: 'stream_change';
  readonly flags: ('denied' | 'failed' | number)[];
  readonly assoc_id: sctp_assoc_id;
  readonly inbound_streams: number;
  readonly outbound_streams: number;
}
/** `sctp_notification_generic()`. */
export interface sctp_notification_generic {
  readonly type: number;
  readonly flags: number;
}
/** `sctp_notification()`. */
export type sctp_notification =
  | sctp_assoc_change | sctp_paddr_change | sctp_send_failed | sctp_remote_error
  | sctp_shutdown_event | sctp_adapt_event | sctp_pdapi_event | sctp_authkey | sctp_sender_dry
  | sctp_stream_reset_event | sctp_assoc_reset_event | sctp_stream_change_event
  | sctp_send_failed_event | sctp_notification_generic;

const RESET_FLAGS = (pairs: readonly (readonly [string, number])[]) => ({ width: 2 as const, flags: pairs });

/** A notification's fixed part; `tail` reads what follows it (data, lists). */
interface Notification {
  readonly type: string;
  readonly codec: StructCodec<Record<string, unknown>>;
  readonly fixed: number;
  readonly tail?: (buf: Buffer, from: number, to: number) => Record<string, unknown>;
}

const NOTIFICATIONS = new Map<number, Notification>();
function notification(
  num: number, type: string, layout: Layout, prefix: string, fields: readonly Field[],
  fixed: number = layout.size, tail?: Notification['tail'],
): void {
  // A plain u16 `flags` unless the notification gives its flags as a list.
  const all: Field[] = fields.some((f) => f.key === 'flags')
    ? [...fields]
    : [{ key: 'flags', cfield: `${prefix}_flags`, kind: 'u16' }, ...fields];
  NOTIFICATIONS.set(num, { type, codec: codec(layout, all), fixed, ...(tail ? { tail } : {}) });
}

notification(C.SCTP_ASSOC_CHANGE, 'assoc_change', S.sctp_assoc_change, 'sac', [
  {
    key: 'state', cfield: 'sac_state',
    kind: atoms(2, [
      [C.SCTP_COMM_UP, 'comm_up'], [C.SCTP_COMM_LOST, 'comm_lost'], [C.SCTP_RESTART, 'restart'],
      [C.SCTP_SHUTDOWN_COMP, 'shutdown_comp'], [C.SCTP_CANT_STR_ASSOC, 'cant_str_assoc'],
    ]),
  },
  { key: 'error', cfield: 'sac_error', kind: OPERATION_ERRORS },
  { key: 'outbound_streams', cfield: 'sac_outbound_streams', kind: 'u16' },
  { key: 'inbound_streams', cfield: 'sac_inbound_streams', kind: 'u16' },
  { key: 'assoc_id', cfield: 'sac_assoc_id', kind: 'i32' },
]);
notification(C.SCTP_PEER_ADDR_CHANGE, 'peer_addr_change', S.sctp_paddr_change, 'spc', [
  { key: 'addr', cfield: 'spc_aaddr', kind: 'sockaddr' },
  {
    key: 'state', cfield: 'spc_state',
    kind: atoms(4, [
      [C.SCTP_ADDR_AVAILABLE, 'addr_available'], [C.SCTP_ADDR_UNREACHABLE, 'addr_unreachable'],
      [C.SCTP_ADDR_REMOVED, 'addr_removed'], [C.SCTP_ADDR_ADDED, 'addr_added'],
      [C.SCTP_ADDR_MADE_PRIM, 'addr_made_prim'], [C.SCTP_ADDR_CONFIRMED, 'addr_confirmed'],
      [C.SCTP_ADDR_POTENTIALLY_FAILED, 'addr_potentially_failed'],
    ]),
  },
  { key: 'error', cfield: 'spc_error', kind: 'i32' },
  { key: 'assoc_id', cfield: 'spc_assoc_id', kind: 'i32' },
]);
// sre_error is the wire's big-endian cause code; the ERROR chunk's causes follow,
// each a TLV of (code: be16, length: be16) padded to 4 bytes.
notification(C.SCTP_REMOTE_ERROR, 'remote_error', S.sctp_remote_error, 'sre', [
  { key: 'error', cfield: 'sre_error', kind: { ...OPERATION_ERRORS, be: true } },
  { key: 'assoc_id', cfield: 'sre_assoc_id', kind: 'i32' },
], S.sctp_remote_error.off.sre_data, (buf, from, to) => {
  const causes: number[] = [];
  for (let p = from; p + 4 <= to; ) {
    causes.push(buf.readUInt16BE(p));
    p += Math.max(4, (buf.readUInt16BE(p + 2) + 3) & ~3);
  }
  return { remote_causes: causes };
});
notification(C.SCTP_SEND_FAILED, 'send_failed', S.sctp_send_failed, 'ssf', [
  { key: 'error', cfield: 'ssf_error', kind: 'u32' },
  { key: 'assoc_id', cfield: 'ssf_assoc_id', kind: 'i32' },
], S.sctp_send_failed.off.ssf_data, (buf, from, to) => ({ data: Buffer.from(buf.subarray(from, to)) }));
notification(C.SCTP_SHUTDOWN_EVENT, 'shutdown_event', S.sctp_shutdown_event, 'sse', [
  { key: 'assoc_id', cfield: 'sse_assoc_id', kind: 'i32' },
]);
notification(C.SCTP_ADAPTATION_INDICATION, 'adaptation_event', S.sctp_adaptation_event, 'sai', [
  { key: 'adaption_ind', cfield: 'sai_adaptation_ind', kind: 'u32' },
  { key: 'assoc_id', cfield: 'sai_assoc_id', kind: 'i32' },
]);
notification(C.SCTP_PARTIAL_DELIVERY_EVENT, 'partial_delivery_event', S.sctp_pdapi_event, 'pdapi', [
  { key: 'indication', cfield: 'pdapi_indication', kind: 'u32' },
  { key: 'assoc_id', cfield: 'pdapi_assoc_id', kind: 'i32' },
  { key: 'stream', cfield: 'pdapi_stream', kind: 'u32' },
  { key: 'seq', cfield: 'pdapi_seq', kind: 'u32' },
]);
notification(C.SCTP_AUTHENTICATION_EVENT, 'authkey', S.sctp_authkey_event, 'auth', [
  { key: 'keynumber', cfield: 'auth_keynumber', kind: 'u16' },
  { key: 'altkeynumber', cfield: 'auth_altkeynumber', kind: 'u16' },
  { key: 'indication', cfield: 'auth_indication', kind: 'u32' },
  { key: 'assoc_id', cfield: 'auth_assoc_id', kind: 'i32' },
]);
notification(C.SCTP_SENDER_DRY_EVENT, 'sender_dry', S.sctp_sender_dry_event, 'sender_dry', [
  { key: 'assoc_id', cfield: 'sender_dry_assoc_id', kind: 'i32' },
]);
notification(C.SCTP_STREAM_RESET_EVENT, 'stream_reset', S.sctp_stream_reset_event, 'strreset', [
  {
    key: 'flags', cfield: 'strreset_flags',
    kind: RESET_FLAGS([
      ['incoming_ssn', C.SCTP_STREAM_RESET_INCOMING_SSN], ['outgoing_ssn', C.SCTP_STREAM_RESET_OUTGOING_SSN],
      ['denied', C.SCTP_STREAM_RESET_DENIED], ['failed', C.SCTP_STREAM_RESET_FAILED],
    ]),
  },
  { key: 'assoc_id', cfield: 'strreset_assoc_id', kind: 'i32' },
], S.sctp_stream_reset_event.off.strreset_stream_list, (buf, from, to) => {
  const list: number[] = [];
  for (let p = from; p + 2 <= to; p += 2) list.push(buf.readUInt16LE(p));
  return { stream_list: list };
});
notification(C.SCTP_ASSOC_RESET_EVENT, 'assoc_reset', S.sctp_assoc_reset_event, 'assocreset', [
  {
    key: 'flags', cfield: 'assocreset_flags',
    kind: RESET_FLAGS([['denied', C.SCTP_ASSOC_RESET_DENIED], ['failed', C.SCTP_ASSOC_RESET_FAILED]]),
  },
  { key: 'assoc_id', cfield: 'assocreset_assoc_id', kind: 'i32' },
  { key: 'local_tsn', cfield: 'assocreset_local_tsn', kind: 'u32' },
  { key: 'remote_tsn', cfield: 'assocreset_remote_tsn', kind: 'u32' },
]);
notification(C.SCTP_STREAM_CHANGE_EVENT, 'stream_change', S.sctp_stream_change_event, 'strchange', [
  {
    key: 'flags', cfield: 'strchange_flags',
    kind: RESET_FLAGS([['denied', C.SCTP_STREAM_CHANGE_DENIED], ['failed', C.SCTP_STREAM_CHANGE_FAILED]]),
  },
  { key: 'assoc_id', cfield: 'strchange_assoc_id', kind: 'i32' },
  { key: 'inbound_streams', cfield: 'strchange_instrms', kind: 'u16' },
  { key: 'outbound_streams', cfield: 'strchange_outstrms', kind: 'u16' },
]);
// ssf_flags here is a value, SCTP_DATA_UNSENT (0) or SCTP_DATA_SENT (1), given as a one-element list.
notification(C.SCTP_SEND_FAILED_EVENT, 'send_failed_event', S.sctp_send_failed_event, 'ssf', [
  { key: 'error', cfield: 'ssf_error', kind: 'u32' },
  { key: 'assoc_id', cfield: 'ssf_assoc_id', kind: 'i32' },
], S.sctp_send_failed_event.off.ssf_data, (buf, from, to) => ({ data: Buffer.from(buf.subarray(from, to)) }));

const SN_TYPE = fieldAt(S.sctp_notification, 'sn_header.sn_type', 2);
const SN_FLAGS = fieldAt(S.sctp_notification, 'sn_header.sn_flags', 2);
const SN_LENGTH = fieldAt(S.sctp_notification, 'sn_header.sn_length', 4);
const SSF_INFO = fieldAt(S.sctp_send_failed, 'ssf_info', S.sctp_sndrcvinfo.size);
const SSFE_INFO = fieldAt(S.sctp_send_failed_event, 'ssfe_info', S.sctp_sndinfo.size);

/**
 * Decodes a notification (a message received with MSG_NOTIFICATION) of `len` bytes.
 * A type this module does not know, or one shorter than its struct, is generic.
 */
export function decodeSctpNotification(buf: Buffer, off: number, len: number): sctp_notification {
  const type = buf.readUInt16LE(off + SN_TYPE);
  const n = NOTIFICATIONS.get(type);
  const end = off + Math.min(len, buf.readUInt32LE(off + SN_LENGTH));
  if (n === undefined || len < n.codec.size) return { type, flags: buf.readUInt16LE(off + SN_FLAGS) };
  const r: Record<string, unknown> = { type: n.type, ...n.codec.decode(buf, off) };
  if (type === C.SCTP_SEND_FAILED) r.info = sndrcvinfo.decode(buf, off + SSF_INFO);
  if (type === C.SCTP_SEND_FAILED_EVENT) {
    r.info = sctpSndinfo.decode(buf, off + SSFE_INFO);
    const f = r.flags as number;
    r.flags = [f === C.SCTP_DATA_UNSENT ? 'data_unsent' : f === C.SCTP_DATA_SENT ? 'data_sent' : f];
  }
  if (n.tail) Object.assign(r, n.tail(buf, off + n.fixed, end));
  return r as unknown as sctp_notification;
}

/**
 * Encodes a notification as the kernel would deliver it (for tests and tools: a
 * kernel without SCTP never sends one). Returns the length, or the map as Invalid.
 */
export function encodeSctpNotification(v: unknown, out: Buffer, off = 0): number | Invalid {
  if (!isObj(v)) return new Invalid(v as Term);
  const entry = [...NOTIFICATIONS].find(([, n]) => n.type === v.type);
  if (entry === undefined) return new Invalid(v as Term);
  const [num, n] = entry;
  let flags = v.flags;
  if (num === C.SCTP_SEND_FAILED_EVENT && Array.isArray(flags)) {
    flags = flags[0] === 'data_unsent' ? C.SCTP_DATA_UNSENT : flags[0] === 'data_sent' ? C.SCTP_DATA_SENT : flags[0];
  }
  const size = n.codec.encode({ ...v, flags }, out, off);
  if (size instanceof Invalid) return new Invalid(v as Term);
  if (num === C.SCTP_SEND_FAILED && sndrcvinfo.encode(v.info, out, off + SSF_INFO) instanceof Invalid) return new Invalid(v as Term);
  if (num === C.SCTP_SEND_FAILED_EVENT && sctpSndinfo.encode(v.info, out, off + SSFE_INFO) instanceof Invalid) return new Invalid(v as Term);
  let len = Math.max(size, n.fixed);
  if (Buffer.isBuffer(v.data) && (num === C.SCTP_SEND_FAILED || num === C.SCTP_SEND_FAILED_EVENT)) {
    len = n.fixed + v.data.copy(out, off + n.fixed);
  } else if (num === C.SCTP_REMOTE_ERROR && Array.isArray(v.remote_causes)) {
    for (const code of v.remote_causes as unknown[]) {
      if (!isInt(code) || code < 0 || code > 0xffff) return new Invalid(v as Term);
      out.writeUInt16BE(code, off + len);
      out.writeUInt16BE(4, off + len + 2);
      len += 4;
    }
  } else if (num === C.SCTP_STREAM_RESET_EVENT && Array.isArray(v.stream_list)) {
    for (const sid of v.stream_list as unknown[]) {
      if (!isInt(sid) || sid < 0 || sid > 0xffff) return new Invalid(v as Term);
      out.writeUInt16LE(sid, off + len);
      len += 2;
    }
  }
  out.writeUInt16LE(num, off + SN_TYPE);
  out.writeUInt32LE(len, off + SN_LENGTH);
  return len;
}
