#!/bin/sh
# dcslow's hook: appends "OLD>NEW" to slow-events.log, or first "OVERLAP" if
# another call of it still holds the lock, then outlives updown_timeout
# (1 s) so that it is killed with its process group, lock and all.
dir=$(dirname "$0")
exec 9>>"$dir/slow.lock"
flock -n 9 || echo OVERLAP >> "$dir/slow-events.log"
echo "$LINKMON_OLD_STATE>$LINKMON_STATE" >> "$dir/slow-events.log"
exec sleep 5
