#!/usr/bin/env escript
%% Scenario: connect to a port with no listener (econnrefused), connect twice
%% (eisconn), peername of an unconnected socket (enotconn), connect/1 without a pending
%% connect.
-mode(compile).
-compile([nowarn_unused_vars]).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {ok, Probe} = socket:open(inet, stream, tcp),
    ok = socket:bind(Probe, #{family => inet, addr => loopback, port => 0}),
    {ok, Closed} = socket:sockname(Probe),
    {ok, C} = socket:open(inet, stream, tcp),
    step(peername_unconnected, socket:peername(C)),
    step(refused, socket:connect(C, Closed)),
    {L, Addr} = listener(),
    {ok, C2} = socket:open(inet, stream, tcp),
    step(connect, socket:connect(C2, Addr)),
    step(connect_twice, socket:connect(C2, Addr)),
    {ok, C3} = socket:open(inet, stream, tcp),
    step(connect1_without_pending, attempt(fun() -> socket:connect(C3) end)),
    step(bad_addr, attempt(fun() -> socket:connect(C3, not_an_addr) end)).
