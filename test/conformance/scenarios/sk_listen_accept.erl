#!/usr/bin/env escript
%% Scenario: listen/1,2, a blocking accept and connect on loopback, the names of both
%% ends, and listen on a datagram socket.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
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

step(L, T) -> io:format("~s ~w~n", [L, T]).

attempt(F) -> try F() catch C:R -> {C, R} end.

listener() ->
    {ok, L} = socket:open(inet, stream, tcp),
    ok = socket:bind(L, #{family => inet, addr => loopback, port => 0}),
    ok = socket:listen(L),
    {ok, Addr} = socket:sockname(L),
    {L, Addr}.

tcp_pair() ->
    {L, Addr} = listener(),
    {ok, C} = socket:open(inet, stream, tcp),
    ok = socket:connect(C, Addr),
    {ok, A} = socket:accept(L),
    {L, C, A}.

udp() ->
    {ok, U} = socket:open(inet, dgram, udp),
    ok = socket:bind(U, #{family => inet, addr => loopback, port => 0}),
    {ok, Addr} = socket:sockname(U),
    {U, Addr}.

flush() -> receive X -> [X | flush()] after 0 -> [] end.
