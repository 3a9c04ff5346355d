#!/usr/bin/env escript
%% Scenario: shutdown/2 write, read and read_write: the peer sees end of stream,
%% sending after shutdown(write) fails with epipe, and a bad how is badarg.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {_L, C, A} = tcp_pair(),
    step(shutdown_write, socket:shutdown(C, write)),
    step(peer_eof, socket:recv(A, 0)),
    step(send_after, socket:send(C, <<"x">>)),
    ok = socket:send(A, <<"still open">>),
    step(other_way, socket:recv(C, 0)),
    {_L2, C2, A2} = tcp_pair(),
    step(shutdown_read, socket:shutdown(C2, read)),
    step(shutdown_rw, socket:shutdown(A2, read_write)),
    step(bad_how, attempt(fun() -> socket:shutdown(C2, sideways) end)),
    {ok, U} = socket:open(inet, stream, tcp),
    step(unconnected, socket:shutdown(U, write)).
