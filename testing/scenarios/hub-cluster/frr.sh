#!/bin/bash
# frr.sh HOST: write HOST's FRR configuration (bgpd, zebra) and start both
# daemons in HOST's namespace, each in a mount namespace of its own with a
# private /run (Debian's frr service stays off; nothing runs on the host)
# frr.sh HOST vtysh ARGS...: run vtysh against HOST's daemons
h=$1
d=$LAB_DIR/$h/frr
ns=${LAB_PREFIX}$h
if [ "${2:-}" = vtysh ]; then
	shift 2
	exec ip netns exec "$ns" vtysh --vty_socket "$d" "$@"
fi
mkdir -p "$d"
case "$h" in
dcr)
	cat > "$d/frr.conf" <<-CONF
	frr defaults traditional
	hostname dcr
	!
	ip prefix-list HUB-ROUTES seq 5 permit 198.51.100.10/32
	ip prefix-list HUB-ROUTES seq 10 permit 10.100.0.0/16 le 32
	!
	route-map FROM-HUBS permit 10
	 match ip address prefix-list HUB-ROUTES
	exit
	route-map TO-HUBS deny 10
	exit
	!
	router bgp 65000
	 bgp router-id 172.21.0.2
	 bgp log-neighbor-changes
	 timers bgp 1 3
	 neighbor HUBS peer-group
	 neighbor HUBS remote-as 65010
	 neighbor HUBS timers connect 1
	 neighbor 172.21.1.2 peer-group HUBS
	 neighbor 172.21.2.2 peer-group HUBS
	 !
	 address-family ipv4 unicast
	  maximum-paths 4
	  neighbor HUBS route-map FROM-HUBS in
	  neighbor HUBS route-map TO-HUBS out
	 exit-address-family
	exit
	CONF
	;;
hub1|hub2)
	n=${h#hub}
	cat > "$d/frr.conf" <<-CONF
	frr defaults traditional
	hostname $h
	!
	! the plugin's routes to the clients whose tunnels this hub holds
	ip import-table 199
	!
	ip prefix-list ANYCAST seq 5 permit 198.51.100.10/32
	ip prefix-list CLIENTS seq 5 permit 10.100.0.0/16 le 32
	!
	route-map TO-DCR permit 10
	 match ip address prefix-list ANYCAST
	exit
	route-map TO-DCR permit 20
	 match ip address prefix-list CLIENTS
	exit
	route-map FROM-DCR deny 10
	exit
	!
	router bgp 65010
	 bgp router-id 172.21.$n.2
	 timers bgp 1 3
	 neighbor 172.21.$n.1 remote-as 65000
	 neighbor 172.21.$n.1 timers connect 1
	 !
	 address-family ipv4 unicast
	  network 198.51.100.10/32
	  redistribute table 199
	  neighbor 172.21.$n.1 route-map FROM-DCR in
	  neighbor 172.21.$n.1 route-map TO-DCR out
	 exit-address-family
	exit
	CONF
	;;
*)
	echo "frr.sh: no configuration for $h" >&2
	exit 1
	;;
esac
chown -R frr:frr "$d"
common="-f $d/frr.conf -z $d/zserv.api --vty_socket $d -P 0 -u frr -g frr -d"
ip netns exec "$ns" unshare -m sh -c "mount -t tmpfs -o mode=0755 tmpfs /run &&
	mkdir -p /run/frr && chown frr:frr /run/frr &&
	/usr/lib/frr/zebra $common -i $d/zebra.pid --log file:$d/zebra.log &&
	/usr/lib/frr/bgpd $common -i $d/bgpd.pid --log file:$d/bgpd.log" \
	> "$d/start.log" 2>&1 < /dev/null || {
	cat "$d/start.log"
	exit 1
}
echo "FRR started on $h"
