#!/bin/bash
# cut.sh MAX: cut dc for hq's LAN both ways (what comes out of the tunnel,
# and dc's own packets into it), wait for hq's monitor 'dc' to log its BFD
# session down, print that line and the ms from the cut (when nft is done)
# to it by charon's log time, and whether that is at most MAX
set -e
ns_dc="${LAB_PREFIX}dc"
log="$LAB_DIR/hq/charon.log"
pattern="link-monitor 'dc': BFD session to 10.0.0.1 is down"
before=$(grep -c "$pattern" "$log" || true)
ip netns exec "$ns_dc" nft -f - <<'NFT'
add rule inet lab cut ip saddr 10.1.0.0/24 drop
add rule inet lab cutout ip daddr 10.1.0.0/24 drop
NFT
start=$(date +%s%3N)
for i in $(seq 1 100); do
	line=$(grep "$pattern" "$log" | sed -n "$((before + 1))p")
	if [ -n "$line" ]; then
		t=${line%% *}
		at=$(( $(date -d "$(date +%F) ${t%.*}" +%s) * 1000 + 10#${t##*.} ))
		echo "$line"
		ms=$((at - start))
		if [ "$ms" -le "$1" ]; then
			echo "down_ms=$ms within $1"
		else
			echo "down_ms=$ms OUT OF $1"
		fi
		exit 0
	fi
	sleep 0.02
done
echo "no BFD session down within 2 s"
exit 1
