#!/usr/bin/env escript
%% Scenario: several sends arrive as one byte stream: recv with a length takes exactly
%% that many bytes across send boundaries; recv of 0 after all data are there takes all.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {_L, C, A} = tcp_pair(),
    [ok = socket:send(C, B) || B <- [<<"ab">>, <<"cde">>, <<"fghij">>]],
    step(first4, socket:recv(A, 4)),
    step(next4, socket:recv(A, 4)),
    step(last2, socket:recv(A, 2)),
    ok = socket:send(C, <<"123">>),
    ok = socket:send(C, <<"456">>),
    receive after 30 -> ok end,
    step(all, socket:recv(A, 0)).
