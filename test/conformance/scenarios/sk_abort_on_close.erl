#!/usr/bin/env escript
%% Scenario: close/1 by another process aborts every pending operation: a nowait recv
%% gets {'$socket', S, abort, {Handle, closed}}, a blocking recv and a blocking accept
%% return {error, closed}.
-mode(compile).
-compile([nowarn_unused_vars]).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {L, C, A} = tcp_pair(),
    {select, {select_info, recv, H}} = socket:recv(A, 0, nowait),
    Me = self(),
    spawn(fun() -> Me ! {closed_by_other, socket:close(A)} end),
    step(closer, receive {closed_by_other, R} -> R end),
    step(abort_msg, receive {'$socket', A, abort, {H, Why}} = M -> M end),
    {L2, Addr2} = listener(),
    spawn(fun() -> Me ! {accept_result, socket:accept(L2)} end),
    wait_count(L2, num_acceptors, 1),
    ok = socket:close(L2),
    step(blocked_accept, receive {accept_result, AR} -> AR end),
    {_L3, C3, A3} = tcp_pair(),
    spawn(fun() -> Me ! {recv_result, socket:recv(A3, 0)} end),
    wait_count(A3, num_readers, 1),
    spawn(fun() -> socket:close(A3) end),
    step(blocked_recv, receive {recv_result, RR} -> RR end),
    {select, {select_info, accept, H4}} = socket:accept(L, nowait),
    ok = socket:close(L),
    step(accept_abort, receive {'$socket', L, abort, {H4, W4}} -> W4 end),
    step(empty, flush()).
