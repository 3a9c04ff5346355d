#!/usr/bin/env escript
%% Scenario: ioctl/2,3 on the loopback interface: gifconf lists lo, gifname of index 1,
%% gifindex of lo, gifflags and gifaddr of lo.
-mode(compile).
-compile([nowarn_unused_function, nowarn_unused_vars]).
main(_) ->
    logger:set_primary_config(level, none),

    {ok, S} = socket:open(inet, dgram, udp),
    {ok, Conf} = socket:ioctl(S, gifconf),
    step(gifconf_lo, [maps:remove(addr, I) || #{name := "lo"} = I <- Conf]),
    step(gifconf_lo_addr, [maps:get(addr, I) || #{name := "lo"} = I <- Conf]),
    step(gifname, socket:ioctl(S, gifname, 1)),
    step(gifindex, socket:ioctl(S, gifindex, "lo")),
    {ok, Flags} = socket:ioctl(S, gifflags, "lo"),
    step(gifflags, lists:sort(Flags)),
    step(gifaddr, socket:ioctl(S, gifaddr, "lo")),
    step(gifnetmask, socket:ioctl(S, gifnetmask, "lo")),
    step(gifmtu, element(1, socket:ioctl(S, gifmtu, "lo"))),
    step(unknown_if, socket:ioctl(S, gifindex, "no_such_if0")),
    step(bad_request, attempt(fun() -> socket:ioctl(S, no_such_request) end)).

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
