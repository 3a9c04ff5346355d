#!/usr/bin/env escript
%% Scenario: recv with flags: peek leaves data queued; recv/3 with flags and
%% recv/4 with flags and a time-out; send with flags.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {_L, C, A} = tcp_pair(),
    ok = socket:send(C, <<"peekaboo">>),
    receive after 20 -> ok end,
    step(peek, socket:recv(A, 4, [peek])),
    step(peek_again, socket:recv(A, 4, [peek], 1000)),
    step(read, socket:recv(A, 8, [], 1000)),
    step(send_flags, socket:send(C, <<"f">>, [nosignal])),
    step(send_flags_timeout, socket:send(C, <<"g">>, [], 1000)),
    step(both, socket:recv(A, 2)).
