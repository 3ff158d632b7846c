#!/bin/bash
# keepalived.sh HOST PRIORITY: write the node's keepalived.conf and notify
# script, and start keepalived (VRRP only) in the host's namespace
h=$1
d=$LAB_DIR/$h
cat > "$d/notify.sh" <<NOTIFY
#!/bin/sh
# keepalived notify: tell the plugin the role, and keep the data child on
# the master only
export STRONGSWAN_CONF=$d/strongswan.conf
linkmon --socket unix://$d/charon.lnkmon ha-role "\$1" >> $d/notify.log 2>&1
case "\$1" in
master) swanctl --initiate --ike dc --child lan >> $d/notify.log 2>&1 & ;;
*) swanctl --terminate --child lan >> $d/notify.log 2>&1 ;;
esac
echo "\$(date +%T.%N) \$1" >> $d/roles.log
NOTIFY
chmod 0755 "$d/notify.sh"
cat > "$d/keepalived.conf" <<CONF
global_defs {
	router_id $h
	script_user root
	enable_script_security
	vrrp_garp_master_delay 0
}
vrrp_track_file linkmon {
	file $d/ha.weight
	weight -20
}
vrrp_instance lan {
	state BACKUP
	interface eth1
	virtual_router_id 51
	version 3
	priority $2
	advert_int 0.1
	virtual_ipaddress {
		10.1.0.1/24
	}
	track_file {
		linkmon
	}
	notify_master "$d/notify.sh master"
	notify_backup "$d/notify.sh backup"
	notify_fault "$d/notify.sh fault"
}
CONF
ip netns exec "${LAB_PREFIX}$h" setsid keepalived -n -l -P -f "$d/keepalived.conf" \
	-p "$d/keepalived.pid" -r "$d/vrrp.pid" > "$d/keepalived.log" 2>&1 < /dev/null &
sleep 0.2
echo "keepalived started on $h"
