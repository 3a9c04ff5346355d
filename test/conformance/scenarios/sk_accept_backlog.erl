#!/usr/bin/env escript
%% Scenario: three connects complete before any accept (the backlog); three accepts
%% return them in connect order.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    {L, Addr} = listener(),
    Cs = [begin {ok, C} = socket:open(inet, stream, tcp), ok = socket:connect(C, Addr), C end || _ <- [1, 2, 3]],
    Names = [element(2, socket:sockname(C)) || C <- Cs],
    Peers = [begin {ok, A} = socket:accept(L), element(2, socket:peername(A)) end || _ <- [1, 2, 3]],
    step(in_order, Names =:= Peers),
    step(none_left, socket:accept(L, 0)).

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
