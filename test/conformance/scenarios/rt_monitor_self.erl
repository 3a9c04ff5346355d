#!/usr/bin/env escript
%% pending: OTP 25 keeps no monitor on oneself (demonitor(R, [info]) is false); beamlet keeps one (true)
%% Scenario: monitor(process, self()) returns a ref but no monitor is kept, so demonitor
%% with info says false and no 'DOWN' can come.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),
    R = erlang:monitor(process, self()),
    step(self_ref, is_reference(R)),
    step(self_demonitor, erlang:demonitor(R, [info])),
    step(empty, receive X -> X after 0 -> timeout end).
