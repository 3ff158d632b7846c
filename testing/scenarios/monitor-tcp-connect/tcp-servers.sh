#!/bin/bash
# start the server side in the srv namespace (run on host srv): nginx on
# 10.0.0.135 ports 80 and 8443; port 9 closed (refused); port 8081
# answered with ICMP host unreachable. nftables counts, for port 80, the
# SYNs, the FINs from hq and the segments carrying data from hq (an IPv4
# packet longer than 60 bytes: headers and options of at most 40 bytes)
set -e
d=$HOST_DIR
sed "s|@DIR@|$d|g" nginx.conf > "$d/nginx.conf"
: > "$d/access.log"
nft -f - <<NFT
table inet srv {
	counter syn { }
	counter fin { }
	counter data { }
	chain input {
		type filter hook input priority 0;
		ip saddr 10.1.0.1 tcp dport 80 tcp flags & (syn | ack) == syn counter name syn
		ip saddr 10.1.0.1 tcp dport 80 tcp flags & fin == fin counter name fin
		ip saddr 10.1.0.1 tcp dport 80 ip length > 60 counter name data
		tcp dport 8081 reject with icmp type host-unreachable
	}
}
NFT
nginx -c "$d/nginx.conf" -g 'daemon on;' -e "$d/nginx-error.log"
for i in $(seq 1 100); do
	if ss -Hltn 'sport = :8443' | grep -q LISTEN; then
		echo "servers started"
		exit 0
	fi
	sleep 0.1
done
echo "nginx did not start" >&2
exit 1
