#!/usr/bin/env escript
%% Scenario: a writer blocked in send because the peer does not read; another process
%% closes the socket; the writer's send returns an error.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    {_L, C, A} = tcp_pair(),
    ok = socket:setopt(C, {socket, sndbuf}, 4096),
    Me = self(),
    spawn(fun() -> Me ! {sent, socket:send(C, binary:copy(<<"y">>, 8000000))} end),
    step(writers, wait_count(C, num_writers, 1)),
    ok = socket:close(C),
    step(send_result, receive {sent, R} -> case R of {error, {E, Rest}} when is_binary(Rest) -> {error, {E, rest}}; _ -> R end end).

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
