#!/usr/bin/env escript
%% Scenario: monitors from other processes: each monitoring process gets its own 'DOWN'
%% when the socket closes; a monitoring process that died before is not told.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),
    {ok, S} = socket:open(inet, stream, tcp),
    Me = self(),
    P = spawn(fun() ->
                  M = socket:monitor(S),
                  Me ! {mon, M},
                  receive {'DOWN', M, socket, S, W} -> Me ! {p_down, W} end
              end),
    receive {mon, _} -> ok end,
    Q = spawn(fun() -> M = socket:monitor(S), Me ! {mon, M}, receive stop -> ok end end),
    receive {mon, _} -> ok end,
    MQ = erlang:monitor(process, Q),
    Q ! stop,
    receive {'DOWN', MQ, process, Q, _} -> ok end,
    M0 = socket:monitor(S),
    ok = socket:close(S),
    step(down, receive {'DOWN', M0, socket, S, W0} -> W0 end),
    step(other_down, receive {p_down, WP} -> WP end),
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
