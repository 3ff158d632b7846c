#!/bin/bash
# since-kill.sh: what hq's charon logged after the kill, i.e. the restarted
# one (filelog appends to the same charon.log)
n=$(cat "$LAB_DIR/hq/log-lines-at-kill") || exit 1
tail -n +$((n + 1)) "$LAB_DIR/hq/charon.log"
