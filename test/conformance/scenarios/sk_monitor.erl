#!/usr/bin/env escript
%% Scenario: socket:monitor/1: one 'DOWN' with reason closed when the socket closes,
%% exactly once; two monitors give two; cancel_monitor removes one; monitoring a closed
%% socket gives 'DOWN' at once; bad arguments.
-mode(compile).
-compile([nowarn_unused_vars]).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {ok, S} = socket:open(inet, stream, tcp),
    M1 = socket:monitor(S),
    M2 = socket:monitor(S),
    M3 = socket:monitor(S),
    step(distinct, {is_reference(M1), M1 =/= M2}),
    step(cancel, socket:cancel_monitor(M3)),
    step(cancel_again, socket:cancel_monitor(M3)),
    ok = socket:close(S),
    step(down1, receive {'DOWN', M1, socket, S, W1} = D -> D end),
    step(down2, receive {'DOWN', M2, socket, S, W2} -> W2 end),
    step(once, flush()),
    M4 = socket:monitor(S),
    step(closed_at_once, receive {'DOWN', M4, socket, S, W4} -> W4 end),
    step(bad_monitor, attempt(fun() -> socket:monitor(not_a_socket) end)),
    step(bad_cancel, attempt(fun() -> socket:cancel_monitor(not_a_ref) end)),
    step(cancel_unknown, socket:cancel_monitor(make_ref())).
