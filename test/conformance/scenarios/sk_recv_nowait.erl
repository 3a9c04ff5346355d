#!/usr/bin/env escript
%% Scenario: recv/3 with nowait: {select, SelectInfo} when nothing is there, the
%% {'$socket', S, select, Handle} message when data arrives, then the data; a recv with
%% a handle of our own (a ref) uses that handle.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {_L, C, A} = tcp_pair(),
    {select, {select_info, Tag, H} = SI} = socket:recv(A, 0, nowait),
    step(select, {select, SI}),
    step(tag, Tag),
    ok = socket:send(C, <<"data">>),
    step(select_msg, receive {'$socket', A, select, H} = M -> M end),
    step(then_data, socket:recv(A, 0, nowait)),
    step(nowait_with_data, begin ok = socket:send(C, <<"more">>), receive after 20 -> ok end, socket:recv(A, 0, nowait) end),
    Ref = make_ref(),
    {select, {select_info, _, H2}} = socket:recv(A, 0, Ref),
    step(own_handle, H2 =:= Ref),
    ok = socket:send(C, <<"x">>),
    step(own_handle_msg, receive {'$socket', A, select, Ref} -> got end),
    step(recv_after, socket:recv(A, 0, nowait)),
    step(empty, flush()).
