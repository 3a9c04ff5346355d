#!/usr/bin/env escript
%% Scenario: the peer closes: buffered data is still read, then {error, closed};
%% a recv waiting when the peer closes returns closed.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {_L, C, A} = tcp_pair(),
    ok = socket:send(C, <<"last words">>),
    ok = socket:close(C),
    step(buffered, socket:recv(A, 0)),
    step(closed, socket:recv(A, 0)),
    step(closed_again, socket:recv(A, 0)),
    {_L2, C2, A2} = tcp_pair(),
    Me = self(),
    spawn(fun() -> Me ! {got, socket:recv(A2, 0)} end),
    wait_count(A2, num_readers, 1),
    ok = socket:close(C2),
    step(waiting_reader, receive {got, G} -> G end),
    {_L3, C3, A3} = tcp_pair(),
    ok = socket:send(C3, <<"abc">>),
    ok = socket:close(C3),
    step(partial_then_closed, socket:recv(A3, 10)).
