#!/usr/bin/env escript
%% Scenario: messages from one sender arrive in the order sent, also interleaved with a
%% second sender; message_queue_len counts what is queued.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),
    Me = self(),
    S1 = spawn(fun() -> receive go -> [Me ! {s1, N} || N <- lists:seq(1, 50)], Me ! {done, s1} end end),
    S2 = spawn(fun() -> receive go -> [Me ! {s2, N} || N <- lists:seq(1, 50)], Me ! {done, s2} end end),
    S1 ! go, S2 ! go,
    receive {done, s1} -> ok end,
    receive {done, s2} -> ok end,
    step(queued, process_info(Me, message_queue_len)),
    step(from_s1, [receive {s1, N} -> N end || _ <- lists:seq(1, 50)]),
    step(from_s2, [receive {s2, N} -> N end || _ <- lists:seq(1, 50)]),
    step(drained, process_info(Me, message_queue_len)).
