#!/bin/bash
# start the wan2 test servers on 192.0.2.1 (run on host inet): udp and tcp
# echo (socat), a TWAMP-light reflector (linkmon reflect); ping is answered
# by the kernel
set -e
d=$HOST_DIR
setsid socat UDP4-RECVFROM:7,bind=192.0.2.1,fork PIPE \
	> /dev/null 2>&1 < /dev/null &
echo $! > "$d/socat-udp.pid"
setsid socat TCP4-LISTEN:7,bind=192.0.2.1,fork,reuseaddr PIPE \
	> /dev/null 2>&1 < /dev/null &
echo $! > "$d/socat-tcp.pid"
setsid linkmon reflect --listen 192.0.2.1 > "$d/reflect.log" 2>&1 < /dev/null &
echo $! > "$d/reflect.pid"
for i in $(seq 1 100); do
	if ss -Hlun 'sport = :7' | grep -q 192.0.2.1 &&
	   ss -Hltn 'sport = :7' | grep -q LISTEN &&
	   ss -Hlun 'sport = :862' | grep -q 192.0.2.1; then
		echo "inet servers started"
		exit 0
	fi
	sleep 0.1
done
echo "inet servers did not start" >&2
exit 1
