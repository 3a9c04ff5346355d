#!/usr/bin/env escript
%% Scenario: listen/1,2, a blocking accept and connect on loopback, the names of both
%% ends, and listen on a datagram socket.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {ok, L} = socket:open(inet, stream, tcp),
    ok = socket:bind(L, #{family => inet, addr => loopback, port => 0}),
    step(listen, socket:listen(L)),
    step(listen_again, socket:listen(L, 5)),
    step(acceptconn, socket:getopt(L, {socket, acceptconn})),
    {ok, LAddr} = socket:sockname(L),
    {ok, C} = socket:open(inet, stream, tcp),
    step(connect, socket:connect(C, LAddr)),
    {ok, A} = socket:accept(L),
    step(accepted, element(1, A)),
    {ok, CName} = socket:sockname(C),
    {ok, APeer} = socket:peername(A),
    step(names_agree, CName =:= APeer),
    step(peer_is_listener_port, socket:peername(C) =:= {ok, LAddr}),
    step(accepted_acceptconn, socket:getopt(A, {socket, acceptconn})),
    {ok, U} = socket:open(inet, dgram, udp),
    step(listen_dgram, socket:listen(U)),
    step(listen_unbound_ok, socket:listen(element(2, socket:open(inet, stream, tcp)))).
