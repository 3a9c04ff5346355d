#!/usr/bin/env escript
%% Scenario: a writer blocked in send because the peer does not read; another process
%% closes the socket; the writer's send returns an error.
-mode(compile).
-compile([nowarn_unused_vars]).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {_L, C, A} = tcp_pair(),
    ok = socket:setopt(C, {socket, sndbuf}, 4096),
    Me = self(),
    spawn(fun() -> Me ! {sent, socket:send(C, binary:copy(<<"y">>, 8000000))} end),
    step(writers, wait_count(C, num_writers, 1)),
    ok = socket:close(C),
    step(send_result, receive {sent, R} -> case R of {error, {E, Rest}} when is_binary(Rest) -> {error, {E, rest}}; _ -> R end end).
