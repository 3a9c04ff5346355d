#!/usr/bin/env escript
%% Scenario: join and leave a multicast group on the loopback interface (no traffic
%% is sent); drop a group never joined.
-mode(compile).
-include("common.hrl").
main(_) ->
    logger:set_primary_config(level, none),

    {ok, U} = socket:open(inet, dgram, udp),
    ok = socket:bind(U, #{family => inet, addr => any, port => 0}),
    Req = #{multiaddr => {239,255,77,77}, interface => {127,0,0,1}},
    step(join, socket:setopt(U, {ip, add_membership}, Req)),
    step(join_twice, socket:setopt(U, {ip, add_membership}, Req)),
    step(multicast_if, {socket:setopt(U, {ip, multicast_if}, {127,0,0,1}), socket:getopt(U, {ip, multicast_if})}),
    step(leave, socket:setopt(U, {ip, drop_membership}, Req)),
    step(leave_again, socket:setopt(U, {ip, drop_membership}, Req)),
    step(bad_req, socket:setopt(U, {ip, add_membership}, #{multiaddr => {1,2,3,4}})).
