#!/usr/bin/env escript
%% Scenario: nowait operations from two processes queue: only the head gets a select
%% message; when it reads, the next one gets its select message in turn; cancelling the
%% head passes the turn on.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {_L, C, A} = tcp_pair(),
    Me = self(),
    Worker = fun(Tag) ->
        spawn(fun() ->
            {select, {select_info, recv, H}} = socket:recv(A, 0, nowait),
            Me ! {Tag, queued},
            receive {'$socket', A, select, H} -> Me ! {Tag, selected} end,
            receive read -> Me ! {Tag, socket:recv(A, 1, nowait)} end
        end)
    end,
    W1 = Worker(w1), receive {w1, queued} -> ok end,
    W2 = Worker(w2), receive {w2, queued} -> ok end,
    step(readers, maps:get(num_readers, socket:info(A))),
    ok = socket:send(C, <<"xy">>),
    step(w1_selected, receive {w1, S1} -> S1 end),
    step(w2_not_yet, receive {w2, selected} -> selected after 50 -> timeout end),
    W1 ! read,
    step(w1_read, receive {w1, R1} -> R1 end),
    step(w2_selected, receive {w2, S2} -> S2 end),
    W2 ! read,
    step(w2_read, receive {w2, R2} -> R2 end),
    {select, SI} = socket:recv(A, 0, nowait),
    spawn(fun() -> {select, {select_info, recv, H}} = socket:recv(A, 0, nowait), Me ! w3_queued,
                   receive {'$socket', A, select, H} -> Me ! w3_selected end end),
    receive w3_queued -> ok end,
    ok = socket:send(C, <<"z">>),
    receive {'$socket', A, select, _} -> ok end,
    step(cancel_head, socket:cancel(A, SI)),
    step(w3_gets_turn, receive w3_selected -> w3_selected after 1000 -> timeout end).
