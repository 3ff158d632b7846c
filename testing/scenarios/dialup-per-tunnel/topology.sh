# topology.sh: 20 client gateways c1..c20, each on its own link to inet
# (172.18.N.2/24), with inside address 10.100.N.1 and a tunnel to dc
# (sourced by testing/run with the lab functions)
for n in $(seq 1 20); do
	h=c$n
	ns=$(lab_ns $h)
	ip netns add "$ns" || return 1
	ip -n "$ns" link set lo up
	lab_link inet eth-c$n 172.18.$n.1/24 $h eth0 172.18.$n.2/24 || return 1
	ip -n "$ns" route add default via 172.18.$n.1
	ip -n "$ns" addr add 10.100.$n.1/32 dev lo
	mkdir -p "$LAB_DIR/$h"
	cat > "$LAB_DIR/$h/swanctl.conf" <<-CONF
	connections {
		dc {
			local_addrs = 172.18.$n.2
			remote_addrs = 172.16.2.2
			encap = yes
			proposals = aes256gcm16-prfsha256-modp2048
			local {
				auth = psk
				id = $h
			}
			remote {
				auth = psk
				id = dc
			}
			children {
				dc {
					local_ts = 10.100.$n.1/32
					remote_ts = 10.0.0.0/24
					esp_proposals = aes256gcm16-modp2048
					start_action = start
				}
			}
		}
	}
	secrets {
		ike-dc {
			secret = lab-psk-clients
		}
	}
	CONF
	LAB_EXTRA_HOSTS="$LAB_EXTRA_HOSTS $h"
done
