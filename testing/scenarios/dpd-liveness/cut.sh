#!/bin/bash
# cut.sh PATTERN: drop hq<->dc on inet, wait for PATTERN in hq's log, print ms
start=$(date +%s%N)
ip netns exec "${LAB_PREFIX}inet" nft add rule inet lab cut ip saddr 172.16.1.2 ip daddr 172.16.2.2 drop
for i in $(seq 1 100); do
	if grep -qE "$1" "$LAB_DIR/hq/charon.log"; then
		echo "found after $(( ($(date +%s%N) - start) / 1000000 )) ms"
		exit 0
	fi
	sleep 0.05
done
echo "not found within 5 s"
exit 1
