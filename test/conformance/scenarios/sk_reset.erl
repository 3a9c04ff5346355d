#!/usr/bin/env escript
%% Scenario: a close with linger {true, 0} resets the connection: the peer's recv
%% returns econnreset.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {_L, C, A} = tcp_pair(),
    ok = socket:setopt(C, {socket, linger}, #{onoff => true, linger => 0}),
    ok = socket:close(C),
    receive after 20 -> ok end,
    step(recv, socket:recv(A, 0)),
    step(recv_again, socket:recv(A, 0)).
