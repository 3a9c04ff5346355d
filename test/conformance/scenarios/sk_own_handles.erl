#!/usr/bin/env escript
%% Scenario: accept and connect with a ref of our own as the handle: the select
%% message carries it.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    {L, Addr} = listener(),
    AR = make_ref(),
    {select, {select_info, accept, AH}} = socket:accept(L, AR),
    step(accept_handle, AH =:= AR),
    {ok, C} = socket:open(inet, stream, tcp),
    CR = make_ref(),
    R = socket:connect(C, Addr, CR),
    step(connect_shape, element(1, R)),
    step(accept_msg, receive {'$socket', L, select, AR} -> got end),
    step(connect_msg, case R of {select, {select_info, connect, CR}} -> receive {'$socket', C, select, CR} -> got end; ok -> got end),
    step(connect_done, socket:connect(C)),
    step(accepted, element(1, socket:accept(L, AR))).

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
