#!/usr/bin/env escript
%% Scenario: the owner of a listener with a queued acceptor from another process dies:
%% the acceptor gets {error, closed}; a monitor from a third process gets 'DOWN'.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    Me = self(),
    Owner = spawn(fun() -> {L, _} = listener(), Me ! {l, L}, receive die -> exit(bye) end end),
    L = receive {l, L0} -> L0 end,
    spawn(fun() -> Me ! {acc, socket:accept(L)} end),
    wait_count(L, num_acceptors, 1),
    M = socket:monitor(L),
    Owner ! die,
    step(acceptor, receive {acc, R} -> R end),
    step(down, receive {'DOWN', M, socket, L, W} -> W end),
    step(info_owner, maps:get(owner, socket:info(L))).
