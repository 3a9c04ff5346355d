#!/usr/bin/env escript
%% The OTP side of bench/socket/run.ts: every workload on OTP's `socket` module, one
%% process per connection where the workload has several, speaking the wire protocol
%% described at the top of run.ts. OTP 25 has no sendmmsg/recvmmsg, so `udp_mmsg` is not
%% offered here.
%%
%%   escript bench/socket/otp.erl server WORKLOAD
%%   escript bench/socket/otp.erl client WORKLOAD PORT SECONDS BYTES
-mode(compile).

-define(MSG, 64).
-define(CHUNK, 65536).
-define(CONNECTS, 10000).
-define(CONC, 1000).
-define(CONC_RTS, 100).
-define(WIN, 256).
-define(ACK_EVERY, 64).
-define(RCVBUF, 4194304).
-define(REPS, 5). % two warm-ups, as on the JIT sides, three measured
-define(ADDR(Port), #{family => inet, addr => loopback, port => Port}).

main(["server", W]) ->
    server(list_to_atom(W));
main(["client", W, P, S, B]) ->
    put(port, list_to_integer(P)),
    put(seconds, number(S)),
    put(bytes, list_to_integer(B)),
    client(list_to_atom(W));
main(_) ->
    io:format(standard_error, "usage: otp.erl server WORKLOAD | otp.erl client WORKLOAD PORT SECONDS BYTES~n", []),
    halt(2).

number(S) ->
    case string:to_float(S) of
        {F, []} -> F;
        _ -> list_to_integer(S) * 1.0
    end.

secs() -> erlang:monotonic_time(nanosecond) / 1.0e9.

%% ---- servers

server(W) when W =:= udp_stream; W =:= udp_rr ->
    {ok, S} = socket:open(inet, dgram, udp),
    ok = socket:bind(S, ?ADDR(0)),
    ok = socket:setopt(S, {socket, rcvbuf}, ?RCVBUF),
    announce(S),
    case W of
        udp_stream -> udp_sink(S, 0);
        udp_rr -> udp_echo(S)
    end;
server(W) ->
    {ok, L} = socket:open(inet, stream, tcp),
    ok = socket:bind(L, ?ADDR(0)),
    ok = socket:listen(L, 4096),
    announce(L),
    accept_loop(W, L).

announce(S) ->
    {ok, #{port := P}} = socket:sockname(S),
    io:format("PORT ~p~n", [P]).

accept_loop(W, L) ->
    {ok, C} = socket:accept(L),
    case W of
        tcp_connect -> socket:close(C);
        tcp_stream ->
            %% Read up to a whole 64 KiB write per call, as C and Node do (the default is 8 KiB).
            ok = socket:setopt(C, {otp, rcvbuf}, ?CHUNK),
            spawn_handler(C, fun() -> sink(C, 0) end);
        _ -> ok = socket:setopt(C, {tcp, nodelay}, true), spawn_handler(C, fun() -> echo(C) end)
    end,
    accept_loop(W, L).

spawn_handler(C, Fun) ->
    Pid = spawn(fun() -> receive go -> Fun() end end),
    ok = socket:setopt(C, {otp, controlling_process}, Pid),
    Pid ! go.

echo(C) ->
    case socket:recv(C, 0) of
        {ok, Data} -> ok = socket:send(C, Data), echo(C);
        {error, _} -> socket:close(C)
    end.

sink(C, Total) ->
    case socket:recv(C, 0) of
        {ok, Data} -> sink(C, Total + byte_size(Data));
        {error, closed} -> ok = socket:send(C, <<Total:64/little>>), socket:close(C)
    end.

udp_sink(S, Count0) ->
    {ok, {From, _}} = socket:recvfrom(S),
    Count = (Count0 + 1) band 16#ffffffff,
    case Count rem ?ACK_EVERY of
        0 -> ok = socket:sendto(S, <<Count:32/little>>, From);
        _ -> ok
    end,
    udp_sink(S, Count).

udp_echo(S) ->
    {ok, {From, Data}} = socket:recvfrom(S),
    ok = socket:sendto(S, Data, From),
    udp_echo(S).

%% ---- clients: each returns the rate of one repetition

client(W) ->
    Runs = [measured(W) || _ <- lists:seq(1, ?REPS)],
    [{_, _}, {Warm, _} | Reps] = Runs,
    io:format("{\"warm\":~p,\"reps\":[~s],\"cpu\":[~s]}~n",
              [Warm, lists:join(",", [io_lib:format("~p", [R]) || {R, _} <- Reps]),
               lists:join(",", [io_lib:format("~p", [C]) || {_, C} <- Reps])]),
    halt(0).

%% The rate of one repetition and the CPU seconds it cost, client and server, per unit of rate.
measured(W) ->
    W0 = secs(),
    C0 = cpu_now(),
    R = run(W),
    {R, (cpu_now() - C0) / (R * (secs() - W0))}.

%% CPU seconds of this client and of the server, which the runner names in BENCH_SERVER_PIDS.
cpu_now() ->
    Pids = string:lexemes(os:getenv("BENCH_SERVER_PIDS", ""), ","),
    lists:sum([cpu_of(P) || P <- [os:getpid() | Pids]]).

%% CPU seconds (user + system, all threads) of one process, from /proc/PID/stat; USER_HZ is 100.
cpu_of(Pid) ->
    case file:read_file("/proc/" ++ Pid ++ "/stat") of
        {ok, Stat} ->
            {Pos, _} = lists:last(binary:matches(Stat, <<")">>)),
            %% After the command name: state and ten more fields, then utime and stime.
            Fields = binary:split(binary:part(Stat, Pos + 2, byte_size(Stat) - Pos - 2), <<" ">>, [global]),
            (binary_to_integer(lists:nth(12, Fields)) + binary_to_integer(lists:nth(13, Fields))) / 100;
        {error, _} -> 0
    end.

connected(Type, Proto) ->
    {ok, S} = socket:open(inet, Type, Proto),
    ok = socket:connect(S, ?ADDR(get(port))),
    S.

tcp_connected() ->
    S = connected(stream, tcp),
    ok = socket:setopt(S, {tcp, nodelay}, true),
    S.

run(tcp_pingpong) ->
    S = case get(pp) of undefined -> put(pp, tcp_connected()), get(pp); P -> P end,
    T0 = secs(),
    pingpong(S, <<0:(?MSG * 8)>>, T0, 0);
run(tcp_stream) ->
    S = connected(stream, tcp),
    Chunk = <<0:(?CHUNK * 8)>>,
    T0 = secs(),
    Sent = stream(S, Chunk, T0, 0),
    ok = socket:shutdown(S, write),
    {ok, <<Total:64/little>>} = socket:recv(S, 8),
    T = secs() - T0,
    socket:close(S),
    Total =:= Sent orelse error({stream_mismatch, Sent, Total}),
    Total / T / 1.0e9;
run(tcp_connect) ->
    T0 = secs(),
    N = connects(T0, 0),
    N / (secs() - T0);
run(tcp_concurrent) ->
    Parent = self(),
    Port = get(port),
    Pids = [spawn_link(fun() -> put(port, Port), conc_client(Parent) end) || _ <- lists:seq(1, ?CONC)],
    [receive {ready, P} -> ok end || P <- Pids],
    T0 = secs(),
    Deadline = T0 + 3 * get(seconds),
    [P ! {go, Deadline} || P <- Pids],
    Total = lists:sum([receive {done, P, N} -> N end || P <- Pids]),
    Total / (secs() - T0);
run(udp_stream) ->
    S = udp_sock(),
    Start = get(sent),
    T0 = secs(),
    udp_stream(S, <<0:(?MSG * 8)>>, T0),
    udp_wait(S, 0),
    (get(sent) - Start) / (secs() - T0);
run(udp_rr) ->
    S = udp_sock(),
    T0 = secs(),
    udp_rr(S, <<0:(?MSG * 8)>>, T0, 0).

pingpong(S, Msg, T0, N) ->
    T = secs() - T0,
    case T >= get(seconds) of
        true -> N / T;
        false -> pingpong_batch(S, Msg, 256), pingpong(S, Msg, T0, N + 256)
    end.

pingpong_batch(_, _, 0) -> ok;
pingpong_batch(S, Msg, K) ->
    ok = socket:send(S, Msg),
    {ok, _} = socket:recv(S, ?MSG),
    pingpong_batch(S, Msg, K - 1).

stream(S, Chunk, T0, Sent) ->
    case Sent < get(bytes) andalso secs() - T0 < 3 * get(seconds) of
        true -> stream_batch(S, Chunk, 64), stream(S, Chunk, T0, Sent + 64 * ?CHUNK);
        false -> Sent
    end.

stream_batch(_, _, 0) -> ok;
stream_batch(S, Chunk, K) -> ok = socket:send(S, Chunk), stream_batch(S, Chunk, K - 1).

connects(T0, N) ->
    case N < ?CONNECTS andalso secs() - T0 < 3 * get(seconds) of
        true ->
            S = connected(stream, tcp),
            {error, closed} = socket:recv(S, 1),
            socket:close(S),
            connects(T0, N + 1);
        false -> N
    end.

conc_client(Parent) ->
    S = tcp_connected(),
    Parent ! {ready, self()},
    Deadline = receive {go, D} -> D end,
    N = conc_rts(S, <<0:(?MSG * 8)>>, Deadline, 0),
    socket:close(S),
    Parent ! {done, self(), N}.

conc_rts(_, _, _, ?CONC_RTS) -> ?CONC_RTS;
conc_rts(S, Msg, Deadline, N) ->
    ok = socket:send(S, Msg),
    {ok, _} = socket:recv(S, ?MSG),
    case secs() < Deadline of
        true -> conc_rts(S, Msg, Deadline, N + 1);
        false -> N + 1
    end.

udp_sock() ->
    case get(udp) of
        undefined ->
            S = connected(dgram, udp),
            put(udp, S), put(sent, 0), put(acked, 0),
            S;
        S -> S
    end.

%% Waits for acks until at most Inflight datagrams are unacknowledged.
udp_wait(S, Inflight) ->
    case get(sent) - get(acked) > Inflight of
        true ->
            case socket:recv(S, 0, 1000) of
                {ok, <<A:32/little>>} -> put(acked, max(A, get(acked))), udp_wait(S, Inflight);
                {error, timeout} ->
                    io:format(standard_error, "udp: no ack for 1 s, ~p unacknowledged~n", [get(sent) - get(acked)]),
                    halt(1)
            end;
        false -> ok
    end.

udp_stream(S, Msg, T0) ->
    udp_window(S, Msg, ?ACK_EVERY),
    case secs() - T0 >= get(seconds) of
        true -> ok;
        false -> udp_stream(S, Msg, T0)
    end.

udp_window(_, _, 0) -> ok;
udp_window(S, Msg, K) ->
    udp_wait(S, ?WIN - 1),
    ok = socket:send(S, Msg),
    put(sent, get(sent) + 1),
    udp_window(S, Msg, K - 1).

udp_rr(S, Msg, T0, N) ->
    T = secs() - T0,
    case T >= get(seconds) of
        true -> N / T;
        false -> udp_rr_batch(S, Msg, 256), udp_rr(S, Msg, T0, N + 256)
    end.

udp_rr_batch(_, _, 0) -> ok;
udp_rr_batch(S, Msg, K) ->
    ok = socket:send(S, Msg),
    case socket:recv(S, 0, 1000) of
        {ok, _} -> udp_rr_batch(S, Msg, K - 1);
        {error, timeout} -> io:format(standard_error, "udp_rr: no answer for 1 s~n", []), halt(1)
    end.
