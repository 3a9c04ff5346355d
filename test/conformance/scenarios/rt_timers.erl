#!/usr/bin/env escript
%% Scenario: timers: send_after and start_timer deliver their messages (start_timer as
%% {timeout, TRef, Msg}); cancel_timer and read_timer return the time left, or false once
%% fired or cancelled; a cancelled timer never delivers; timers fire in deadline order.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),
    Me = self(),
    T1 = erlang:send_after(10, Me, ping),
    step(send_after_ref, is_reference(T1)),
    step(ping, receive ping -> ping end),
    step(cancel_fired, erlang:cancel_timer(T1)),
    step(read_fired, erlang:read_timer(T1)),
    T2 = erlang:start_timer(10, Me, tick),
    step(start_timer, receive {timeout, T2, tick} = M -> M end),
    T3 = erlang:send_after(60000, Me, never),
    Left = erlang:read_timer(T3),
    step(read_pending, is_integer(Left) andalso Left > 50000 andalso Left =< 60000),
    Left2 = erlang:cancel_timer(T3),
    step(cancel_pending, is_integer(Left2) andalso Left2 > 50000 andalso Left2 =< 60000),
    step(cancel_again, erlang:cancel_timer(T3)),
    step(read_cancelled, erlang:read_timer(T3)),
    register(timer_target, Me),
    erlang:send_after(5, timer_target, by_name),
    step(by_name, receive by_name -> by_name end),
    erlang:send_after(60, Me, a),
    erlang:send_after(20, Me, b),
    erlang:send_after(40, Me, c),
    step(order, [receive X -> X end || _ <- [1, 2, 3]]),
    step(bad_time, attempt(fun() -> erlang:send_after(-1, Me, x) end)),
    step(bad_ref, attempt(fun() -> erlang:cancel_timer(not_a_ref) end)),
    step(empty, receive Y -> Y after 0 -> timeout end).
