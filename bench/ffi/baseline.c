/*
 * The C side of bench/ffi/run.ts: the same system calls the TypeScript side makes,
 * timed the same way, so the difference is the FFI's cost per call.
 *
 * Prints one line per measurement: "<name> <ns per operation>", best of REPEAT runs.
 *   recv_empty  non-blocking recv on a UDP socket with nothing queued (EAGAIN)
 *   sendto      one 16-byte datagram to a loopback socket (drained between batches, untimed)
 *   readiness   one UDP ping-pong round trip between two sockets, both waiting in epoll_wait
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>

#define REPEAT 5
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

static double best(double a, double b) { return a < b ? a : b; }

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000000;
  long sends = argc > 2 ? atol(argv[2]) : 200192;
  long rounds = argc > 3 ? atol(argv[3]) : 50000;
  struct sockaddr_in aa, ba;
  int a = udp(&aa), b = udp(&ba);
  char buf[64] = {0};

  double r = 1e18;
  for (int k = 0; k < REPEAT; k++) {
    double t0 = now_ns();
    for (long i = 0; i < n; i++) recv(a, buf, sizeof buf, 0);
    r = best(r, (now_ns() - t0) / n);
  }
  printf("recv_empty %.1f\n", r);

  r = 1e18;
  for (int k = 0; k < REPEAT; k++) {
    double spent = 0;
    for (long done = 0; done < sends; done += BATCH) {
      double t0 = now_ns();
      for (int i = 0; i < BATCH; i++) sendto(a, buf, 16, 0, (struct sockaddr *)&ba, sizeof ba);
      spent += now_ns() - t0;
      while (recv(b, buf, sizeof buf, 0) > 0) {}
    }
    r = best(r, spent / (double)((sends + BATCH - 1) / BATCH * BATCH));
  }
  printf("sendto %.1f\n", r);

  int ep = epoll_create1(EPOLL_CLOEXEC);
  struct epoll_event ev = {.events = EPOLLIN};
  ev.data.fd = a;
  epoll_ctl(ep, EPOLL_CTL_ADD, a, &ev);
  ev.data.fd = b;
  epoll_ctl(ep, EPOLL_CTL_ADD, b, &ev);
  r = 1e18;
  for (int k = 0; k < REPEAT; k++) {
    long left = rounds;
    double t0 = now_ns();
    sendto(a, buf, 4, 0, (struct sockaddr *)&ba, sizeof ba);
    while (left > 0) {
      struct epoll_event got[8];
      int m = epoll_wait(ep, got, 8, -1);
      for (int i = 0; i < m; i++) {
        int fd = got[i].data.fd;
        while (recv(fd, buf, sizeof buf, 0) > 0) {
          if (fd == a) {
            if (--left == 0) break;
            sendto(a, buf, 4, 0, (struct sockaddr *)&ba, sizeof ba);
          } else {
            sendto(b, buf, 4, 0, (struct sockaddr *)&aa, sizeof aa);
          }
        }
      }
    }
    r = best(r, (now_ns() - t0) / rounds);
  }
  printf("readiness %.1f\n", r);
  return 0;
}
