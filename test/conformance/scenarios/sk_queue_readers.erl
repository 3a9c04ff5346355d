#!/usr/bin/env escript
%% Scenario: operation queues across processes: readers waiting on one socket are
%% served in arrival order, one chunk each; acceptors likewise.
-mode(compile).
-compile([nowarn_unused_vars]).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {L, C, A} = tcp_pair(),
    Me = self(),
    Reader = fun(Tag) -> spawn(fun() -> Me ! {Tag, socket:recv(A, 3)} end) end,
    Reader(r1), wait_count(A, num_readers, 1),
    Reader(r2), wait_count(A, num_readers, 2),
    Reader(r3), wait_count(A, num_readers, 3),
    ok = socket:send(C, <<"aaabbbccc">>),
    step(r1, receive {r1, X1} -> X1 end),
    step(r2, receive {r2, X2} -> X2 end),
    step(r3, receive {r3, X3} -> X3 end),
    step(readers_in_info, maps:get(num_readers, socket:info(A))),
    {L2, Addr2} = listener(),
    Acceptor = fun(Tag) -> spawn(fun() -> {ok, S} = socket:accept(L2), Me ! {Tag, socket:recv(S, 2)} end) end,
    Acceptor(a1), wait_count(L2, num_acceptors, 1),
    Acceptor(a2),
    step(acceptors_waiting, wait_count(L2, num_acceptors, 2)),
    {ok, D1} = socket:open(inet, stream, tcp), ok = socket:connect(D1, Addr2), ok = socket:send(D1, <<"d1">>),
    step(a1, receive {a1, Y1} -> Y1 end),
    {ok, D2} = socket:open(inet, stream, tcp), ok = socket:connect(D2, Addr2), ok = socket:send(D2, <<"d2">>),
    step(a2, receive {a2, Y2} -> Y2 end).
