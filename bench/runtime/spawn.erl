#!/usr/bin/env escript
%%! +P 2000000
%% Spawns 1,000,000 processes that each report ready and wait in receive: seconds until
%% all wait, and process memory per waiting process.
-mode(compile).

main(_) ->
    N = 1000000,
    Me = self(),
    erlang:garbage_collect(),
    Before = erlang:memory(processes),
    {Us, Pids} = timer:tc(fun() ->
        Pids = [spawn(fun() -> Me ! ready, receive _ -> ok end end) || _ <- lists:seq(1, N)],
        wait(N),
        Pids
    end),
    Bytes = (erlang:memory(processes) - Before) / N,
    io:format("{\"workload\":\"spawn 1M waiting\",\"rate\":~p,\"unit\":\"s\",\"notes\":{\"bytes/process\":~p}}~n",
              [Us / 1000000, round(Bytes)]),
    length(Pids).

wait(0) -> ok;
wait(N) -> receive ready -> wait(N - 1) end.
