#!/usr/bin/env escript
%% pending: OTP 25 as built here answers {invalid, {socket_option, {tcp, keepidle}}} (and keepintvl, keepcnt): not supported on this build; beamlet sets and reads them
%% Scenario: the tcp keepalive tuning options keepidle, keepintvl, keepcnt: set then read back.
-mode(compile).
-include("../scenarios/common.hrl").
main(_) ->
    logger:set_primary_config(level, none),
    {ok, S} = socket:open(inet, stream, tcp),
    SetGet = fun(Sock, Opt, V) -> {socket:setopt(Sock, Opt, V), socket:getopt(Sock, Opt)} end,
    step(keepidle, SetGet(S, {tcp, keepidle}, 30)),
    step(keepintvl, SetGet(S, {tcp, keepintvl}, 5)),
    step(keepcnt, SetGet(S, {tcp, keepcnt}, 4)).
