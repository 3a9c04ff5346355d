#!/usr/bin/env escript
%% Scenario: rcvlowat, rcvtimeo and sndtimeo socket options: set, read back.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {ok, S} = socket:open(inet, stream, tcp),
    step(rcvlowat_default, socket:getopt(S, {socket, rcvlowat})),
    step(rcvlowat, {socket:setopt(S, {socket, rcvlowat}, 4), socket:getopt(S, {socket, rcvlowat})}),
    step(rcvtimeo_default, socket:getopt(S, {socket, rcvtimeo})),
    step(rcvtimeo, {socket:setopt(S, {socket, rcvtimeo}, #{sec => 2, usec => 0}), socket:getopt(S, {socket, rcvtimeo})}),
    step(sndtimeo, {socket:setopt(S, {socket, sndtimeo}, #{sec => 1, usec => 500000}), socket:getopt(S, {socket, sndtimeo})}),
    step(priority, {socket:setopt(S, {socket, priority}, 3), socket:getopt(S, {socket, priority})}),
    step(bad_timeval, socket:setopt(S, {socket, rcvtimeo}, 5)).
