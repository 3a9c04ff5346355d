#!/usr/bin/env escript
%% Scenario: socket-level options: defaults that do not depend on the kernel's
%% tuning (type, domain, protocol, acceptconn, reuseaddr, keepalive, linger, broadcast,
%% oobinline, debug), each set and read back.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {ok, S} = socket:open(inet, stream, tcp),
    Get = fun(O) -> socket:getopt(S, {socket, O}) end,
    step(defaults, [{O, Get(O)} || O <- [type, domain, protocol, acceptconn, reuseaddr, reuseport, keepalive, linger, oobinline, dontroute, debug, error]]),
    step(set_reuseaddr, socket:setopt(S, {socket, reuseaddr}, true)),
    step(set_keepalive, socket:setopt(S, {socket, keepalive}, true)),
    step(set_linger, socket:setopt(S, {socket, linger}, #{onoff => true, linger => 7})),
    step(set_oobinline, socket:setopt(S, {socket, oobinline}, true)),
    step(after_set, [{O, Get(O)} || O <- [reuseaddr, keepalive, linger, oobinline]]),
    {ok, U} = socket:open(inet, dgram, udp),
    step(dgram_type, socket:getopt(U, {socket, type})),
    step(broadcast_default, socket:getopt(U, {socket, broadcast})),
    step(set_broadcast, socket:setopt(U, {socket, broadcast}, true)),
    step(broadcast, socket:getopt(U, {socket, broadcast})),
    ok = socket:setopt(S, {socket, rcvbuf}, 65536),
    {ok, Rcv} = socket:getopt(S, {socket, rcvbuf}),
    step(rcvbuf_at_least, Rcv >= 65536),
    step(getopt3_legacy, socket:getopt(S, socket, type)),
    step(setopt4_legacy, socket:setopt(S, socket, reuseaddr, false)).
