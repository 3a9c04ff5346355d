#!/usr/bin/env escript
%% Scenario: use_registry/1: sockets opened while it is off are not listed by
%% which_sockets and say so in {otp, use_registry}; a bad argument.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),
    step(use_registry_off, socket:use_registry(false)),
    {ok, Hidden} = socket:open(inet, stream, tcp),
    step(hidden, lists:member(Hidden, socket:which_sockets())),
    step(use_registry_on, socket:use_registry(true)),
    {ok, Seen} = socket:open(inet, stream, tcp),
    step(seen, lists:member(Seen, socket:which_sockets())),
    step(opt_hidden, socket:getopt(Hidden, {otp, use_registry})),
    step(opt_seen, socket:getopt(Seen, {otp, use_registry})),
    step(bad_use_registry, attempt(fun() -> socket:use_registry(maybe) end)).

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
