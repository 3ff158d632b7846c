#!/bin/bash
# start the server's responders in the srv namespace (run on host srv)
set -e
d=$LAB_DIR/srv
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=srv \
	-keyout "$d/srv.key" -out "$d/srv.crt" 2>/dev/null
sed "s|@DIR@|$d|g" nginx.conf > "$d/nginx.conf"
nginx -c "$d/nginx.conf" -g 'daemon on;' -e "$d/nginx-error.log"
setsid socat UDP4-RECVFROM:7,bind=10.0.0.135,fork PIPE >/dev/null 2>&1 < /dev/null &
setsid socat TCP4-LISTEN:7,bind=10.0.0.135,fork,reuseaddr PIPE >/dev/null 2>&1 < /dev/null &
setsid linkmon reflect --listen 10.0.0.135 > "$d/reflect.log" 2>&1 < /dev/null &
sleep 0.3
echo responders started
