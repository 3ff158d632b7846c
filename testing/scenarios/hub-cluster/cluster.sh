#!/bin/bash
# cluster.sh: what the hub cluster looks like from outside (run by the
# scenario on the runner, with the lab functions)
#
#   initiate                every client brings its tunnel up
#   placement [save NAME]   the hub holding each client's tunnel, and the
#                           count per hub ("hub1 3, hub2 5, none 0, both 0")
#   routes                  dcr's route to each client's network, and whether
#                           it points at the hub holding the tunnel
#   ping                    how many clients dchost reaches
#   restarted NAME          the clients whose dpd monitor restarted their
#                           IKE_SA since outage start NAME, against those
#                           that were on a hub
#   outage start NAME       dchost pings every client every 100 ms
#   outage stop NAME MOVED STAYED
#                           per client the longest gap between replies (the
#                           outage) and where its tunnel went; checks that
#                           clients that moved were out at most MOVED ms and
#                           the others at most STAYED ms
CLIENTS=8

initiate()
{
	local n ok=0
	for n in $(seq 1 $CLIENTS); do
		lab_exec c$n swanctl --initiate --child hub --timeout 30 \
			> "$LAB_DIR/c$n/initiate.log" 2>&1 &
	done
	wait
	for n in $(seq 1 $CLIENTS); do
		grep -q 'initiate completed successfully' "$LAB_DIR/c$n/initiate.log" &&
			ok=$((ok + 1))
	done
	echo "$ok of $CLIENTS clients initiated"
}

# the hubs holding an installed tunnel of each client: "cN hub1 hub2"
holders()
{
	local h n
	for h in hub1 hub2; do
		lab_exec $h swanctl --list-sas 2>/dev/null | awk -v hub=$h '
			/remote .c[0-9]+. @/ { match($0, /c[0-9]+/); cur = substr($0, RSTART, RLENGTH) }
			/INSTALLED/ && cur != "" { print cur, hub; cur = "" }'
	done | sort -u | awk -v n=$CLIENTS '
		{ at[$1] = at[$1] " " $2 }
		END { for (i = 1; i <= n; i++) print "c" i at["c" i] }'
}

placement()
{
	holders | tee ${1:+"$LAB_DIR/placement-$1"} | awk '
		NF == 1 { none++ } NF == 3 { both++ } NF == 2 { on[$2]++ }
		{ print }
		END { printf "hub1 %d, hub2 %d, none %d, both %d\n", on["hub1"],
			on["hub2"], none, both }'
}

# dcr's next hop for a client's network: hub1, hub2, ecmp or none
dcr_hop()
{
	local r
	r=$(ip -n "${LAB_PREFIX}dcr" route show 10.100.$1.0/24)
	case "$r" in
	*nexthop*) echo ecmp ;;
	*"via 172.21.1.2 "*) echo hub1 ;;
	*"via 172.21.2.2 "*) echo hub2 ;;
	*) echo none ;;
	esac
}

