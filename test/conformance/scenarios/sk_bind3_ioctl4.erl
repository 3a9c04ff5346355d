#!/usr/bin/env escript
%% Scenario: bind/3 (SCTP's bindx) and ioctl/4 (the set requests). bind/3 on a TCP
%% socket: OTP 25's NIF raises notsup for any non-SCTP socket; bad actions and address
%% lists are badarg. ioctl/4: setting lo's MTU to the value it already has (a no-op on
%% the host), an unknown interface, a bad request or value, and a closed socket. A
%% bind/3 result is wrapped in {returned, _} to tell it from a raised error.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {ok, T} = socket:open(inet, stream, tcp),
    A = #{family => inet, addr => loopback, port => 0},
    step(bind3_add, attempt(fun() -> {returned, socket:bind(T, [A], add)} end)),
    step(bind3_remove, attempt(fun() -> {returned, socket:bind(T, [A], remove)} end)),
    step(bind3_bad_action, attempt(fun() -> {returned, socket:bind(T, [A], foo)} end)),
    step(bind3_not_list, attempt(fun() -> {returned, socket:bind(T, A, add)} end)),
    {ok, U} = socket:open(inet, dgram, udp),
    {ok, Mtu} = socket:ioctl(U, gifmtu, "lo"),
    step(sifmtu_same, socket:ioctl(U, sifmtu, "lo", Mtu)),
    step(mtu_after, socket:ioctl(U, gifmtu, "lo") =:= {ok, Mtu}),
    step(sifmtu_unknown_if, socket:ioctl(U, sifmtu, "no_such_if0", 1500)),
    step(bad_request, attempt(fun() -> socket:ioctl(U, no_such_request, "lo", 1) end)),
    step(bad_value, attempt(fun() -> socket:ioctl(U, sifmtu, "lo", foo) end)),
    ok = socket:close(U),
    step(closed, socket:ioctl(U, sifmtu, "lo", Mtu)),
    ok = socket:close(T),
    step(bind3_closed, attempt(fun() -> {returned, socket:bind(T, [A], add)} end)).
