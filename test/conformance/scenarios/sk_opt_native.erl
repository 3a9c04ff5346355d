#!/usr/bin/env escript
%% Scenario: getopt_native/3 and setopt_native/3 with numeric level and option
%% (SOL_SOCKET = 1, SO_REUSEADDR = 2, SO_TYPE = 3), as integer, boolean and binary.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {ok, S} = socket:open(inet, stream, tcp),
    step(type_int, socket:getopt_native(S, {socket, 3}, integer)),
    step(reuseaddr_bool, socket:getopt_native(S, {socket, 2}, boolean)),
    step(set_reuseaddr, socket:setopt_native(S, {socket, 2}, true)),
    step(reuseaddr_after, socket:getopt(S, {socket, reuseaddr})),
    step(reuseaddr_bin, socket:getopt_native(S, {socket, 2}, 4)),
    step(set_bin, socket:setopt_native(S, {socket, 2}, <<0:32/native>>)),
    step(reuseaddr_cleared, socket:getopt(S, {socket, reuseaddr})),
    step(numeric_level, socket:getopt_native(S, {1, 3}, integer)),
    step(bad_spec, attempt(fun() -> socket:getopt_native(S, {socket, 3}, not_a_spec) end)).
