#!/usr/bin/env escript
%% Scenario: close/1 from a process that is not the owner still closes the socket;
%% the owner's blocked recv returns closed and the owner gets no abort for it.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    {_L, C, A} = tcp_pair(),
    Me = self(),
    spawn(fun() -> Me ! {reader, socket:recv(A, 0)} end),
    wait_count(A, num_readers, 1),
    step(close_by_stranger, socket:close(A)),
    step(reader, receive {reader, R} -> R end),
    step(owner_info, maps:get(rstates, socket:info(A))),
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

wait_count(S, Key, N) -> wait_count(S, Key, N, 250).
wait_count(_, _, _, 0) -> timeout;
wait_count(S, Key, N, Tries) ->
    case maps:get(Key, socket:info(S)) of
        N -> N;
        _ -> receive after 20 -> wait_count(S, Key, N, Tries - 1) end
    end.
