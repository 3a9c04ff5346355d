/**
 * What the generated platform tables hold: the C headers, every constant by name
 * and every struct field the codecs read or write.
 *
 * The generator (`generate.ts`) turns this into `ffi/constants/<platform>.ts`;
 * `test/ffi/constants.test.ts` turns the generated tables back into C static
 * assertions, so every number a codec uses is checked against the headers.
 * SCTP comes from the kernel's UAPI `linux/sctp.h` (always installed with
 * linux-libc-dev), not lksctp's `netinet/sctp.h`, which merely wraps it.
 */

/** Compiled before the headers: glibc hides POLLRDHUP, ucred, mmsghdr and friends without it. */
export const PRELUDE = '#define _GNU_SOURCE 1';

export const HEADERS: readonly string[] = [
  'stddef.h',
  'limits.h',
  'errno.h',
  'fcntl.h',
  'poll.h',
  'sched.h',
  'sys/types.h',
  'sys/socket.h',
  'sys/un.h',
  'sys/uio.h',
  'sys/ioctl.h',
  'sys/epoll.h',
  'sys/eventfd.h',
  'sys/time.h',
  'netinet/in.h',
  'netinet/ip.h',
  'netinet/tcp.h',
  'netinet/udp.h',
  'netinet/ip_icmp.h',
  'netinet/icmp6.h',
  'arpa/inet.h',
  'net/if.h',
  'net/if_arp.h',
  'net/ethernet.h',
  'netpacket/packet.h',
  // IPV6_FLOWINFO: glibc lacks it, and linux/in6.h as of 6.1.4 (the arm64 cross headers)
  // hides it once glibc's IPv6 definitions are in. Unhidden, that block's other options
  // redefine glibc's with the same values (gcc -Wall is silent about that).
  'linux/libc-compat.h',
  '#undef __UAPI_DEF_IPV6_OPTIONS',
  '#define __UAPI_DEF_IPV6_OPTIONS 1',
  'linux/in6.h',
  'linux/sockios.h',
  'linux/errqueue.h',
  'linux/sctp.h',
];

/**
 * A constant: its C name, or `[name, C expression]` when the value is computed
 * (`CMSG_LEN(0)` has no name of its own).
 */
export type ConstSpec = string | readonly [name: string, expr: string];

