#!/usr/bin/env escript
%% Scenario: {otp, rcvbuf} bounds what a recv of length 0 returns at once: with 20000
%% bytes waiting and rcvbuf 1000, recv(S, 0) gives 1000 bytes; a recv with a length
%% larger than rcvbuf still gets the whole length.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    {_L, C, A} = tcp_pair(),
    ok = socket:send(C, binary:copy(<<"r">>, 20000)),
    receive after 30 -> ok end,
    ok = socket:setopt(A, {otp, rcvbuf}, 1000),
    {ok, B1} = socket:recv(A, 0),
    step(first, byte_size(B1)),
    {ok, B2} = socket:recv(A, 5000),
    step(with_length, byte_size(B2)),
    {ok, B3} = socket:recv(A, 0),
    step(again, byte_size(B3)).

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
