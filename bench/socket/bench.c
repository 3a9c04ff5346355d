/*
 * The C baseline of bench/socket/run.ts: every workload with blocking system calls, and
 * epoll for the 1,000-connection one. The wire protocol is the one all five sides share,
 * described at the top of bench/socket/run.ts.
 *
 *   bench server WORKLOAD            prints "PORT <n>", then serves until killed
 *   bench client WORKLOAD PORT SECONDS BYTES
 *                                    two warm-ups and three measured repetitions, then
 *                                    prints one JSON line: {"warm":r,"reps":[r,r,r],"cpu":[c,c,c]}
 *                                    (cpu: CPU seconds of this process and of the server
 *                                    processes in BENCH_SERVER_PIDS, per unit of the rate)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MSG 64
#define CHUNK 65536
#define CONNECTS 10000
#define CONC 1000
#define CONC_RTS 100
#define WIN 256
#define ACK_EVERY 64
#define BATCH 64
#define RCVBUF (4 << 20)
#define REPS 5 /* two warm-ups (the JIT sides need more than one), three measured */

static void die(const char *what) {
  perror(what);
  exit(1);
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* CPU seconds (user + system, all threads) of one process, from /proc/PID/stat. */
static double cpu_of(const char *pid) {
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/%s/stat", pid);
  FILE *f = fopen(path, "r");
  if (f == NULL) return 0;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  char *p = strrchr(buf, ')');
  unsigned long long utime = 0, stime = 0;
  /* After the command name: state and ten more fields, then utime and stime. */
  if (p == NULL || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2) return 0;
  return (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
}

/* CPU seconds of this client and of the server, which the runner names in BENCH_SERVER_PIDS. */
static double cpu_now(void) {
  double t = cpu_of("self");
  const char *env = getenv("BENCH_SERVER_PIDS");
  char pids[256];
  snprintf(pids, sizeof pids, "%s", env == NULL ? "" : env);
  for (char *save = NULL, *pid = strtok_r(pids, ",", &save); pid != NULL; pid = strtok_r(NULL, ",", &save)) t += cpu_of(pid);
  return t;
}

static struct sockaddr_in loopback(int port) {
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons((uint16_t)port);
  return a;
}

static void nodelay(int fd) {
  int one = 1;
  if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0) die("nodelay");
}

/* Binds to an ephemeral loopback port and prints it, so the runner can start the client. */
static int bound(int type, int *port) {
  int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
  struct sockaddr_in a = loopback(0);
  socklen_t len = sizeof a;
  if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0) die("bind");
  if (getsockname(fd, (struct sockaddr *)&a, &len) < 0) die("getsockname");
  *port = ntohs(a.sin_port);
  return fd;
}

static int connected(int type, int port) {
  int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
  struct sockaddr_in a = loopback(port);
  if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) < 0) die("connect");
  return fd;
}

static void read_full(int fd, char *buf, size_t n) {
  while (n > 0) {
    ssize_t r = read(fd, buf, n);
    if (r <= 0) die("read");
    buf += r;
    n -= (size_t)r;
  }
}

static void write_full(int fd, const char *buf, size_t n) {
  while (n > 0) {
    ssize_t r = write(fd, buf, n);
    if (r < 0) die("write");
    buf += r;
    n -= (size_t)r;
  }
}

/* ---- servers ---- */

/* Echoes every connection until EOF, all connections in one epoll loop. */
static void serve_echo(int lfd) {
  int ep = epoll_create1(EPOLL_CLOEXEC);
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = lfd};
  if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev) < 0) die("epoll");
  struct epoll_event evs[256];
  char buf[CHUNK];
  for (;;) {
    int n = epoll_wait(ep, evs, 256, -1);
    if (n < 0 && errno != EINTR) die("epoll_wait");
    for (int i = 0; i < n; i++) {
      int fd = evs[i].data.fd;
      if (fd == lfd) {
        int c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
        if (c < 0) die("accept");
        nodelay(c);
        struct epoll_event cev = {.events = EPOLLIN, .data.fd = c};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev) < 0) die("epoll_ctl");
        continue;
      }
      ssize_t r = read(fd, buf, sizeof buf);
      if (r <= 0) {
        close(fd);
        continue;
      }
      write_full(fd, buf, (size_t)r);
    }
  }
}

