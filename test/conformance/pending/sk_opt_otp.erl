#!/usr/bin/env escript
%% pending: setopt of the get-only {otp, fd} and {otp, domain}: OTP 25 answers {invalid, {otp_socket_option, 1008 or 1999}} (its internal option numbers); beamlet {invalid, {socket_option, {otp, fd}}}
%% Scenario: the otp level: rcvbuf, rcvctrlbuf, sndctrlbuf, debug, iow,
%% controlling_process, meta, use_registry, fd, domain; set and read back; bad values.
-mode(compile).
-include("../scenarios/common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {ok, S} = socket:open(inet, stream, tcp),
    Get = fun(O) -> socket:getopt(S, {otp, O}) end,
    step(defaults, [{O, Get(O)} || O <- [rcvbuf, rcvctrlbuf, sndctrlbuf, debug, iow, meta, use_registry, domain]]),
    step(controlling_process, Get(controlling_process) =:= {ok, self()}),
    {ok, Fd} = Get(fd),
    step(fd_is_int, is_integer(Fd) andalso Fd > 2),
    step(set_rcvbuf, socket:setopt(S, {otp, rcvbuf}, 4096)),
    step(rcvbuf, Get(rcvbuf)),
    step(set_rcvbuf_n, socket:setopt(S, {otp, rcvbuf}, {2, 1024})),
    step(rcvbuf_n, Get(rcvbuf)),
    step(set_meta, socket:setopt(S, {otp, meta}, {any, [term]})),
    step(meta, Get(meta)),
    step(set_iow, socket:setopt(S, {otp, iow}, true)),
    step(iow, Get(iow)),
    step(set_fd, attempt(fun() -> socket:setopt(S, {otp, fd}, 5) end)),
    step(set_domain, attempt(fun() -> socket:setopt(S, {otp, domain}, inet6) end)),
    step(bad_rcvbuf, socket:setopt(S, {otp, rcvbuf}, -1)),
    step(unknown_otp, socket:getopt(S, {otp, no_such_opt})).
