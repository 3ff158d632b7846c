#!/bin/bash
# flap.sh [SECONDS]: for SECONDS (default $SOAK_SECONDS, else 90) cut dc's
# forwarding of hq's LAN for a random 1-5 s, restore it for a random 1-5 s,
# and so on; after each flap sample hq charon's open fds and RSS (KiB) into
# $LAB_DIR/hq/soak-samples as "SECONDS FDS RSS"
secs=${1:-${SOAK_SECONDS:-90}}
dc=${LAB_PREFIX}dc
pid=$(cat "$LAB_DIR/hq/charon.pid") || exit 1
samples=$LAB_DIR/hq/soak-samples
: > "$samples"

pause()
{
	local ms=$((RANDOM % 4001 + 1000))
	sleep "$((ms / 1000)).$(printf %03d $((ms % 1000)))"
}

start=$SECONDS
flaps=0
while [ $((SECONDS - start)) -lt "$secs" ]; do
	ip netns exec "$dc" nft add rule inet lab cut ip saddr 10.1.0.0/24 drop || exit 1
	pause
	ip netns exec "$dc" nft flush chain inet lab cut || exit 1
	flaps=$((flaps + 1))
	pause
	kill -0 "$pid" || { echo "charon $pid is gone"; exit 1; }
	echo "$((SECONDS - start)) $(ls /proc/$pid/fd | wc -l) $(awk '/^VmRSS/ { print $2 }' /proc/$pid/status)" >> "$samples"
done
echo "flapped $flaps times in $((SECONDS - start)) s, $(wc -l < "$samples") samples"
