#!/bin/sh
# Records every call, serialized with flock so that calls never overwrite
# each other: the environment in hook-N.env (N = 0, 1, ... in the order the
# calls got the lock) and one line "N EVENT OLD>NEW ACTION" in events.log.
# A call that finds another one still holding the lock records "OVERLAP"
# first (the plugin must run one monitor's hooks one at a time). Every call
# lasts HOOK_BUSY seconds while holding the lock, so that overlapping calls
# are seen: that is the hook's duration, nothing waits on it to pass.
HOOK_BUSY=0.3
dir=$(dirname "$0")
exec 9>>"$dir/hook.lock"
if ! flock -n 9; then
	printf 'OVERLAP %s %s\n' "$LINKMON_EVENT" "$LINKMON_ACTION" \
		>> "$dir/events.log"
	flock 9
fi
n=$(ls "$dir"/hook-*.env 2>/dev/null | wc -l)
env | sort > "$dir/hook-$n.tmp"
mv "$dir/hook-$n.tmp" "$dir/hook-$n.env"
printf '%s %s %s>%s %s\n' "$n" "$LINKMON_EVENT" "$LINKMON_OLD_STATE" \
	"$LINKMON_STATE" "$LINKMON_ACTION" >> "$dir/events.log"
sleep $HOOK_BUSY
