#!/usr/bin/env escript
%% Scenario: supports/0,1,2 and is_supported/1,2 (the manual's arities) for things every Linux has;
%% the answers for an unknown key.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    Keys = lists:sort([K || {K, _} <- socket:supports()]),
    step(keys, Keys),
    step(ipv6, socket:is_supported(ipv6)),
    step(local, socket:is_supported(local)),
    step(netns, socket:is_supported(netns)),
    step(sendfile, socket:is_supported(sendfile)),
    step(msg_flags_peek, socket:is_supported(msg_flags, peek)),
    step(msg_flags_list, lists:sort([F || {F, true} <- socket:supports(msg_flags)])),
    step(options_reuseaddr, socket:is_supported(options, {socket, reuseaddr})),
    step(options_nodelay, socket:is_supported(options, {tcp, nodelay})),
    step(options_v6only, socket:is_supported(options, {ipv6, v6only})),
    step(options_unknown, socket:is_supported(options, {socket, no_such_opt})),
    step(unknown_key, socket:is_supported(no_such_thing)),
    step(protocols_has_tcp, proplists:get_value(tcp, socket:supports(protocols))),
    step(opt_list_reuseaddr, proplists:get_value(reuseaddr, socket:supports(options, socket))),
    step(unknown_supports, socket:supports(no_such_thing)).
