#!/usr/bin/env escript
%% Scenario: a local seqpacket pair keeps message boundaries: two sends, two recvs of
%% exactly one message each.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    Path = "/tmp/beamlet_conf_seqpacket.sock",
    file:delete(Path),
    {ok, L} = socket:open(local, seqpacket),
    ok = socket:bind(L, #{family => local, path => Path}),
    ok = socket:listen(L),
    {ok, C} = socket:open(local, seqpacket),
    ok = socket:connect(C, #{family => local, path => Path}),
    {ok, A} = socket:accept(L),
    ok = socket:send(C, <<"first">>),
    ok = socket:send(C, <<"second">>),
    step(one, socket:recv(A, 0)),
    step(two, socket:recv(A, 0)),
    step(type, socket:getopt(A, {socket, type})),
    [socket:close(X) || X <- [L, C, A]],
    file:delete(Path).
