#!/usr/bin/env escript
%% A supervisor restarting 10,000 crashing children: a simple_one_for_one supervisor with
%% 10,000 permanent children, each told to crash once; timed from the first crash until
%% every replacement has started. Reports are off on both sides (logger level none).
-mode(compile).
-behaviour(supervisor).
-export([init/1, start_worker/1]).

-define(N, 10000).

main(_) ->
    logger:set_primary_config(level, none),
    process_flag(trap_exit, true),
    Us = lists:min([run() || _ <- lists:seq(1, 3)]),
    io:format("{\"workload\":\"supervisor restarts (10k children)\",\"rate\":~p,\"unit\":\"restarts/s\"}~n", [?N * 1000000 / Us]).

run() ->
    {ok, S} = supervisor:start_link(?MODULE, self()),
    [{ok, _} = supervisor:start_child(S, []) || _ <- lists:seq(1, ?N)],
    Pids = [receive {up, P} -> P end || _ <- lists:seq(1, ?N)],
    T0 = erlang:monotonic_time(microsecond),
    [P ! crash || P <- Pids],
    [receive {up, _} -> ok end || _ <- lists:seq(1, ?N)],
    Us = erlang:monotonic_time(microsecond) - T0,
    ?N = proplists:get_value(active, supervisor:count_children(S)),
    unlink(S), exit(S, shutdown),
    Us.

init(Driver) ->
    {ok, {#{strategy => simple_one_for_one, intensity => 10 * ?N, period => 1},
          [#{id => w, start => {?MODULE, start_worker, [Driver]}}]}}.

start_worker(Driver) ->
    {ok, spawn_link(fun() -> Driver ! {up, self()}, receive crash -> exit(crash) end end)}.
