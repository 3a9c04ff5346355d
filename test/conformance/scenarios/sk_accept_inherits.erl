#!/usr/bin/env escript
%% Scenario: options set on a listener before accept, as the accepted socket reports
%% them (Linux passes some on): reuseaddr, keepalive, tcp nodelay, linger.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    {L, Addr} = listener(),
    ok = socket:setopt(L, {socket, keepalive}, true),
    ok = socket:setopt(L, {tcp, nodelay}, true),
    ok = socket:setopt(L, {socket, linger}, #{onoff => true, linger => 3}),
    {ok, C} = socket:open(inet, stream, tcp),
    ok = socket:connect(C, Addr),
    {ok, A} = socket:accept(L),
    step(accepted, [{O, socket:getopt(A, O)} || O <- [{socket, reuseaddr}, {socket, keepalive}, {tcp, nodelay}, {socket, linger}]]),
    step(connector, [{O, socket:getopt(C, O)} || O <- [{socket, keepalive}, {tcp, nodelay}]]).

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
