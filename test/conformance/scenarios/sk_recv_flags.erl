#!/usr/bin/env escript
%% Scenario: recv with flags: peek leaves data queued; recv/3 with flags and
%% recv/4 with flags and a time-out; send with flags.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    {_L, C, A} = tcp_pair(),
    ok = socket:send(C, <<"peekaboo">>),
    receive after 20 -> ok end,
    step(peek, socket:recv(A, 4, [peek])),
    step(peek_again, socket:recv(A, 4, [peek], 1000)),
    step(read, socket:recv(A, 8, [], 1000)),
    step(send_flags, socket:send(C, <<"f">>, [nosignal])),
    step(send_flags_timeout, socket:send(C, <<"g">>, [], 1000)),
    step(both, socket:recv(A, 2)).

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
