#!/usr/bin/env escript
%% Scenario: inet6 stream and datagram sockets on ::1: bind, sockname (flowinfo,
%% scope_id), connect, send/recv, sendto/recvfrom; v6only default and set; an inet
%% address on an inet6 socket.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    Loop6 = {0,0,0,0,0,0,0,1},
    {ok, L} = socket:open(inet6, stream, tcp),
    step(bind, socket:bind(L, #{family => inet6, addr => Loop6, port => 0})),
    {ok, Addr} = socket:sockname(L),
    step(sockname, Addr),
    ok = socket:listen(L),
    {ok, C} = socket:open(inet6, stream, tcp),
    step(connect, socket:connect(C, Addr)),
    {ok, A} = socket:accept(L),
    ok = socket:send(C, <<"six">>),
    step(recv, socket:recv(A, 3)),
    step(peer_family, maps:get(family, element(2, socket:peername(A)))),
    step(v6only_default, socket:getopt(C, {ipv6, v6only})),
    {ok, U1} = socket:open(inet6, dgram, udp),
    {ok, U2} = socket:open(inet6, dgram, udp),
    ok = socket:bind(U1, #{family => inet6, addr => Loop6, port => 0}),
    ok = socket:bind(U2, #{family => inet6, addr => Loop6, port => 0}),
    {ok, A2} = socket:sockname(U2),
    {ok, A1} = socket:sockname(U1),
    ok = socket:sendto(U1, <<"dgram6">>, A2),
    {ok, {From, D}} = socket:recvfrom(U2),
    step(recvfrom, {From =:= A1, D}),
    {ok, U3} = socket:open(inet6, dgram, udp),
    step(set_v6only, socket:setopt(U3, {ipv6, v6only}, true)),
    step(v6only, socket:getopt(U3, {ipv6, v6only})),
    step(inet_addr_on_inet6, socket:bind(U3, #{family => inet, addr => {127,0,0,1}, port => 0})),
    step(any6, socket:bind(U3, any)),
    step(any6_addr, maps:get(addr, element(2, socket:sockname(U3)))),
    step(unicast_hops, {socket:setopt(U1, {ipv6, unicast_hops}, 9), socket:getopt(U1, {ipv6, unicast_hops})}).
