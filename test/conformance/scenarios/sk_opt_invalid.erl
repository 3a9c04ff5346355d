#!/usr/bin/env escript
%% Scenario: the option table's error answers: unknown options and levels, a get-only
%% option set, a set-only option read, a value of the wrong type, and the legacy forms.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {ok, S} = socket:open(inet, stream, tcp),
    step(unknown_opt, socket:getopt(S, {socket, no_such_opt})),
    step(unknown_level, socket:getopt(S, {no_such_level, reuseaddr})),
    step(set_unknown, socket:setopt(S, {socket, no_such_opt}, 1)),
    step(set_get_only_type, socket:setopt(S, {socket, type}, dgram)),
    step(set_get_only_acceptconn, socket:setopt(S, {socket, acceptconn}, true)),
    step(set_get_only_error, socket:setopt(S, {socket, error}, 0)),
    step(get_set_only_add_membership, socket:getopt(S, {ip, add_membership})),
    step(get_set_only_drop_membership, socket:getopt(S, {ip, drop_membership})),
    step(get_set_only_ipv6_add, socket:getopt(S, {ipv6, add_membership})),
    step(bad_value_bool, socket:setopt(S, {socket, reuseaddr}, yes)),
    step(bad_value_int, socket:setopt(S, {ip, ttl}, not_an_int)),
    step(bad_value_linger, socket:setopt(S, {socket, linger}, 5)),
    step(bad_option_shape, attempt(fun() -> socket:getopt(S, not_an_option) end)),
    step(bad_socket, attempt(fun() -> socket:getopt(not_a_socket, {socket, type}) end)),
    ok = socket:close(S),
    step(closed_get, socket:getopt(S, {socket, type})),
    step(closed_set, socket:setopt(S, {socket, reuseaddr}, true)).
