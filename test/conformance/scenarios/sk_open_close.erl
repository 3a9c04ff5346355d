#!/usr/bin/env escript
%% Scenario: open/2,3,4 for each domain and type, close, close again, and open's
%% invalid-argument errors.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {ok, S1} = socket:open(inet, stream, tcp),
    step(is_socket, element(1, S1)),
    step(open2, element(1, socket:open(inet, stream))),
    step(open_udp, element(1, socket:open(inet, dgram, udp))),
    step(open_inet6, element(1, socket:open(inet6, stream, tcp))),
    step(open_local, element(1, socket:open(local, stream, default))),
    step(open_opts, element(1, socket:open(inet, stream, tcp, #{debug => false}))),
    step(open3_opts, element(1, socket:open(inet, dgram, #{}))),
    step(close, socket:close(S1)),
    step(close_again, socket:close(S1)),
    step(bad_domain, socket:open(foo, stream, tcp)),
    step(bad_type, socket:open(inet, foo, tcp)),
    step(bad_protocol, socket:open(inet, stream, foo)),
    step(mismatch, socket:open(inet, dgram, tcp)),
    step(bad_opts, attempt(fun() -> socket:open(inet, stream, tcp, not_a_map) end)).
