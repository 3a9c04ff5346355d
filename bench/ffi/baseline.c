/*
 * The C side of bench/ffi/run.ts: the same system calls the TypeScript side makes,
 * timed the same way, so the difference is the FFI's cost per call. One measurement per
 * run, so the runner can alternate C and TypeScript rounds under the same machine load.
 *
 *   baseline recv_empty N   non-blocking recv on a UDP socket with nothing queued (EAGAIN)
 *   baseline sendto N       one 16-byte datagram to a loopback socket (drained between
 *                           batches of 256, untimed)
 *   baseline readiness N    one UDP ping-pong round trip between two sockets, both waiting
 *                           in one epoll_wait, interest left armed
 *
 * Prints the ns per operation.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>

#define BATCH 256

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int udp(struct sockaddr_in *addr) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0 ||
      getsockname(fd, (struct sockaddr *)addr, &len) < 0) {
    perror("udp");
    exit(1);
  }
  return fd;
}

static double recv_empty(int a, long n) {
  char buf[64];
  double t0 = now_ns();
  for (long i = 0; i < n; i++) recv(a, buf, sizeof buf, 0);
  return (now_ns() - t0) / n;
}

static double send_to(int a, int b, struct sockaddr_in *ba, long n) {
  char buf[64] = {0};
  double spent = 0;
  long batches = (n + BATCH - 1) / BATCH;
  for (long k = 0; k < batches; k++) {
    double t0 = now_ns();
    for (int i = 0; i < BATCH; i++) sendto(a, buf, 16, 0, (struct sockaddr *)ba, sizeof *ba);
    spent += now_ns() - t0;
    while (recv(b, buf, sizeof buf, 0) > 0) {}
  }
  return spent / (double)(batches * BATCH);
}

static double readiness(int a, struct sockaddr_in *aa, int b, struct sockaddr_in *ba, long rounds) {
  char buf[64] = {0};
  int ep = epoll_create1(EPOLL_CLOEXEC);
  struct epoll_event ev = {.events = EPOLLIN};
  ev.data.fd = a;
  epoll_ctl(ep, EPOLL_CTL_ADD, a, &ev);
  ev.data.fd = b;
  epoll_ctl(ep, EPOLL_CTL_ADD, b, &ev);
  long left = rounds;
  double t0 = now_ns();
  sendto(a, buf, 4, 0, (struct sockaddr *)ba, sizeof *ba);
  while (left > 0) {
    struct epoll_event got[8];
    int m = epoll_wait(ep, got, 8, -1);
    for (int i = 0; i < m && left > 0; i++) {
      int fd = got[i].data.fd;
      while (recv(fd, buf, sizeof buf, 0) > 0) {
        if (fd == a) {
          if (--left == 0) break;
          sendto(a, buf, 4, 0, (struct sockaddr *)ba, sizeof *ba);
        } else {
          sendto(b, buf, 4, 0, (struct sockaddr *)aa, sizeof *aa);
        }
      }
    }
  }
  return (now_ns() - t0) / rounds;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: baseline recv_empty|sendto|readiness N\n");
    return 2;
  }
  long n = atol(argv[2]);
  struct sockaddr_in aa, ba;
  int a = udp(&aa), b = udp(&ba);
  double r;
  if (strcmp(argv[1], "recv_empty") == 0) r = recv_empty(a, n);
  else if (strcmp(argv[1], "sendto") == 0) r = send_to(a, b, &ba, n);
  else if (strcmp(argv[1], "readiness") == 0) r = readiness(a, &aa, b, &ba, n);
  else return 2;
  printf("%.1f\n", r);
  return 0;
}