/* Reads each connection to EOF and answers with the byte count (8 bytes, little-endian). */
static void serve_sink(int lfd) {
  char *buf = malloc(CHUNK);
  for (;;) {
    int c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
    if (c < 0) die("accept");
    uint64_t total = 0;
    ssize_t r;
    while ((r = read(c, buf, CHUNK)) > 0) total += (uint64_t)r;
    write_full(c, (char *)&total, 8);
    close(c);
  }
}

static void serve_close(int lfd) {
  for (;;) {
    int c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
    if (c < 0) die("accept");
    close(c);
  }
}

static void ack(int fd, uint32_t count, struct sockaddr_in *to) {
  if (sendto(fd, &count, 4, 0, (struct sockaddr *)to, sizeof *to) < 0) die("sendto ack");
}

/* Counts datagrams; acknowledges the running count each time it passes a multiple of ACK_EVERY. */
static void serve_udp_sink(int fd) {
  char buf[MSG];
  uint32_t count = 0;
  struct sockaddr_in from;
  for (;;) {
    socklen_t len = sizeof from;
    if (recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &len) < 0) die("recvfrom");
    if (++count % ACK_EVERY == 0) ack(fd, count, &from);
  }
}

static void serve_udp_sink_mmsg(int fd) {
  static char bufs[BATCH][MSG];
  struct mmsghdr msgs[BATCH];
  struct iovec iovs[BATCH];
  struct sockaddr_in froms[BATCH];
  uint32_t count = 0;
  for (;;) {
    for (int i = 0; i < BATCH; i++) {
      iovs[i] = (struct iovec){bufs[i], MSG};
      msgs[i].msg_hdr = (struct msghdr){.msg_name = &froms[i], .msg_namelen = sizeof froms[i],
                                        .msg_iov = &iovs[i], .msg_iovlen = 1};
    }
    int n = recvmmsg(fd, msgs, BATCH, MSG_WAITFORONE, NULL);
    if (n < 0) die("recvmmsg");
    uint32_t before = count;
    count += (uint32_t)n;
    if (count / ACK_EVERY != before / ACK_EVERY) ack(fd, count, &froms[n - 1]);
  }
}

static void serve_udp_echo(int fd) {
  char buf[MSG];
  struct sockaddr_in from;
  for (;;) {
    socklen_t len = sizeof from;
    ssize_t r = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
    if (r < 0) die("recvfrom");
    if (sendto(fd, buf, (size_t)r, 0, (struct sockaddr *)&from, len) < 0) die("sendto");
  }
}

static int server(const char *w) {
  int port;
  if (strncmp(w, "udp", 3) == 0) {
    int fd = bound(SOCK_DGRAM, &port);
    int size = RCVBUF;
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size) < 0) die("rcvbuf");
    printf("PORT %d\n", port);
    fflush(stdout);
    if (strcmp(w, "udp_stream") == 0) serve_udp_sink(fd);
    if (strcmp(w, "udp_mmsg") == 0) serve_udp_sink_mmsg(fd);
    if (strcmp(w, "udp_rr") == 0) serve_udp_echo(fd);
    return 2;
  }
  int lfd = bound(SOCK_STREAM, &port);
  if (listen(lfd, 4096) < 0) die("listen");
  printf("PORT %d\n", port);
  fflush(stdout);
  if (strcmp(w, "tcp_pingpong") == 0 || strcmp(w, "tcp_concurrent") == 0) serve_echo(lfd);
  if (strcmp(w, "tcp_stream") == 0) serve_sink(lfd);
  if (strcmp(w, "tcp_connect") == 0) serve_close(lfd);
  return 2;
}

