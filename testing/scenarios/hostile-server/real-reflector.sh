#!/bin/bash
# replace the hostile TWAMP reflector by linkmon reflect on the same address
# and port (run on host hqlan)
d=$HOST_DIR
kill "$(cat "$d/hostile-twamp.pid")" && rm "$d/hostile-twamp.pid" || exit 1
for i in $(seq 1 50); do
	ss -Hlun 'sport = :862' | grep -q 10.1.0.10 || break
	sleep 0.1
done
setsid linkmon reflect --listen 10.1.0.10 > "$d/reflect.log" 2>&1 < /dev/null &
echo $! > "$d/reflect.pid"
for i in $(seq 1 50); do
	if ss -Hlun 'sport = :862' | grep -q 10.1.0.10; then
		echo "real reflector started"
		exit 0
	fi
	sleep 0.1
done
echo "linkmon reflect did not start:" >&2
cat "$d/reflect.log" >&2
exit 1
