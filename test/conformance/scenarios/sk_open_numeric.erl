#!/usr/bin/env escript
%% Scenario: open/3 with numeric domain, type and protocol (AF_INET 2, SOCK_STREAM 1,
%% IPPROTO_TCP 6), and what getopt then reports.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {ok, S} = socket:open(2, 1, 6),
    step(type, socket:getopt(S, {socket, type})),
    step(domain, socket:getopt(S, {socket, domain})),
    step(protocol, socket:getopt(S, {socket, protocol})),
    {ok, S2} = socket:open(inet, dgram, 17),
    step(udp_protocol, socket:getopt(S2, {socket, protocol})),
    step(bad_number, socket:open(inet, stream, 9999)).
