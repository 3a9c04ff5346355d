#!/usr/bin/env escript
%% Scenario: which_sockets/0,1 with each filter: domain, type, protocol, owner pid
%% and a fun; a socket opened with use_registry false is not listed.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    {ok, T} = socket:open(inet, stream, tcp),
    {ok, U} = socket:open(inet, dgram, udp),
    {ok, T6} = socket:open(inet6, stream, tcp),
    {ok, Hidden} = socket:open(inet, stream, tcp, #{use_registry => false}),
    Me = self(),
    Other = spawn(fun() -> {ok, O} = socket:open(inet, stream, tcp), Me ! {o, O}, receive never -> ok end end),
    O = receive {o, O0} -> O0 end,
    Has = fun(L) -> [lists:member(X, L) || X <- [T, U, T6, Hidden, O]] end,
    step(all, Has(socket:which_sockets())),
    step(inet, Has(socket:which_sockets(inet))),
    step(inet6, Has(socket:which_sockets(inet6))),
    step(stream, Has(socket:which_sockets(stream))),
    step(dgram, Has(socket:which_sockets(dgram))),
    step(udp, Has(socket:which_sockets(udp))),
    step(tcp, Has(socket:which_sockets(tcp))),
    step(mine, Has(socket:which_sockets(Me))),
    step(others, Has(socket:which_sockets(Other))),
    step(by_fun, Has(socket:which_sockets(fun(#{type := Ty}) -> Ty =:= dgram end))),
    step(bad_filter, attempt(fun() -> socket:which_sockets(42) end)).

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
