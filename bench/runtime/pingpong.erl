#!/usr/bin/env escript
%% Two processes pass a message back and forth: round trips per second.
-mode(compile).

main(_) ->
    N = 2000000,
    Us = lists:min([run(N) || _ <- lists:seq(1, 5)]),
    io:format("{\"workload\":\"ping-pong\",\"rate\":~p,\"unit\":\"round trips/s\"}~n", [N * 1000000 / Us]).

run(N) ->
    P = spawn(fun pong/0),
    {Us, ok} = timer:tc(fun() -> ping(P, N) end),
    P ! stop,
    Us.

ping(_, 0) -> ok;
ping(P, N) -> P ! self(), receive pong -> ping(P, N - 1) end.

pong() ->
    receive
        stop -> ok;
        From -> From ! pong, pong()
    end.
