#!/usr/bin/env escript
%% Scenario: shutdown/2 write, read and read_write: the peer sees end of stream,
%% sending after shutdown(write) fails with epipe, and a bad how is badarg.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    {_L, C, A} = tcp_pair(),
    step(shutdown_write, socket:shutdown(C, write)),
    step(peer_eof, socket:recv(A, 0)),
    step(send_after, socket:send(C, <<"x">>)),
    ok = socket:send(A, <<"still open">>),
    step(other_way, socket:recv(C, 0)),
    {_L2, C2, A2} = tcp_pair(),
    step(shutdown_read, socket:shutdown(C2, read)),
    step(shutdown_rw, socket:shutdown(A2, read_write)),
    step(bad_how, attempt(fun() -> socket:shutdown(C2, sideways) end)),
    {ok, U} = socket:open(inet, stream, tcp),
    step(unconnected, socket:shutdown(U, write)).

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