/** Constants by group; group names are only for reading this file. */
export const CONSTANTS: Readonly<Record<string, readonly ConstSpec[]>> = {
  AF: ['AF_UNSPEC', 'AF_UNIX', 'AF_LOCAL', 'AF_INET', 'AF_INET6', 'AF_NETLINK', 'AF_PACKET'],
  SOCK: [
    'SOCK_STREAM', 'SOCK_DGRAM', 'SOCK_RAW', 'SOCK_RDM', 'SOCK_SEQPACKET',
    'SOCK_NONBLOCK', 'SOCK_CLOEXEC',
  ],
  SOL: ['SOL_SOCKET', 'SOL_IP', 'SOL_IPV6', 'SOL_TCP', 'SOL_UDP', 'SOL_PACKET', 'SOL_RAW'],
  SO: [
    'SO_DEBUG', 'SO_REUSEADDR', 'SO_TYPE', 'SO_ERROR', 'SO_DONTROUTE', 'SO_BROADCAST',
    'SO_SNDBUF', 'SO_RCVBUF', 'SO_SNDBUFFORCE', 'SO_RCVBUFFORCE', 'SO_KEEPALIVE',
    'SO_OOBINLINE', 'SO_NO_CHECK', 'SO_PRIORITY', 'SO_LINGER', 'SO_BSDCOMPAT',
    'SO_REUSEPORT', 'SO_PASSCRED', 'SO_PEERCRED', 'SO_RCVLOWAT', 'SO_SNDLOWAT',
    'SO_RCVTIMEO', 'SO_SNDTIMEO', 'SO_BINDTODEVICE', 'SO_ATTACH_FILTER',
    'SO_DETACH_FILTER', 'SO_PEERNAME', 'SO_TIMESTAMP', 'SO_ACCEPTCONN', 'SO_PEERSEC',
    'SO_PASSSEC', 'SO_TIMESTAMPNS', 'SO_MARK', 'SO_TIMESTAMPING', 'SO_PROTOCOL',
    'SO_DOMAIN', 'SO_RXQ_OVFL', 'SO_WIFI_STATUS', 'SO_PEEK_OFF', 'SO_NOFCS',
    'SO_LOCK_FILTER', 'SO_SELECT_ERR_QUEUE', 'SO_BUSY_POLL', 'SO_MAX_PACING_RATE',
    'SO_INCOMING_CPU', 'SO_ZEROCOPY', 'SO_TXTIME', 'SO_BINDTOIFINDEX', 'SOMAXCONN',
  ],
  SCM: [
    'SCM_RIGHTS', 'SCM_CREDENTIALS', 'SCM_TIMESTAMP', 'SCM_TIMESTAMPNS',
    'SCM_TIMESTAMPING', 'SCM_WIFI_STATUS', 'SCM_TXTIME',
  ],
  IPPROTO: [
    'IPPROTO_IP', 'IPPROTO_ICMP', 'IPPROTO_IGMP', 'IPPROTO_IPIP', 'IPPROTO_TCP',
    'IPPROTO_EGP', 'IPPROTO_PUP', 'IPPROTO_UDP', 'IPPROTO_IDP', 'IPPROTO_TP',
    'IPPROTO_DCCP', 'IPPROTO_IPV6', 'IPPROTO_RSVP', 'IPPROTO_GRE', 'IPPROTO_ESP',
    'IPPROTO_AH', 'IPPROTO_ICMPV6', 'IPPROTO_MTP', 'IPPROTO_BEETPH', 'IPPROTO_ENCAP',
    'IPPROTO_PIM', 'IPPROTO_COMP', 'IPPROTO_SCTP', 'IPPROTO_UDPLITE', 'IPPROTO_MPLS',
    'IPPROTO_RAW', 'IPPROTO_HOPOPTS', 'IPPROTO_ROUTING', 'IPPROTO_FRAGMENT',
    'IPPROTO_NONE', 'IPPROTO_DSTOPTS', 'IPPROTO_MH',
  ],
  INADDR: ['INADDR_ANY', 'INADDR_BROADCAST', 'INADDR_NONE', 'INADDR_LOOPBACK'],
  IP: [
    'IP_TOS', 'IP_TTL', 'IP_HDRINCL', 'IP_OPTIONS', 'IP_ROUTER_ALERT', 'IP_RECVOPTS',
    'IP_RETOPTS', 'IP_RECVRETOPTS', 'IP_PKTINFO', 'IP_PKTOPTIONS', 'IP_MTU_DISCOVER',
    'IP_RECVERR', 'IP_RECVTTL', 'IP_RECVTOS', 'IP_MTU', 'IP_FREEBIND',
    'IP_IPSEC_POLICY', 'IP_XFRM_POLICY', 'IP_PASSSEC', 'IP_TRANSPARENT',
    'IP_ORIGDSTADDR', 'IP_RECVORIGDSTADDR', 'IP_MINTTL', 'IP_NODEFRAG', 'IP_CHECKSUM',
    'IP_BIND_ADDRESS_NO_PORT', 'IP_RECVFRAGSIZE', 'IP_MULTICAST_IF', 'IP_MULTICAST_TTL',
    'IP_MULTICAST_LOOP', 'IP_ADD_MEMBERSHIP', 'IP_DROP_MEMBERSHIP', 'IP_UNBLOCK_SOURCE',
    'IP_BLOCK_SOURCE', 'IP_ADD_SOURCE_MEMBERSHIP', 'IP_DROP_SOURCE_MEMBERSHIP',
    'IP_MSFILTER', 'IP_MULTICAST_ALL', 'IP_UNICAST_IF', 'IP_PMTUDISC_DONT',
    'IP_PMTUDISC_WANT', 'IP_PMTUDISC_DO', 'IP_PMTUDISC_PROBE', 'IP_PMTUDISC_INTERFACE',
    'IP_PMTUDISC_OMIT', 'IP_DEFAULT_MULTICAST_TTL', 'IP_DEFAULT_MULTICAST_LOOP',
    'IP_MAX_MEMBERSHIPS', 'IPTOS_LOWDELAY', 'IPTOS_THROUGHPUT', 'IPTOS_RELIABILITY',
    'IPTOS_MINCOST', 'MCAST_JOIN_GROUP', 'MCAST_BLOCK_SOURCE', 'MCAST_UNBLOCK_SOURCE',
    'MCAST_LEAVE_GROUP', 'MCAST_JOIN_SOURCE_GROUP', 'MCAST_LEAVE_SOURCE_GROUP',
    'MCAST_MSFILTER', 'MCAST_EXCLUDE', 'MCAST_INCLUDE',
    'SO_EE_ORIGIN_NONE', 'SO_EE_ORIGIN_LOCAL', 'SO_EE_ORIGIN_ICMP', 'SO_EE_ORIGIN_ICMP6',
    'SO_EE_ORIGIN_TXSTATUS', 'SO_EE_ORIGIN_ZEROCOPY', 'SO_EE_ORIGIN_TXTIME',
  ],
  IPV6: [
    'IPV6_ADDRFORM', 'IPV6_FLOWINFO', 'IPV6_2292PKTINFO', 'IPV6_2292HOPOPTS', 'IPV6_2292DSTOPTS',
    'IPV6_2292RTHDR', 'IPV6_2292PKTOPTIONS', 'IPV6_CHECKSUM', 'IPV6_2292HOPLIMIT',
    'IPV6_NEXTHOP', 'IPV6_AUTHHDR', 'IPV6_UNICAST_HOPS', 'IPV6_MULTICAST_IF',
    'IPV6_MULTICAST_HOPS', 'IPV6_MULTICAST_LOOP', 'IPV6_JOIN_GROUP', 'IPV6_LEAVE_GROUP',
    'IPV6_ADD_MEMBERSHIP', 'IPV6_DROP_MEMBERSHIP', 'IPV6_ROUTER_ALERT',
    'IPV6_MTU_DISCOVER', 'IPV6_MTU', 'IPV6_RECVERR', 'IPV6_V6ONLY', 'IPV6_JOIN_ANYCAST',
    'IPV6_LEAVE_ANYCAST', 'IPV6_MULTICAST_ALL', 'IPV6_IPSEC_POLICY', 'IPV6_XFRM_POLICY',
    'IPV6_HDRINCL', 'IPV6_RECVPKTINFO', 'IPV6_PKTINFO', 'IPV6_RECVHOPLIMIT',
    'IPV6_HOPLIMIT', 'IPV6_RECVHOPOPTS', 'IPV6_HOPOPTS', 'IPV6_RTHDRDSTOPTS',
    'IPV6_RECVRTHDR', 'IPV6_RTHDR', 'IPV6_RECVDSTOPTS', 'IPV6_DSTOPTS',
    'IPV6_RECVPATHMTU', 'IPV6_PATHMTU', 'IPV6_DONTFRAG', 'IPV6_RECVTCLASS', 'IPV6_TCLASS',
    'IPV6_AUTOFLOWLABEL', 'IPV6_ADDR_PREFERENCES', 'IPV6_MINHOPCOUNT',
    'IPV6_ORIGDSTADDR', 'IPV6_RECVORIGDSTADDR', 'IPV6_TRANSPARENT', 'IPV6_UNICAST_IF',
    'IPV6_RECVFRAGSIZE', 'IPV6_FREEBIND', 'IPV6_PMTUDISC_DONT', 'IPV6_PMTUDISC_WANT',
    'IPV6_PMTUDISC_DO', 'IPV6_PMTUDISC_PROBE', 'IPV6_PMTUDISC_INTERFACE',
    'IPV6_PMTUDISC_OMIT', 'IPV6_RTHDR_LOOSE', 'IPV6_RTHDR_STRICT', 'IPV6_RTHDR_TYPE_0',
  ],
  TCP: [
    'TCP_NODELAY', 'TCP_MAXSEG', 'TCP_CORK', 'TCP_KEEPIDLE', 'TCP_KEEPINTVL',
    'TCP_KEEPCNT', 'TCP_SYNCNT', 'TCP_LINGER2', 'TCP_DEFER_ACCEPT', 'TCP_WINDOW_CLAMP',
    'TCP_INFO', 'TCP_QUICKACK', 'TCP_CONGESTION', 'TCP_MD5SIG', 'TCP_THIN_LINEAR_TIMEOUTS',
    'TCP_THIN_DUPACK', 'TCP_USER_TIMEOUT', 'TCP_REPAIR', 'TCP_REPAIR_QUEUE',
    'TCP_QUEUE_SEQ', 'TCP_REPAIR_OPTIONS', 'TCP_FASTOPEN', 'TCP_TIMESTAMP',
    'TCP_NOTSENT_LOWAT', 'TCP_CC_INFO', 'TCP_SAVE_SYN', 'TCP_SAVED_SYN',
    'TCP_REPAIR_WINDOW', 'TCP_FASTOPEN_CONNECT', 'TCP_ULP', 'TCP_MD5SIG_EXT',
    'TCP_FASTOPEN_KEY', 'TCP_FASTOPEN_NO_COOKIE', 'TCP_ZEROCOPY_RECEIVE', 'TCP_INQ',
    'TCP_CM_INQ', 'TCP_TX_DELAY',
    'TCP_ESTABLISHED', 'TCP_SYN_SENT', 'TCP_SYN_RECV', 'TCP_FIN_WAIT1', 'TCP_FIN_WAIT2',
    'TCP_TIME_WAIT', 'TCP_CLOSE', 'TCP_CLOSE_WAIT', 'TCP_LAST_ACK', 'TCP_LISTEN',
    'TCP_CLOSING',
    'TCP_CA_Open', 'TCP_CA_Disorder', 'TCP_CA_CWR', 'TCP_CA_Recovery', 'TCP_CA_Loss',
    'TCPI_OPT_TIMESTAMPS', 'TCPI_OPT_SACK', 'TCPI_OPT_WSCALE', 'TCPI_OPT_ECN',
    'TCPI_OPT_ECN_SEEN', 'TCPI_OPT_SYN_DATA',
  ],
  UDP: ['UDP_CORK', 'UDP_ENCAP', 'UDP_NO_CHECK6_TX', 'UDP_NO_CHECK6_RX', 'UDP_SEGMENT', 'UDP_GRO'],
  SCTP: [
    'SCTP_RTOINFO', 'SCTP_ASSOCINFO', 'SCTP_INITMSG', 'SCTP_NODELAY', 'SCTP_AUTOCLOSE',
    'SCTP_SET_PEER_PRIMARY_ADDR', 'SCTP_PRIMARY_ADDR', 'SCTP_ADAPTATION_LAYER',
    'SCTP_DISABLE_FRAGMENTS', 'SCTP_PEER_ADDR_PARAMS', 'SCTP_DEFAULT_SEND_PARAM',
    'SCTP_EVENTS', 'SCTP_I_WANT_MAPPED_V4_ADDR', 'SCTP_MAXSEG', 'SCTP_STATUS',
    'SCTP_GET_PEER_ADDR_INFO', 'SCTP_DELAYED_ACK_TIME', 'SCTP_DELAYED_ACK',
    'SCTP_DELAYED_SACK', 'SCTP_CONTEXT', 'SCTP_FRAGMENT_INTERLEAVE',
    'SCTP_PARTIAL_DELIVERY_POINT', 'SCTP_MAX_BURST', 'SCTP_AUTH_CHUNK',
    'SCTP_HMAC_IDENT', 'SCTP_AUTH_KEY', 'SCTP_AUTH_ACTIVE_KEY', 'SCTP_AUTH_DELETE_KEY',
    'SCTP_PEER_AUTH_CHUNKS', 'SCTP_LOCAL_AUTH_CHUNKS', 'SCTP_GET_ASSOC_NUMBER',
    'SCTP_GET_ASSOC_ID_LIST', 'SCTP_AUTO_ASCONF', 'SCTP_PEER_ADDR_THLDS',
    'SCTP_RECVRCVINFO', 'SCTP_RECVNXTINFO', 'SCTP_DEFAULT_SNDINFO',
    'SCTP_SOCKOPT_BINDX_ADD', 'SCTP_SOCKOPT_BINDX_REM', 'SCTP_SOCKOPT_PEELOFF',
    'SCTP_SOCKOPT_CONNECTX', 'SCTP_GET_ASSOC_STATS',
    'SCTP_INIT', 'SCTP_SNDRCV', 'SCTP_SNDINFO', 'SCTP_RCVINFO', 'SCTP_NXTINFO',
    'SCTP_UNORDERED', 'SCTP_ADDR_OVER', 'SCTP_ABORT', 'SCTP_SACK_IMMEDIATELY',
    'SCTP_SENDALL', 'SCTP_EOF',
    'SCTP_FUTURE_ASSOC', 'SCTP_CURRENT_ASSOC', 'SCTP_ALL_ASSOC',
    'SCTP_ASSOC_CHANGE', 'SCTP_PEER_ADDR_CHANGE', 'SCTP_SEND_FAILED',
    'SCTP_REMOTE_ERROR', 'SCTP_SHUTDOWN_EVENT', 'SCTP_PARTIAL_DELIVERY_EVENT',
    'SCTP_ADAPTATION_INDICATION', 'SCTP_AUTHENTICATION_EVENT', 'SCTP_SENDER_DRY_EVENT',
    'SCTP_STREAM_RESET_EVENT', 'SCTP_ASSOC_RESET_EVENT', 'SCTP_STREAM_CHANGE_EVENT',
    'SCTP_SEND_FAILED_EVENT',
    'SCTP_COMM_UP', 'SCTP_COMM_LOST', 'SCTP_RESTART', 'SCTP_SHUTDOWN_COMP',
    'SCTP_CANT_STR_ASSOC',
    'SCTP_ADDR_AVAILABLE', 'SCTP_ADDR_UNREACHABLE', 'SCTP_ADDR_REMOVED',
    'SCTP_ADDR_ADDED', 'SCTP_ADDR_MADE_PRIM', 'SCTP_ADDR_CONFIRMED',
    'SCTP_ADDR_POTENTIALLY_FAILED',
    'SCTP_DATA_UNSENT', 'SCTP_DATA_SENT', 'SCTP_PARTIAL_DELIVERY_ABORTED',
    'SCTP_AUTH_NEW_KEY', 'SCTP_AUTH_FREE_KEY', 'SCTP_AUTH_NO_AUTH',
    'SCTP_EMPTY', 'SCTP_CLOSED', 'SCTP_COOKIE_WAIT', 'SCTP_COOKIE_ECHOED',
    'SCTP_ESTABLISHED', 'SCTP_SHUTDOWN_PENDING', 'SCTP_SHUTDOWN_SENT',
    'SCTP_SHUTDOWN_RECEIVED', 'SCTP_SHUTDOWN_ACK_SENT',
    'SCTP_INACTIVE', 'SCTP_PF', 'SCTP_ACTIVE', 'SCTP_UNCONFIRMED', 'SCTP_UNKNOWN',
    'SPP_HB_ENABLE', 'SPP_HB_DISABLE', 'SPP_HB_DEMAND', 'SPP_PMTUD_ENABLE',
    'SPP_PMTUD_DISABLE', 'SPP_SACKDELAY_ENABLE', 'SPP_SACKDELAY_DISABLE',
    'SPP_HB_TIME_IS_ZERO',
    'SCTP_BINDX_ADD_ADDR', 'SCTP_BINDX_REM_ADDR',
    'SPP_IPV6_FLOWLABEL', 'SPP_DSCP',
    'SCTP_STREAM_RESET_INCOMING_SSN', 'SCTP_STREAM_RESET_OUTGOING_SSN',
    'SCTP_STREAM_RESET_DENIED', 'SCTP_STREAM_RESET_FAILED', 'SCTP_ASSOC_RESET_DENIED',
    'SCTP_ASSOC_RESET_FAILED', 'SCTP_STREAM_CHANGE_DENIED', 'SCTP_STREAM_CHANGE_FAILED',
  ],
  MSG: [
    'MSG_OOB', 'MSG_PEEK', 'MSG_DONTROUTE', 'MSG_CTRUNC', 'MSG_PROXY', 'MSG_TRUNC',
    'MSG_DONTWAIT', 'MSG_EOR', 'MSG_WAITALL', 'MSG_FIN', 'MSG_SYN', 'MSG_CONFIRM',
    'MSG_RST', 'MSG_ERRQUEUE', 'MSG_NOSIGNAL', 'MSG_MORE', 'MSG_WAITFORONE', 'MSG_BATCH',
    'MSG_ZEROCOPY', 'MSG_FASTOPEN', 'MSG_CMSG_CLOEXEC',
  ],
  CMSG: [
    ['CMSG_ALIGN_1', 'CMSG_ALIGN(1)'],
    ['CMSG_LEN_0', 'CMSG_LEN(0)'],
    ['CMSG_SPACE_0', 'CMSG_SPACE(0)'],
    ['CMSG_SPACE_1', 'CMSG_SPACE(1)'],
    ['CMSG_SPACE_4', 'CMSG_SPACE(4)'],
  ],
  SIOC: [
    'SIOCGIFNAME', 'SIOCGIFCONF', 'SIOCGIFFLAGS', 'SIOCSIFFLAGS', 'SIOCGIFADDR',
    'SIOCSIFADDR', 'SIOCGIFDSTADDR', 'SIOCSIFDSTADDR', 'SIOCGIFBRDADDR',
    'SIOCSIFBRDADDR', 'SIOCGIFNETMASK', 'SIOCSIFNETMASK', 'SIOCGIFMTU', 'SIOCSIFMTU',
    'SIOCGIFHWADDR', 'SIOCSIFHWADDR', 'SIOCGIFINDEX', 'SIOCGIFMAP', 'SIOCSIFMAP',
    'SIOCGIFTXQLEN', 'SIOCSIFTXQLEN', 'SIOCSIFNAME', 'SIOCATMARK', 'SIOCINQ',
    'SIOCOUTQ', 'SIOCOUTQNSD', 'FIONREAD', 'FIONBIO', 'TIOCOUTQ',
  ],
  IFF: [
    'IFF_UP', 'IFF_BROADCAST', 'IFF_DEBUG', 'IFF_LOOPBACK', 'IFF_POINTOPOINT',
    'IFF_NOTRAILERS', 'IFF_RUNNING', 'IFF_NOARP', 'IFF_PROMISC', 'IFF_ALLMULTI',
    'IFF_MASTER', 'IFF_SLAVE', 'IFF_MULTICAST', 'IFF_PORTSEL', 'IFF_AUTOMEDIA',
    'IFF_DYNAMIC', 'IFNAMSIZ', 'IF_NAMESIZE',
  ],
  PACKET: [
    'PACKET_HOST', 'PACKET_BROADCAST', 'PACKET_MULTICAST', 'PACKET_OTHERHOST',
    'PACKET_OUTGOING', 'PACKET_LOOPBACK', 'PACKET_FASTROUTE',
    'ETH_P_ALL', 'ETH_P_IP', 'ETH_P_IPV6', 'ETH_P_ARP', 'ETH_ALEN',
  ],
  ARPHRD: [
    'ARPHRD_NETROM', 'ARPHRD_ETHER', 'ARPHRD_EETHER', 'ARPHRD_AX25', 'ARPHRD_PRONET',
    'ARPHRD_CHAOS', 'ARPHRD_IEEE802', 'ARPHRD_ARCNET', 'ARPHRD_APPLETLK', 'ARPHRD_DLCI',
    'ARPHRD_ATM', 'ARPHRD_METRICOM', 'ARPHRD_IEEE1394', 'ARPHRD_EUI64',
    'ARPHRD_INFINIBAND', 'ARPHRD_TUNNEL', 'ARPHRD_TUNNEL6', 'ARPHRD_LOOPBACK',
    'ARPHRD_LOCALTLK', 'ARPHRD_NONE', 'ARPHRD_VOID',
  ],
  ICMP: [
    'ICMP_DEST_UNREACH', 'ICMP_TIME_EXCEEDED', 'ICMP_NET_UNREACH', 'ICMP_HOST_UNREACH',
    'ICMP_PORT_UNREACH', 'ICMP_FRAG_NEEDED', 'ICMP_NET_UNKNOWN', 'ICMP_HOST_UNKNOWN',
    'ICMP6_DST_UNREACH', 'ICMP6_PACKET_TOO_BIG', 'ICMP6_TIME_EXCEEDED',
    'ICMP6_DST_UNREACH_NOROUTE', 'ICMP6_DST_UNREACH_ADMIN', 'ICMP6_DST_UNREACH_BEYONDSCOPE',
    'ICMP6_DST_UNREACH_ADDR', 'ICMP6_DST_UNREACH_NOPORT',
  ],
  SHUT: ['SHUT_RD', 'SHUT_WR', 'SHUT_RDWR'],
  FCNTL: [
    'F_GETFL', 'F_SETFL', 'F_GETFD', 'F_SETFD', 'FD_CLOEXEC', 'O_NONBLOCK', 'O_RDONLY',
    'O_CLOEXEC',
  ],
  POLL: [
    'POLLIN', 'POLLPRI', 'POLLOUT', 'POLLERR', 'POLLHUP', 'POLLNVAL', 'POLLRDNORM',
    'POLLRDBAND', 'POLLWRNORM', 'POLLWRBAND', 'POLLRDHUP',
  ],
  EPOLL: [
    'EPOLLIN', 'EPOLLPRI', 'EPOLLOUT', 'EPOLLERR', 'EPOLLHUP', 'EPOLLRDHUP',
    'EPOLLEXCLUSIVE', 'EPOLLWAKEUP', 'EPOLLONESHOT', 'EPOLLET', 'EPOLL_CTL_ADD',
    'EPOLL_CTL_DEL', 'EPOLL_CTL_MOD', 'EPOLL_CLOEXEC',
  ],
  EFD: ['EFD_CLOEXEC', 'EFD_NONBLOCK', 'EFD_SEMAPHORE'],
  MISC: [
    'CLONE_NEWNET', 'IOV_MAX', 'UIO_MAXIOV', 'INET_ADDRSTRLEN', 'INET6_ADDRSTRLEN',
  ],
};

