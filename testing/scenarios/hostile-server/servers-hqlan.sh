#!/bin/bash
# start hqlan's servers (run on host hqlan): the hostile TWAMP reflector on
# 10.1.0.10:862 and the hostile DNS server on 10.1.0.10:53 (both spoofing
# from 10.1.0.11), the hostile TLS servers on 10.1.0.10:4431..4435, a good
# TLS server (openssl s_server -www) on 10.1.0.10:4443 with a self-signed
# certificate for hqlan.example and another with it on 10.1.0.10:4444 for
# the monitors that verify it (so that they never hold up the first), the
# hostile chunked HTTP servers on 10.1.0.10:8091..8094, a CA that signed
# none of them and a file that is no CA certificate
set -e
d=$HOST_DIR
ip addr add 10.1.0.11/24 dev eth0
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
	-days 1 -subj /CN=hqlan -addext subjectAltName=DNS:hqlan.example \
	-keyout "$d/tls.key" -out "$d/tls.crt" 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
	-days 1 -subj "/CN=Another CA" -keyout "$d/other-ca.key" \
	-out "$d/other-ca.pem" 2>/dev/null
head -c 2048 /dev/urandom | base64 > "$d/not-a-ca.pem"
setsid python3 -u ./hostile_twamp.py 10.1.0.10 10.1.0.11 \
	> "$d/hostile-twamp.log" 2>&1 < /dev/null &
echo $! > "$d/hostile-twamp.pid"
setsid python3 -u ./hostile_dns.py 10.1.0.10 10.1.0.11 "$d/dns-good" \
	> "$d/hostile-dns.log" 2>&1 < /dev/null &
echo $! > "$d/hostile-dns.pid"
setsid python3 -u ./hostile_tls.py 10.1.0.10 \
	> "$d/hostile-tls.log" 2>&1 < /dev/null &
echo $! > "$d/hostile-tls.pid"
setsid python3 -u ./hostile_http.py 10.1.0.10 \
	> "$d/hostile-http.log" 2>&1 < /dev/null &
echo $! > "$d/hostile-http.pid"
setsid openssl s_server -accept 10.1.0.10:4443 -cert "$d/tls.crt" \
	-key "$d/tls.key" -www -quiet > "$d/s_server.log" 2>&1 < /dev/null &
echo $! > "$d/s_server.pid"
setsid openssl s_server -accept 10.1.0.10:4444 -cert "$d/tls.crt" \
	-key "$d/tls.key" -www -quiet > "$d/s_server-verify.log" 2>&1 < /dev/null &
echo $! > "$d/s_server-verify.pid"
for i in $(seq 1 100); do
	if grep -q "^listening" "$d/hostile-twamp.log" &&
	   grep -q "^listening" "$d/hostile-dns.log" &&
	   grep -q "^listening" "$d/hostile-tls.log" &&
	   grep -q "^listening" "$d/hostile-http.log" &&
	   ss -Hltn 'sport = :4443' | grep -q LISTEN &&
	   ss -Hltn 'sport = :4444' | grep -q LISTEN; then
		echo "hqlan servers started"
		exit 0
	fi
	sleep 0.1
done
echo "hqlan servers did not start:" >&2
cat "$d"/hostile-*.log "$d/s_server.log" >&2
exit 1
