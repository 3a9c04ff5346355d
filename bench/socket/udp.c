/*
 * The C side of bench/socket/udp.ts: UDP on 127.0.0.1 with blocking sockets.
 *
 *   udp MODE ROLE MYPORT PEERPORT N
 *   MODE: flow (sendto/recvfrom), batch (sendmmsg/recvmmsg, 64 a batch), rr (request/response)
 *   ROLE: send | recv (flow, batch); client | server (rr)
 *
 * flow and batch: the sender keeps at most WINDOW datagrams unacknowledged; the receiver
 * acknowledges every 64 with the count so far, so nothing is dropped. The receiver (rr:
 * the client) prints "<count> <seconds>".
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SIZE 64
#define BATCH 64
#define WINDOW 256

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static int sock(int port) {
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  int big = 1 << 20;
  setsockopt(s, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  if (bind(s, (struct sockaddr *)&a, sizeof a) < 0) { perror("bind"); exit(1); }
  return s;
}

int main(int argc, char **argv) {
  if (argc != 6) { fprintf(stderr, "usage: udp MODE ROLE MYPORT PEERPORT N\n"); return 2; }
  const char *mode = argv[1], *role = argv[2];
  int s = sock(atoi(argv[3]));
  long n = atol(argv[5]);
  struct sockaddr_in peer = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[4])), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  char buf[BATCH][SIZE + 64];
  memset(buf, 7, sizeof buf);
  struct iovec iov[BATCH];
  struct mmsghdr mm[BATCH];
  for (int i = 0; i < BATCH; i++) {
    iov[i].iov_base = buf[i];
    iov[i].iov_len = SIZE;
    memset(&mm[i], 0, sizeof mm[i]);
    mm[i].msg_hdr.msg_iov = &iov[i];
    mm[i].msg_hdr.msg_iovlen = 1;
    mm[i].msg_hdr.msg_name = &peer;
    mm[i].msg_hdr.msg_namelen = sizeof peer;
  }
  int batch = strcmp(mode, "batch") == 0;
  if (strcmp(mode, "rr") == 0) {
    if (strcmp(role, "server") == 0) {
      for (;;) {
        struct sockaddr_in from;
        socklen_t fl = sizeof from;
        ssize_t r = recvfrom(s, buf[0], SIZE, 0, (struct sockaddr *)&from, &fl);
        if (r == 1) return 0;
        sendto(s, buf[0], r, 0, (struct sockaddr *)&from, fl);
      }
    }
    double t0 = now();
    for (long i = 0; i < n; i++) {
      sendto(s, buf[0], SIZE, 0, (struct sockaddr *)&peer, sizeof peer);
      recv(s, buf[1], SIZE, 0);
    }
    double t = now() - t0;
    sendto(s, buf[0], 1, 0, (struct sockaddr *)&peer, sizeof peer);
    printf("%ld %f\n", n, t);
    return 0;
  }
  if (strcmp(role, "send") == 0) {
    long sent = 0, acked = 0;
    while (acked < n) {
      while (sent < n && sent - acked < WINDOW) {
        if (batch) {
          long k = n - sent < BATCH ? n - sent : BATCH;
          int r = sendmmsg(s, mm, k, 0);
          sent += r > 0 ? r : 0;
        } else if (sendto(s, buf[0], SIZE, 0, (struct sockaddr *)&peer, sizeof peer) == SIZE) sent++;
      }
      long got;
      if (recv(s, &got, sizeof got, 0) == sizeof got && got > acked) acked = got;
    }
    return 0;
  }
  long count = 0;
  double t0 = 0;
  while (count < n) {
    long before = count;
    if (batch) {
      for (int i = 0; i < BATCH; i++) mm[i].msg_hdr.msg_namelen = sizeof peer, mm[i].msg_hdr.msg_name = NULL;
      int r = recvmmsg(s, mm, BATCH, MSG_WAITFORONE, NULL);
      if (r > 0) count += r;
    } else if (recvfrom(s, buf[0], SIZE, 0, NULL, NULL) >= 0) count++;
    if (before == 0) t0 = now();
    if (count / BATCH != before / BATCH || count == n) sendto(s, &count, sizeof count, 0, (struct sockaddr *)&peer, sizeof peer);
  }
  printf("%ld %f\n", count - 1, now() - t0);
  return 0;
}
