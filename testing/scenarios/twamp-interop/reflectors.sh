#!/bin/bash
# start the reflectors on srv (run on host srv): twamp_peer.py on 10.0.0.135
# ports 8620..8624, one per mode, each reply held 100 ms; linkmon reflect on
# 10.0.0.135 port 862 for the monitors and on :: port 8630 for the peer's
# sender checks
set -e
d=$HOST_DIR
echo "linkmon: $(command -v linkmon)"
setsid python3 -u ../../peers/twamp_peer.py reflect 10.0.0.135 "$d/peer.status" \
	8620:short38:100 8621:rfc5357:100 8622:symmetric:100 8623:stamp:100 \
	8624:stamp-ptp:100 \
	> "$d/peer.log" 2>&1 < /dev/null &
echo $! > "$d/peer.pid"
setsid linkmon reflect --listen 10.0.0.135 > "$d/reflect.log" 2>&1 < /dev/null &
echo $! > "$d/reflect.pid"
setsid linkmon reflect --port 8630 > "$d/reflect-8630.log" 2>&1 < /dev/null &
echo $! > "$d/reflect-8630.pid"
for i in $(seq 1 50); do
	if grep -q "^reflecting" "$d/peer.log" &&
	   grep -q "listening" "$d/reflect.log" &&
	   grep -q "listening" "$d/reflect-8630.log"; then
		echo "reflectors started"
		exit 0
	fi
	sleep 0.1
done
echo "reflectors did not start:" >&2
cat "$d/peer.log" "$d"/reflect*.log >&2
exit 1
