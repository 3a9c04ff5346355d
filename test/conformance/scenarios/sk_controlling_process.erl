#!/usr/bin/env escript
%% Scenario: controlling_process through setopt(otp, controlling_process): only the
%% owner may hand a socket over; the new owner's death closes it; handing it to a dead pid
%% closes it.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    {ok, S} = socket:open(inet, stream, tcp),
    Me = self(),
    New = spawn(fun() -> receive die -> exit(bye) end end),
    Stranger = spawn(fun() -> Me ! {stranger, socket:setopt(S, {otp, controlling_process}, self())} end),
    step(not_owner, receive {stranger, R} -> R end),
    step(hand_over, socket:setopt(S, {otp, controlling_process}, New)),
    step(owner_now, socket:getopt(S, {otp, controlling_process}) =:= {ok, New}),
    step(old_owner_refused, socket:setopt(S, {otp, controlling_process}, Me)),
    M = socket:monitor(S),
    New ! die,
    step(closed_with_new_owner, receive {'DOWN', M, socket, S, W} -> W end),
    {ok, S2} = socket:open(inet, stream, tcp),
    {Dead, DM} = spawn_monitor(fun() -> ok end),
    receive {'DOWN', DM, process, Dead, _} -> ok end,
    step(dead_pid, socket:setopt(S2, {otp, controlling_process}, Dead)),
    step(not_a_pid, socket:setopt(S2, {otp, controlling_process}, not_a_pid)).

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