/**
 * A struct: its C type and the members the codecs touch, as gcc `offsetof`
 * designators; a trailing `[]` marks a flexible array member (offset only, length 0).
 */
export interface StructSpec {
  readonly ctype: string;
  readonly fields: readonly string[];
}

/** Every struct a codec encodes or decodes, keyed by the name the codecs use. */
export const STRUCTS: Readonly<Record<string, StructSpec>> = {
  sockaddr: { ctype: 'struct sockaddr', fields: ['sa_family', 'sa_data'] },
  sockaddr_storage: { ctype: 'struct sockaddr_storage', fields: ['ss_family'] },
  sockaddr_in: {
    ctype: 'struct sockaddr_in',
    fields: ['sin_family', 'sin_port', 'sin_addr', 'sin_zero'],
  },
  sockaddr_in6: {
    ctype: 'struct sockaddr_in6',
    fields: ['sin6_family', 'sin6_port', 'sin6_flowinfo', 'sin6_addr', 'sin6_scope_id'],
  },
  sockaddr_un: { ctype: 'struct sockaddr_un', fields: ['sun_family', 'sun_path'] },
  sockaddr_ll: {
    ctype: 'struct sockaddr_ll',
    fields: [
      'sll_family', 'sll_protocol', 'sll_ifindex', 'sll_hatype', 'sll_pkttype',
      'sll_halen', 'sll_addr',
    ],
  },
  iovec: { ctype: 'struct iovec', fields: ['iov_base', 'iov_len'] },
  msghdr: {
    ctype: 'struct msghdr',
    fields: [
      'msg_name', 'msg_namelen', 'msg_iov', 'msg_iovlen', 'msg_control',
      'msg_controllen', 'msg_flags',
    ],
  },
  mmsghdr: { ctype: 'struct mmsghdr', fields: ['msg_hdr', 'msg_len'] },
  cmsghdr: { ctype: 'struct cmsghdr', fields: ['cmsg_len', 'cmsg_level', 'cmsg_type'] },
  timeval: { ctype: 'struct timeval', fields: ['tv_sec', 'tv_usec'] },
  timespec: { ctype: 'struct timespec', fields: ['tv_sec', 'tv_nsec'] },
  linger: { ctype: 'struct linger', fields: ['l_onoff', 'l_linger'] },
  ucred: { ctype: 'struct ucred', fields: ['pid', 'uid', 'gid'] },
  in_pktinfo: { ctype: 'struct in_pktinfo', fields: ['ipi_ifindex', 'ipi_spec_dst', 'ipi_addr'] },
  in6_pktinfo: { ctype: 'struct in6_pktinfo', fields: ['ipi6_addr', 'ipi6_ifindex'] },
  sock_extended_err: {
    ctype: 'struct sock_extended_err',
    fields: ['ee_errno', 'ee_origin', 'ee_type', 'ee_code', 'ee_pad', 'ee_info', 'ee_data'],
  },
  ip_mreq: { ctype: 'struct ip_mreq', fields: ['imr_multiaddr', 'imr_interface'] },
  ip_mreqn: {
    ctype: 'struct ip_mreqn',
    fields: ['imr_multiaddr', 'imr_address', 'imr_ifindex'],
  },
  ip_mreq_source: {
    ctype: 'struct ip_mreq_source',
    fields: ['imr_multiaddr', 'imr_interface', 'imr_sourceaddr'],
  },
  ip_msfilter: {
    ctype: 'struct ip_msfilter',
    fields: ['imsf_multiaddr', 'imsf_interface', 'imsf_fmode', 'imsf_numsrc', 'imsf_slist'],
  },
  ipv6_mreq: { ctype: 'struct ipv6_mreq', fields: ['ipv6mr_multiaddr', 'ipv6mr_interface'] },
  tcp_info: {
    ctype: 'struct tcp_info',
    fields: [
      'tcpi_state', 'tcpi_ca_state', 'tcpi_retransmits', 'tcpi_probes', 'tcpi_backoff',
      'tcpi_options', 'tcpi_rto', 'tcpi_ato', 'tcpi_snd_mss', 'tcpi_rcv_mss',
      'tcpi_unacked', 'tcpi_sacked', 'tcpi_lost', 'tcpi_retrans', 'tcpi_fackets',
      'tcpi_last_data_sent', 'tcpi_last_ack_sent', 'tcpi_last_data_recv',
      'tcpi_last_ack_recv', 'tcpi_pmtu', 'tcpi_rcv_ssthresh', 'tcpi_rtt', 'tcpi_rttvar',
      'tcpi_snd_ssthresh', 'tcpi_snd_cwnd', 'tcpi_advmss', 'tcpi_reordering',
      'tcpi_rcv_rtt', 'tcpi_rcv_space', 'tcpi_total_retrans',
    ],
  },
  ifreq: {
    ctype: 'struct ifreq',
    fields: [
      'ifr_name', 'ifr_addr', 'ifr_dstaddr', 'ifr_broadaddr', 'ifr_netmask',
      'ifr_hwaddr', 'ifr_flags', 'ifr_ifindex', 'ifr_mtu', 'ifr_qlen', 'ifr_newname',
      'ifr_map', 'ifr_data',
    ],
  },
  ifmap: {
    ctype: 'struct ifmap',
    fields: ['mem_start', 'mem_end', 'base_addr', 'irq', 'dma', 'port'],
  },
  ifconf: { ctype: 'struct ifconf', fields: ['ifc_len', 'ifc_buf'] },
  pollfd: { ctype: 'struct pollfd', fields: ['fd', 'events', 'revents'] },
  epoll_event: { ctype: 'struct epoll_event', fields: ['events', 'data'] },
  sctp_initmsg: {
    ctype: 'struct sctp_initmsg',
    fields: [
      'sinit_num_ostreams', 'sinit_max_instreams', 'sinit_max_attempts',
      'sinit_max_init_timeo',
    ],
  },
  sctp_event_subscribe: {
    ctype: 'struct sctp_event_subscribe',
    fields: [
      'sctp_data_io_event', 'sctp_association_event', 'sctp_address_event',
      'sctp_send_failure_event', 'sctp_peer_error_event', 'sctp_shutdown_event',
      'sctp_partial_delivery_event', 'sctp_adaptation_layer_event',
      'sctp_authentication_event', 'sctp_sender_dry_event', 'sctp_stream_reset_event',
      'sctp_assoc_reset_event', 'sctp_stream_change_event', 'sctp_send_failure_event_event',
    ],
  },
  sctp_assocparams: {
    ctype: 'struct sctp_assocparams',
    fields: [
      'sasoc_assoc_id', 'sasoc_asocmaxrxt', 'sasoc_number_peer_destinations',
      'sasoc_peer_rwnd', 'sasoc_local_rwnd', 'sasoc_cookie_life',
    ],
  },
  sctp_rtoinfo: {
    ctype: 'struct sctp_rtoinfo',
    fields: ['srto_assoc_id', 'srto_initial', 'srto_max', 'srto_min'],
  },
  sctp_sndrcvinfo: {
    ctype: 'struct sctp_sndrcvinfo',
    fields: [
      'sinfo_stream', 'sinfo_ssn', 'sinfo_flags', 'sinfo_ppid', 'sinfo_context',
      'sinfo_timetolive', 'sinfo_tsn', 'sinfo_cumtsn', 'sinfo_assoc_id',
    ],
  },
  sctp_sndinfo: {
    ctype: 'struct sctp_sndinfo',
    fields: ['snd_sid', 'snd_flags', 'snd_ppid', 'snd_context', 'snd_assoc_id'],
  },
  sctp_paddrparams: {
    ctype: 'struct sctp_paddrparams',
    fields: [
      'spp_assoc_id', 'spp_address', 'spp_hbinterval', 'spp_pathmaxrxt', 'spp_pathmtu',
      'spp_sackdelay', 'spp_flags', 'spp_ipv6_flowlabel', 'spp_dscp',
    ],
  },
  sctp_setadaptation: { ctype: 'struct sctp_setadaptation', fields: ['ssb_adaptation_ind'] },
  sctp_prim: { ctype: 'struct sctp_prim', fields: ['ssp_assoc_id', 'ssp_addr'] },
  sctp_setpeerprim: { ctype: 'struct sctp_setpeerprim', fields: ['sspp_assoc_id', 'sspp_addr'] },
  sctp_assoc_stats: {
    ctype: 'struct sctp_assoc_stats',
    fields: [
      'sas_assoc_id', 'sas_obs_rto_ipaddr', 'sas_maxrto', 'sas_isacks', 'sas_osacks',
      'sas_opackets', 'sas_ipackets', 'sas_rtxchunks', 'sas_outofseqtsns', 'sas_idupchunks',
      'sas_gapcnt', 'sas_ouodchunks', 'sas_iuodchunks', 'sas_oodchunks', 'sas_iodchunks',
      'sas_octrlchunks', 'sas_ictrlchunks',
    ],
  },
  sctp_paddrinfo: {
    ctype: 'struct sctp_paddrinfo',
    fields: [
      'spinfo_assoc_id', 'spinfo_address', 'spinfo_state', 'spinfo_cwnd', 'spinfo_srtt',
      'spinfo_rto', 'spinfo_mtu',
    ],
  },
  sctp_status: {
    ctype: 'struct sctp_status',
    fields: [
      'sstat_assoc_id', 'sstat_state', 'sstat_rwnd', 'sstat_unackdata',
      'sstat_penddata', 'sstat_instrms', 'sstat_outstrms', 'sstat_fragmentation_point',
      'sstat_primary',
    ],
  },
  sctp_assoc_value: { ctype: 'struct sctp_assoc_value', fields: ['assoc_id', 'assoc_value'] },
  sctp_notification: {
    ctype: 'union sctp_notification',
    fields: ['sn_header.sn_type', 'sn_header.sn_flags', 'sn_header.sn_length'],
  },
  sctp_assoc_change: {
    ctype: 'struct sctp_assoc_change',
    fields: [
      'sac_type', 'sac_flags', 'sac_length', 'sac_state', 'sac_error',
      'sac_outbound_streams', 'sac_inbound_streams', 'sac_assoc_id', 'sac_info[]',
    ],
  },
  sctp_paddr_change: {
    ctype: 'struct sctp_paddr_change',
    fields: [
      'spc_type', 'spc_flags', 'spc_length', 'spc_aaddr', 'spc_state', 'spc_error',
      'spc_assoc_id',
    ],
  },
  sctp_remote_error: {
    ctype: 'struct sctp_remote_error',
    fields: ['sre_type', 'sre_flags', 'sre_length', 'sre_error', 'sre_assoc_id', 'sre_data[]'],
  },
  sctp_send_failed: {
    ctype: 'struct sctp_send_failed',
    fields: [
      'ssf_type', 'ssf_flags', 'ssf_length', 'ssf_error', 'ssf_info', 'ssf_assoc_id',
      'ssf_data[]',
    ],
  },
  sctp_shutdown_event: {
    ctype: 'struct sctp_shutdown_event',
    fields: ['sse_type', 'sse_flags', 'sse_length', 'sse_assoc_id'],
  },
  sctp_adaptation_event: {
    ctype: 'struct sctp_adaptation_event',
    fields: ['sai_type', 'sai_flags', 'sai_length', 'sai_adaptation_ind', 'sai_assoc_id'],
  },
  sctp_pdapi_event: {
    ctype: 'struct sctp_pdapi_event',
    fields: [
      'pdapi_type', 'pdapi_flags', 'pdapi_length', 'pdapi_indication', 'pdapi_assoc_id',
      'pdapi_stream', 'pdapi_seq',
    ],
  },
  sctp_authkey_event: {
    ctype: 'struct sctp_authkey_event',
    fields: [
      'auth_type', 'auth_flags', 'auth_length', 'auth_keynumber', 'auth_altkeynumber',
      'auth_indication', 'auth_assoc_id',
    ],
  },
  sctp_sender_dry_event: {
    ctype: 'struct sctp_sender_dry_event',
    fields: [
      'sender_dry_type', 'sender_dry_flags', 'sender_dry_length', 'sender_dry_assoc_id',
    ],
  },
  sctp_send_failed_event: {
    ctype: 'struct sctp_send_failed_event',
    fields: [
      'ssf_type', 'ssf_flags', 'ssf_length', 'ssf_error', 'ssfe_info', 'ssf_assoc_id',
      'ssf_data[]',
    ],
  },
  sctp_stream_reset_event: {
    ctype: 'struct sctp_stream_reset_event',
    fields: [
      'strreset_type', 'strreset_flags', 'strreset_length', 'strreset_assoc_id',
      'strreset_stream_list[]',
    ],
  },
  sctp_assoc_reset_event: {
    ctype: 'struct sctp_assoc_reset_event',
    fields: [
      'assocreset_type', 'assocreset_flags', 'assocreset_length', 'assocreset_assoc_id',
      'assocreset_local_tsn', 'assocreset_remote_tsn',
    ],
  },
  sctp_stream_change_event: {
    ctype: 'struct sctp_stream_change_event',
    fields: [
      'strchange_type', 'strchange_flags', 'strchange_length', 'strchange_assoc_id',
      'strchange_instrms', 'strchange_outstrms',
    ],
  },
};
