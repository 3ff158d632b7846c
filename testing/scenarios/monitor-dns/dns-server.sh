#!/bin/bash
# start unbound in the srv namespace (run on host srv), serving the local
# zone lab.example on 10.0.0.135:53; ready once it answers on its control
# socket
set -e
d=$HOST_DIR
sed "s|@DIR@|$d|g" unbound.conf > "$d/unbound.conf"
unbound-checkconf "$d/unbound.conf" > /dev/null
setsid unbound -d -c "$d/unbound.conf" > "$d/unbound.out" 2>&1 < /dev/null &
for i in $(seq 1 100); do
	if unbound-control -c "$d/unbound.conf" status > /dev/null 2>&1; then
		echo "unbound started"
		exit 0
	fi
	sleep 0.1
done
echo "unbound did not start:" >&2
cat "$d/unbound.out" "$d/unbound.log" >&2
exit 1
