#!/usr/bin/env escript
%% Scenario: the Cont forms: a partial nowait send gives {select, {SelectInfo, Rest}};
%% after the select message, send/4 with the SelectInfo and nowait continues it, send/3
%% with the next SelectInfo finishes it, and the peer reads every byte. Then a forged
%% select_info, a used one with send/3,4, a send's select_info given to sendmsg/3, and
%% a send's select_info whose flags are a list, a bad list, or not flags at all.
%% Byte counts depend on the kernel, so only their relations are printed.
-mode(compile).
-compile([nowarn_unused_vars]).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {ok, L} = socket:open(inet, stream, tcp),
    ok = socket:bind(L, #{family => inet, addr => loopback, port => 0}),
    ok = socket:setopt(L, {socket, rcvbuf}, 8192),
    ok = socket:listen(L),
    {ok, Addr} = socket:sockname(L),
    {ok, C} = socket:open(inet, stream, tcp),
    ok = socket:setopt(C, {socket, sndbuf}, 8192),
    ok = socket:connect(C, Addr),
    {ok, A} = socket:accept(L),
    Size = 4000000,
    Big = binary:copy(<<"x">>, Size),
    {select, {SI1, Rest1}} = R1 = socket:send(C, Big, nowait),
    step(first, {select, SI1, byte_size(Rest1) < Size}),
    Me = self(),
    spawn(fun() -> Me ! {got, drain(A, 0, Size)} end),
    {select_info, _, H1} = SI1,
    step(select_msg, receive {'$socket', C, select, H1} -> got after 5000 -> none end),
    R2 = socket:send(C, Rest1, SI1, nowait),
    {select, {SI2, Rest2}} = R2,
    step(cont4_nowait, {select, SI2, byte_size(Rest2) < byte_size(Rest1)}),
    {select_info, _, H2} = SI2,
    step(select_msg2, receive {'$socket', C, select, H2} -> got after 5000 -> none end),
    step(cont3, socket:send(C, Rest2, SI2)),
    step(peer_read, receive {got, N} -> N =:= Size after 10000 -> none end),
    step(forged, socket:send(C, <<"x">>, {select_info, foo, make_ref()})),
    step(used_cont3, socket:send(C, <<"x">>, SI1)),
    step(used_cont4, socket:send(C, <<"x">>, SI1, 1000)),
    step(sendmsg_send_cont, socket:sendmsg(C, #{iov => [<<"x">>]}, SI1)),
    step(cont_flag_list, socket:send(C, <<"x">>, {select_info, {send, [peek]}, make_ref()})),
    step(cont_bad_flag, attempt(fun() -> socket:send(C, <<"x">>, {select_info, {send, [-1]}, make_ref()}) end)),
    step(cont_no_flags, attempt(fun() -> socket:send(C, <<"x">>, {select_info, {send, foo}, make_ref()}) end)).

drain(_, N, Max) when N >= Max -> N;
drain(A, N, Max) ->
    {ok, B} = socket:recv(A, 0),
    drain(A, N + byte_size(B), Max).
