#!/usr/bin/env escript
%% Scenario: registered names: register, whereis, send by name, the badarg cases
%% (taken name, already named pid, undefined, dead pid, unknown name), unregister, and
%% the name freed when its process dies.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),
    Me = self(),
    P = spawn(fun() -> receive {From, M} -> From ! {echoed, M} end, receive stop -> ok end end),
    step(register, register(echo_srv, P)),
    step(whereis, whereis(echo_srv) =:= P),
    step(listed, lists:member(echo_srv, registered())),
    step(send_by_name, echo_srv ! {Me, hi}),
    step(reply, receive {echoed, _} = R -> R end),
    step(taken, attempt(fun() -> register(echo_srv, Me) end)),
    step(already_named, attempt(fun() -> register(other_name, P) end)),
    step(undefined_name, attempt(fun() -> register(undefined, Me) end)),
    step(whereis_unknown, whereis(nobody_here)),
    step(send_unknown, attempt(fun() -> nobody_here ! x end)),
    step(unregister, unregister(echo_srv)),
    step(unregister_again, attempt(fun() -> unregister(echo_srv) end)),
    step(whereis_after, whereis(echo_srv)),
    step(register_again, register(echo_srv, P)),
    M = erlang:monitor(process, P),
    echo_srv ! stop,
    receive {'DOWN', M, process, P, _} -> ok end,
    step(freed_on_death, whereis(echo_srv)),
    step(register_dead, attempt(fun() -> register(ghost, P) end)),
    step(register_self, register(me, Me)),
    step(whereis_self, whereis(me) =:= Me).
