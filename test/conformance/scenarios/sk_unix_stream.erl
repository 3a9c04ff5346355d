#!/usr/bin/env escript
%% Scenario: local (unix) stream sockets: bind to a path, listen, connect, send and
%% recv, sockname and peername; connect to a missing path.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    Path = "/tmp/beamlet_conf_unix_stream.sock",
    file:delete(Path),
    {ok, L} = socket:open(local, stream, default),
    step(bind, socket:bind(L, #{family => local, path => Path})),
    step(listen, socket:listen(L)),
    step(sockname, socket:sockname(L)),
    {ok, C} = socket:open(local, stream),
    step(connect, socket:connect(C, #{family => local, path => Path})),
    {ok, A} = socket:accept(L),
    step(send, socket:send(C, <<"over unix">>)),
    step(recv, socket:recv(A, 9)),
    step(peername, socket:peername(C)),
    step(accepted_name, socket:sockname(A)),
    step(protocol, socket:getopt(C, {socket, protocol})),
    step(info, maps:remove(counters, maps:remove(owner, socket:info(C)))),
    {ok, C2} = socket:open(local, stream),
    step(missing, socket:connect(C2, #{family => local, path => "/tmp/beamlet_conf_no_such.sock"})),
    [socket:close(X) || X <- [L, C, A, C2]],
    file:delete(Path).

step(L, T) -> io:format("~s ~w~n", [L, T]).

attempt(F) -> try F() catch C:R -> {C, R} end.

listener() ->
    {ok, L} = socket:open(inet, stream, tcp),
    ok = socket:bind(L, #{family => inet, addr => loopback, port => 0}),
    ok = socket:listen(L),
    {ok, Addr} = socket:sockname(L),
    {L, Addr}.

tcp_pair() ->
    {L, Addr} = listener(),
    {ok, C} = socket:open(inet, stream, tcp),
    ok = socket:connect(C, Addr),
    {ok, A} = socket:accept(L),
    {L, C, A}.

udp() ->
    {ok, U} = socket:open(inet, dgram, udp),
    ok = socket:bind(U, #{family => inet, addr => loopback, port => 0}),
    {ok, Addr} = socket:sockname(U),
    {U, Addr}.

flush() -> receive X -> [X | flush()] after 0 -> [] end.
