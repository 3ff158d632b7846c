#!/bin/bash
# start linkmon exporter (HTTP and textfile) and Debian's prometheus in hq's
# network namespace (run on host hq); both listen on its loopback only
set -e
d=$HOST_DIR
mkdir -p "$d/textfile" "$d/prometheus"
setsid linkmon exporter --listen 127.0.0.1:9814 --textfile "$d/textfile" \
	--interval 1 > "$d/exporter.log" 2>&1 < /dev/null &
setsid prometheus --config.file="$PWD/prometheus.yml" \
	--storage.tsdb.path="$d/prometheus" \
	--web.listen-address=127.0.0.1:9090 > "$d/prometheus.log" 2>&1 \
	< /dev/null &
echo monitoring started
