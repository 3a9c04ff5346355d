#!/usr/bin/env escript
%% Scenario: connect to a port with no listener (econnrefused), connect twice
%% (eisconn), peername of an unconnected socket (enotconn), connect/1 without a pending
%% connect.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    {ok, Probe} = socket:open(inet, stream, tcp),
    ok = socket:bind(Probe, #{family => inet, addr => loopback, port => 0}),
    {ok, Closed} = socket:sockname(Probe),
    {ok, C} = socket:open(inet, stream, tcp),
    step(peername_unconnected, socket:peername(C)),
    step(refused, socket:connect(C, Closed)),
    {L, Addr} = listener(),
    {ok, C2} = socket:open(inet, stream, tcp),
    step(connect, socket:connect(C2, Addr)),
    step(connect_twice, socket:connect(C2, Addr)),
    {ok, C3} = socket:open(inet, stream, tcp),
    step(connect1_without_pending, attempt(fun() -> socket:connect(C3) end)),
    step(bad_addr, attempt(fun() -> socket:connect(C3, not_an_addr) end)).

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
