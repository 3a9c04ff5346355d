#!/usr/bin/env escript
%% Scenario: bind/2 with the atom broadcast on a datagram socket, and what sockname then
%% says; no traffic is sent.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {ok, U} = socket:open(inet, dgram, udp),
    step(bind, socket:bind(U, broadcast)),
    step(addr, maps:get(addr, element(2, socket:sockname(U)))),
    {ok, T} = socket:open(inet6, dgram, udp),
    step(inet6_broadcast, socket:bind(T, broadcast)).
