#!/usr/bin/env escript
%% Scenario: ioctl/2,3 on the loopback interface: gifconf lists lo, gifname of index 1,
%% gifindex of lo, gifflags and gifaddr of lo.
-mode(compile).
-include("common.hrl").
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
