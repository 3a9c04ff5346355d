#!/usr/bin/env escript
%% Scenario: open/1,2 on the fd of an existing socket: the new socket reports the
%% same type and protocol; open/2 with options; a bad fd.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    {L, Addr} = listener(),
    {ok, Fd} = socket:getopt(L, {otp, fd}),
    {ok, S} = socket:open(Fd),
    step(type, socket:getopt(S, {socket, type})),
    step(same_name, socket:sockname(S) =:= {ok, Addr}),
    step(info, maps:remove(counters, maps:remove(owner, socket:info(S)))),
    {ok, U} = socket:open(inet, dgram, udp),
    {ok, UFd} = socket:getopt(U, {otp, fd}),
    {ok, S2} = socket:open(UFd, #{domain => inet, type => dgram, protocol => udp}),
    step(dgram_type, socket:getopt(S2, {socket, type})),
    step(bad_fd, attempt(fun() -> socket:open(-1) end)),
    step(not_an_fd, attempt(fun() -> socket:open(not_an_fd) end)).

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
