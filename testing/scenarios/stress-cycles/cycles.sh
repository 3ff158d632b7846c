#!/bin/bash
# 100 x (initiate, ping, terminate), 10 x reload-settings; run on hq
set -e
pid=$(cat "$HOST_DIR/charon.pid")
for i in $(seq 1 100); do
	swanctl --initiate --child dc >/dev/null
	swanctl --terminate --ike dc >/dev/null
	if [ $((i % 10)) -eq 0 ]; then
		swanctl --reload-settings >/dev/null
	fi
	if [ "$i" -eq 1 ]; then
		ls /proc/"$pid"/fd | wc -l > "$HOST_DIR/fds.first"
	fi
done
ls /proc/"$pid"/fd | wc -l > "$HOST_DIR/fds.last"
echo "cycles done"
