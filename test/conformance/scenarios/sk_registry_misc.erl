#!/usr/bin/env escript
%% Scenario: use_registry/1: sockets opened while it is off are not listed by
%% which_sockets and say so in {otp, use_registry}; a bad argument.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),
    step(use_registry_off, socket:use_registry(false)),
    {ok, Hidden} = socket:open(inet, stream, tcp),
    step(hidden, lists:member(Hidden, socket:which_sockets())),
    step(use_registry_on, socket:use_registry(true)),
    {ok, Seen} = socket:open(inet, stream, tcp),
    step(seen, lists:member(Seen, socket:which_sockets())),
    step(opt_hidden, socket:getopt(Hidden, {otp, use_registry})),
    step(opt_seen, socket:getopt(Seen, {otp, use_registry})),
    step(bad_use_registry, attempt(fun() -> socket:use_registry(maybe) end)).
