#!/usr/bin/env escript
%% Scenario: rcvlowat, rcvtimeo and sndtimeo socket options: set, read back.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    {ok, S} = socket:open(inet, stream, tcp),
    step(rcvlowat_default, socket:getopt(S, {socket, rcvlowat})),
    step(rcvlowat, {socket:setopt(S, {socket, rcvlowat}, 4), socket:getopt(S, {socket, rcvlowat})}),
    step(rcvtimeo_default, socket:getopt(S, {socket, rcvtimeo})),
    step(rcvtimeo, {socket:setopt(S, {socket, rcvtimeo}, #{sec => 2, usec => 0}), socket:getopt(S, {socket, rcvtimeo})}),
    step(sndtimeo, {socket:setopt(S, {socket, sndtimeo}, #{sec => 1, usec => 500000}), socket:getopt(S, {socket, sndtimeo})}),
    step(priority, {socket:setopt(S, {socket, priority}, 3), socket:getopt(S, {socket, priority})}),
    step(bad_timeval, socket:setopt(S, {socket, rcvtimeo}, 5)).

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
