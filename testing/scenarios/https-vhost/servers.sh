#!/bin/bash
# start hqlan's servers (run on host hqlan): a private CA and another one,
# certificates of the first for probe.example and other.example, the
# chunked backend on 127.0.0.1:8081 and nginx on 10.1.0.10:80, 443, 8443
# and 10.1.0.12:443
set -e
d=$HOST_DIR
ip addr add 10.1.0.12/24 dev eth0
cd "$d"
ca()
{
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
		-nodes -days 1 -subj "/CN=$2" -keyout "$1.key" -out "$1.pem" \
		2>/dev/null
}
leaf()
{
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
		-nodes -subj "/CN=$1" -keyout "$2.key" -out "$2.csr" 2>/dev/null
	openssl x509 -req -in "$2.csr" -CA ca.pem -CAkey ca.key \
		-CAcreateserial -days 1 -extfile <(echo "subjectAltName=DNS:$1") \
		-out "$2.crt" 2>/dev/null
}
ca ca "Link Monitor Lab CA"
ca other-ca "Another CA"
leaf probe.example probe
leaf other.example other
cd - >/dev/null
sed "s|@DIR@|$d|g" nginx.conf > "$d/nginx.conf"
setsid python3 -u ./chunked_backend.py 127.0.0.1 8081 \
	> "$d/backend.log" 2>&1 < /dev/null &
echo $! > "$d/backend.pid"
nginx -c "$d/nginx.conf" -g 'daemon on;' -e "$d/nginx-error.log"
for i in $(seq 1 100); do
	if grep -q "^listening" "$d/backend.log" &&
	   ss -Hltn 'sport = :443' | grep -q LISTEN &&
	   ss -Hltn 'sport = :8443' | grep -q LISTEN; then
		echo "hqlan servers started"
		exit 0
	fi
	sleep 0.1
done
echo "hqlan servers did not start:" >&2
cat "$d/backend.log" "$d/nginx-error.log" >&2
exit 1
