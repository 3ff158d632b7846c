#!/bin/bash
# leaks.sh IF: packets captured on hq's IF in total, and those to or from the
# servers of the monitors bound to eth2 (run on host hq)
f=$HOST_DIR/$1.pcap
total=$(tcpdump -r "$f" -n 2>/dev/null | wc -l)
leaked=$(tcpdump -r "$f" -n 'host 192.0.2.1 or host 172.16.2.1' 2>/dev/null | wc -l)
echo "$1: total=$total leaked=$leaked"
