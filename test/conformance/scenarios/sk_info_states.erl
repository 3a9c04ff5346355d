#!/usr/bin/env escript
%% Scenario: rstates and wstates of socket:info/1 through a socket's life: open,
%% bound, listening, connected (both ends), and after close.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    States = fun(S) -> #{rstates := R, wstates := W} = socket:info(S), {R, W} end,
    {ok, S} = socket:open(inet, stream, tcp),
    step(open, States(S)),
    ok = socket:bind(S, #{family => inet, addr => loopback, port => 0}),
    step(bound, States(S)),
    ok = socket:listen(S),
    step(listening, States(S)),
    {ok, Addr} = socket:sockname(S),
    {ok, C} = socket:open(inet, stream, tcp),
    ok = socket:connect(C, Addr),
    step(connected, States(C)),
    {ok, A} = socket:accept(S),
    step(accepted, States(A)),
    ok = socket:close(C),
    step(closed, States(C)).
