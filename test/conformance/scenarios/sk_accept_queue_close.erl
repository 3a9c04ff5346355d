#!/usr/bin/env escript
%% Scenario: two acceptors waiting on one listener; closing the listener answers both
%% with {error, closed}.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    {L, _} = listener(),
    Me = self(),
    [spawn(fun() -> Me ! {T, socket:accept(L)} end) || T <- [a1, a2]],
    receive after 30 -> ok end,
    step(waiting, maps:get(num_acceptors, socket:info(L))),
    ok = socket:close(L),
    step(a1, receive {a1, R1} -> R1 end),
    step(a2, receive {a2, R2} -> R2 end).

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
