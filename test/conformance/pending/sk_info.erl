#!/usr/bin/env escript
%% pending: deliberate difference (ARCHITECTURE.md): after an accept OTP 25 marks the listener's wstates [connected] and leaves the accepted socket's empty (its NIF sets the state on the wrong descriptor); beamlet shows the listener without it
%% Scenario: socket:info/1 of a fresh socket, a listener, and a connected socket after
%% traffic (counters), and of a closed socket.
-mode(compile).
-include("../scenarios/common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {ok, S} = socket:open(inet, stream, tcp),
    step(fresh, socket:info(S)),
    {L, C, A} = tcp_pair(),
    step(listener, socket:info(L)),
    ok = socket:send(C, <<"12345">>),
    {ok, _} = socket:recv(A, 5),
    ok = socket:send(C, <<"678">>),
    {ok, _} = socket:recv(A, 3),
    step(sender, maps:get(counters, socket:info(C))),
    step(receiver, maps:get(counters, socket:info(A))),
    step(connected, maps:remove(counters, socket:info(A))),
    ok = socket:close(S),
    step(closed, socket:info(S)),
    {ok, U} = socket:open(inet, dgram, udp),
    step(dgram, maps:remove(counters, socket:info(U))).
