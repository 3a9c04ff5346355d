#!/usr/bin/env escript
%% Scenario: open/3 with numeric domain, type and protocol (AF_INET 2, SOCK_STREAM 1,
%% IPPROTO_TCP 6), and what getopt then reports.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    {ok, S} = socket:open(2, 1, 6),
    step(type, socket:getopt(S, {socket, type})),
    step(domain, socket:getopt(S, {socket, domain})),
    step(protocol, socket:getopt(S, {socket, protocol})),
    {ok, S2} = socket:open(inet, dgram, 17),
    step(udp_protocol, socket:getopt(S2, {socket, protocol})),
    step(bad_number, socket:open(inet, stream, 9999)).

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
