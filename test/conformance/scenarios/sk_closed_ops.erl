#!/usr/bin/env escript
%% Scenario: every operation on a closed socket returns {error, closed} (or a
%% 'DOWN' at once for a monitor).
-mode(compile).
-compile([nowarn_unused_vars]).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {_L, C, A} = tcp_pair(),
    ok = socket:close(C),
    step(ops, [socket:send(C, <<"x">>), socket:recv(C, 0), socket:recv(C, 0, nowait),
               socket:sockname(C), socket:peername(C), socket:shutdown(C, write),
               socket:getopt(C, {socket, type}), socket:setopt(C, {socket, reuseaddr}, true),
               socket:connect(C, #{family => inet, addr => loopback, port => 9}),
               socket:bind(C, any), socket:listen(C), socket:close(C),
               socket:sendto(C, <<"x">>, #{family => inet, addr => loopback, port => 9}),
               socket:recvfrom(C), socket:recvmsg(C), socket:sendmsg(C, #{iov => [<<"x">>]})]),
    {L2, _} = listener(),
    ok = socket:close(L2),
    step(accept_closed, socket:accept(L2)),
    step(accept_nowait_closed, socket:accept(L2, nowait)).
