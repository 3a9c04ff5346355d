#!/usr/bin/env escript
%% gen_server:call round trips per second: a client calls a server that answers at once.
-mode(compile).
-behaviour(gen_server).
-export([init/1, handle_call/3, handle_cast/2]).

main(_) ->
    N = 1000000,
    Us = lists:min([run(N) || _ <- lists:seq(1, 3)]),
    io:format("{\"workload\":\"gen_server call\",\"rate\":~p,\"unit\":\"calls/s\"}~n", [N * 1000000 / Us]).

run(N) ->
    {ok, S} = gen_server:start(?MODULE, [], []),
    {Us, ok} = timer:tc(fun() -> loop(S, N) end),
    gen_server:stop(S),
    Us.

loop(_, 0) -> ok;
loop(S, N) -> N = gen_server:call(S, N), loop(S, N - 1).

init([]) -> {ok, 0}.
handle_call(Req, _From, S) -> {reply, Req, S}.
handle_cast(_, S) -> {noreply, S}.
