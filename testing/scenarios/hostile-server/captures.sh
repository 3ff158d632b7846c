#!/bin/bash
# capture hq's IPv4 traffic on eth0, eth1 and eth2 into $HOST_DIR/ethN.pcap
# (run on host hq, before its charon starts)
d=$HOST_DIR
for i in eth0 eth1 eth2; do
	setsid tcpdump -Z root -i $i -n -U -s 128 -w "$d/$i.pcap" ip \
		> "$d/tcpdump-$i.log" 2>&1 < /dev/null &
	echo $! > "$d/tcpdump-$i.pid"
done
for n in $(seq 1 100); do
	if grep -q "listening on eth0" "$d/tcpdump-eth0.log" &&
	   grep -q "listening on eth1" "$d/tcpdump-eth1.log" &&
	   grep -q "listening on eth2" "$d/tcpdump-eth2.log"; then
		echo "captures started"
		exit 0
	fi
	sleep 0.1
done
echo "tcpdump did not start:" >&2
cat "$d"/tcpdump-*.log >&2
exit 1
