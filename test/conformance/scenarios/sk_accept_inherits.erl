#!/usr/bin/env escript
%% Scenario: options set on a listener before accept, as the accepted socket reports
%% them (Linux passes some on): reuseaddr, keepalive, tcp nodelay, linger.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {L, Addr} = listener(),
    ok = socket:setopt(L, {socket, keepalive}, true),
    ok = socket:setopt(L, {tcp, nodelay}, true),
    ok = socket:setopt(L, {socket, linger}, #{onoff => true, linger => 3}),
    {ok, C} = socket:open(inet, stream, tcp),
    ok = socket:connect(C, Addr),
    {ok, A} = socket:accept(L),
    step(accepted, [{O, socket:getopt(A, O)} || O <- [{socket, reuseaddr}, {socket, keepalive}, {tcp, nodelay}, {socket, linger}]]),
    step(connector, [{O, socket:getopt(C, O)} || O <- [{socket, keepalive}, {tcp, nodelay}]]).
