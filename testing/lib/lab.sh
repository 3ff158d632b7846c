# lab.sh - network-namespace lab with real charon daemons
#
# Sourced by testing/run. Builds the standard topology below out of network
# namespaces and veth pairs, starts one charon (the installed
# /usr/lib/ipsec/charon, or charon-systemd with LAB_DAEMON=charon-systemd,
# with kernel-libipsec) per gateway namespace in its own
# mount namespace with a private /run, and tears everything down again.
#
#                       +--------+
#     hqlan --- hq -----|  inet  |----- dc ---- srv (10.0.0.135)
#  10.1.0.10  10.1.0.1  | router |----- dr ----/
#                       +--------+
#
#   hq    eth0 172.16.1.2/24 (WAN, gw 172.16.1.1)  eth1 10.1.0.1/24 (LAN)
#         eth2 172.16.4.2/24 (second uplink "wan2", no route by default)
#   dc    eth0 172.16.2.2/24 (WAN, gw 172.16.2.1)  eth1 10.0.1.1/30 (to srv)
#         lo 10.0.0.1/32
#   dr    eth0 172.16.3.2/24 (WAN, gw 172.16.3.1)  eth1 10.0.2.1/30 (to srv)
#         lo 10.0.0.2/32
#   srv   eth0 10.0.1.2/30 (dc)  eth1 10.0.2.2/30 (dr)  lo 10.0.0.135/32
#   hqlan eth0 10.1.0.10/24 (gw 10.1.0.1)
#   inet  eth-hq 172.16.1.1/24  eth-dc 172.16.2.1/24  eth-dr 172.16.3.1/24
#         eth-hq2 172.16.4.1/24
#
# All addresses live inside namespaces created here; nothing leaves the
# machine. Namespaces are named lm<runner pid>-<host>.
#
# Copyright (C) 2026 strongswan-link-monitor authors
# SPDX-License-Identifier: GPL-2.0-or-later

# the IKE daemon: LAB_DAEMON=charon (strongswan-charon, the default) or
# charon-systemd (package charon-systemd; it reads the charon-systemd
# section of strongswan.conf and falls back to charon's, so the generated
# configuration serves both); LAB_CHARON=PATH names any other binary
case "${LAB_DAEMON:-charon}" in
charon) LAB_CHARON=${LAB_CHARON:-/usr/lib/ipsec/charon} ;;
charon-systemd) LAB_CHARON=${LAB_CHARON:-/usr/sbin/charon-systemd} ;;
*) echo "lab: LAB_DAEMON must be charon or charon-systemd" >&2; exit 2 ;;
esac
LAB_HOSTS_ALL="inet hq hqlan dc dr srv"
LAB_PREFIX="lm$$-"
LAB_CHARON_PIDS=""
LAB_CHARON_PRELOAD=${LAB_CHARON_PRELOAD:-}
# another build of the plugin (e.g. with ASan), bind-mounted over the
# installed one in each charon's own mount namespace only
LAB_PLUGIN=${LAB_PLUGIN:-}

# name of a host's namespace
lab_ns()
{
	echo "$LAB_PREFIX$1"
}

# run a command in a host's namespace, with the host's environment
lab_exec()
{
	local host=$1
	shift
	if [ "$host" = lab ]; then
		( cd "$LAB_SCENARIO_DIR" && "$@" )
		return
	fi
	( cd "$LAB_SCENARIO_DIR" && \
	  ip netns exec "$(lab_ns "$host")" env \
		STRONGSWAN_CONF="$LAB_DIR/$host/strongswan.conf" \
		LINKMON_SOCKET="unix://$LAB_DIR/$host/charon.lnkmon" \
		HOST="$host" HOST_DIR="$LAB_DIR/$host" LOG="$LAB_DIR/$host/charon.log" \
		"$@" )
}

# veth pair between two hosts: lab_link HOST1 IF1 ADDR1 HOST2 IF2 ADDR2
lab_link()
{
	local ns1 ns2
	ns1=$(lab_ns "$1")
	ns2=$(lab_ns "$4")
	ip -n "$ns1" link add "$2" type veth peer name "$5" netns "$ns2" || return 1
	ip -n "$ns1" addr add "$3" dev "$2" || return 1
	ip -n "$ns2" addr add "$6" dev "$5" || return 1
	ip -n "$ns1" link set "$2" up || return 1
	ip -n "$ns2" link set "$5" up || return 1
}

