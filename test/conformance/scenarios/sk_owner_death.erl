#!/usr/bin/env escript
%% Scenario: the controlling process dies: its sockets close, their monitors get
%% 'DOWN', a blocked reader in another process gets {error, closed}; the socket is gone
%% from which_sockets.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    Me = self(),
    {L, Addr} = listener(),
    Owner = spawn(fun() ->
        {ok, S} = socket:open(inet, stream, tcp),
        ok = socket:connect(S, Addr),
        Me ! {sock, S},
        receive die -> exit(owner_died) end
    end),
    S = receive {sock, S0} -> S0 end,
    {ok, A} = socket:accept(L),
    MRef = socket:monitor(S),
    spawn(fun() -> Me ! {reader, socket:recv(S, 0)} end),
    wait_count(S, num_readers, 1),
    step(listed_before, lists:member(S, socket:which_sockets())),
    Owner ! die,
    step(down, receive {'DOWN', MRef, socket, S, Why} -> Why end),
    step(reader, receive {reader, R} -> R end),
    step(peer_sees_close, socket:recv(A, 0)),
    step(listed_after, lists:member(S, socket:which_sockets())),
    step(ops_after, {socket:send(S, <<"x">>), socket:sockname(S)}).

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
