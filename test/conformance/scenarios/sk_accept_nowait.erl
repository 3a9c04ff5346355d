#!/usr/bin/env escript
%% Scenario: accept/2 with nowait and with a handle: select first, the select message
%% when a peer connects, then the accepted socket; accept/2 with a time-out.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    {L, Addr} = listener(),
    {select, {select_info, accept, H} = SI} = socket:accept(L, nowait),
    step(select, SI),
    {ok, C} = socket:open(inet, stream, tcp),
    ok = socket:connect(C, Addr),
    step(select_msg, receive {'$socket', L, select, H} = M -> M end),
    {ok, A} = socket:accept(L, nowait),
    step(accepted, element(1, A)),
    step(timeout, socket:accept(L, 50)),
    step(poll, socket:accept(L, 0)),
    step(empty, flush()).

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
