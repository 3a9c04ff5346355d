#!/usr/bin/env escript
%% Scenario: info/0 and number_of/0 as inet and inet6 sockets open and close (the
%% pending sk_module_info adds a local socket, which OTP 25 counts under num_dinet6).
%% use_registry false hides a socket from number_of but not from the counters.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    step(start, socket:number_of()),
    step(info_start, socket:info()),
    {ok, S1} = socket:open(inet, stream, tcp),
    {ok, S2} = socket:open(inet, dgram, udp),
    {ok, S3} = socket:open(inet6, stream, tcp),
    {ok, S4} = socket:open(inet6, dgram, udp),
    step(four, socket:number_of()),
    step(info_four, socket:info()),
    {ok, H} = socket:open(inet, stream, tcp, #{use_registry => false}),
    step(hidden, socket:number_of()),
    step(hidden_counters, maps:get(counters, socket:info())),
    [ok = socket:close(S) || S <- [S1, S2, S3, S4, H]],
    step(closed, socket:number_of()),
    step(info_closed, socket:info()).
