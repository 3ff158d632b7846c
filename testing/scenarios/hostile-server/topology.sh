# topology.sh (sourced by testing/run after the standard topology, before
# charon starts): test servers and captures are up before the first probe.
#
# inet gets 192.0.2.1 (servers probed only through hq's eth2) and 192.0.2.2
# (control, probed through eth0). hq routes 192.0.2.0/24 through both
# uplinks with eth0 preferred, so a probe that ignores its interface would
# leave through eth0. 172.16.2.1 (inet's dc side) is routed only via eth0;
# a probe bound to eth2 must take it on-link through eth2 (inet answers ARP
# for all its addresses) and never through eth0.
ip -n "$(lab_ns inet)" addr add 192.0.2.1/32 dev lo || return 1
ip -n "$(lab_ns inet)" addr add 192.0.2.2/32 dev lo || return 1
ip netns exec "$(lab_ns inet)" sysctl -qw net.ipv4.conf.all.arp_ignore=0 \
	net.ipv4.conf.eth-hq2.arp_ignore=0 || return 1
ip -n "$(lab_ns hq)" route add 192.0.2.0/24 via 172.16.1.1 dev eth0 metric 10 || return 1
ip -n "$(lab_ns hq)" route add 192.0.2.0/24 via 172.16.4.1 dev eth2 metric 20 || return 1
# answers to eth2's address come back on eth2 while eth0 is the preferred
# route to their source: loose reverse path filter
ip netns exec "$(lab_ns hq)" sysctl -qw net.ipv4.conf.all.rp_filter=2 \
	net.ipv4.conf.eth2.rp_filter=2 || return 1
lab_exec hq ./captures.sh || return 1
lab_exec inet ./servers-inet.sh || return 1
lab_exec hqlan ./servers-hqlan.sh || return 1
