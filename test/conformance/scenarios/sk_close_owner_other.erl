#!/usr/bin/env escript
%% Scenario: close/1 from a process that is not the owner still closes the socket;
%% the owner's blocked recv returns closed and the owner gets no abort for it.
-mode(compile).
-compile([nowarn_unused_vars]).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {_L, C, A} = tcp_pair(),
    Me = self(),
    spawn(fun() -> Me ! {reader, socket:recv(A, 0)} end),
    wait_count(A, num_readers, 1),
    step(close_by_stranger, socket:close(A)),
    step(reader, receive {reader, R} -> R end),
    step(owner_info, maps:get(rstates, socket:info(A))),
    step(empty, flush()).
