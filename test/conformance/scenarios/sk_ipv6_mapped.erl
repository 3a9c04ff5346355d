#!/usr/bin/env escript
%% Scenario: a dual-stack inet6 listener on :: accepts an inet client; the peer shows
%% as a v4-mapped inet6 address.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {ok, L} = socket:open(inet6, stream, tcp),
    ok = socket:setopt(L, {ipv6, v6only}, false),
    ok = socket:bind(L, #{family => inet6, addr => {0,0,0,0,0,0,0,0}, port => 0}),
    ok = socket:listen(L),
    {ok, #{port := Port}} = socket:sockname(L),
    {ok, C} = socket:open(inet, stream, tcp),
    step(connect, socket:connect(C, #{family => inet, addr => {127,0,0,1}, port => Port})),
    {ok, A} = socket:accept(L),
    {ok, Peer} = socket:peername(A),
    step(peer, maps:remove(port, Peer)),
    ok = socket:send(C, <<"v4">>),
    step(recv, socket:recv(A, 2)).
