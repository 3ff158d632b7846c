#!/bin/bash
# restart-timing.sh: how long after hq's charon was started again the
# first reply of outage.sh's "failover" ping (hqlan -> srv, every 10 ms)
# came back, i.e. until the traffic flowed via dr (dc is cut)
t0=$(cat "$LAB_DIR/hq/restarted-at") || exit 1
awk -F'[][]' -v t0="$t0" '
	/icmp_seq=/ && $2 + 0 > t0 + 0 {
		printf "traffic on dr %d ms after the restart\n", ($2 - t0) * 1000
		found = 1
		exit
	}
	END { if (!found) print "no reply after the restart" }
' "$LAB_DIR/ping-failover.out" | tee "$LAB_DIR/restart-timing.result"
