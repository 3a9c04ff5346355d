#!/usr/bin/env escript
%% Scenario: a writer whose peer does not read: send/3 with a time-out returns
%% {error, {timeout, Rest}}; send with nowait returns a partial select with the rest;
%% the select message comes when the peer reads.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {_L, C, A} = tcp_pair(),
    ok = socket:setopt(C, {socket, sndbuf}, 4096),
    ok = socket:setopt(A, {socket, rcvbuf}, 4096),
    Big = binary:copy(<<"x">>, 4000000),
    {error, {timeout, Rest}} = socket:send(C, Big, 100),
    step(timeout_shape, {timeout, is_binary(Rest), byte_size(Rest) < byte_size(Big)}),
    step(poll_timeout, case socket:send(C, Big, 0) of {error, {timeout, _}} -> timeout_with_rest; Other -> Other end),
    R2 = socket:send(C, Big, nowait),
    step(nowait_shape, element(1, R2)),
    H = case R2 of
            {select, {{select_info, _, H0}, Rest2}} when is_binary(Rest2) -> H0;
            {select, {select_info, _, H0}} -> H0
        end,
    Drain = fun Loop() -> case socket:recv(A, 0, 2000) of {ok, _} -> Loop(); _ -> ok end end,
    spawn(Drain),
    step(select_msg, receive {'$socket', C, select, H} -> got after 5000 -> none end),
    ok.