# build the standard topology
lab_topology()
{
	local h ns
	for h in $LAB_HOSTS_ALL; do
		ns=$(lab_ns "$h")
		ip netns add "$ns" || return 1
		ip -n "$ns" link set lo up
		ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=1 \
			net.ipv6.conf.all.forwarding=1
		mkdir -p "$LAB_DIR/$h"
	done
	lab_link inet eth-hq 172.16.1.1/24 hq eth0 172.16.1.2/24 &&
	lab_link inet eth-dc 172.16.2.1/24 dc eth0 172.16.2.2/24 &&
	lab_link inet eth-dr 172.16.3.1/24 dr eth0 172.16.3.2/24 &&
	lab_link inet eth-hq2 172.16.4.1/24 hq eth2 172.16.4.2/24 &&
	lab_link hq eth1 10.1.0.1/24 hqlan eth0 10.1.0.10/24 &&
	lab_link dc eth1 10.0.1.1/30 srv eth0 10.0.1.2/30 &&
	lab_link dr eth1 10.0.2.1/30 srv eth1 10.0.2.2/30 || return 1
	ip -n "$(lab_ns hq)" route add default via 172.16.1.1
	ip -n "$(lab_ns dc)" route add default via 172.16.2.1
	ip -n "$(lab_ns dr)" route add default via 172.16.3.1
	ip -n "$(lab_ns hqlan)" route add default via 10.1.0.1
	ip -n "$(lab_ns srv)" addr add 10.0.0.135/32 dev lo
	# gateways own an address inside the protected net, as the source of the
	# routes charon installs for their tunnels
	ip -n "$(lab_ns dc)" addr add 10.0.0.1/32 dev lo
	ip -n "$(lab_ns dr)" addr add 10.0.0.2/32 dev lo
	ip -n "$(lab_ns dc)" route add 10.0.0.0/24 via 10.0.1.2
	ip -n "$(lab_ns dr)" route add 10.0.0.0/24 via 10.0.2.2
	# the server answers through whichever gateway a flow last came in from
	# (conntrack mark), as a site with two gateways would via its routing
	ip -n "$(lab_ns srv)" route add 10.1.0.0/24 via 10.0.1.1 metric 10
	ip -n "$(lab_ns srv)" route add 10.1.0.0/24 via 10.0.2.1 metric 20
	ip -n "$(lab_ns srv)" rule add fwmark 2 table 102
	ip -n "$(lab_ns srv)" route add default via 10.0.2.1 table 102
	ip netns exec "$(lab_ns srv)" nft -f - <<-'NFT' || return 1
	table inet lab {
		chain pre {
			type filter hook prerouting priority mangle;
			iifname "eth0" ct mark set 0
			iifname "eth1" ct mark set 2
		}
		chain out {
			type route hook output priority mangle;
			ct mark 2 meta mark set 2
		}
	}
	NFT
}

