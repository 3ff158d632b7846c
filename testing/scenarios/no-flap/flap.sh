#!/bin/bash
# flap.sh: cut and restore dc every 1.5 s for 12 s, then print the moves
# and the shortest gap between two moves in ms
ns="${LAB_PREFIX}dc"
for i in 1 2 3 4; do
	ip netns exec "$ns" nft add rule inet lab cut ip saddr 10.1.0.0/24 drop
	sleep 1.5
	ip netns exec "$ns" nft flush chain inet lab cut
	sleep 1.5
done
sleep 5
grep -E "link-monitor 'dc': traffic moved" "$LAB_DIR/hq/charon.log"
grep -E "link-monitor 'dc': traffic moved" "$LAB_DIR/hq/charon.log" |
	awk '{ split($1, t, ":"); ms = (t[1] * 3600 + t[2] * 60 + t[3]) * 1000;
		   if (NR > 1 && (min == "" || ms - prev < min)) min = ms - prev;
		   prev = ms; n++ }
		 END { printf "moves=%d shortest_gap_ms=%d\n", n, min }'
grep -c "changed state from" "$LAB_DIR/hq/charon.log" | sed 's/^/state_changes=/'
