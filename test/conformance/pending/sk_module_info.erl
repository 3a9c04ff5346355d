#!/usr/bin/env escript
%% pending: OTP 25 counts an open local socket under num_dinet6, not num_dlocal (an OTP quirk); beamlet counts num_dlocal
%% Scenario: socket:info/0 and number_of/0 as sockets of each kind open and close.
-mode(compile).
-include("../scenarios/common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    step(start, socket:number_of()),
    {ok, S1} = socket:open(inet, stream, tcp),
    {ok, S2} = socket:open(inet, dgram, udp),
    {ok, S3} = socket:open(inet6, stream, tcp),
    {ok, S4} = socket:open(local, dgram, default),
    step(four, socket:number_of()),
    step(info, socket:info()),
    [ok = socket:close(S) || S <- [S1, S2, S3, S4]],
    step(closed, socket:number_of()),
    step(counters_after, maps:get(counters, socket:info())).
