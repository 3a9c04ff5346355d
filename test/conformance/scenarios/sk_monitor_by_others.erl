#!/usr/bin/env escript
%% pending: beamlet/socket does not export number_of_monitors/0,1, which_monitors/1 and monitored_by/1 yet
%% Scenario: monitors from other processes: number_of_monitors, which_monitors,
%% monitored_by; a monitoring process that dies stops counting.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    {ok, S} = socket:open(inet, stream, tcp),
    Me = self(),
    P = spawn(fun() -> M = socket:monitor(S), Me ! {mon, M}, receive stop -> ok end end),
    receive {mon, _} -> ok end,
    M0 = socket:monitor(S),
    step(count_pid, socket:number_of_monitors(Me)),
    step(count_all, socket:number_of_monitors()),
    step(count_other, socket:number_of_monitors(P)),
    step(monitored_by, lists:sort(socket:monitored_by(S)) =:= lists:sort([Me, P])),
    step(which_monitors, length(socket:which_monitors(S))),
    MP = erlang:monitor(process, P),
    P ! stop,
    receive {'DOWN', MP, process, P, _} -> ok end,
    step(count_after, socket:number_of_monitors()),
    step(which_after, length(socket:which_monitors(S))),
    ok = socket:close(S),
    step(down, receive {'DOWN', M0, socket, S, W} -> W end).

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
