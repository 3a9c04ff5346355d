#!/usr/bin/env escript
%% Scenario: the make_ref-then-receive idiom: a reply tagged with a fresh ref is taken
%% past a backlog of older messages, which stay in order.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),
    Me = self(),
    [Me ! {old, N} || N <- lists:seq(1, 100)],
    Server = spawn(fun() -> receive {From, Ref, Q} -> From ! {Ref, {answer, Q}} end end),
    Ref = make_ref(),
    Server ! {Me, Ref, question},
    step(reply, receive {Ref, A} -> A end),
    step(backlog_len, process_info(Me, message_queue_len)),
    step(first_old, receive {old, N1} -> N1 end),
    step(rest_old, [receive {old, N} -> N end || _ <- lists:seq(1, 99)]).
