#!/usr/bin/env escript
%% Scenario: local (unix) stream sockets: bind to a path, listen, connect, send and
%% recv, sockname and peername; connect to a missing path.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    Path = "/tmp/beamlet_conf_unix_stream.sock",
    file:delete(Path),
    {ok, L} = socket:open(local, stream, default),
    step(bind, socket:bind(L, #{family => local, path => Path})),
    step(listen, socket:listen(L)),
    step(sockname, socket:sockname(L)),
    {ok, C} = socket:open(local, stream),
    step(connect, socket:connect(C, #{family => local, path => Path})),
    {ok, A} = socket:accept(L),
    step(send, socket:send(C, <<"over unix">>)),
    step(recv, socket:recv(A, 9)),
    step(peername, socket:peername(C)),
    step(accepted_name, socket:sockname(A)),
    step(protocol, socket:getopt(C, {socket, protocol})),
    step(info, maps:remove(counters, maps:remove(owner, socket:info(C)))),
    {ok, C2} = socket:open(local, stream),
    step(missing, socket:connect(C2, #{family => local, path => "/tmp/beamlet_conf_no_such.sock"})),
    [socket:close(X) || X <- [L, C, A, C2]],
    file:delete(Path).
