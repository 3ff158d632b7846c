#!/bin/bash
# stop the reflectors this scenario started on a host (by their pid files)
for f in "$HOST_DIR"/*.pid; do
	case "$f" in */charon.pid|*'/*.pid') continue ;; esac
	kill "$(cat "$f")" 2>/dev/null
	rm -f "$f"
done
echo stopped
