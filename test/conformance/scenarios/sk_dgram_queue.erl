#!/usr/bin/env escript
%% Scenario: several datagrams queued are read one per recvfrom, in order, each whole;
%% a nowait reader on a socket with queued datagrams reads at once.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    {U1, _} = udp(),
    {U2, A2} = udp(),
    [ok = socket:sendto(U1, <<N>>, A2) || N <- lists:seq(1, 5)],
    receive after 20 -> ok end,
    step(in_order, [element(2, element(2, socket:recvfrom(U2))) || _ <- lists:seq(1, 4)]),
    step(nowait_ready, element(2, element(2, socket:recvfrom(U2, 0, nowait)))),
    step(then_select, element(1, socket:recvfrom(U2, 0, nowait))).

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
