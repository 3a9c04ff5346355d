#!/usr/bin/env escript
%% Scenario: the peer closes: buffered data is still read, then {error, closed};
%% a recv waiting when the peer closes returns closed.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    {_L, C, A} = tcp_pair(),
    ok = socket:send(C, <<"last words">>),
    ok = socket:close(C),
    step(buffered, socket:recv(A, 0)),
    step(closed, socket:recv(A, 0)),
    step(closed_again, socket:recv(A, 0)),
    {_L2, C2, A2} = tcp_pair(),
    Me = self(),
    spawn(fun() -> Me ! {got, socket:recv(A2, 0)} end),
    wait_count(A2, num_readers, 1),
    ok = socket:close(C2),
    step(waiting_reader, receive {got, G} -> G end),
    {_L3, C3, A3} = tcp_pair(),
    ok = socket:send(C3, <<"abc">>),
    ok = socket:close(C3),
    step(partial_then_closed, socket:recv(A3, 10)).

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
