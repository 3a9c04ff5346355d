#!/usr/bin/env escript
%% Scenario: datagram sockets: sendto/recvfrom with the source address, recvfrom/2
%% truncating a datagram, empty datagrams, recv on a connected datagram socket, sendto
%% without a destination, and recvfrom with a time-out.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {U1, A1} = udp(),
    {U2, A2} = udp(),
    step(sendto, socket:sendto(U1, <<"hello">>, A2)),
    {ok, {Src, Data}} = socket:recvfrom(U2),
    step(recvfrom, {Src =:= A1, Data}),
    ok = socket:sendto(U1, <<"0123456789">>, A2),
    step(truncated, element(2, element(2, socket:recvfrom(U2, 4)))),
    step(rest_dropped, socket:recvfrom(U2, 0, 50)),
    ok = socket:sendto(U1, <<>>, A2),
    step(empty_dgram, element(2, element(2, socket:recvfrom(U2)))),
    step(connect, socket:connect(U1, A2)),
    step(peername, socket:peername(U1) =:= {ok, A2}),
    step(send_connected, socket:send(U1, <<"conn">>)),
    step(recv_dgram, socket:recv(U2, 0)),
    {ok, U3} = socket:open(inet, dgram, udp),
    step(send_unconnected, socket:send(U3, <<"x">>)),
    step(timeout, socket:recvfrom(U2, 0, 30)),
    step(sendto_bad_dest, attempt(fun() -> socket:sendto(U1, <<"x">>, not_an_addr) end)).
