#!/usr/bin/env escript
%% Scenario: {otp, rcvbuf} bounds what a recv of length 0 returns at once: with 20000
%% bytes waiting and rcvbuf 1000, recv(S, 0) gives 1000 bytes; a recv with a length
%% larger than rcvbuf still gets the whole length.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {_L, C, A} = tcp_pair(),
    ok = socket:send(C, binary:copy(<<"r">>, 20000)),
    receive after 30 -> ok end,
    ok = socket:setopt(A, {otp, rcvbuf}, 1000),
    {ok, B1} = socket:recv(A, 0),
    step(first, byte_size(B1)),
    {ok, B2} = socket:recv(A, 5000),
    step(with_length, byte_size(B2)),
    {ok, B3} = socket:recv(A, 0),
    step(again, byte_size(B3)).
