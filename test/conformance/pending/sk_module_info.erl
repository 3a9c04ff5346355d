#!/usr/bin/env escript
%% pending: OTP 25 counts an open local socket under num_dinet6, not num_dlocal (an OTP quirk); beamlet counts num_dlocal
%% Scenario: socket:info/0 and number_of/0 as sockets of each kind open and close.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    step(start, socket:number_of()),
    {ok, S1} = socket:open(inet, stream, tcp),
    {ok, S2} = socket:open(inet, dgram, udp),
    {ok, S3} = socket:open(inet6, stream, tcp),
    {ok, S4} = socket:open(local, dgram, default),
    step(four, socket:number_of()),
    step(info, socket:info()),
    [ok = socket:close(S) || S <- [S1, S2, S3, S4]],
    step(closed, socket:number_of()),
    step(counters_after, maps:get(counters, socket:info())).

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
