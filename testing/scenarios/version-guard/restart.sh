#!/bin/bash
# restart.sh [VARIANT]: restart hq's charon with the guard plugin VARIANT
# (testing/guard/VARIANT) bind-mounted over the installed plugin, or with
# the installed one; prints where its log starts, for since-start.sh
lab_stop_charon hq || exit 1
wc -l < "$LAB_DIR/hq/charon.log" > "$LAB_DIR/hq/log-start"
if [ -n "${1:-}" ]; then
	LAB_PLUGIN=$(cd ../../guard/"$1" && pwd)/libstrongswan-link-monitor.so
	[ -f "$LAB_PLUGIN" ] || { echo "no guard plugin $1"; exit 1; }
else
	LAB_PLUGIN=
fi
LAB_PLUGIN=$LAB_PLUGIN lab_start_charon hq && echo "restarted with ${1:-the installed plugin}"
