#!/usr/bin/env escript
%% Scenario: local datagram sockets: sendto/recvfrom between two bound paths, the
%% source path, an unbound sender, and a socketpair-like connected pair.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    P1 = "/tmp/beamlet_conf_unix_d1.sock",
    P2 = "/tmp/beamlet_conf_unix_d2.sock",
    file:delete(P1), file:delete(P2),
    {ok, D1} = socket:open(local, dgram),
    {ok, D2} = socket:open(local, dgram),
    ok = socket:bind(D1, #{family => local, path => P1}),
    ok = socket:bind(D2, #{family => local, path => P2}),
    step(sendto, socket:sendto(D1, <<"ping">>, #{family => local, path => P2})),
    step(recvfrom, socket:recvfrom(D2)),
    {ok, D3} = socket:open(local, dgram),
    ok = socket:sendto(D3, <<"anon">>, #{family => local, path => P2}),
    step(unbound_source, socket:recvfrom(D2)),
    step(connect, socket:connect(D1, #{family => local, path => P2})),
    ok = socket:send(D1, <<"conn">>),
    step(recv, socket:recv(D2, 0)),
    [socket:close(X) || X <- [D1, D2, D3]],
    file:delete(P1), file:delete(P2).
