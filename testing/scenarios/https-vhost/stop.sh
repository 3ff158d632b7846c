#!/bin/bash
# stop the servers this scenario started on hqlan
[ -f "$HOST_DIR/nginx.pid" ] && kill "$(cat "$HOST_DIR/nginx.pid")" 2>/dev/null
[ -f "$HOST_DIR/backend.pid" ] && kill "$(cat "$HOST_DIR/backend.pid")" 2>/dev/null
rm -f "$HOST_DIR/backend.pid"
echo stopped
