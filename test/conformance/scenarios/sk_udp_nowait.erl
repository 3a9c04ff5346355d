#!/usr/bin/env escript
%% Scenario: recvfrom/3 with nowait on a datagram socket: select, the select message,
%% then the datagram; recvfrom with peek leaves it queued.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    {U1, A1} = udp(),
    {U2, A2} = udp(),
    {select, {select_info, recvfrom, H}} = socket:recvfrom(U2, 0, nowait),
    step(select, selected),
    ok = socket:sendto(U1, <<"dgram">>, A2),
    step(select_msg, receive {'$socket', U2, select, H} -> got end),
    step(peek, element(2, element(2, socket:recvfrom(U2, 0, [peek], nowait)))),
    step(then_read, element(2, element(2, socket:recvfrom(U2, 0, nowait)))),
    step(nothing_left, element(1, socket:recvfrom(U2, 0, nowait))),
    step(flush_select, [element(3, M) || M <- flush()]).

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
