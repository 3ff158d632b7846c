#!/bin/bash
# (shared by the DC/DR scenarios; run from a scenario directory)
# outage.sh start|stop NAME: ping the server from hqlan every 10 ms in the
# background; on stop print the longest gap between two replies (the
# outage) and how many replies were lost
ns="${LAB_PREFIX}hqlan"
f="$LAB_DIR/ping-$2"
case "$1" in
start)
	ip netns exec "$ns" ping -D -n -i 0.01 -W 1 10.0.0.135 > "$f.out" 2>&1 &
	echo $! > "$f.pid"
	sleep 0.5
	echo started
	;;
stop)
	kill -INT "$(cat "$f.pid")"
	sleep 0.3
	tx=$(sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\1/p' "$f.out")
	rx=$(sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\2/p' "$f.out")
	gap=$(sed -n 's/^\[\([0-9.]*\)\] .*icmp_seq=.*/\1/p' "$f.out" | awk '
		NR > 1 { d = $1 - prev; if (d > max) max = d }
		{ prev = $1 }
		END { printf "%d", max * 1000 }')
	echo "$2: sent $tx, received $rx, outage about $gap ms (longest gap between replies)" | tee "$f.result"
	;;
esac
