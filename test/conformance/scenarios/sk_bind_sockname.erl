#!/usr/bin/env escript
%% Scenario: bind/2 with a map, with any and loopback; sockname before and after;
%% binding twice (einval) and an address in use (eaddrinuse).
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {ok, S} = socket:open(inet, stream, tcp),
    step(unbound_name, socket:sockname(S)),
    step(bind, socket:bind(S, #{family => inet, addr => loopback, port => 0})),
    {ok, #{port := Port} = Name} = socket:sockname(S),
    step(bound_name, Name),
    step(bind_twice, socket:bind(S, #{family => inet, addr => loopback, port => 0})),
    ok = socket:listen(S),
    {ok, S2} = socket:open(inet, stream, tcp),
    step(in_use, socket:bind(S2, #{family => inet, addr => {127,0,0,1}, port => Port})),
    {ok, S3} = socket:open(inet, stream, tcp),
    step(bind_any, socket:bind(S3, any)),
    step(any_addr, maps:get(addr, element(2, socket:sockname(S3)))),
    {ok, S4} = socket:open(inet, dgram, udp),
    step(bind_loopback, socket:bind(S4, loopback)),
    step(loopback_addr, maps:get(addr, element(2, socket:sockname(S4)))),
    step(bad_addr, socket:bind(S4, not_an_addr)),
    step(wrong_family, socket:bind(S4, #{family => inet6, addr => {0,0,0,0,0,0,0,1}, port => 0})).
