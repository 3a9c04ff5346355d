#!/usr/bin/env escript
%% Scenario: gen_server: init returning ok/ignore/stop/exit, a taken name, call and its
%% failures (timeout, noproc, the server's own exit reason, calling_self), cast, reply from
%% another process, {stop, ...} from handle_call, terminate on a trapped parent exit, stop/1,3.
-mode(compile).
-behaviour(gen_server).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2]).
-include("common.hrl").

main(_) ->
    logger:set_primary_config(level, none),
    register(driver, self()),
    process_flag(trap_exit, true),
    step(init_stop, gen_server:start(?MODULE, stop, [])),
    step(init_stop_link, gen_server:start_link(?MODULE, stop, [])),
    step(init_stop_exit, receive {'EXIT', _, R0} -> R0 after 1000 -> none end),
    step(init_ignore, gen_server:start(?MODULE, ignore, [])),
    step(init_exit, gen_server:start(?MODULE, crash, [])),
    {ok, P} = gen_server:start({local, x}, ?MODULE, s0, []),
    step(started, P),
    step(taken, gen_server:start({local, x}, ?MODULE, s1, [])),
    step(call, gen_server:call(x, {add, 1})),
    step(cast, gen_server:cast(x, 5)),
    step(after_cast, gen_server:call(x, get)),
    step(call_timeout, catch gen_server:call(x, sleep, 50)),
    step(noproc, catch gen_server:call(nope, get)),
    step(noproc3, catch gen_server:call(nope, get, 100)),
    step(deferred, gen_server:call(x, defer)),
    step(calling_self, catch gen_server:call(self(), get)),
    step(crash, catch gen_server:call(x, crash)),
    step(terminated, receive {terminate, T1} -> T1 after 1000 -> none end),
    step(dead, catch gen_server:call(P, get)),
    {ok, P2} = gen_server:start_link(?MODULE, trap, []),
    exit(P2, foo),
    step(trap_terminate, receive {terminate, T2} -> T2 after 1000 -> none end),
    step(trap_exit, receive {'EXIT', P2, R2} -> R2 after 1000 -> none end),
    {ok, P3} = gen_server:start(?MODULE, s3, []),
    step(stop1, gen_server:stop(P3)),
    step(stop1_terminate, receive {terminate, T3} -> T3 after 1000 -> none end),
    {ok, P4} = gen_server:start(?MODULE, s4, []),
    step(stop3, gen_server:stop(P4, bye, infinity)),
    step(stop3_terminate, receive {terminate, T4} -> T4 after 1000 -> none end),
    step(stop_dead, catch gen_server:stop(P4)),
    {ok, P5} = gen_server:start(?MODULE, s5, []),
    step(stop_reply, gen_server:call(P5, stop)),
    step(stop_reply_terminate, receive {terminate, T5} -> T5 after 1000 -> none end).

init(stop) -> {stop, bad_init};
init(ignore) -> ignore;
init(crash) -> exit(init_crash);
init(trap) -> process_flag(trap_exit, true), {ok, trap};
init(S) -> {ok, S}.

handle_call(sleep, _From, S) -> timer:sleep(200), {reply, ok, S};
handle_call(crash, _From, _S) -> exit(boom);
handle_call(stop, _From, S) -> {stop, normal, stopped, S};
handle_call(defer, From, S) -> spawn(fun() -> gen_server:reply(From, deferred) end), {noreply, S};
handle_call({add, N}, _From, S) -> {reply, {S, N}, S};
handle_call(get, _From, S) -> {reply, S, S}.

handle_cast(X, _S) -> {noreply, X}.

handle_info(_X, S) -> {noreply, S}.

terminate(R, S) -> driver ! {terminate, {R, S}}.
