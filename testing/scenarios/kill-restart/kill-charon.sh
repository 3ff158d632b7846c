#!/bin/bash
# kill-charon.sh HOST: kill -9 the host's charon (no clean-up of any kind
# runs), wait until it is gone and note where its log ended, for
# since-kill.sh
h=${1:-hq}
dir="$LAB_DIR/$h"
pid=$(cat "$dir/charon.pid") || exit 1
kill -9 "$pid" || exit 1
for i in $(seq 1 50); do
	state=$(ps -o stat= -p "$pid" 2>/dev/null)
	case "$state" in ''|Z*) break ;; esac
	sleep 0.1
done
case "$state" in
''|Z*) ;;
*) echo "charon $pid still running ($state)"; exit 1 ;;
esac
wc -l < "$dir/charon.log" > "$dir/log-lines-at-kill"
date +%s.%N > "$dir/killed-at"
echo "killed charon $pid with SIGKILL"
