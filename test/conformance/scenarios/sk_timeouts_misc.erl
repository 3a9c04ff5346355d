#!/usr/bin/env escript
%% Scenario: time-outs on accept and connect, and a recv time-out after which a
%% later recv still gets the data that came meanwhile.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {L, Addr} = listener(),
    step(accept_timeout, socket:accept(L, 30)),
    {ok, C} = socket:open(inet, stream, tcp),
    step(connect_timeout, socket:connect(C, Addr, 1000)),
    {ok, A} = socket:accept(L, 1000),
    step(recv_timeout, socket:recv(A, 0, 20)),
    ok = socket:send(C, <<"late">>),
    step(recv_later, socket:recv(A, 0, 1000)),
    step(recvfrom_stream, socket:recvfrom(A, 0, 20)),
    step(bad_timeout_atom, attempt(fun() -> socket:accept(L, soon) end)).
