#!/usr/bin/env escript
%% Scenario: a dual-stack inet6 listener on :: accepts an inet client; the peer shows
%% as a v4-mapped inet6 address.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
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
