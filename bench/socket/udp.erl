%% OTP's socket module side of bench/socket/udp.ts, with the protocol of udp.c (flow
%% and rr; OTP 25 has no sendmmsg/recvmmsg).
%%   erl -noshell -pa DIR -run udp main MODE ROLE MYPORT PEERPORT N
-module(udp).
-export([main/1]).

-define(SIZE, 64).
-define(BATCH, 64).
-define(WINDOW, 256).

main([Mode, Role, MyPort, PeerPort, N]) ->
    {ok, S} = socket:open(inet, dgram),
    ok = socket:setopt(S, {socket, rcvbuf}, 1 bsl 20),
    ok = socket:bind(S, #{family => inet, addr => loopback, port => list_to_integer(MyPort)}),
    Peer = #{family => inet, addr => loopback, port => list_to_integer(PeerPort)},
    run(Mode, Role, S, Peer, list_to_integer(N)),
    halt(0).

run("rr", "server", S, _Peer, _N) -> serve(S);
run("rr", "client", S, Peer, N) ->
    Data = binary:copy(<<7>>, ?SIZE),
    T0 = erlang:monotonic_time(),
    rr(S, Peer, Data, N),
    T = erlang:convert_time_unit(erlang:monotonic_time() - T0, native, microsecond) / 1.0e6,
    ok = socket:sendto(S, <<0>>, Peer),
    io:format("~w ~f~n", [N, T]);
run(_, "send", S, Peer, N) -> send(S, Peer, binary:copy(<<7>>, ?SIZE), 0, 0, N);
run(_, "recv", S, Peer, N) -> recv(S, Peer, 0, 0, N).

serve(S) ->
    case socket:recvfrom(S, ?SIZE) of
        {ok, {_, <<_>>}} -> ok;
        {ok, {From, D}} -> ok = socket:sendto(S, D, From), serve(S)
    end.

rr(_S, _Peer, _Data, 0) -> ok;
rr(S, Peer, Data, I) ->
    ok = socket:sendto(S, Data, Peer),
    {ok, _} = socket:recv(S, ?SIZE),
    rr(S, Peer, Data, I - 1).

send(_S, _Peer, _Data, _Sent, Acked, N) when Acked >= N -> ok;
send(S, Peer, Data, Sent, Acked, N) when Sent < N, Sent - Acked < ?WINDOW ->
    ok = socket:sendto(S, Data, Peer),
    send(S, Peer, Data, Sent + 1, Acked, N);
send(S, Peer, Data, Sent, Acked, N) ->
    {ok, <<Got:64/little-signed>>} = socket:recv(S, 8),
    send(S, Peer, Data, Sent, max(Got, Acked), N).

recv(_S, _Peer, Got, T0, N) when Got >= N ->
    T = erlang:convert_time_unit(erlang:monotonic_time() - T0, native, microsecond) / 1.0e6,
    io:format("~w ~f~n", [Got - 1, T]);
recv(S, Peer, Got, T0, N) ->
    {ok, _} = socket:recvfrom(S, ?SIZE),
    T1 = case Got of 0 -> erlang:monotonic_time(); _ -> T0 end,
    G = Got + 1,
    case G rem ?BATCH =:= 0 orelse G =:= N of
        true -> ok = socket:sendto(S, <<G:64/little-signed>>, Peer);
        false -> ok
    end,
    recv(S, Peer, G, T1, N).
