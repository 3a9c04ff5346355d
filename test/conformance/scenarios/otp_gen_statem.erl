#!/usr/bin/env escript
%% Scenario: gen_statem in state-functions mode: a code lock that opens after three
%% buttons, postpones open_wait calls while locked and casts while open, locks again on a
%% state time-out, turns info into next_event internal events; call failures.
-mode(compile).
-behaviour(gen_statem).
-export([callback_mode/0, init/1, locked/3, open/3]).
-include("common.hrl").

main(_) ->
    logger:set_primary_config(level, none),
    {ok, P} = gen_statem:start(?MODULE, [], []),
    gen_statem:cast(P, {button, 1}),
    gen_statem:cast(P, {button, 2}),
    step(locked, gen_statem:call(P, get)),
    Self = self(),
    spawn(fun() -> Self ! {waited, gen_statem:call(P, open_wait)} end),
    timer:sleep(10),
    gen_statem:cast(P, {button, 3}),
    step(waited, receive W -> W end),
    step(open, gen_statem:call(P, get)),
    gen_statem:cast(P, {button, 9}),
    timer:sleep(150),
    step(relocked, gen_statem:call(P, get)),
    P ! hello,
    step(internal, gen_statem:call(P, get)),
    step(noproc, catch gen_statem:call(nope, get)),
    step(timeout, catch gen_statem:call(P, open_wait, 50)),
    step(stop, gen_statem:stop(P)).

callback_mode() -> state_functions.

init(_) -> {ok, locked, []}.

locked(cast, {button, D}, Acc) ->
    A2 = [D | Acc],
    case length(A2) of
        3 -> {next_state, open, [], [{state_timeout, 100, lock}]};
        _ -> {keep_state, A2}
    end;
locked({call, From}, get, Acc) -> {keep_state_and_data, [{reply, From, {locked, Acc}}]};
locked({call, _}, open_wait, _) -> {keep_state_and_data, [postpone]};
locked(info, X, D) -> {keep_state, D, [{next_event, internal, {i, X}}]};
locked(internal, X, D) -> {keep_state, [X | D]}.

open(state_timeout, lock, _) -> {next_state, locked, []};
open({call, From}, open_wait, D) -> {keep_state, D, [{reply, From, was_open}]};
open({call, From}, get, D) -> {keep_state_and_data, [{reply, From, {open, D}}]};
open(cast, _, D) -> {keep_state, D, [postpone]}.