/* ---- clients: each returns the rate of one repetition ---- */

static int port;
static double seconds;
static long long bytes;
static int pp_fd = -1;

static double tcp_pingpong(void) {
  if (pp_fd < 0) {
    pp_fd = connected(SOCK_STREAM, port);
    nodelay(pp_fd);
  }
  char buf[MSG] = {0};
  long n = 0;
  double t0 = now(), t;
  do {
    for (int i = 0; i < 256; i++, n++) {
      write_full(pp_fd, buf, MSG);
      read_full(pp_fd, buf, MSG);
    }
    t = now() - t0;
  } while (t < seconds);
  return (double)n / t;
}

static double tcp_stream(void) {
  static char buf[CHUNK];
  int fd = connected(SOCK_STREAM, port);
  long long sent = 0;
  double t0 = now();
  while (sent < bytes && now() - t0 < 3 * seconds) {
    for (int i = 0; i < 64 && sent < bytes; i++, sent += CHUNK) write_full(fd, buf, CHUNK);
  }
  shutdown(fd, SHUT_WR);
  uint64_t total;
  read_full(fd, (char *)&total, 8);
  double t = now() - t0;
  close(fd);
  if ((long long)total != sent) {
    fprintf(stderr, "stream: sent %lld, server counted %llu\n", sent, (unsigned long long)total);
    exit(1);
  }
  return (double)total / t / 1e9;
}

static double tcp_connect(void) {
  char b;
  long n = 0;
  double t0 = now();
  while (n < CONNECTS && now() - t0 < 3 * seconds) {
    int fd = connected(SOCK_STREAM, port);
    if (read(fd, &b, 1) != 0) die("connect: expected EOF");
    close(fd);
    n++;
  }
  return (double)n / (now() - t0);
}

static double tcp_concurrent(void) {
  static int fds[CONC], rts[CONC], got[CONC];
  int ep = epoll_create1(EPOLL_CLOEXEC);
  for (int i = 0; i < CONC; i++) {
    fds[i] = connected(SOCK_STREAM, port);
    nodelay(fds[i]);
    fcntl(fds[i], F_SETFL, O_NONBLOCK);
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev) < 0) die("epoll_ctl");
    rts[i] = got[i] = 0;
  }
  char buf[MSG] = {0};
  double t0 = now();
  for (int i = 0; i < CONC; i++) write_full(fds[i], buf, MSG);
  int done = 0;
  long total = 0;
  struct epoll_event evs[256];
  while (done < CONC && now() - t0 < 3 * seconds) {
    int n = epoll_wait(ep, evs, 256, -1);
    if (n < 0 && errno != EINTR) die("epoll_wait");
    for (int k = 0; k < n; k++) {
      int i = (int)evs[k].data.u32;
      ssize_t r = read(fds[i], buf, (size_t)(MSG - got[i]));
      if (r < 0 && errno == EAGAIN) continue;
      if (r <= 0) die("concurrent read");
      got[i] += (int)r;
      if (got[i] < MSG) continue;
      got[i] = 0;
      total++;
      if (++rts[i] == CONC_RTS) {
        done++;
        continue;
      }
      write_full(fds[i], buf, MSG);
    }
  }
  double t = now() - t0;
  for (int i = 0; i < CONC; i++) close(fds[i]);
  close(ep);
  return (double)total / t;
}

static int udp_fd = -1;
static uint32_t udp_sent, udp_acked;

