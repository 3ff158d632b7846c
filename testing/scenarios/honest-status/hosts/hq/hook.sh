#!/bin/sh
echo "$LINKMON_NAME $LINKMON_STATE" >> "$(dirname "$0")/hook.log"
