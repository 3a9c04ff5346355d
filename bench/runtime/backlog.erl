#!/usr/bin/env escript
%% 10,000 request/reply round trips through a mailbox holding 100,000 unrelated messages,
%% with the compiler's make_ref receive optimization: round trips per second.
-mode(compile).

main(_) ->
    Backlog = 100000, N = 10000,
    Me = self(),
    [Me ! {noise, I} || I <- lists:seq(1, Backlog)],
    Srv = spawn(fun server/0),
    Us = lists:min([element(1, timer:tc(fun() -> loop(Srv, N) end)) || _ <- lists:seq(1, 10)]),
    Srv ! stop,
    io:format("{\"workload\":\"backlog 100k, 10k req/reply\",\"rate\":~p,\"unit\":\"round trips/s\"}~n", [N * 1000000 / Us]).

loop(_, 0) -> ok;
loop(Srv, N) ->
    Ref = make_ref(),
    Srv ! {self(), Ref},
    receive {Ref, _} -> loop(Srv, N - 1) end.

server() ->
    receive
        stop -> ok;
        {From, Ref} -> From ! {Ref, reply}, server()
    end.
