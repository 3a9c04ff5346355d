#!/usr/bin/env escript
%% Scenario: send/2 and recv/1,2 on a connected pair: exact lengths, length 0 meaning
%% "what is there", iolists, and recv of more than is sent arriving in pieces.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {_L, C, A} = tcp_pair(),
    step(send, socket:send(C, <<"hello">>)),
    step(recv_exact, socket:recv(A, 5)),
    step(send_iolist, socket:send(C, [<<"ab">>, "cd", [$e]])),
    step(recv_3, socket:recv(A, 3)),
    step(recv_rest, socket:recv(A, 2)),
    ok = socket:send(C, <<"xyz">>),
    step(recv_0, socket:recv(A, 0)),
    Me = self(),
    spawn(fun() -> Me ! {got, socket:recv(A, 6)} end),
    ok = socket:send(C, <<"123">>),
    step(nothing_yet, receive {got, _} = G0 -> G0 after 50 -> timeout end),
    ok = socket:send(C, <<"456">>),
    step(two_pieces, receive {got, G} -> G end),
    step(recv1, begin ok = socket:send(A, <<"back">>), socket:recv(C) end),
    step(empty_send, socket:send(C, <<>>)),
    step(bin_send_big, socket:send(C, binary:copy(<<"z">>, 100000))),
    step(big_recv_len, byte_size(element(2, socket:recv(A, 100000)))).
