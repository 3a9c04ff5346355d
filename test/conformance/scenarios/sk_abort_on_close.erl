#!/usr/bin/env escript
%% Scenario: close/1 by another process aborts every pending operation: a nowait recv
%% gets {'$socket', S, abort, {Handle, closed}}, a blocking recv and a blocking accept
%% return {error, closed}.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    {L, C, A} = tcp_pair(),
    {select, {select_info, recv, H}} = socket:recv(A, 0, nowait),
    Me = self(),
    spawn(fun() -> Me ! {closed_by_other, socket:close(A)} end),
    step(closer, receive {closed_by_other, R} -> R end),
    step(abort_msg, receive {'$socket', A, abort, {H, Why}} = M -> M end),
    {L2, Addr2} = listener(),
    spawn(fun() -> Me ! {accept_result, socket:accept(L2)} end),
    wait_count(L2, num_acceptors, 1),
    ok = socket:close(L2),
    step(blocked_accept, receive {accept_result, AR} -> AR end),
    {_L3, C3, A3} = tcp_pair(),
    spawn(fun() -> Me ! {recv_result, socket:recv(A3, 0)} end),
    wait_count(A3, num_readers, 1),
    spawn(fun() -> socket:close(A3) end),
    step(blocked_recv, receive {recv_result, RR} -> RR end),
    {select, {select_info, accept, H4}} = socket:accept(L, nowait),
    ok = socket:close(L),
    step(accept_abort, receive {'$socket', L, abort, {H4, W4}} -> W4 end),
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
