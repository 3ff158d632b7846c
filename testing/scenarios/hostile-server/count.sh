#!/bin/bash
# count.sh IF FILTER: number of packets captured on hq's IF matching the
# tcpdump FILTER (run on host hq)
tcpdump -r "$HOST_DIR/$1.pcap" -n "$2" 2>/dev/null | wc -l
