#!/usr/bin/env escript
%% Scenario: badarg and invalid answers for wrong argument types across the API.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {_L, C, A} = tcp_pair(),
    step(send_not_iodata, attempt(fun() -> socket:send(C, #{not_iodata => 1}) end)),
    step(send_bad_flags, attempt(fun() -> socket:send(C, <<"x">>, [not_a_flag]) end)),
    step(send_bad_timeout, attempt(fun() -> socket:send(C, <<"x">>, -1) end)),
    step(recv_bad_flags, attempt(fun() -> socket:recv(A, 0, [not_a_flag]) end)),
    step(recv_not_int, attempt(fun() -> socket:recv(A, abc) end)),
    step(close_not_socket, attempt(fun() -> socket:close(not_a_socket) end)),
    step(listen_bad_backlog, attempt(fun() -> socket:listen(C, -1) end)),
    step(accept_bad_timeout, attempt(fun() -> socket:accept(C, foo) end)),
    step(bind_bad_port, attempt(fun() -> socket:bind(C, #{family => inet, addr => loopback, port => -1}) end)),
    step(connect_missing_port, attempt(fun() -> socket:connect(C, #{family => inet, addr => loopback}) end)),
    step(open_bad_arity_opts, attempt(fun() -> socket:open(inet, stream, tcp, #{debug => maybe}) end)),
    step(shutdown_not_socket, attempt(fun() -> socket:shutdown(not_a_socket, write) end)),
    step(sockname_not_socket, attempt(fun() -> socket:sockname(not_a_socket) end)),
    step(info_not_socket, attempt(fun() -> socket:info(not_a_socket) end)).