# write the strongswan.conf of a host; a scenario's hosts/HOST/strongswan.conf
# is included and may override anything
lab_strongswan_conf()
{
	local host=$1 dir="$LAB_DIR/$1"
	mkdir -p "$dir"
	cat > "$dir/strongswan.conf" <<-EOF
	# generated by testing/lib/lab.sh for $host
	charon {
		load_modular = yes
		plugins {
			include /etc/strongswan.d/charon/*.conf
			kernel-libipsec {
				load = yes
			}
			vici {
				socket = unix://$dir/charon.vici
			}
			link-monitor {
				socket = unix://$dir/charon.lnkmon
				config = $dir/swanctl.conf
			}
		}
		filelog {
			lab {
				path = $dir/charon.log
				time_format = %H:%M:%S
				time_add_ms = yes
				flush_line = yes
				default = 1
				cfg = 2
				ike = 1
				knl = 1
			}
		}
		syslog {
			daemon {
				default = -1
			}
		}
	}
	swanctl {
		socket = unix://$dir/charon.vici
		# the plugins swanctl needs that Debian ships: its built-in list
		# names others, and each missing one prints a line on every call
		load = pem pkcs1 pkcs8 x509 revocation constraints pubkey openssl random nonce
	}
	EOF
	if [ -f "$LAB_SCENARIO_DIR/hosts/$host/strongswan.conf" ]; then
		sed -e "s|@HOST_DIR@|$dir|g" -e "s|@LAB_DIR@|$LAB_DIR|g" \
			"$LAB_SCENARIO_DIR/hosts/$host/strongswan.conf" > "$dir/strongswan.local.conf"
	fi
	if [ -f "$dir/strongswan.local.conf" ]; then
		echo "include $dir/strongswan.local.conf" >> "$dir/strongswan.conf"
	fi
}

# start charon on a host and load its swanctl.conf
lab_start_charon()
{
	local host=$1 dir="$LAB_DIR/$1" i pid bind pre
	[ -f "$dir/strongswan.conf" ] || lab_strongswan_conf "$host"
	mkdir -p "$dir"
	if [ ! -f "$dir/swanctl.conf" ]; then
		# @HOST_DIR@ and @LAB_DIR@ stand for this run's directories
		sed -e "s|@HOST_DIR@|$dir|g" -e "s|@LAB_DIR@|$LAB_DIR|g" \
			"$LAB_SCENARIO_DIR/hosts/$host/swanctl.conf" > "$dir/swanctl.conf"
	fi
	# other files of the host (hooks, ...) go to its directory as they are
	for f in "$LAB_SCENARIO_DIR/hosts/$host"/*; do
		[ -e "$f" ] || continue
		case "$(basename "$f")" in
		swanctl.conf|strongswan.conf) ;;
		*) cp -p "$f" "$dir/" ;;
		esac
	done
	rm -f "$dir/charon.vici" "$dir/charon.lnkmon"
	# a host's charon-wrapper runs in charon's mount namespace with charon's
	# command line as arguments (e.g. to trace it), before any preload
	pre=$LAB_CHARON_PRELOAD
	if [ -x "$dir/charon-wrapper" ]; then
		pre="'$dir/charon-wrapper' $pre"
	fi
	if [ -n "$LAB_PLUGIN" ]; then
		bind="mount --bind '$LAB_PLUGIN' /usr/lib/ipsec/plugins/libstrongswan-link-monitor.so &&"
	else
		bind=""
	fi
	ip netns exec "$(lab_ns "$host")" unshare -m sh -c \
		"mount -t tmpfs -o mode=0755 tmpfs /run && $bind \
		 STRONGSWAN_CONF='$dir/strongswan.conf' exec $pre $LAB_CHARON" \
		>>"$dir/charon.stdout" 2>&1 &
	pid=$!
	echo "$pid" > "$dir/charon.pid"
	LAB_CHARON_PIDS="$LAB_CHARON_PIDS $pid"
	for i in $(seq 1 100); do
		if [ -S "$dir/charon.vici" ] && \
		   lab_exec "$host" swanctl --stats >/dev/null 2>&1; then
			lab_exec "$host" swanctl --load-all --file "$dir/swanctl.conf" \
				>"$dir/swanctl-load.log" 2>&1 || {
				echo "swanctl --load-all failed on $host:" >&2
				cat "$dir/swanctl-load.log" >&2
				return 1
			}
			return 0
		fi
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "charon on $host exited during start-up:" >&2
			tail -n 20 "$dir/charon.stdout" "$dir/charon.log" >&2 2>/dev/null
			return 1
		fi
		sleep 0.1
	done
	echo "charon on $host did not open its vici socket within 10 s" >&2
	return 1
}

# stop charon on a host (SIGTERM, then SIGKILL)
lab_stop_charon()
{
	local host=$1 pid i
	pid=$(cat "$LAB_DIR/$host/charon.pid" 2>/dev/null) || return 0
	kill "$pid" 2>/dev/null
	# an ASan build checks for leaks at exit: give it time
	for i in $(seq 1 $([ -n "$LAB_PLUGIN" ] && echo 300 || echo 50)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null
	rm -f "$LAB_DIR/$host/charon.pid"
}

# is charon on a host running?
lab_charon_alive()
{
	local pid
	pid=$(cat "$LAB_DIR/$1/charon.pid" 2>/dev/null) || return 1
	kill -0 "$pid" 2>/dev/null
}

# tear down everything of this run: processes in our namespaces, namespaces
lab_teardown()
{
	local ns pids
	for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$LAB_PREFIX"); do
		pids=$(ip netns pids "$ns" 2>/dev/null)
		[ -n "$pids" ] && kill $pids 2>/dev/null
	done
	sleep 0.2
	for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$LAB_PREFIX"); do
		pids=$(ip netns pids "$ns" 2>/dev/null)
		[ -n "$pids" ] && kill -9 $pids 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	for pid in $LAB_CHARON_PIDS; do
		kill -9 "$pid" 2>/dev/null
	done
	LAB_CHARON_PIDS=""
}

# remove namespaces left by lab runs that no longer exist (e.g. kill -9)
lab_cleanup_stale()
{
	local ns owner pids
	for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^lm[0-9]+-'); do
		owner=${ns#lm}
		owner=${owner%%-*}
		if ! kill -0 "$owner" 2>/dev/null; then
			pids=$(ip netns pids "$ns" 2>/dev/null)
			[ -n "$pids" ] && kill -9 $pids 2>/dev/null
			ip netns del "$ns" 2>/dev/null
		fi
	done
}
