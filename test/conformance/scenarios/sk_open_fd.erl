#!/usr/bin/env escript
%% Scenario: open/1,2 on the fd of an existing socket: the new socket reports the
%% same type and protocol; open/2 with options; a bad fd.
-mode(compile).
-include("common.hrl").
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
