#!/usr/bin/env escript
%% Scenario: the controlling process dies: its sockets close, their monitors get
%% 'DOWN', a blocked reader in another process gets {error, closed}; the socket is gone
%% from which_sockets.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    Me = self(),
    {L, Addr} = listener(),
    Owner = spawn(fun() ->
        {ok, S} = socket:open(inet, stream, tcp),
        ok = socket:connect(S, Addr),
        Me ! {sock, S},
        receive die -> exit(owner_died) end
    end),
    S = receive {sock, S0} -> S0 end,
    {ok, A} = socket:accept(L),
    MRef = socket:monitor(S),
    spawn(fun() -> Me ! {reader, socket:recv(S, 0)} end),
    wait_count(S, num_readers, 1),
    step(listed_before, lists:member(S, socket:which_sockets())),
    Owner ! die,
    step(down, receive {'DOWN', MRef, socket, S, Why} -> Why end),
    step(reader, receive {reader, R} -> R end),
    step(peer_sees_close, socket:recv(A, 0)),
    step(listed_after, lists:member(S, socket:which_sockets())),
    step(ops_after, {socket:send(S, <<"x">>), socket:sockname(S)}).
