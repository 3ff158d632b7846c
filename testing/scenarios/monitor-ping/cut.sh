#!/bin/bash
# cut.sh drop|restore MIN MAX: change dc's nftables rule, wait for hq's
# monitor 'dc' to log a state change, print it and the elapsed ms, and
# whether that is within MIN..MAX ms
set -e
ns_dc="${LAB_PREFIX}dc"
log="$LAB_DIR/hq/charon.log"
before=$(grep -c "link-monitor 'dc' changed state" "$log" || true)
start=$(date +%s%N)
if [ "$1" = drop ]; then
	ip netns exec "$ns_dc" nft add rule inet lab cut ip saddr 10.1.0.1 ip daddr 10.0.0.135 icmp type echo-request drop
else
	ip netns exec "$ns_dc" nft flush chain inet lab cut
fi
for i in $(seq 1 100); do
	now=$(grep -c "link-monitor 'dc' changed state" "$log" || true)
	if [ "$now" -gt "$before" ]; then
		end=$(date +%s%N)
		grep "link-monitor 'dc' changed state" "$log" | tail -n1
		ms=$(( (end - start) / 1000000 ))
		if [ "$ms" -ge "$2" ] && [ "$ms" -le "$3" ]; then
			echo "elapsed_ms=$ms within $2..$3"
		else
			echo "elapsed_ms=$ms OUT OF $2..$3"
		fi
		exit 0
	fi
	sleep 0.02
done
echo "no state change within 2 s"
exit 1
