#!/usr/bin/env escript
%% Scenario: selective receive takes the first matching message and leaves the rest in
%% their order; after 0 polls; a receive that skips messages still sees later ones.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),
    Me = self(),
    step(empty_poll, receive X0 -> X0 after 0 -> timeout end),
    [Me ! M || M <- [a, {x, 1}, b, {x, 2}, c]],
    step(first_x, receive {x, N1} -> N1 end),
    step(b_out_of_order, receive b -> b end),
    step(no_match_poll, receive zzz -> zzz after 0 -> timeout end),
    step(second_x, receive {x, N2} -> N2 end),
    step(rest_in_order, [receive R -> R end || _ <- [1, 2]]),
    step(empty_again, receive X1 -> X1 after 0 -> timeout end),
    Me ! {later, 1},
    step(poll_hit, receive {later, L} -> L after 0 -> timeout end),
    P = spawn(fun() -> receive go -> Me ! late_one end end),
    step(wait_skipping, receive never_sent -> no after 20 -> timeout end),
    P ! go,
    step(arrives_later, receive late_one -> late_one end),
    Ref = make_ref(),
    Me ! old,
    Me ! {Ref, answer},
    step(ref_match, receive {Ref, A} -> A end),
    step(old_kept, receive old -> old end).
