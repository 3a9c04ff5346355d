#!/usr/bin/env escript
%% Scenario: which_sockets/0,1 with each filter: domain, type, protocol, owner pid
%% and a fun; a socket opened with use_registry false is not listed.
-mode(compile).
-include("common.hrl").
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
