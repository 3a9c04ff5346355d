#!/usr/bin/env escript
%% Scenario: an abstract-namespace local address (a path starting with a zero byte)
%% as bound, listened and connected; sockname shows it as a binary.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    Name = <<0, "beamlet_conf_abstract">>,
    {ok, L} = socket:open(local, stream),
    step(bind, socket:bind(L, #{family => local, path => Name})),
    ok = socket:listen(L),
    step(sockname, socket:sockname(L)),
    {ok, C} = socket:open(local, stream),
    step(connect, socket:connect(C, #{family => local, path => Name})),
    {ok, A} = socket:accept(L),
    ok = socket:send(A, <<"abs">>),
    step(recv, socket:recv(C, 3)),
    [socket:close(X) || X <- [L, C, A]].
