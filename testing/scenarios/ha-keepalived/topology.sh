# topology.sh: a second HA gateway hq2 (WAN 172.16.5.2 via inet) and a LAN
# switch (namespace sw, bridge br0) joining hq (hq1), hq2 and hqlan; VIP
# 10.1.0.1 by keepalived (started in pretest.dat)
ip -n "$(lab_ns hq)" link del eth1 || return 1
ip netns add "$(lab_ns hq2)" || return 1
ip netns add "$(lab_ns sw)" || return 1
for h in hq2 sw; do
	ip -n "$(lab_ns $h)" link set lo up
done
ip netns exec "$(lab_ns hq2)" sysctl -qw net.ipv4.ip_forward=1
lab_link inet eth-hqb 172.16.5.1/24 hq2 eth0 172.16.5.2/24 || return 1
ip -n "$(lab_ns hq2)" route add default via 172.16.5.1
ip -n "$(lab_ns sw)" link add br0 type bridge
ip -n "$(lab_ns sw)" link set br0 up
n=0
for spec in hq:10.1.0.2/24 hq2:10.1.0.3/24 hqlan:10.1.0.10/24; do
	h=${spec%%:*}
	n=$((n + 1))
	ip -n "$(lab_ns sw)" link add p$n type veth peer name eth1 netns "$(lab_ns $h)" || return 1
	ip -n "$(lab_ns sw)" link set p$n master br0 up
	if [ "$h" = hqlan ]; then
		ip -n "$(lab_ns $h)" link set eth1 name eth0
		ip -n "$(lab_ns $h)" addr add "${spec#*:}" dev eth0
		ip -n "$(lab_ns $h)" link set eth0 up
		ip -n "$(lab_ns $h)" route replace default via 10.1.0.1
	else
		ip -n "$(lab_ns $h)" addr add "${spec#*:}" dev eth1
		ip -n "$(lab_ns $h)" link set eth1 up
	fi
done
mkdir -p "$LAB_DIR/hq2"
cp "$LAB_SCENARIO_DIR/node2.swanctl.conf" "$LAB_DIR/hq2/swanctl.conf"
sed "s|@HOST_DIR@|$LAB_DIR/hq2|g" "$LAB_SCENARIO_DIR/ha.strongswan.conf" \
	> "$LAB_DIR/hq2/strongswan.local.conf"
LAB_EXTRA_HOSTS="hq2"
