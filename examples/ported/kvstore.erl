#!/usr/bin/env escript
%% A small TCP key-value server with a line protocol, on OTP's socket module and a
%% gen_server. The original of examples/ported/kvstore.ts, which follows it line for line.
%%
%%   escript examples/ported/kvstore.erl [Port]     (port 0 or none: any free port)
%%
%% Requests, one per line:  PUT Key Value | GET Key | DEL Key | KEYS
%% Answers, one per line:   OK | VALUE Value | NOT_FOUND | KEYS K1 K2... | ERROR Why
-module(kvstore).
-mode(compile).
-behaviour(gen_server).
-export([main/1, init/1, handle_call/3, handle_cast/2]).

%% ---- The store: a gen_server holding a map ----------------------------------------

init([]) ->
    {ok, #{}}.

handle_call({put, Key, Value}, _From, Store) ->
    {reply, ok, Store#{Key => Value}};
handle_call({get, Key}, _From, Store) ->
    {reply, maps:find(Key, Store), Store};
handle_call({del, Key}, _From, Store) ->
    case maps:is_key(Key, Store) of
        true -> {reply, ok, maps:remove(Key, Store)};
        false -> {reply, not_found, Store}
    end;
handle_call(keys, _From, Store) ->
    {reply, lists:sort(maps:keys(Store)), Store}.

handle_cast(_Msg, Store) ->
    {noreply, Store}.

%% ---- The protocol: one request line in, one answer line out -----------------------

handle_line(Line) ->
    case binary:split(Line, <<" ">>, [global, trim_all]) of
        [<<"PUT">>, Key | Words] when Words =/= [] ->
            ok = gen_server:call(kvstore, {put, Key, lists:join(<<" ">>, Words)}),
            <<"OK">>;
        [<<"GET">>, Key] ->
            case gen_server:call(kvstore, {get, Key}) of
                {ok, Value} -> [<<"VALUE ">>, Value];
                error -> <<"NOT_FOUND">>
            end;
        [<<"DEL">>, Key] ->
            case gen_server:call(kvstore, {del, Key}) of
                ok -> <<"OK">>;
                not_found -> <<"NOT_FOUND">>
            end;
        [<<"KEYS">>] ->
            lists:join(<<" ">>, [<<"KEYS">> | gen_server:call(kvstore, keys)]);
        [] ->
            <<"ERROR empty line">>;
        [Cmd | _] ->
            [<<"ERROR unknown command ">>, Cmd]
    end.

%% ---- Connections: one process each, reading lines until the peer closes -----------

serve(Sock, Buf) ->
    case socket:recv(Sock, 0) of
        {ok, Data} ->
            Rest = answer(Sock, <<Buf/binary, Data/binary>>),
            serve(Sock, Rest);
        {error, _} ->
            socket:close(Sock)
    end.

answer(Sock, Buf) ->
    case binary:split(Buf, <<"\n">>) of
        [Line, Rest] ->
            ok = socket:send(Sock, [handle_line(trim_cr(Line)), <<"\n">>]),
            answer(Sock, Rest);
        [Partial] ->
            Partial
    end.

%% Bytes, not characters: string:trim/3 would raise on a line that is not UTF-8.
trim_cr(Line) ->
    Size = byte_size(Line) - 1,
    case Line of
        <<Init:Size/binary, $\r>> -> trim_cr(Init);
        _ -> Line
    end.

accept_loop(LSock) ->
    {ok, Sock} = socket:accept(LSock),
    Pid = spawn(fun() -> receive go -> serve(Sock, <<>>) end end),
    ok = socket:setopt(Sock, {otp, controlling_process}, Pid),
    Pid ! go,
    accept_loop(LSock).

%% ---- Start: the store, the listen socket, the acceptor ----------------------------

main(Args) ->
    Port = case Args of [P] -> list_to_integer(P); [] -> 0 end,
    {ok, _} = gen_server:start({local, kvstore}, ?MODULE, [], []),
    {ok, LSock} = socket:open(inet, stream),
    ok = socket:setopt(LSock, {socket, reuseaddr}, true),
    ok = socket:bind(LSock, #{family => inet, addr => loopback, port => Port}),
    ok = socket:listen(LSock),
    {ok, #{port := Bound}} = socket:sockname(LSock),
    io:format("kvstore listening on 127.0.0.1:~w~n", [Bound]),
    accept_loop(LSock).