static void udp_open(void) {
  if (udp_fd >= 0) return;
  udp_fd = connected(SOCK_DGRAM, port);
  struct timeval tv = {.tv_sec = 1};
  if (setsockopt(udp_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0) die("rcvtimeo");
}

/* Waits for acks until at most `inflight` datagrams are unacknowledged. */
static void udp_wait(uint32_t inflight) {
  while (udp_sent - udp_acked > inflight) {
    uint32_t a;
    if (recv(udp_fd, &a, 4, 0) != 4) {
      fprintf(stderr, "udp: no ack for 1 s, %u datagrams unacknowledged\n", udp_sent - udp_acked);
      exit(1);
    }
    if ((int32_t)(a - udp_acked) > 0) udp_acked = a;
  }
}

static double udp_stream(void) {
  udp_open();
  char buf[MSG] = {0};
  uint32_t start = udp_sent;
  double t0 = now();
  do {
    for (int i = 0; i < ACK_EVERY; i++) {
      udp_wait(WIN - 1);
      if (send(udp_fd, buf, MSG, 0) < 0) die("send");
      udp_sent++;
    }
  } while (now() - t0 < seconds);
  udp_wait(0);
  return (double)(udp_sent - start) / (now() - t0);
}

static double udp_mmsg(void) {
  udp_open();
  static char buf[MSG];
  struct mmsghdr msgs[BATCH];
  struct iovec iov = {buf, MSG};
  for (int i = 0; i < BATCH; i++) msgs[i].msg_hdr = (struct msghdr){.msg_iov = &iov, .msg_iovlen = 1};
  uint32_t start = udp_sent;
  double t0 = now();
  do {
    udp_wait(WIN - BATCH);
    for (int off = 0; off < BATCH;) {
      int n = sendmmsg(udp_fd, msgs + off, (unsigned)(BATCH - off), 0);
      if (n < 0) die("sendmmsg");
      off += n;
    }
    udp_sent += BATCH;
  } while (now() - t0 < seconds);
  udp_wait(0);
  return (double)(udp_sent - start) / (now() - t0);
}

static double udp_rr(void) {
  udp_open();
  char buf[MSG] = {0};
  long n = 0;
  double t0 = now(), t;
  do {
    for (int i = 0; i < 256; i++, n++) {
      if (send(udp_fd, buf, MSG, 0) < 0) die("send");
      if (recv(udp_fd, buf, MSG, 0) != MSG) {
        fprintf(stderr, "udp_rr: no answer for 1 s\n");
        exit(1);
      }
    }
    t = now() - t0;
  } while (t < seconds);
  return (double)n / t;
}

static int client(const char *w) {
  static const struct { const char *name; double (*run)(void); } table[] = {
      {"tcp_pingpong", tcp_pingpong}, {"tcp_stream", tcp_stream}, {"tcp_connect", tcp_connect},
      {"tcp_concurrent", tcp_concurrent}, {"udp_stream", udp_stream}, {"udp_mmsg", udp_mmsg},
      {"udp_rr", udp_rr}};
  for (size_t k = 0; k < sizeof table / sizeof table[0]; k++) {
    if (strcmp(w, table[k].name) != 0) continue;
    double r[REPS], c[REPS];
    for (int i = 0; i < REPS; i++) {
      double w0 = now(), c0 = cpu_now();
      r[i] = table[k].run();
      c[i] = (cpu_now() - c0) / (r[i] * (now() - w0));
    }
    printf("{\"warm\":%g,\"reps\":[%g,%g,%g],\"cpu\":[%g,%g,%g]}\n", r[1], r[2], r[3], r[4], c[2], c[3], c[4]);
    return 0;
  }
  fprintf(stderr, "unknown workload %s\n", w);
  return 2;
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "server") == 0) return server(argv[2]);
  if (argc == 6 && strcmp(argv[1], "client") == 0) {
    port = atoi(argv[3]);
    seconds = atof(argv[4]);
    bytes = atoll(argv[5]);
    return client(argv[2]);
  }
  fprintf(stderr, "usage: bench server WORKLOAD | bench client WORKLOAD PORT SECONDS BYTES\n");
  return 2;
}