routes()
{
	local ok=0 line c at hop
	while read -r line; do
		set -- $line
		c=$1 at=${2:-none}
		[ $# -gt 2 ] && at=both
		hop=$(dcr_hop ${c#c})
		if [ "$hop" = "$at" ]; then
			ok=$((ok + 1))
			echo "$c: tunnel on $at, dcr routes 10.100.${c#c}.0/24 to $hop"
		else
			echo "$c: tunnel on $at, but dcr routes 10.100.${c#c}.0/24 to $hop"
		fi
	done < <(holders)
	if [ $ok -eq $CLIENTS ]; then
		echo "all $CLIENTS clients routed to the hub holding their tunnel"
	else
		echo "$ok of $CLIENTS clients routed to the hub holding their tunnel"
	fi
}

ping_all()
{
	local n ok=0
	for n in $(seq 1 $CLIENTS); do
		ip netns exec "${LAB_PREFIX}dchost" ping -c 2 -i 0.2 -W 1 -q \
			10.100.$n.1 > "$LAB_DIR/ping-c$n.out" 2>&1 &
	done
	wait
	for n in $(seq 1 $CLIENTS); do
		grep -q ' [12] received' "$LAB_DIR/ping-c$n.out" && ok=$((ok + 1))
	done
	echo "$ok of $CLIENTS clients answer dchost"
}

outage_start()
{
	local n f
	placement "$1-before" > /dev/null
	for n in $(seq 1 $CLIENTS); do
		# where the client's log stands, for restarted()
		echo $(($(wc -l < "$LAB_DIR/c$n/charon.log") + 1)) \
			> "$LAB_DIR/c$n/log-mark-$1"
		f=$LAB_DIR/outage-$1-c$n
		ip netns exec "${LAB_PREFIX}dchost" ping -D -n -i 0.1 -W 1 \
			10.100.$n.1 > "$f.out" 2>&1 &
		echo $! > "$f.pid"
	done
	sleep 0.5
	echo "pinging $CLIENTS clients every 100 ms"
}

# restarted NAME HUB: the clients that restarted their IKE_SA since outage
# start NAME, and whether they are exactly the ones that were on HUB
restarted()
{
	local n was got=0 want=0 wrong=0
	for n in $(seq 1 $CLIENTS); do
		was=$(awk -v c=c$n '$1 == c { print $2 }' "$LAB_DIR/placement-$1-before")
		[ "$was" = "$2" ] && want=$((want + 1))
		if tail -n +"$(cat "$LAB_DIR/c$n/log-mark-$1")" "$LAB_DIR/c$n/charon.log" |
		   grep -q "link-monitor 'hub': dead, restarting IKE_SA"; then
			got=$((got + 1))
			[ "$was" = "$2" ] || wrong=$((wrong + 1))
		fi
	done
	echo "$got clients restarted their IKE_SA, $want were on $2, $wrong others"
}

# the longest gap between two replies in a ping -D output, in ms; -1 if
# fewer than two replies
longest_gap()
{
	sed -n 's/^\[\([0-9.]*\)\] .*icmp_seq=.*/\1/p' "$1" | awk '
		NR > 1 { d = $1 - prev; if (d > max) max = d }
		{ prev = $1 }
		END { printf "%d", (NR > 1 ? max * 1000 : -1) }'
}

outage_stop()
{
	local name=$1 moved=$2 stayed=$3 n f from to gap count bad=0
	placement "$name-after" > /dev/null
	for n in $(seq 1 $CLIENTS); do
		kill -INT "$(cat "$LAB_DIR/outage-$name-c$n.pid")" 2>/dev/null
	done
	sleep 0.3
	: > "$LAB_DIR/outage-$name.txt"
	for n in $(seq 1 $CLIENTS); do
		f=$LAB_DIR/outage-$name-c$n.out
		from=$(awk -v c=c$n '$1 == c { print $2 }' "$LAB_DIR/placement-$name-before")
		to=$(awk -v c=c$n '$1 == c { print $2 }' "$LAB_DIR/placement-$name-after")
		gap=$(longest_gap "$f")
		count=$(sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\1 sent, \2 received/p' "$f")
		echo "c$n: ${from:-none} -> ${to:-none}, outage $gap ms ($count)" \
			>> "$LAB_DIR/outage-$name.txt"
		if [ "$gap" -lt 0 ] || [ -z "$to" ] ||
		   { [ "$from" = "$to" ] && [ "$gap" -gt "$stayed" ]; } ||
		   { [ "$from" != "$to" ] && [ "$gap" -gt "$moved" ]; }; then
			bad=$((bad + 1))
		fi
	done
	cat "$LAB_DIR/outage-$name.txt"
	if [ $bad -eq 0 ]; then
		echo "outage within bounds: moved <= $moved ms, stayed <= $stayed ms"
	else
		echo "outage out of bounds for $bad clients"
	fi
}

case "$1" in
initiate) initiate ;;
restarted) restarted "$2" "$3" ;;
placement) placement "${3:-}" ;;
routes) routes ;;
ping) ping_all ;;
outage) "outage_$2" "${@:3}" ;;
*) echo "usage: cluster.sh initiate|placement|routes|ping|restarted|outage ..." >&2; exit 2 ;;
esac
