#!/bin/bash
# boot-loop.sh N: stop and start hq's charon N times with both paths
# healthy. After each start, wait (with a deadline) until dc and wan have
# their first verdict and dc has sent 100 more probes (1 s at 10 ms), then
# check what this start logged and ran: both alive, nothing moved, no route
# at a dead metric, no dead or action hook, no DR SA. Each start is cold:
# the neighbour caches on the path are flushed first, as after a reboot,
# and dc drops hq's first two probes through the fresh tunnel (fewer than
# failtime): the race of a first probe with a tunnel not yet ready both
# ends, made certain. Prints one line per
# boot and "N of N boots without a move" when all passed.
n=${1:-10}
dir=$LAB_DIR/hq
ok=0

# bytes of one probe as dc forwards it (pretest counts them)
probe_bytes()
{
	lab_exec dc nft list chain inet lab probes |
		sed -n 's/.*counter packets \([0-9]*\) bytes \([0-9]*\).*/\1 \2/p' |
		awk '$1 > 0 { print int($2 / $1) }'
}

len=$(probe_bytes)
if [ -z "$len" ]; then
	echo "no probe seen on dc before the first boot"
	exit 1
fi

# what the current charon logged since it started
since_start()
{
	tail -n +$((start + 1)) "$dir/charon.log"
}

# dc's probes sent so far (its one server), empty if no answer
dc_sent()
{
	lab_exec hq linkmon status --json dc 2>/dev/null |
		sed -n 's/.*"sent":\([0-9]*\).*/\1/p'
}

# wait for both verdicts and 100 probes after dc's; 0 when seen
wait_settled()
{
	local deadline=$((SECONDS + 20)) base="" sent
	while [ $SECONDS -lt $deadline ]; do
		if since_start | grep -q "link-monitor 'dc' initial state is" &&
		   since_start | grep -q "link-monitor 'wan' initial state is"; then
			sent=$(dc_sent)
			if [ -n "$sent" ] && [ -z "$base" ]; then
				base=$sent
			elif [ -n "$sent" ] && [ $((sent - base)) -ge 100 ]; then
				return 0
			fi
		fi
		sleep 0.1
	done
	return 1
}

for i in $(seq 1 "$n"); do
	lab_stop_charon hq
	# a booting gateway starts cold: no neighbour entries on the path
	for h in hq inet dc srv; do
		ip -n "${LAB_PREFIX}$h" neigh flush all
	done
	lab_exec dc nft flush chain inet lab race &&
	lab_exec dc nft add rule inet lab race ip saddr 10.1.0.1 \
		icmp type echo-request quota until $((2 * len)) bytes counter drop ||
		exit 1
	touch "$dir/charon.log"
	start=$(wc -l < "$dir/charon.log")
	rm -f "$dir/events.log"
	if ! lab_start_charon hq 2>"$dir/boot-$i.err"; then
		echo "boot $i: charon did not start: $(tail -n 1 "$dir/boot-$i.err")"
		continue
	fi
	if ! wait_settled; then
		echo "boot $i: no verdict and 100 probes within 20 s"
		continue
	fi
	bad=$(since_start | grep -E "'(dc|wan)' (initial state is dead|changed state|SLA changed)|moving the traffic|CHILD_SA dr/|metric (200|300)|failed")
	events=$(sort "$dir/events.log" 2>/dev/null | tr '\n' ',')
	routes=$(ip -n "${LAB_PREFIX}hq" route show proto 199 | sort | tr '\n' ',')
	dr=$(lab_exec hq swanctl --list-sas --ike dr 2>/dev/null)
	dropped=$(lab_exec dc nft list chain inet lab race |
		sed -n 's/.*counter packets \([0-9]*\) .*/\1/p')
	if [ "$dropped" != 2 ]; then
		echo "boot $i: dc dropped '$dropped' first probes, not 2"
	elif [ -n "$bad" ]; then
		echo "boot $i: logged: $bad"
	elif [ "$events" != "dc state alive ,wan state alive ," ]; then
		echo "boot $i: hooks ran: $events"
	elif [ "$routes" != "192.0.2.0/24 via 172.16.1.1 dev eth0 metric 10 ,198.51.100.0/24 via 172.16.1.1 dev eth0 metric 10 ," ]; then
		echo "boot $i: routes: $routes"
	elif [ -n "$dr" ]; then
		echo "boot $i: dr has an SA: $dr"
	else
		echo "boot $i: first 2 probes lost, dc and wan alive, nothing moved"
		ok=$((ok + 1))
	fi
done
echo "$ok of $n boots without a move"
