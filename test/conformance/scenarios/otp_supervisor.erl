#!/usr/bin/env escript
%% Scenario: supervisor: start order, which_children order, restart order per strategy
%% (one_for_one, one_for_all, rest_for_one), shutdown in reverse order, the child API's
%% answers, simple_one_for_one, and the intensity limit ending the supervisor with shutdown.
-mode(compile).
-behaviour(supervisor).
-export([init/1, start/1, start/2]).
-include("common.hrl").

main(_) ->
    logger:set_primary_config(level, none),
    register(driver, self()),
    process_flag(trap_exit, true),
    [strategy(S) || S <- [one_for_one, one_for_all, rest_for_one]],
    {ok, S} = supervisor:start_link(?MODULE, {#{intensity => 1, period => 3600}, [spec(a), spec(b)]}),
    logs(),
    step(count, supervisor:count_children(S)),
    step(terminate, supervisor:terminate_child(S, a)),
    step(which, [{I, is_pid(P)} || {I, P, _, _} <- supervisor:which_children(S)]),
    step(terminate_nope, supervisor:terminate_child(S, zz)),
    step(restart, element(1, supervisor:restart_child(S, a))),
    step(restart_running, supervisor:restart_child(S, a)),
    step(delete_running, supervisor:delete_child(S, a)),
    step(start_dup, element(1, supervisor:start_child(S, spec(a)))),
    supervisor:terminate_child(S, a),
    step(delete, supervisor:delete_child(S, a)),
    step(delete_nope, supervisor:delete_child(S, a)),
    step(start_c, element(1, supervisor:start_child(S, spec(c)))),
    step(which_ids, [I || {I, _, _, _} <- supervisor:which_children(S)]),
    logs(),
    crash(S, b),
    crash(S, c),
    step(sup_exit, receive {'EXIT', S, R} -> R after 1000 -> alive end),
    step(intensity_log, logs()),
    {ok, S2} = supervisor:start_link(?MODULE, {#{strategy => simple_one_for_one}, [spec(w, transient)]}),
    [{ok, W1}, {ok, W2}, {ok, _}] = [supervisor:start_child(S2, [X]) || X <- [x1, x2, x3]],
    step(simple_count, supervisor:count_children(S2)),
    step(simple_terminate, supervisor:terminate_child(S2, W1)),
    step(simple_by_id, supervisor:terminate_child(S2, w)),
    step(simple_delete, supervisor:delete_child(S2, W2)),
    step(simple_log, logs()),
    shutdown(S2),
    step(simple_shutdown, logs()).

strategy(Strategy) ->
    {ok, S} = supervisor:start_link(?MODULE, {#{strategy => Strategy, intensity => 3, period => 10}, [spec(a), spec(b), spec(c)]}),
    step(started, logs()),
    step(which, [{I, T} || {I, _, T, _} <- supervisor:which_children(S)]),
    crash(S, b),
    supervisor:count_children(S),
    step(restarted, logs()),
    shutdown(S),
    step(stopped, logs()).

shutdown(S) ->
    M = monitor(process, S),
    unlink(S),
    exit(S, shutdown),
    receive {'DOWN', M, _, _, _} -> ok end.

crash(S, Id) ->
    {_, P, _, _} = lists:keyfind(Id, 1, supervisor:which_children(S)),
    M = monitor(process, P),
    P ! crash,
    receive {'DOWN', M, _, _, _} -> ok end.

logs() -> receive {log, X} -> [X | logs()] after 20 -> [] end.

init(Arg) -> {ok, Arg}.

spec(Id) -> spec(Id, permanent).
spec(Id, R) -> #{id => Id, start => {?MODULE, start, [Id]}, restart => R}.

start(Id, X) -> start({Id, X}).
start(Id) ->
    driver ! {log, {start, Id}},
    Parent = self(),
    Pid = spawn_link(fun() -> process_flag(trap_exit, true), Parent ! {ready, self()}, loop(Id) end),
    receive {ready, Pid} -> {ok, Pid} end.

loop(Id) ->
    receive
        {'EXIT', _, R} -> driver ! {log, {stop, Id, R}}, exit(R);
        crash -> exit(crashed)
    end.
