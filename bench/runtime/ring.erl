#!/usr/bin/env escript
%% A token passed 100 times around a ring of 10,000 processes: messages per second.
-mode(compile).

main(_) ->
    Size = 10000, Laps = 100,
    Us = lists:min([once(Size, Laps) || _ <- lists:seq(1, 5)]),
    io:format("{\"workload\":\"ring 10k x 100\",\"rate\":~p,\"unit\":\"messages/s\"}~n", [Size * Laps * 1000000 / Us]).

once(Size, Laps) ->
    Me = self(),
    Next = lists:foldl(fun(_, N) -> spawn(fun() -> ring_node(N) end) end, Me, lists:seq(2, Size)),
    {Us, ok} = timer:tc(fun() -> Next ! Size * Laps - 1, head(Next) end),
    Us.

head(Next) ->
    receive
        N when N =< 0 -> ok;
        N -> Next ! N - 1, head(Next)
    end.

ring_node(Next) ->
    receive
        N when N =< 0 -> Next ! N - 1;
        N -> Next ! N - 1, ring_node(Next)
    end.
