#!/usr/bin/env escript
%% Scenario: rstates and wstates of socket:info/1 through a socket's life: open,
%% bound, listening, connected (both ends), and after close.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    States = fun(S) -> #{rstates := R, wstates := W} = socket:info(S), {R, W} end,
    {ok, S} = socket:open(inet, stream, tcp),
    step(open, States(S)),
    ok = socket:bind(S, #{family => inet, addr => loopback, port => 0}),
    step(bound, States(S)),
    ok = socket:listen(S),
    step(listening, States(S)),
    {ok, Addr} = socket:sockname(S),
    {ok, C} = socket:open(inet, stream, tcp),
    ok = socket:connect(C, Addr),
    step(connected, States(C)),
    {ok, A} = socket:accept(S),
    step(accepted, States(A)),
    ok = socket:close(C),
    step(closed, States(C)).

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
