#!/usr/bin/env escript
%% Scenario: the owner of a listener with a queued acceptor from another process dies:
%% the acceptor gets {error, closed}; a monitor from a third process gets 'DOWN'.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    Me = self(),
    Owner = spawn(fun() -> {L, _} = listener(), Me ! {l, L}, receive die -> exit(bye) end end),
    L = receive {l, L0} -> L0 end,
    spawn(fun() -> Me ! {acc, socket:accept(L)} end),
    wait_count(L, num_acceptors, 1),
    M = socket:monitor(L),
    Owner ! die,
    step(acceptor, receive {acc, R} -> R end),
    step(down, receive {'DOWN', M, socket, L, W} -> W end),
    step(info_owner, maps:get(owner, socket:info(L))).

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

wait_count(S, Key, N) -> wait_count(S, Key, N, 250).
wait_count(_, _, _, 0) -> timeout;
wait_count(S, Key, N, Tries) ->
    case maps:get(Key, socket:info(S)) of
        N -> N;
        _ -> receive after 20 -> wait_count(S, Key, N, Tries - 1) end
    end.
