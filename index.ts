/**
 * beamlet: Erlang processes and mailboxes for TypeScript.
 *
 * Processes are generator functions; a call that can suspend is used with `yield*`.
 *
 * ```ts
 * import { spawn, self, send, receive, run, _, type Pid } from 'beamlet';
 * const answer = await run(function* () {
 *   const echo = spawn(function* () {
 *     const [from, msg] = yield* receive([_, _]);
 *     send(from as Pid, msg);
 *   });
 *   send(echo, [self(), 'hello']);
 *   return yield* receive(); // 'hello'
 * });
 *
 * The socket layer's hooks (currentPid, onExit) live in runtime/process.ts; the
 * deterministic scheduler for tests is `beamlet/testkit`.
 * ```
 */
export { ErlangError, Pid, Ref, isList, list, type Term } from './runtime/term.ts';
export { compare, format, type FormatMode, type PrettyOptions } from './runtime/format.ts';
export {
  _,
  TIMEOUT,
  awaitPromise,
  cancelTimer,
  demonitor,
  erase,
  exit,
  get,
  isAlive,
  link,
  makeRef,
  monitor,
  processFlag,
  processInfo,
  put,
  readTimer,
  receive,
  register,
  registered,
  run,
  self,
  send,
  sendAfter,
  setDebug,
  sleep,
  spawn,
  spawnLink,
  spawnMonitor,
  startTimer,
  unlink,
  unregister,
  whereis,
  yieldProcess,
  type InfoItem,
  type Matched,
  type ProcessBody,
  type ProcessInfo,
  type Receive,
  type ReceiveOpts,
  type Status,
  type Timeout,
} from './runtime/process.ts';
/** OTP's behaviours, as Erlang modules: `gen_server.call(server, request)`, `supervisor.startLink(...)`. */
export * as gen_server from './runtime/gen_server.ts';
export * as gen_statem from './runtime/gen_statem.ts';
export * as supervisor from './runtime/supervisor.ts';
/**
 * Distribution: the runtime as an Erlang node among BEAM nodes (`startNode`), rpc over
 * `rex` as a namespace (`rpc.call(node, m, f, args)`), the N-nodes cluster, and the
 * external term format.
 */
export { getCookie, monitorNode, monitorNodes, node, nodes, ping, spawnOn, startNode, stopNode, type NodeOptions } from './distribution/node.ts';
export * as rpc from './distribution/rpc.ts';
export { clusterFromEnv, joinCluster, startCluster, type ClusterOptions } from './distribution/cluster.ts';
export { binaryToTerm, BitString, ImproperList, Port, RemotePid, RemoteRef, termToBinary } from './distribution/etf.ts';
