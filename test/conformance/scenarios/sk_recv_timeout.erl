#!/usr/bin/env escript
%% Scenario: recv/3 with a time-out: nothing (timeout), partial data on a stream
%% ({timeout, Data}), time-out 0 as a poll, and a recv that completes in time.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {_L, C, A} = tcp_pair(),
    step(none, socket:recv(A, 0, 50)),
    step(poll_none, socket:recv(A, 0, 0)),
    ok = socket:send(C, <<"abcd">>),
    step(partial, socket:recv(A, 10, 100)),
    ok = socket:send(C, <<"efgh">>),
    step(in_time, socket:recv(A, 4, 1000)),
    ok = socket:send(C, <<"ij">>),
    step(poll_data, socket:recv(A, 0, 0)),
    step(bad_timeout, attempt(fun() -> socket:recv(A, 0, -5) end)),
    step(bad_length, attempt(fun() -> socket:recv(A, -1) end)).
