#!/usr/bin/env escript
%% Scenario: sendfile/2,3,4 from a raw file: the whole file, an offset and a count;
%% the peer receives exactly those bytes.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    Path = "/tmp/beamlet_conf_sendfile.bin",
    ok = file:write_file(Path, <<"0123456789abcdefghij">>),
    {ok, F} = file:open(Path, [read, raw, binary]),
    {_L, C, A} = tcp_pair(),
    step(whole, socket:sendfile(C, F)),
    step(recv_whole, socket:recv(A, 20)),
    step(offset_count, socket:sendfile(C, F, 5, 3)),
    step(recv_part, socket:recv(A, 3)),
    step(offset_to_end, socket:sendfile(C, F, 15, 0)),
    step(recv_end, socket:recv(A, 5)),
    step(with_timeout, socket:sendfile(C, F, 0, 2, 1000)),
    step(recv_two, socket:recv(A, 2)),
    ok = file:close(F),
    file:delete(Path).
