#!/bin/sh
# one line per call, appended with a single write
printf '%s %s %s\n' "$LINKMON_NAME" "$LINKMON_EVENT" "$LINKMON_STATE" \
	>> "$(dirname "$0")/events.log"
