#!/usr/bin/env escript
%% 1,000 senders each send 1,000 messages to one receiver: messages per second.
-mode(compile).

main(_) ->
    Senders = 1000, Each = 1000,
    Us = lists:min([once(Senders, Each) || _ <- lists:seq(1, 5)]),
    io:format("{\"workload\":\"fan-in 1k x 1k\",\"rate\":~p,\"unit\":\"messages/s\"}~n", [Senders * Each * 1000000 / Us]).

once(Senders, Each) ->
    Me = self(),
    {Us, ok} = timer:tc(fun() ->
        [spawn(fun() -> send(Me, Each) end) || _ <- lists:seq(1, Senders)],
        recv(Senders * Each)
    end),
    Us.

send(_, 0) -> ok;
send(To, N) -> To ! N, send(To, N - 1).

recv(0) -> ok;
recv(N) -> receive _ -> recv(N - 1) end.
