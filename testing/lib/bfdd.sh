#!/bin/bash
# bfdd.sh start CONF | vtysh COMMAND... | pid: FRR's bfdd alone (no zebra) as
# a BFD peer in the network namespace it is run in (a lab host: the runner
# sets HOST_DIR), in a mount namespace of its own with a private /run, never
# on the machine itself. Its files (configuration, pid, vty socket, log) go
# to $HOST_DIR/bfdd, owned by frr.
#
#   start CONF      write CONF (bfdd.conf syntax) and start bfdd; ready once
#                   its vty answers
#   vtysh CMD...    run vtysh commands (-c each) against it
#   pid             print its pid
#
# Copyright (C) 2026 strongswan-link-monitor authors
# SPDX-License-Identifier: GPL-2.0-or-later

set -e
[ -n "${HOST_DIR:-}" ] || { echo "bfdd.sh: HOST_DIR not set" >&2; exit 2; }
dir=$HOST_DIR/bfdd

vty()
{
	local args=()
	for c in "$@"; do
		args+=(-c "$c")
	done
	vtysh --vty_socket "$dir" -d bfdd "${args[@]}"
}

case "${1:-}" in
start)
	mkdir -p "$dir"
	cp "$2" "$dir/bfdd.conf"
	chown -R frr:frr "$dir"
	chmod 0750 "$dir"
	setsid unshare -m sh -c "mount -t tmpfs none /run && mkdir -p /run/frr &&
		chown frr:frr /run/frr && exec /usr/lib/frr/bfdd -f '$dir/bfdd.conf' \
		-i '$dir/bfdd.pid' --vty_socket '$dir' --bfdctl '$dir/bfdd.sock' \
		-A 127.0.0.1 -u frr -g frr --log 'file:$dir/bfdd.log' \
		--log-level debug" > "$dir/bfdd.out" 2>&1 < /dev/null &
	for i in $(seq 1 100); do
		if vty "show bfd peers brief" > /dev/null 2>&1; then
			echo "bfdd started"
			exit 0
		fi
		sleep 0.1
	done
	echo "bfdd did not start:" >&2
	cat "$dir/bfdd.out" >&2
	tail -n 20 "$dir/bfdd.log" >&2 2>/dev/null
	exit 1
	;;
vtysh)
	shift
	vty "$@"
	;;
pid)
	cat "$dir/bfdd.pid"
	;;
*)
	echo "usage: bfdd.sh start CONF | vtysh COMMAND... | pid" >&2
	exit 2
	;;
esac
