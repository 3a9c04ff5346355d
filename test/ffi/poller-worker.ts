/**
 * A worker thread for test/ffi/poller.test.ts: tries to watch a socket and posts back
 * what happened, as the poller must refuse to run off the main thread.
 */
import { parentPort } from 'node:worker_threads';
import { C, poller, sys } from '../../ffi/index.ts';

const fd = sys.socket(C.AF_INET, C.SOCK_DGRAM | C.SOCK_NONBLOCK | C.SOCK_CLOEXEC, 0);
let answer = 'watched';
try {
  poller.watch(fd, poller.WRITE, () => undefined);
} catch (err) {
  answer = (err as Error).message;
}
// Closed before answering: the parent terminates the worker once it has the answer.
answer += poller.closeFd(fd) === 0 ? '' : ' (close failed)';
parentPort!.postMessage(answer);
