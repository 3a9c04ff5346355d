#!/usr/bin/env escript
%% pending: OTP 25 as built here answers {invalid, {socket_option, {tcp, keepidle}}} (and keepintvl, keepcnt): not supported on this build; beamlet sets and reads them
%% Scenario: the tcp keepalive tuning options keepidle, keepintvl, keepcnt: set then read back.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),
    {ok, S} = socket:open(inet, stream, tcp),
    SetGet = fun(Sock, Opt, V) -> {socket:setopt(Sock, Opt, V), socket:getopt(Sock, Opt)} end,
    step(keepidle, SetGet(S, {tcp, keepidle}, 30)),
    step(keepintvl, SetGet(S, {tcp, keepintvl}, 5)),
    step(keepcnt, SetGet(S, {tcp, keepcnt}, 4)).

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
