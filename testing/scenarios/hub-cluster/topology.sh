# topology.sh: a hub cluster behind a data-center router (sourced by
# testing/run with the lab functions)
#
#   c1..c8 --- inet --- dcr (FRR, AS 65000) --- dchost 10.0.9.10
#                        |  eth-h1      | eth-h2
#                       hub1          hub2      (charon + FRR, AS 65010)
#
# inet routes the anycast address 198.51.100.10 to dcr; hub1 and hub2 both
# hold it on lo and announce it over eBGP, and dcr load-shares over them
# (ECMP, a fixed hash seed so that every run places the clients alike).
# Clients c1..c8 (inside 10.100.N.0/24) reach the anycast address through
# the WAN; each hub announces a route to every client whose tunnel it
# holds: the plugin's routes (table 199), imported by zebra.
ANYCAST=198.51.100.10
add_host()
{
	ip netns add "$(lab_ns "$1")" || return 1
	ip -n "$(lab_ns "$1")" link set lo up
	ip netns exec "$(lab_ns "$1")" sysctl -qw net.ipv4.ip_forward=1
	mkdir -p "$LAB_DIR/$1"
}
for h in dcr dchost hub1 hub2; do
	add_host $h || return 1
done
lab_link inet eth-dcr 172.21.0.1/30 dcr eth0 172.21.0.2/30 || return 1
lab_link dcr eth-h1 172.21.1.1/30 hub1 eth0 172.21.1.2/30 || return 1
lab_link dcr eth-h2 172.21.2.1/30 hub2 eth0 172.21.2.2/30 || return 1
lab_link dcr eth-lan 10.0.9.1/24 dchost eth0 10.0.9.10/24 || return 1
ip -n "$(lab_ns inet)" route add $ANYCAST/32 via 172.21.0.2
ip -n "$(lab_ns dcr)" route add default via 172.21.0.1
# the same hash on every run (kernels before 6.11 lack the seed: random)
ip netns exec "$(lab_ns dcr)" sysctl -qw net.ipv4.fib_multipath_hash_seed=7 || true
ip -n "$(lab_ns dchost)" route add default via 10.0.9.1
n=0
for h in hub1 hub2; do
	n=$((n + 1))
	ip -n "$(lab_ns $h)" addr add $ANYCAST/32 dev lo
	# inside the protected net: the source of charon's routes and probes
	ip -n "$(lab_ns $h)" addr add 10.0.9.25$n/32 dev lo
	ip -n "$(lab_ns $h)" route add default via 172.21.$n.1
done
for n in $(seq 1 8); do
	h=c$n
	add_host $h || return 1
	lab_link inet eth-c$n 172.18.$n.1/24 $h eth0 172.18.$n.2/24 || return 1
	ip -n "$(lab_ns $h)" route add default via 172.18.$n.1
	ip -n "$(lab_ns $h)" addr add 10.100.$n.1/32 dev lo
	sed -e "s/@N@/$n/g" "$LAB_SCENARIO_DIR/client.swanctl.conf" \
		> "$LAB_DIR/$h/swanctl.conf"
	cp "$LAB_SCENARIO_DIR/client.strongswan.conf" \
		"$LAB_DIR/$h/strongswan.local.conf"
	LAB_EXTRA_HOSTS="$LAB_EXTRA_HOSTS $h"
done
