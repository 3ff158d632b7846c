/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdio.h>
#include <string.h>
#include <check.h>

#include <lm_config.h>

#include "test_helpers.h"
#include "test_suites.h"

#define countof(array) (sizeof(array) / sizeof((array)[0]))

/**
 * Check the numeric keys of a monitor against those of expected.
 */
static void assert_numbers(const lm_monitor_cfg_t *c,
						   const lm_monitor_cfg_t *expected)
{
	ck_assert_uint_eq(c->port, expected->port);
	ck_assert_uint_eq(c->interval_ms, expected->interval_ms);
	ck_assert_uint_eq(c->probe_timeout_ms, expected->probe_timeout_ms);
	ck_assert_uint_eq(c->failtime, expected->failtime);
	ck_assert_uint_eq(c->recoverytime, expected->recoverytime);
	ck_assert_uint_eq(c->probe_count, expected->probe_count);
	ck_assert_uint_eq(c->ha_priority, expected->ha_priority);
	ck_assert_uint_eq(c->dscp, expected->dscp);
}

/**
 * Parse a monitors section (destroyed) read from /etc/swanctl/swanctl.conf
 * and expect failure with a message containing expected.
 */
static void expect_parse_error(lm_kv_t *root, const char *expected)
{
	lm_buf_t err = {};
	lm_config_t *config;

	config = lm_config_parse(root, "/etc/swanctl/swanctl.conf", &err);
	ck_assert_msg(config == NULL, "accepted, expected '%s'", expected);
	ck_assert_msg(strstr(lm_buf_str(&err), expected),
				  "got '%s', expected '%s'", lm_buf_str(&err), expected);
	lm_buf_free(&err);
	lm_kv_destroy(root);
}

/**
 * Parse a monitor from "key=value" strings and expect failure with a
 * message containing expected.
 */
static void expect_error(const char **pairs, const char *expected)
{
	expect_parse_error(test_kv_monitor("dc", pairs, NULL), expected);
}

START_TEST(test_defaults)
{
	const char *pairs[] = { "server=10.0.0.135", NULL };
	lm_config_t *config = test_config_parse("dc", pairs, NULL);
	lm_monitor_cfg_t *c = config->monitors[0];
	char buf[LM_ADDR_STRLEN];

	ck_assert_str_eq(c->name, "dc");
	ck_assert_int_eq(c->server_count, 1);
	ck_assert_str_eq(lm_addr_fmt(&c->servers[0], buf), "10.0.0.135");
	ck_assert_int_eq(c->protocol, LM_PROTO_PING);
	assert_numbers(c, &(lm_monitor_cfg_t){
		.port = 0, .interval_ms = 500, .probe_timeout_ms = 500, .failtime = 5,
		.recoverytime = 5, .probe_count = 30, .ha_priority = 1, .dscp = 0,
	});
	ck_assert(c->enabled);
	ck_assert_ptr_null(c->connection);
	ck_assert_ptr_null(c->interface);
	ck_assert_int_eq(c->source.family, 0);
	ck_assert_ptr_eq(lm_config_find(config, "dc"), c);
	ck_assert_ptr_null(lm_config_find(config, "dr"));
	lm_config_destroy(config);
}
END_TEST

START_TEST(test_full)
{
	const char *pairs[] = {
		"server=10.0.0.135, 10.0.0.136 ,10.0.0.137", "source=10.1.0.1",
		"interface=eth1", "connection=dc", "child=dc-lan",
		"protocol=https", "port=8443", "http_get=/health",
		"http_match=OK", "interval=2s", "probe_timeout=250ms",
		"failtime=3", "recoverytime=7", "probe_count=10",
		"ha_priority=50", "diffservcode=46", "mos_codec=g729",
		"enabled=no", NULL };
	lm_config_t *config = test_config_parse("dc", pairs, NULL);
	lm_monitor_cfg_t *c = config->monitors[0], *clone;
	char buf[LM_ADDR_STRLEN];

	ck_assert_int_eq(c->server_count, 3);
	ck_assert_str_eq(lm_addr_fmt(&c->servers[1], buf), "10.0.0.136");
	ck_assert_str_eq(lm_addr_fmt(&c->servers[2], buf), "10.0.0.137");
	ck_assert_str_eq(lm_addr_fmt(&c->source, buf), "10.1.0.1");
	ck_assert_str_eq(c->interface, "eth1");
	ck_assert_str_eq(c->connection, "dc");
	ck_assert_str_eq(c->child, "dc-lan");
	ck_assert_int_eq(c->protocol, LM_PROTO_HTTPS);
	ck_assert_str_eq(c->http_get, "/health");
	ck_assert_str_eq(c->http_match, "OK");
	assert_numbers(c, &(lm_monitor_cfg_t){
		.port = 8443, .interval_ms = 2000, .probe_timeout_ms = 250,
		.failtime = 3, .recoverytime = 7, .probe_count = 10,
		.ha_priority = 50, .dscp = 46,
	});
	ck_assert_int_eq(c->mos_codec, LM_CODEC_G729);
	ck_assert(!c->enabled);

	clone = lm_monitor_cfg_clone(c);
	ck_assert(lm_monitor_cfg_equals(c, clone));
	clone->failtime = 4;
	ck_assert(!lm_monitor_cfg_equals(c, clone));
	ck_assert(lm_monitor_cfg_probe_equals(c, clone));
	clone->interval_ms = 1000;
	ck_assert(!lm_monitor_cfg_probe_equals(c, clone));
	lm_monitor_cfg_destroy(clone);
	lm_config_destroy(config);
}
END_TEST

START_TEST(test_protocol_ports)
{
	const char *protos[] = { "tcp-echo", "udp-echo", "http", "https", "twamp",
							 "stamp", "dns" };
	uint16_t ports[] = { 7, 7, 80, 443, 862, 862, 53 };
	const char *pairs[] = { "server=2001:db8::1", NULL, "dns_name=.", NULL };
	char proto[32];
	lm_config_t *config;
	int i;

	for (i = 0; i < (int)countof(protos); i++)
	{
		snprintf(proto, sizeof(proto), "protocol=%s", protos[i]);
		pairs[1] = proto;
		/* the name a dns query asks for, only for dns */
		pairs[2] = strcmp(protos[i], "dns") == 0 ? "dns_name=." : NULL;
		config = test_config_parse("m", pairs, NULL);
		ck_assert_uint_eq(config->monitors[0]->port, ports[i]);
		ck_assert_str_eq(lm_proto_name(config->monitors[0]->protocol),
						 protos[i]);
		ck_assert_int_eq(config->monitors[0]->servers[0].family, AF_INET6);
		lm_config_destroy(config);
	}
}
END_TEST

START_TEST(test_https_keys)
{
	const char *vhost[] = { "server=10.0.0.135", "protocol=https",
							"http_host=Probe-1.example_site.org",
							"http_status=200, 204,301-302", "tls_verify=yes",
							"tls_ca=/etc/swanctl/linkmon-ca/ca.pem", NULL };
	const char *plain[] = { "server=10.0.0.135", "protocol=http",
							"http_host=probe.example", "http_status=100-599",
							NULL };
	const char *https[] = { "server=10.0.0.135", "protocol=https", NULL };
	const char *ping[] = { "server=10.0.0.135", NULL };
	lm_config_t *config;
	lm_monitor_cfg_t *c;

	config = test_config_parse("dc", vhost, NULL);
	c = config->monitors[0];
	ck_assert_str_eq(c->http_host, "Probe-1.example_site.org");
	ck_assert_int_eq(c->http_status_count, 3);
	ck_assert_uint_eq(c->http_status[0].min, 200);
	ck_assert_uint_eq(c->http_status[0].max, 200);
	ck_assert_uint_eq(c->http_status[1].min, 204);
	ck_assert_uint_eq(c->http_status[2].min, 301);
	ck_assert_uint_eq(c->http_status[2].max, 302);
	ck_assert(c->tls_verify);
	ck_assert_str_eq(c->tls_ca, "/etc/swanctl/linkmon-ca/ca.pem");
	lm_config_destroy(config);

	config = test_config_parse("dc", plain, NULL);
	c = config->monitors[0];
	ck_assert_str_eq(c->http_host, "probe.example");
	ck_assert_int_eq(c->http_status_count, 1);
	ck_assert_uint_eq(c->http_status[0].min, 100);
	ck_assert_uint_eq(c->http_status[0].max, 599);
	lm_config_destroy(config);

	/* defaults: the address as Host, no SNI, 2xx and 3xx, no verification
	 * (as before these keys) */
	config = test_config_parse("dc", https, NULL);
	c = config->monitors[0];
	ck_assert_ptr_null(c->http_host);
	ck_assert_int_eq(c->http_status_count, 1);
	ck_assert_uint_eq(c->http_status[0].min, 200);
	ck_assert_uint_eq(c->http_status[0].max, 399);
	ck_assert(!c->tls_verify);
	ck_assert_ptr_null(c->tls_ca);
	lm_config_destroy(config);

	/* no status ranges for other protocols */
	config = test_config_parse("dc", ping, NULL);
	ck_assert_int_eq(config->monitors[0]->http_status_count, 0);
	ck_assert_ptr_null(config->monitors[0]->http_status);
	lm_config_destroy(config);
}
END_TEST

START_TEST(test_https_errors)
{
	const char *host_ping[] = { "server=10.0.0.1", "http_host=a.example", NULL };
	const char *host_addr[] = { "server=10.0.0.1", "protocol=https", "http_host=10.0.0.1", NULL };
	const char *host_addr6[] = { "server=10.0.0.1", "protocol=https", "http_host=2001:db8::1", NULL };
	const char *host_bad[] = { "server=10.0.0.1", "protocol=https", "http_host=a..example", NULL };
	const char *host_root[] = { "server=10.0.0.1", "protocol=https", "http_host=.", NULL };
	const char *host_long[] = { "server=10.0.0.1", "protocol=https", "http_host=a.bcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklm.example", NULL };
	const char *host_port[] = { "server=10.0.0.1", "protocol=https", "http_host=a.example:8443", NULL };
	const char *host_dot[] = { "server=10.0.0.1", "protocol=https", "http_host=a.example.", NULL };
	const char *st_ping[] = { "server=10.0.0.1", "http_status=200", NULL };
	const char *st_low[] = { "server=10.0.0.1", "protocol=http", "http_status=99", NULL };
	const char *st_high[] = { "server=10.0.0.1", "protocol=http", "http_status=200-600", NULL };
	const char *st_rev[] = { "server=10.0.0.1", "protocol=http", "http_status=399-200", NULL };
	const char *st_word[] = { "server=10.0.0.1", "protocol=http", "http_status=2xx", NULL };
	const char *st_empty[] = { "server=10.0.0.1", "protocol=http", "http_status=200,,204", NULL };
	const char *st_open[] = { "server=10.0.0.1", "protocol=http", "http_status=200-", NULL };
	const char *st_many[] = { "server=10.0.0.1", "protocol=http", "http_status="
		"200,201,202,203,204,205,206,207,208,226,300,301,302,303,304,307,308", NULL };
	const char *v_http[] = { "server=10.0.0.1", "protocol=http", "tls_verify=yes", NULL };
	const char *v_bad[] = { "server=10.0.0.1", "protocol=https", "tls_verify=maybe", NULL };
	const char *ca_nover[] = { "server=10.0.0.1", "protocol=https", "tls_ca=/etc/ssl/ca.pem", NULL };
	const char *ca_off[] = { "server=10.0.0.1", "protocol=https", "tls_verify=no", "tls_ca=/etc/ssl/ca.pem", NULL };
	const char *ca_rel[] = { "server=10.0.0.1", "protocol=https", "tls_verify=yes", "tls_ca=ca.pem", NULL };
	const char *ca_ping[] = { "server=10.0.0.1", "tls_ca=/etc/ssl/ca.pem", NULL };

	expect_error(host_ping, "/etc/swanctl/swanctl.conf: monitor 'dc': http_host: only applies to protocols http and https");
	expect_error(host_addr, "monitor 'dc': http_host: '10.0.0.1' is an address, not a name");
	expect_error(host_addr6, "http_host: '2001:db8::1' is an address, not a name");
	expect_error(host_bad, "http_host: 'a..example' is not a host name");
	expect_error(host_root, "http_host: '.' is not a host name");
	expect_error(host_long, "is not a host name (labels of 1..63");
	expect_error(host_port, "http_host: 'a.example:8443' is not a host name");
	expect_error(host_dot, "http_host: 'a.example.' is not a host name");
	expect_error(st_ping, "monitor 'dc': http_status: only applies to protocols http and https");
	expect_error(st_low, "http_status: '99' is not a status code 100..599 or a range");
	expect_error(st_high, "http_status: '200-600' is not a status code 100..599");
	expect_error(st_rev, "http_status: '399-200' is a range from high to low");
	expect_error(st_word, "http_status: '2xx' is not a status code");
	expect_error(st_empty, "http_status: empty code in the list");
	expect_error(st_open, "http_status: '200-' is not a status code");
	expect_error(st_many, "http_status: more than 16 codes or ranges");
	expect_error(v_http, "monitor 'dc': tls_verify: only applies to protocol https");
	expect_error(v_bad, "tls_verify: 'maybe' is not yes or no");
	expect_error(ca_nover, "monitor 'dc': tls_ca: requires tls_verify = yes");
	expect_error(ca_off, "tls_ca: requires tls_verify = yes");
	expect_error(ca_rel, "tls_ca: 'ca.pem' is not an absolute path");
	expect_error(ca_ping, "tls_ca: only applies to protocol https");
}
END_TEST

START_TEST(test_errors)
{
	const char *missing[] = { "interval=1s", NULL };
	const char *unknown[] = { "server=10.0.0.1", "intervall=1s", NULL };
	const char *badaddr[] = { "server=10.0.0.1,dc.example.com", NULL };
	const char *empty[] = { "server=10.0.0.1,,10.0.0.2", NULL };
	const char *dup[] = { "server=10.0.0.1,10.0.0.1", NULL };
	const char *mixed[] = { "server=10.0.0.1,2001:db8::1", NULL };
	const char *srcfam[] = { "server=10.0.0.1", "source=2001:db8::1", NULL };
	const char *badsrc[] = { "server=10.0.0.1", "source=10.0.0.300", NULL };
	const char *proto[] = { "server=10.0.0.1", "protocol=icmp", NULL };
	const char *pingport[] = { "server=10.0.0.1", "port=7", NULL };
	const char *port0[] = { "server=10.0.0.1", "protocol=udp-echo", "port=0", NULL };
	const char *port65536[] = { "server=10.0.0.1", "protocol=udp-echo", "port=65536", NULL };
	const char *ival_lo[] = { "server=10.0.0.1", "interval=9", NULL };
	const char *ival_hi[] = { "server=10.0.0.1", "interval=3601s", NULL };
	const char *ival_bad[] = { "server=10.0.0.1", "interval=5m", NULL };
	const char *ival_neg[] = { "server=10.0.0.1", "interval=-5", NULL };
	const char *to_hi[] = { "server=10.0.0.1", "probe_timeout=5001", NULL };
	const char *fail0[] = { "server=10.0.0.1", "failtime=0", NULL };
	const char *rec_hi[] = { "server=10.0.0.1", "recoverytime=3601", NULL };
	const char *pc_lo[] = { "server=10.0.0.1", "probe_count=4", NULL };
	const char *pc_hi[] = { "server=10.0.0.1", "probe_count=31", NULL };
	const char *ha[] = { "server=10.0.0.1", "ha_priority=51", NULL };
	const char *dscp[] = { "server=10.0.0.1", "diffservcode=64", NULL };
	const char *dscpx[] = { "server=10.0.0.1", "diffservcode=0x2e", NULL };
	const char *en[] = { "server=10.0.0.1", "enabled=maybe", NULL };
	const char *child[] = { "server=10.0.0.1", "child=lan", NULL };
	const char *ifname[] = { "server=10.0.0.1", "interface=a-very-long-ifname0", NULL };
	const char *get[] = { "server=10.0.0.1", "http_get=/", NULL };
	const char *getrel[] = { "server=10.0.0.1", "protocol=http", "http_get=index.html", NULL };
	const char *codec[] = { "server=10.0.0.1", "mos_codec=opus", NULL };
	const char *huge[] = { "server=10.0.0.1", "interval=99999999999999999999", NULL };

	expect_error(missing, "/etc/swanctl/swanctl.conf: monitor 'dc': server: missing");
	expect_error(unknown, "monitor 'dc': intervall: unknown key");
	expect_error(badaddr, "server: 'dc.example.com' is not an IPv4 or IPv6 address");
	expect_error(empty, "server: empty address");
	expect_error(dup, "server: '10.0.0.1' is listed twice");
	expect_error(mixed, "server: mixes IPv4 and IPv6");
	expect_error(srcfam, "source: address family differs");
	expect_error(badsrc, "source: '10.0.0.300' is not");
	expect_error(proto, "protocol: 'icmp' is not one of");
	expect_error(pingport, "port: does not apply to protocol ping");
	expect_error(port0, "port: 0 is out of range 1..65535");
	expect_error(port65536, "port: 65536 is out of range 1..65535");
	expect_error(ival_lo, "interval: 9 ms is out of range 10..3600000 ms");
	expect_error(ival_hi, "interval: 3601000 ms is out of range");
	expect_error(ival_bad, "interval: '5m' is not a duration");
	expect_error(ival_neg, "interval: '-5' is not a duration");
	expect_error(to_hi, "probe_timeout: 5001 ms is out of range 10..5000 ms");
	expect_error(fail0, "failtime: 0 is out of range 1..3600");
	expect_error(rec_hi, "recoverytime: 3601 is out of range 1..3600");
	expect_error(pc_lo, "probe_count: 4 is out of range 5..30");
	expect_error(pc_hi, "probe_count: 31 is out of range 5..30");
	expect_error(ha, "ha_priority: 51 is out of range 1..50");
	expect_error(dscp, "diffservcode: 64 is out of range 0..63");
	expect_error(dscpx, "diffservcode: '0x2e' is not a number");
	expect_error(en, "enabled: 'maybe' is not yes or no");
	expect_error(child, "child: requires 'connection'");
	expect_error(ifname, "interface: 'a-very-long-ifname0' is not a valid");
	expect_error(get, "http_get: only applies to protocols http and https");
	expect_error(getrel, "http_get: 'index.html' is not an absolute path");
	expect_error(codec, "mos_codec: 'opus' is not one of g711, g729");
	expect_error(huge, "interval: '99999999999999999999' is too large");
}
END_TEST

START_TEST(test_dns_keys)
{
	const char *pairs[] = { "server=10.0.0.53", "protocol=dns",
							"dns_name=www.lab.example", NULL };
	const char *aaaa[] = { "dns_type=aaaa", "dns_match=2001:db8::80", NULL };
	const char *txt[] = { "dns_type=TXT", "dns_match=v=spf1 -all", "port=5353",
						  NULL };
	lm_config_t *config;
	lm_monitor_cfg_t *c;

	config = test_config_parse("dc", pairs, NULL);
	c = config->monitors[0];
	ck_assert_int_eq(c->protocol, LM_PROTO_DNS);
	ck_assert_str_eq(lm_proto_name(c->protocol), "dns");
	ck_assert_uint_eq(c->port, 53);
	ck_assert_str_eq(c->dns_name, "www.lab.example");
	ck_assert_int_eq(c->dns_type, LM_DNS_A);
	ck_assert_ptr_null(c->dns_match);
	lm_config_destroy(config);

	config = test_config_parse("dc", pairs, aaaa);
	c = config->monitors[0];
	ck_assert_int_eq(c->dns_type, LM_DNS_AAAA);
	ck_assert_str_eq(c->dns_match, "2001:db8::80");
	lm_config_destroy(config);

	config = test_config_parse("dc", pairs, txt);
	c = config->monitors[0];
	ck_assert_int_eq(c->dns_type, LM_DNS_TXT);
	ck_assert_str_eq(c->dns_match, "v=spf1 -all");
	ck_assert_uint_eq(c->port, 5353);
	lm_config_destroy(config);
}
END_TEST

START_TEST(test_dns_errors)
{
	const char *dns[] = { "server=10.0.0.53", "protocol=dns",
						  "dns_name=www.lab.example", NULL };
	const char *noname[] = { "dns_name=", NULL };
	const char *badname[] = { "dns_name=www..lab.example", NULL };
	const char *badtype[] = { "dns_type=SRV", NULL };
	const char *bada[] = { "dns_match=2001:db8::80", NULL };
	const char *badaaaa[] = { "dns_type=AAAA", "dns_match=10.0.0.80", NULL };
	const char *badmx[] = { "dns_type=MX", "dns_match=10 mail", NULL };
	const char *ping[] = { "server=10.0.0.53", "dns_name=www.lab.example",
						   NULL };
	const char *pingtype[] = { "server=10.0.0.53", "dns_type=A", NULL };
	const char *pingmatch[] = { "server=10.0.0.53", "dns_match=10.0.0.1",
								NULL };
	const char *missing[] = { "server=10.0.0.53", "protocol=dns", NULL };

	expect_error(missing, "/etc/swanctl/swanctl.conf: monitor 'dc': "
				 "dns_name: missing, protocol dns needs the name to ask for");
	expect_parse_error(test_kv_monitor("dc", dns, noname),
					   "dns_name: '' is not a domain name");
	expect_parse_error(test_kv_monitor("dc", dns, badname),
					   "dns_name: 'www..lab.example' is not a domain name");
	expect_parse_error(test_kv_monitor("dc", dns, badtype),
					   "dns_type: 'SRV' is not one of A, AAAA, CNAME, MX, NS, "
					   "PTR, SOA, TXT");
	expect_parse_error(test_kv_monitor("dc", dns, bada),
					   "dns_match: '2001:db8::80' is not an IPv4 address, as "
					   "dns_type A needs");
	expect_parse_error(test_kv_monitor("dc", dns, badaaaa),
					   "dns_match: '10.0.0.80' is not an IPv6 address");
	expect_parse_error(test_kv_monitor("dc", dns, badmx),
					   "dns_match: '10 mail' is not a domain name, as dns_type "
					   "MX needs");
	expect_error(ping, "monitor 'dc': dns_name: only applies to protocol dns");
	expect_error(pingtype, "dns_type: only applies to protocol dns");
	expect_error(pingmatch, "dns_match: only applies to protocol dns");
}
END_TEST

START_TEST(test_tcp_connect_port)
{
	const char *pairs[] = { "server=10.0.0.1", "protocol=tcp-connect",
							"port=443", NULL };
	const char *noport[] = { "server=10.0.0.1", "protocol=tcp-connect", NULL };
	lm_config_t *config;

	config = test_config_parse("dc", pairs, NULL);
	ck_assert_int_eq(config->monitors[0]->protocol, LM_PROTO_TCP_CONNECT);
	ck_assert_str_eq(lm_proto_name(LM_PROTO_TCP_CONNECT), "tcp-connect");
	ck_assert_uint_eq(config->monitors[0]->port, 443);
	lm_config_destroy(config);
	expect_error(noport, "monitor 'dc': port: missing, protocol tcp-connect "
				 "needs the port to connect to");
}
END_TEST

START_TEST(test_all_errors_reported)
{
	const char *pairs[] = { "server=x", "interval=1", "failtime=0", NULL };
	lm_buf_t err = {};
	lm_kv_t *kv = test_kv_monitor("dc", pairs, NULL);
	const char *p;
	int lines = 0;

	ck_assert_ptr_null(lm_config_parse(kv, "f", &err));
	for (p = lm_buf_str(&err); *p; p++)
	{
		lines += *p == '\n';
	}
	ck_assert_int_eq(lines, 3);
	lm_buf_free(&err);
	lm_kv_destroy(kv);
}
END_TEST

START_TEST(test_names)
{
	lm_buf_t err = {};
	lm_kv_t *root;
	lm_config_t *config;

	root = lm_kv_create("monitors");
	lm_kv_set(lm_kv_section(root, "DC"), "server", "10.0.0.1");
	lm_kv_set(lm_kv_section(root, "dc"), "server", "10.0.0.2");
	expect_parse_error(root, "monitor 'dc': name clashes with monitor 'DC'");

	root = lm_kv_create("monitors");
	lm_kv_set(lm_kv_section(root, "dc;rm -rf"), "server", "10.0.0.1");
	expect_parse_error(root, "invalid name");

	root = lm_kv_create("monitors");
	lm_kv_set(root, "stray", "1");
	expect_parse_error(root, "monitors: unexpected key 'stray'");

	root = lm_kv_create("monitors");
	lm_kv_set(lm_kv_section(lm_kv_section(root, "dc"), "sub"), "a", "b");
	lm_kv_set(lm_kv_section(root, "dc"), "server", "10.0.0.1");
	expect_parse_error(root, "monitor 'dc': sub: unexpected subsection");

	/* no monitors section: an empty, valid configuration */
	config = lm_config_parse(NULL, "f", &err);
	ck_assert_ptr_nonnull(config);
	ck_assert_int_eq(config->count, 0);
	lm_config_destroy(config);
}
END_TEST

START_TEST(test_actions)
{
	const char *pairs[] = {
		"server=10.0.0.135", "connection=dc", "child=lan", "probe_child=probe",
		"failover=dr, dr2/lan2", "teardown=ike", "failback=no",
		"failback_delay=30", "holddown=5", "standby=ike",
		"cascade_interfaces=eth2, eth3", "loss_threshold=5",
		"latency_threshold=150", "jitter_threshold=30ms", "mos_threshold=3.6",
		"sla_action=yes", "updown=/usr/local/sbin/linkmon-updown", NULL };
	const char *r1[] = { "destination=10.0.0.135/32", "gateway=198.51.100.1",
						 "metric=10", "dead_metric=200", NULL };
	const char *default6[] = { "destination=::/0", "interface=xfrm-dc",
							   "table=100", NULL };
	lm_kv_t *root, *routes;
	lm_config_t *config;
	lm_monitor_cfg_t *c, *clone;
	char buf[128];

	root = test_kv_monitor("dc", pairs, NULL);
	routes = lm_kv_section(lm_kv_section(root, "dc"), "routes");
	test_kv_set(lm_kv_section(routes, "r1"), r1);
	test_kv_set(lm_kv_section(routes, "default6"), default6);
	config = test_parse(root);
	c = config->monitors[0];
	ck_assert_str_eq(c->probe_child, "probe");
	ck_assert_str_eq(lm_monitor_cfg_probe_child(c), "probe");
	ck_assert_int_eq(c->failover_count, 2);
	ck_assert_str_eq(c->failover[0].connection, "dr");
	ck_assert_ptr_null(c->failover[0].child);
	ck_assert_str_eq(c->failover[1].connection, "dr2");
	ck_assert_str_eq(c->failover[1].child, "lan2");
	ck_assert_int_eq(c->teardown, LM_TEARDOWN_IKE);
	ck_assert(!c->failback);
	ck_assert_uint_eq(c->failback_delay_s, 30);
	ck_assert_uint_eq(c->holddown_s, 5);
	ck_assert_int_eq(c->standby, LM_STANDBY_IKE);
	ck_assert_int_eq(c->cascade_count, 2);
	ck_assert_str_eq(c->cascade[1], "eth3");
	ck_assert(lm_monitor_cfg_has_sla(c));
	ck_assert_double_eq(c->loss_threshold, 5.0);
	ck_assert_uint_eq(c->latency_threshold_ms, 150);
	ck_assert_uint_eq(c->jitter_threshold_ms, 30);
	ck_assert_double_eq(c->mos_threshold, 3.6);
	ck_assert(c->sla_action);
	ck_assert_str_eq(c->updown, "/usr/local/sbin/linkmon-updown");
	ck_assert_int_eq(c->route_count, 2);
	ck_assert_str_eq(c->routes[0].name, "r1");
	ck_assert_str_eq(lm_route_fmt(&c->routes[0].route, buf, sizeof(buf)),
					 "10.0.0.135/32 via 198.51.100.1 metric 10 table 254");
	ck_assert(c->routes[0].has_dead_metric);
	ck_assert_uint_eq(c->routes[0].dead_metric, 200);
	ck_assert_str_eq(lm_route_fmt(&c->routes[1].route, buf, sizeof(buf)),
					 "::/0 dev xfrm-dc metric 0 table 100");
	ck_assert(!c->routes[1].has_dead_metric);

	clone = lm_monitor_cfg_clone(c);
	ck_assert(lm_monitor_cfg_equals(c, clone));
	clone->routes[0].dead_metric = 300;
	ck_assert(!lm_monitor_cfg_equals(c, clone));
	/* action settings do not reset statistics */
	ck_assert(lm_monitor_cfg_probe_equals(c, clone));
	lm_monitor_cfg_destroy(clone);
	lm_config_destroy(config);
}
END_TEST

START_TEST(test_action_defaults)
{
	const char *pairs[] = { "server=10.0.0.135", NULL };
	lm_config_t *config = test_config_parse("dc", pairs, NULL);
	lm_monitor_cfg_t *c = config->monitors[0];

	ck_assert_int_eq(c->teardown, LM_TEARDOWN_CHILD);
	ck_assert(c->failback);
	ck_assert_uint_eq(c->failback_delay_s, 0);
	ck_assert_uint_eq(c->holddown_s, 10);
	ck_assert_int_eq(c->standby, LM_STANDBY_NONE);
	ck_assert(!lm_monitor_cfg_has_sla(c));
	ck_assert(!c->sla_action);
	ck_assert_int_eq(c->failover_count, 0);
	ck_assert_int_eq(c->route_count, 0);
	ck_assert_ptr_null(c->updown);
	lm_config_destroy(config);
}
END_TEST

/**
 * Parse a monitor with one route section made of "key=value" strings and
 * expect failure with a message containing expected.
 */
static void expect_route_error(const char **pairs, const char *expected)
{
	const char *server[] = { "server=10.0.0.135", NULL };
	lm_kv_t *root, *routes;

	root = test_kv_monitor("wan1", server, NULL);
	routes = lm_kv_section(lm_kv_section(root, "wan1"), "routes");
	test_kv_set(lm_kv_section(routes, "default"), pairs);
	expect_parse_error(root, expected);
}

START_TEST(test_action_errors)
{
	const char *fo_nochild[] = { "server=10.0.0.1", "connection=dc", "failover=dr", NULL };
	const char *fo_self[] = { "server=10.0.0.1", "connection=dc", "child=lan", "failover=dc", NULL };
	const char *fo_dup[] = { "server=10.0.0.1", "connection=dc", "child=lan", "failover=dr,dr/x", NULL };
	const char *fo_bad[] = { "server=10.0.0.1", "connection=dc", "child=lan", "failover=dr/", NULL };
	const char *fo_empty[] = { "server=10.0.0.1", "connection=dc", "child=lan", "failover=dr,,dr2", NULL };
	const char *pc_same[] = { "server=10.0.0.1", "connection=dc", "child=lan", "probe_child=lan", NULL };
	const char *pc_nochild[] = { "server=10.0.0.1", "connection=dc", "probe_child=p", NULL };
	const char *td[] = { "server=10.0.0.1", "teardown=all", NULL };
	const char *sb[] = { "server=10.0.0.1", "standby=child", NULL };
	const char *hd[] = { "server=10.0.0.1", "holddown=-1", NULL };
	const char *loss[] = { "server=10.0.0.1", "loss_threshold=101", NULL };
	const char *mos[] = { "server=10.0.0.1", "mos_threshold=5", NULL };
	const char *sla[] = { "server=10.0.0.1", "sla_action=yes", NULL };
	const char *gw[] = { "server=10.0.0.1", "gateway=2001:db8::1", NULL };
	const char *gwconn[] = { "server=10.0.0.1", "connection=dc", "gateway=10.0.0.254", NULL };
	const char *up[] = { "server=10.0.0.1", "updown=linkmon-updown", NULL };
	const char *casc[] = { "server=10.0.0.1", "cascade_interfaces=eth2,a/b", NULL };
	const char *r_nodst[] = { "gateway=10.0.0.254", NULL };
	const char *r_baddst[] = { "destination=10.0.0.0/33", "gateway=10.0.0.254", NULL };
	const char *r_nogw[] = { "destination=0.0.0.0/0", NULL };
	const char *r_fam[] = { "destination=0.0.0.0/0", "gateway=fe80::1", NULL };
	const char *r_table[] = { "destination=0.0.0.0/0", "gateway=10.0.0.254", "table=local", NULL };
	const char *r_t255[] = { "destination=0.0.0.0/0", "gateway=10.0.0.254", "table=255", NULL };
	const char *r_dm[] = { "destination=0.0.0.0/0", "gateway=10.0.0.254", "metric=10", "dead_metric=10", NULL };
	const char *r_key[] = { "destination=0.0.0.0/0", "gateway=10.0.0.254", "weight=3", NULL };

	expect_error(fo_nochild, "failover: requires 'connection' and 'child'");
	expect_error(fo_self, "failover: 'dc' is the monitored connection itself");
	expect_error(fo_dup, "failover: connection 'dr' is listed twice");
	expect_error(fo_bad, "failover: 'dr/' is not a connection or connection/child");
	expect_error(fo_empty, "failover: '' is not a connection");
	expect_error(pc_same, "probe_child: must differ from 'child'");
	expect_error(pc_nochild, "probe_child: requires 'child'");
	expect_error(td, "teardown: 'all' is not one of child, ike, none");
	expect_error(sb, "standby: 'child' is not one of none, ike");
	expect_error(hd, "holddown: '-1' is not a number");
	expect_error(loss, "loss_threshold: '101' is not a percentage 0..100");
	expect_error(mos, "mos_threshold: '5' is not a MOS 1.0..4.5");
	expect_error(sla, "sla_action: requires at least one of");
	expect_error(gw, "gateway: address family differs");
	expect_error(gwconn, "gateway: is for WAN monitors");
	expect_error(up, "updown: 'linkmon-updown' is not an absolute path");
	expect_error(casc, "cascade_interfaces: 'a/b' is not a valid interface name");
	expect_route_error(r_nodst, "monitor 'wan1': routes.default.destination: missing");
	expect_route_error(r_baddst, "routes.default.destination: '10.0.0.0/33' is not");
	expect_route_error(r_nogw, "routes.default.gateway: a route needs a gateway");
	expect_route_error(r_fam, "routes.default.gateway: address family differs");
	expect_route_error(r_table, "routes.default.table: 'local' is not 'main'");
	expect_route_error(r_t255, "routes.default.table: '255' is not");
	expect_route_error(r_dm, "routes.default.dead_metric: equals metric");
	expect_route_error(r_key, "routes.default.weight: unknown key");
}
END_TEST

START_TEST(test_rules)
{
	const char *pairs[] = { "server=172.16.3.2", "interface=eth0", NULL };
	const char *lan[] = { "from=10.1.0.0/24", "to=192.0.2.0/24",
						  "iif=eth1", "fwmark=0x10/0xf0", "table=100",
						  "priority=500", NULL };
	const char *marked[] = { "fwmark=7", "table=main", NULL };
	const char *v6[] = { "to=2001:db8::1", "table=4294967294", NULL };
	const char *all6[] = { "from=::/0", "table=200", NULL };
	lm_kv_t *root, *rules;
	lm_config_t *config;
	lm_monitor_cfg_t *c, *clone;
	char buf[128];

	root = test_kv_monitor("wan1", pairs, NULL);
	rules = lm_kv_section(lm_kv_section(root, "wan1"), "rules");
	test_kv_set(lm_kv_section(rules, "lan"), lan);
	test_kv_set(lm_kv_section(rules, "marked"), marked);
	test_kv_set(lm_kv_section(rules, "v6"), v6);
	test_kv_set(lm_kv_section(rules, "all6"), all6);
	config = test_parse(root);
	c = config->monitors[0];
	ck_assert_int_eq(c->rule_count, 4);
	ck_assert_str_eq(c->rules[0].name, "lan");
	ck_assert_str_eq(lm_rule_fmt(&c->rules[0].rule, buf, sizeof(buf)),
					 "priority 500 from 10.1.0.0/24 to 192.0.2.0/24 "
					 "fwmark 0x10/0xf0 iif eth1 lookup 100");
	/* the default priority, a mark without mask compares all bits */
	ck_assert_str_eq(c->rules[1].name, "marked");
	ck_assert_str_eq(lm_rule_fmt(&c->rules[1].rule, buf, sizeof(buf)),
					 "priority 1000 from all fwmark 0x7 lookup 254");
	ck_assert_uint_eq(c->rules[1].rule.fwmask, UINT32_MAX);
	ck_assert_int_eq(c->rules[1].rule.family, AF_INET);
	/* the family follows the prefixes */
	ck_assert_int_eq(c->rules[2].rule.family, AF_INET6);
	ck_assert_str_eq(lm_rule_fmt(&c->rules[2].rule, buf, sizeof(buf)),
					 "priority 1000 from ::/0 to 2001:db8::1/128 "
					 "lookup 4294967294");
	ck_assert_int_eq(c->rules[3].rule.family, AF_INET6);
	ck_assert_uint_eq(c->rules[3].rule.src_len, 0);

	clone = lm_monitor_cfg_clone(c);
	ck_assert(lm_monitor_cfg_equals(c, clone));
	ck_assert_ptr_ne(clone->rules[0].name, c->rules[0].name);
	clone->rules[3].rule.table = 201;
	ck_assert(!lm_monitor_cfg_equals(c, clone));
	/* action settings do not reset statistics */
	ck_assert(lm_monitor_cfg_probe_equals(c, clone));
	lm_monitor_cfg_destroy(clone);
	lm_config_destroy(config);
}
END_TEST

/**
 * Parse a monitor with one rule section "lan" made of "key=value" strings
 * and expect failure with a message containing expected.
 */
static void expect_rule_error(const char **pairs, const char *expected)
{
	const char *server[] = { "server=10.0.0.135", NULL };
	lm_kv_t *root, *rules;

	root = test_kv_monitor("wan1", server, NULL);
	rules = lm_kv_section(lm_kv_section(root, "wan1"), "rules");
	test_kv_set(lm_kv_section(rules, "lan"), pairs);
	expect_parse_error(root, expected);
}

START_TEST(test_rule_errors)
{
	const char *notable[] = { "from=10.1.0.0/24", NULL };
	const char *t0[] = { "table=0", NULL };
	const char *tmax[] = { "table=4294967295", NULL };
	const char *tname[] = { "table=local", NULL };
	const char *thex[] = { "table=0x64", NULL };
	const char *from[] = { "from=10.1.0.0/33", "table=100", NULL };
	const char *fromname[] = { "from=lan.example", "table=100", NULL };
	const char *fam[] = { "from=10.1.0.0/24", "to=2001:db8::/32", "table=100", NULL };
	const char *iif[] = { "iif=a-very-long-ifname0", "table=100", NULL };
	const char *iifslash[] = { "iif=eth/1", "table=100", NULL };
	const char *mark[] = { "fwmark=0x1g", "table=100", NULL };
	const char *markbig[] = { "fwmark=4294967296", "table=100", NULL };
	const char *mark0[] = { "fwmark=0", "table=100", NULL };
	const char *mask0[] = { "fwmark=0/0", "table=100", NULL };
	const char *markout[] = { "fwmark=0x13/0x0f", "table=100", NULL };
	const char *markempty[] = { "fwmark=1/", "table=100", NULL };
	const char *prio0[] = { "table=100", "priority=0", NULL };
	const char *priomain[] = { "table=100", "priority=32766", NULL };
	const char *prioneg[] = { "table=100", "priority=-1", NULL };
	const char *key[] = { "table=100", "oif=eth0", NULL };
	const char *tmpl[] = { "server=%remote", "connection=c", NULL };
	lm_kv_t *root, *rules;
	char name[16];
	int i;

	expect_rule_error(notable, "/etc/swanctl/swanctl.conf: monitor 'wan1': "
					  "rules.lan.table: missing");
	expect_rule_error(t0, "rules.lan.table: '0' is not 'main' or a table "
					  "number 1..4294967294");
	expect_rule_error(tmax, "rules.lan.table: '4294967295' is not");
	expect_rule_error(tname, "rules.lan.table: 'local' is not");
	expect_rule_error(thex, "rules.lan.table: '0x64' is not");
	expect_rule_error(from, "rules.lan.from: '10.1.0.0/33' is not an IPv4 "
					  "or IPv6 prefix");
	expect_rule_error(fromname, "rules.lan.from: 'lan.example' is not");
	expect_rule_error(fam, "rules.lan.to: address family differs from the "
					  "one of 'from'");
	expect_rule_error(iif, "rules.lan.iif: 'a-very-long-ifname0' is not a "
					  "valid interface name");
	expect_rule_error(iifslash, "rules.lan.iif: 'eth/1' is not");
	expect_rule_error(mark, "rules.lan.fwmark: '0x1g' is not a mark N or "
					  "N/MASK");
	expect_rule_error(markbig, "rules.lan.fwmark: '4294967296' is not");
	expect_rule_error(mark0, "rules.lan.fwmark: '0' matches every packet");
	expect_rule_error(mask0, "rules.lan.fwmark: '0/0' matches every packet");
	expect_rule_error(markout, "rules.lan.fwmark: '0x13/0x0f' has bits "
					  "outside its mask");
	expect_rule_error(markempty, "rules.lan.fwmark: '1/' is not");
	expect_rule_error(prio0, "rules.lan.priority: '0' is not a priority "
					  "1..32765");
	expect_rule_error(priomain, "rules.lan.priority: '32766' is not");
	expect_rule_error(prioneg, "rules.lan.priority: '-1' is not");
	expect_rule_error(key, "rules.lan.oif: unknown key");

	/* keys directly in "rules", subsections of a rule, too many rules */
	root = test_kv_monitor("wan1", (const char*[]){ "server=10.0.0.1", NULL },
						   NULL);
	rules = lm_kv_section(lm_kv_section(root, "wan1"), "rules");
	lm_kv_set(rules, "table", "100");
	expect_parse_error(root, "monitor 'wan1': rules: unexpected key 'table', "
					   "rules are sections");
	root = test_kv_monitor("wan1", (const char*[]){ "server=10.0.0.1", NULL },
						   NULL);
	rules = lm_kv_section(lm_kv_section(root, "wan1"), "rules");
	lm_kv_set(lm_kv_section(lm_kv_section(rules, "lan"), "sub"), "a", "b");
	lm_kv_set(lm_kv_section(rules, "lan"), "table", "100");
	expect_parse_error(root, "rules.lan.sub: unexpected subsection");
	root = test_kv_monitor("wan1", (const char*[]){ "server=10.0.0.1", NULL },
						   NULL);
	rules = lm_kv_section(lm_kv_section(root, "wan1"), "rules");
	for (i = 0; i <= LM_MAX_RULES; i++)
	{
		snprintf(name, sizeof(name), "r%d", i);
		lm_kv_set(lm_kv_section(rules, name), "table", "100");
	}
	expect_parse_error(root, "monitor 'wan1': rules: more than 16 rules");

	/* a %remote template acts on its own tunnel only */
	root = test_kv_monitor("clients", tmpl, NULL);
	rules = lm_kv_section(lm_kv_section(root, "clients"), "rules");
	lm_kv_set(lm_kv_section(rules, "lan"), "table", "100");
	expect_parse_error(root, "server: %remote templates act on their own "
					   "tunnel only (dead_action, routes to it), not with "
					   "failover, rules, cascade_interfaces or gateway");
}
END_TEST

START_TEST(test_liveness_keys)
{
	const char *dpd[] = { "protocol=dpd", "connection=dc", "dead_action=clear",
						  NULL };
	const char *tmpl[] = { "server=%remote", "connection=clients",
						   "dead_action=restart", "on_idle=yes",
						   "source=10.0.0.1", NULL };
	const char *dpd_server[] = { "protocol=dpd", "connection=dc",
								 "server=10.0.0.1", NULL };
	const char *dpd_noconn[] = { "protocol=dpd", NULL };
	const char *remote_noconn[] = { "server=%remote", NULL };
	const char *da[] = { "server=10.0.0.1", "connection=dc",
						 "dead_action=reboot", NULL };
	const char *da_noconn[] = { "server=10.0.0.1", "dead_action=clear", NULL };
	const char *idle_noconn[] = { "server=10.0.0.1", "on_idle=yes", NULL };
	const char *tmpl_fo[] = { "server=%remote", "connection=c", "child=x",
							  "failover=dr", NULL };
	lm_config_t *config;

	config = test_config_parse("dc", dpd, NULL);
	ck_assert_int_eq(config->monitors[0]->protocol, LM_PROTO_DPD);
	ck_assert_str_eq(lm_proto_name(LM_PROTO_DPD), "dpd");
	ck_assert_int_eq(config->monitors[0]->server_count, 1);
	ck_assert_int_eq(config->monitors[0]->servers[0].family, 0);
	ck_assert_int_eq(config->monitors[0]->dead_action, LM_DEAD_ACTION_CLEAR);
	ck_assert(!config->monitors[0]->remote);
	lm_config_destroy(config);

	config = test_config_parse("clients", tmpl, NULL);
	ck_assert(config->monitors[0]->remote);
	ck_assert(config->monitors[0]->on_idle);
	ck_assert_int_eq(config->monitors[0]->server_count, 1);
	ck_assert_int_eq(config->monitors[0]->dead_action, LM_DEAD_ACTION_RESTART);
	/* the family of a template's source is checked per instance */
	ck_assert_int_eq(config->monitors[0]->source.family, AF_INET);
	lm_config_destroy(config);

	expect_error(dpd_server, "server: protocol dpd probes the IKE peer");
	expect_error(dpd_noconn, "protocol: dpd requires 'connection'");
	expect_error(remote_noconn, "server: %remote requires 'connection'");
	expect_error(da, "dead_action: 'reboot' is not one of clear, restart, none");
	expect_error(da_noconn, "dead_action: requires 'connection'");
	expect_error(idle_noconn, "on_idle: requires 'connection'");
	expect_error(tmpl_fo, "server: %remote templates act on their own tunnel");
}
END_TEST

/**
 * Add "key=value" lines separated by ';' to a monitor section; dots in a key
 * name subsections.
 */
static void add_lines(lm_kv_t *mon, const char *lines)
{
	char buf[1024], *line, *next, *value, *dot;
	lm_kv_t *sec;

	ck_assert_uint_lt(strlen(lines), sizeof(buf));
	snprintf(buf, sizeof(buf), "%s", lines);
	for (line = buf; line && *line; line = next)
	{
		next = strchr(line, ';');
		if (next)
		{
			*next++ = '\0';
		}
		value = strchr(line, '=');
		ck_assert_ptr_nonnull(value);
		*value++ = '\0';
		for (sec = mon; (dot = strchr(line, '.')); line = dot + 1)
		{
			*dot = '\0';
			sec = lm_kv_section(sec, line);
		}
		lm_kv_set(sec, line, value);
	}
}

/**
 * Parse a monitor from base lines changed by change lines ("name=X" renames
 * it); returns a clone of the monitor.
 */
static lm_monitor_cfg_t *parse_lines(const char *base, const char *change)
{
	lm_buf_t err = {};
	lm_kv_t *root, *mon;
	lm_config_t *config;
	lm_monitor_cfg_t *cfg;
	const char *name = "dc";

	if (change && strncmp(change, "name=", 5) == 0)
	{
		name = change + 5;
		change = NULL;
	}
	root = lm_kv_create("monitors");
	mon = lm_kv_section(root, name);
	add_lines(mon, base);
	if (change)
	{
		add_lines(mon, change);
	}
	config = lm_config_parse(root, "f", &err);
	ck_assert_msg(config != NULL, "'%s' + '%s': %s", base, change,
				  lm_buf_str(&err));
	ck_assert_int_eq(config->count, 1);
	cfg = lm_monitor_cfg_clone(config->monitors[0]);
	ck_assert_ptr_nonnull(cfg);
	ck_assert(lm_monitor_cfg_equals(cfg, config->monitors[0]));
	lm_config_destroy(config);
	lm_kv_destroy(root);
	return cfg;
}

/** base configuration of the variants */
#define BASE "server=10.0.0.1;connection=dc;child=lan"

/**
 * For every field of the key table: whether a change keeps the statistics
 * on reload (lm_monitor_cfg_probe_equals() sees it), a configuration (NULL
 * for BASE) and a change of that field alone; those on BASE first.
 */
static const struct {
	const char *field;
	bool probe;
	const char *base;
	const char *change;
} variants[] = {
	{ "name", false, NULL, "name=dr" },
	{ "server", true, NULL, "server=10.0.0.2" },
	{ "gateways", true, "server=10.0.0.1;interface=eth0", "server=%gateway" },
	{ "source", true, NULL, "source=10.1.0.1" },
	{ "interface", true, NULL, "interface=eth1" },
	{ "connection", false, NULL, "connection=dc2" },
	{ "child", false, NULL, "child=lan2" },
	{ "interval", true, NULL, "interval=1s" },
	{ "probe_timeout", true, NULL, "probe_timeout=250ms" },
	{ "failtime", false, NULL, "failtime=3" },
	{ "recoverytime", false, NULL, "recoverytime=3" },
	{ "probe_count", true, NULL, "probe_count=10" },
	{ "ha_priority", false, NULL, "ha_priority=2" },
	{ "diffservcode", true, NULL, "diffservcode=46" },
	{ "mos_codec", true, NULL, "mos_codec=g729" },
	{ "enabled", true, NULL, "enabled=no" },
	{ "probe_child", false, NULL, "probe_child=probe" },
	{ "failover", false, NULL, "failover=dr" },
	{ "teardown", false, NULL, "teardown=ike" },
	{ "failback", false, NULL, "failback=no" },
	{ "failback_delay", false, NULL, "failback_delay=30" },
	{ "holddown", false, NULL, "holddown=5" },
	{ "standby", false, NULL, "standby=ike" },
	{ "cascade_interfaces", false, NULL, "cascade_interfaces=eth2" },
	{ "latency_threshold", false, NULL, "latency_threshold=150" },
	{ "jitter_threshold", false, NULL, "jitter_threshold=30" },
	{ "loss_threshold", false, NULL, "loss_threshold=5" },
	{ "mos_threshold", false, NULL, "mos_threshold=3.5" },
	{ "dead_action", false, NULL, "dead_action=clear" },
	{ "on_idle", true, NULL, "on_idle=yes" },
	{ "updown", false, NULL, "updown=/bin/true" },
	{ "protocol", true, BASE ";protocol=tcp-echo", "protocol=udp-echo" },
	{ "port", true, BASE ";protocol=udp-echo", "port=8" },
	{ "http_get", true, BASE ";protocol=http", "http_get=/health" },
	{ "http_match", true, BASE ";protocol=http", "http_match=OK" },
	{ "http_host", true, BASE ";protocol=http", "http_host=probe.example" },
	{ "http_status", true, BASE ";protocol=http", "http_status=200" },
	{ "tls_verify", true, BASE ";protocol=https", "tls_verify=yes" },
	{ "tls_ca", true, BASE ";protocol=https;tls_verify=yes",
	  "tls_ca=/etc/ssl/certs/probe-ca.pem" },
	{ "dns_name", true, BASE ";protocol=dns;dns_name=www.lab.example",
	  "dns_name=ftp.lab.example" },
	{ "dns_type", true, BASE ";protocol=dns;dns_name=www.lab.example",
	  "dns_type=AAAA" },
	{ "dns_match", true, BASE ";protocol=dns;dns_name=www.lab.example",
	  "dns_match=10.0.0.80" },
	{ "bfd_mode", true, BASE ";protocol=bfd", "bfd_mode=multi" },
	{ "bfd_tx", false, BASE ";protocol=bfd", "bfd_tx=10ms" },
	{ "bfd_rx", false, BASE ";protocol=bfd", "bfd_rx=20" },
	{ "bfd_mult", false, BASE ";protocol=bfd", "bfd_mult=5" },
	{ "routes", false, BASE ";routes.r1.destination=10.2.0.0/16;"
	  "routes.r1.gateway=10.0.0.254", "routes.r1.dead_metric=5" },
	{ "rules", false, BASE ";rules.r1.from=10.1.0.0/24;rules.r1.table=100",
	  "rules.r1.priority=200" },
	{ "gateway", false, "server=10.0.0.1", "gateway=10.0.0.254" },
	{ "sla_action", false, BASE ";loss_threshold=5", "sla_action=yes" },
	{ "remote", true, "protocol=dpd;connection=dc", "server=%remote" },
	{ "secondary", true, NULL, "secondary=10.0.0.9" },
	{ "mark", true, NULL, "mark=0x10" },
	{ "weight", false, "servers.a.address=10.0.0.1", "servers.a.weight=2" },
	{ "servers", true, "servers.a.address=10.0.0.1",
	  "servers.a.diffservcode=46" },
	{ "fail_weight", false, "servers.a.address=10.0.0.1;"
	  "servers.b.address=10.0.0.2", "fail_weight=1" },
};

START_TEST(test_equals_every_field)
{
	lm_monitor_cfg_t *a, *b;
	const char *field, *base;
	bool probe;
	size_t v;
	int i;

	for (i = 0; (field = lm_monitor_cfg_field(i, &probe)); i++)
	{
		for (v = 0; v < countof(variants); v++)
		{
			if (strcmp(variants[v].field, field) == 0)
			{
				break;
			}
		}
		ck_assert_msg(v < countof(variants), "no variant for field '%s'",
					  field);
		ck_assert_msg(probe == variants[v].probe, "'%s' is %sa probe setting",
					  field, probe ? "" : "not ");
		base = variants[v].base ?: BASE;
		a = parse_lines(base, NULL);
		b = parse_lines(base, variants[v].change);
		ck_assert_msg(!lm_monitor_cfg_equals(a, b) &&
					  !lm_monitor_cfg_equals(b, a),
					  "lm_monitor_cfg_equals() misses '%s'", field);
		ck_assert_msg(lm_monitor_cfg_probe_equals(a, b) == !probe &&
					  lm_monitor_cfg_probe_equals(b, a) == !probe,
					  "lm_monitor_cfg_probe_equals() %s '%s'",
					  probe ? "misses" : "compares", field);
		lm_monitor_cfg_destroy(a);
		lm_monitor_cfg_destroy(b);
	}
	/* one variant per field, none for a field the table lacks */
	ck_assert_int_eq(i, countof(variants));
}
END_TEST

START_TEST(test_clone_all_keys)
{
	const char *monitors[] = {
		BASE ";source=10.1.0.1;interface=eth1;protocol=https;port=8443;"
		"http_get=/health;http_match=OK;http_host=probe.example;"
		"http_status=200,301-302;tls_verify=yes;tls_ca=/etc/ssl/ca.pem;"
		"interval=2s;probe_timeout=250ms;"
		"failtime=3;recoverytime=7;probe_count=10;ha_priority=5;"
		"diffservcode=46;mos_codec=g729;enabled=no;probe_child=probe;"
		"failover=dr, dr2/lan2;teardown=ike;failback=no;failback_delay=30;"
		"holddown=5;standby=ike;routes.r1.destination=10.2.0.0/16;"
		"routes.r1.gateway=10.0.0.254;routes.r1.interface=eth1;"
		"routes.r1.metric=10;routes.r1.table=100;routes.r1.dead_metric=20;"
		"routes.r2.destination=10.3.0.1;routes.r2.interface=eth2;"
		"rules.l1.from=10.1.0.0/24;rules.l1.to=10.2.0.0/16;rules.l1.iif=eth1;"
		"rules.l1.fwmark=0x1/0xff;rules.l1.table=100;rules.l1.priority=50;"
		"rules.l2.table=main;"
		"cascade_interfaces=eth2, eth3;latency_threshold=150;"
		"jitter_threshold=30ms;loss_threshold=5.5;mos_threshold=3.5;"
		"sla_action=yes;updown=/bin/true;dead_action=restart;on_idle=yes",
		"server=10.0.0.1,10.0.0.2;gateway=10.0.0.254",
		"server=%remote;connection=dc;dead_action=clear",
		BASE ";protocol=dns;port=5353;dns_name=lab.example;dns_type=MX;"
		"dns_match=mail.lab.example",
	};
	lm_monitor_cfg_t *a, *b;
	size_t i;

	for (i = 0; i < countof(monitors); i++)
	{
		a = parse_lines(monitors[i], NULL);
		b = lm_monitor_cfg_clone(a);
		ck_assert_ptr_nonnull(b);
		ck_assert(lm_monitor_cfg_equals(a, b));
		ck_assert(lm_monitor_cfg_probe_equals(a, b));
		ck_assert_ptr_ne(a->name, b->name);
		lm_monitor_cfg_destroy(a);
		ck_assert_str_eq(b->name, "dc");
		lm_monitor_cfg_destroy(b);
	}
}
END_TEST

/**
 * Parse a monitor "dc" from "key=value;..." lines and expect failure with
 * a message containing expected.
 */
static void expect_lines_error(const char *lines, const char *expected)
{
	lm_kv_t *root = lm_kv_create("monitors");

	add_lines(lm_kv_section(root, "dc"), lines);
	expect_parse_error(root, expected);
}

START_TEST(test_bfd_keys)
{
	const char *pairs[] = { "server=10.0.0.1", "protocol=bfd",
							"source=10.1.0.1", NULL };
	const char *more[] = { "bfd_mode=multi", "bfd_tx=10ms", "bfd_rx=20",
						   "bfd_mult=255", "diffservcode=0", "recoverytime=1",
						   NULL };
	lm_config_t *config;
	lm_monitor_cfg_t *c;

	config = test_config_parse("dc", pairs, NULL);
	c = config->monitors[0];
	ck_assert_int_eq(c->protocol, LM_PROTO_BFD);
	ck_assert_str_eq(lm_proto_name(c->protocol), "bfd");
	ck_assert_int_eq(c->bfd_mode, LM_BFD_MODE_SINGLE);
	ck_assert_str_eq(lm_bfd_mode_name(c->bfd_mode), "single");
	ck_assert_uint_eq(c->port, 3784);
	ck_assert_uint_eq(c->bfd_tx_ms, 300);
	ck_assert_uint_eq(c->bfd_rx_ms, 300);
	ck_assert_uint_eq(c->bfd_mult, 3);
	/* CS6, as routers send BFD */
	ck_assert_uint_eq(c->dscp, 48);
	lm_config_destroy(config);

	config = test_config_parse("dc", pairs, more);
	c = config->monitors[0];
	ck_assert_int_eq(c->bfd_mode, LM_BFD_MODE_MULTI);
	ck_assert_str_eq(lm_bfd_mode_name(c->bfd_mode), "multi");
	ck_assert_uint_eq(c->port, 4784);
	ck_assert_uint_eq(c->bfd_tx_ms, 10);
	ck_assert_uint_eq(c->bfd_rx_ms, 20);
	ck_assert_uint_eq(c->bfd_mult, 255);
	ck_assert_uint_eq(c->dscp, 0);
	ck_assert_uint_eq(c->recoverytime, 1);
	lm_config_destroy(config);

	/* weighted servers, each a session */
	c = parse_lines("protocol=bfd;servers.a.address=10.0.0.1;"
					"servers.a.weight=3;servers.b.address=10.0.0.2;"
					"servers.b.diffservcode=46;fail_weight=3", NULL);
	ck_assert_int_eq(c->server_count, 2);
	ck_assert_int_eq(lm_monitor_cfg_server(c, 0)->protocol, LM_PROTO_BFD);
	ck_assert_uint_eq(lm_monitor_cfg_server(c, 0)->weight, 3);
	ck_assert_uint_eq(lm_monitor_cfg_server(c, 0)->dscp, 48);
	ck_assert_uint_eq(lm_monitor_cfg_server(c, 1)->dscp, 46);
	lm_monitor_cfg_destroy(c);
}
END_TEST

START_TEST(test_bfd_errors)
{
	static const struct {
		const char *line;
		const char *error;
	} bad[] = {
		{ "interval=10ms", "interval: does not apply to protocol bfd, the "
		  "session's intervals are bfd_tx and bfd_rx" },
		{ "probe_timeout=10ms", "probe_timeout: does not apply to protocol "
		  "bfd, the session's intervals" },
		{ "failtime=3", "failtime: does not apply to protocol bfd, the "
		  "session's detection time (bfd_mult x the negotiated interval) "
		  "is its failtime" },
		{ "port=3785", "port: does not apply to protocol bfd, BFD uses 3784 "
		  "(single-hop) or 4784 (bfd_mode = multi)" },
		{ "probe_count=10", "probe_count: does not apply to protocol bfd" },
		{ "mos_codec=g729", "mos_codec: does not apply to protocol bfd" },
		{ "latency_threshold=10", "latency_threshold: does not apply" },
		{ "jitter_threshold=10", "jitter_threshold: does not apply" },
		{ "loss_threshold=10", "loss_threshold: does not apply" },
		{ "mos_threshold=3", "mos_threshold: does not apply" },
		{ "sla_action=yes", "sla_action: does not apply" },
		{ "on_idle=yes", "on_idle: does not apply" },
		{ "secondary=10.0.0.9", "secondary: does not apply" },
		{ "http_get=/", "http_get: does not apply" },
		{ "dns_name=lab.example", "dns_name: does not apply" },
		{ "bfd_tx=9ms", "bfd_tx: 9 ms is out of range 10..60000 ms" },
		{ "bfd_rx=61s", "bfd_rx: 61000 ms is out of range 10..60000 ms" },
		{ "bfd_mult=0", "bfd_mult: 0 is out of range 1..255" },
		{ "bfd_mult=256", "bfd_mult: 256 is out of range 1..255" },
		{ "bfd_mode=double", "bfd_mode: 'double' is not one of single, "
		  "multi" },
		{ "server=%remote", "server: %remote templates do not run BFD "
		  "sessions" },
		{ "servers.a.address=10.0.0.1;servers.a.protocol=ping",
		  "servers.a.protocol: a monitor with protocol bfd runs a BFD "
		  "session with each of its servers" },
		{ "servers.a.address=10.0.0.1;servers.a.port=3785",
		  "servers.a.port: does not apply to protocol bfd" },
	};
	const char *ping[] = { "bfd_tx=10", "bfd_rx=10", "bfd_mult=3",
						   "bfd_mode=single" };
	char lines[256];
	size_t i;

	for (i = 0; i < countof(bad); i++)
	{
		snprintf(lines, sizeof(lines), "%s;protocol=bfd;%s",
				 strstr(bad[i].line, "server") ? "connection=dc" : BASE,
				 bad[i].line);
		expect_lines_error(lines, bad[i].error);
	}
	for (i = 0; i < countof(ping); i++)
	{
		snprintf(lines, sizeof(lines), BASE ";%s", ping[i]);
		expect_lines_error(lines, "only applies to protocol bfd");
	}
	expect_lines_error(BASE ";servers.a.address=10.0.0.1;"
					   "servers.a.protocol=bfd", "servers.a.protocol: bfd "
					   "applies to a whole monitor, not to one of its servers");
}
END_TEST

/**
 * Parse two monitors "a" and "b" with the given keys.
 */
static lm_config_t *parse_two(const char *a, const char *b, lm_buf_t *err)
{
	lm_kv_t *root = lm_kv_create("monitors");
	lm_config_t *config;

	add_lines(lm_kv_section(root, "a"), a);
	add_lines(lm_kv_section(root, "b"), b);
	config = lm_config_parse(root, "f", err);
	lm_kv_destroy(root);
	return config;
}

START_TEST(test_bfd_unique)
{
	lm_config_t *config;
	lm_buf_t err = {};

	config = parse_two("protocol=bfd;server=10.0.0.1, 10.0.0.2",
					   "protocol=bfd;server=10.0.0.3, 10.0.0.2", &err);
	ck_assert_ptr_null(config);
	ck_assert_str_eq(lm_buf_str(&err), "f: monitor 'b': server: the single "
					 "BFD session from any address to 10.0.0.2 is monitor "
					 "'a''s\n");
	lm_buf_free(&err);
	config = parse_two("protocol=bfd;server=10.0.0.1;source=10.1.0.1",
					   "protocol=bfd;server=10.0.0.1;source=10.1.0.1;"
					   "bfd_mode=multi", &err);
	ck_assert_ptr_nonnull(config);
	lm_config_destroy(config);
	config = parse_two("protocol=bfd;server=10.0.0.1;source=10.1.0.1",
					   "protocol=bfd;server=10.0.0.1;source=10.1.0.2", &err);
	ck_assert_ptr_nonnull(config);
	lm_config_destroy(config);
	config = parse_two("protocol=bfd;server=10.0.0.1;source=10.1.0.1",
					   "protocol=bfd;server=10.0.0.1;source=10.1.0.1", &err);
	ck_assert_ptr_null(config);
	ck_assert(strstr(lm_buf_str(&err), "from 10.1.0.1 to 10.0.0.1 is "
					 "monitor 'a''s"));
	lm_buf_free(&err);
	/* a ping monitor probes the same address as it pleases */
	config = parse_two("protocol=bfd;server=10.0.0.1", "server=10.0.0.1",
					   &err);
	ck_assert_ptr_nonnull(config);
	lm_config_destroy(config);
	ck_assert_str_eq(lm_buf_str(&err), "");
	lm_buf_free(&err);
}
END_TEST

START_TEST(test_servers)
{
	const lm_monitor_cfg_t *s;
	lm_monitor_cfg_t *c;

	c = parse_lines("servers.big.address=10.0.0.1;servers.big.weight=10;"
			"servers.web.address=10.0.0.2;servers.web.protocol=https;"
			"servers.web.http_get=/health;servers.echo.address=10.0.0.3;"
			"servers.echo.protocol=udp-echo;servers.echo.port=7777;"
			"fail_weight=10;secondary=10.0.0.9, 10.0.0.10;mark=0x20", NULL);
	ck_assert_int_eq(c->server_count, 5);
	ck_assert_int_eq(c->primary_count, 3);
	ck_assert_int_eq(c->server_cfg_count, 3);
	ck_assert_uint_eq(c->fail_weight, 10);
	ck_assert_uint_eq(lm_monitor_cfg_weight(c), 12);
	s = lm_monitor_cfg_server(c, 0);
	ck_assert_uint_eq(s->weight, 10);
	ck_assert_int_eq(s->protocol, LM_PROTO_PING);
	ck_assert_uint_eq(s->mark, 0x20);
	s = lm_monitor_cfg_server(c, 1);
	ck_assert_uint_eq(s->weight, 1);
	ck_assert_int_eq(s->protocol, LM_PROTO_HTTPS);
	ck_assert_uint_eq(s->port, 443);
	ck_assert_str_eq(s->http_get, "/health");
	s = lm_monitor_cfg_server(c, 2);
	ck_assert_int_eq(s->protocol, LM_PROTO_UDP_ECHO);
	ck_assert_uint_eq(s->port, 7777);
	ck_assert_ptr_null(s->http_get);
	/* the secondaries are probed as the monitor says */
	ck_assert_ptr_eq(lm_monitor_cfg_server(c, 3), c);
	ck_assert_ptr_eq(lm_monitor_cfg_server(c, 4), c);
	ck_assert_uint_eq(c->weight, 1);
	lm_monitor_cfg_destroy(c);

	/* a server list: every server the monitor's, weight 1 */
	c = parse_lines("server=10.0.0.1, 10.0.0.2", NULL);
	ck_assert_int_eq(c->primary_count, 2);
	ck_assert_int_eq(c->server_cfg_count, 0);
	ck_assert_ptr_eq(lm_monitor_cfg_server(c, 1), c);
	ck_assert_uint_eq(lm_monitor_cfg_weight(c), 2);
	lm_monitor_cfg_destroy(c);

	expect_lines_error("server=10.0.0.1;servers.a.address=10.0.0.2",
					   "monitor 'dc': server: use either 'server' or a "
					   "servers section");
	expect_lines_error("servers.a.weight=2",
					   "monitor 'dc': servers.a.address: missing");
	expect_lines_error("servers.a.address=10.0.0.1;servers.a.interval=1s",
					   "monitor 'dc': servers.a.interval: is the monitor's, "
					   "not a server's");
	expect_lines_error("servers.a.address=10.0.0.1;servers.a.color=red",
					   "monitor 'dc': servers.a.color: unknown key");
	expect_lines_error("servers.a.address=10.0.0.1;servers.a.weight=0",
					   "monitor 'dc': servers.a.weight: 0 is out of range "
					   "1..255");
	expect_lines_error("servers.a.address=10.0.0.1;servers.a.port=7",
					   "servers.a.port: does not apply to protocol ping");
	expect_lines_error("server=10.0.0.1;weight=5",
					   "monitor 'dc': weight: only in a server's entry");
	expect_lines_error("servers.a.address=10.0.0.1;servers.b.address=10.0.0.2;"
					   "fail_weight=3", "fail_weight: 3 is more than the "
					   "servers' total weight 2");
	expect_lines_error("server=10.0.0.1;secondary=10.0.0.1",
					   "secondary: '10.0.0.1' is listed twice");
	expect_lines_error("server=10.0.0.1;secondary=2001:db8::1",
					   "mixes IPv4 and IPv6");
	expect_lines_error("protocol=dpd;connection=dc;secondary=10.0.0.2",
					   "secondary: does not apply to protocol dpd");
	expect_lines_error("server=10.0.0.1;mark=0x1ffffffff",
					   "mark: '0x1ffffffff' is not a 32-bit mark");
	expect_lines_error("servers=1", "monitor 'dc': servers: unknown key");
	expect_lines_error("server=%gateway", "monitor 'dc': server: %gateway "
					   "requires 'interface'");
	expect_lines_error("servers.a.address=%gateway",
					   "monitor 'dc': servers: %gateway requires 'interface'");
	expect_lines_error("server=%gateway;interface=eth0;gateway=10.0.0.1",
					   "gateway: host routes via a gateway do not go with");
	c = parse_lines("server=%gateway, 10.0.0.1;interface=eth0", NULL);
	ck_assert_uint_eq(c->gateways, 1);
	ck_assert_int_eq(c->servers[0].family, 0);
	ck_assert_int_eq(c->server_count, 2);
	lm_monitor_cfg_destroy(c);
}
END_TEST

START_TEST(test_servers_dns_tcp_connect)
{
	const lm_monitor_cfg_t *s;
	lm_monitor_cfg_t *c;

	/* each server's own name, type and match over the monitor's */
	c = parse_lines("protocol=dns;dns_name=www.lab.example;dns_match=10.0.0.80;"
			"servers.a.address=10.0.0.1;servers.b.address=10.0.0.2;"
			"servers.b.dns_name=lab.example;servers.b.dns_type=MX;"
			"servers.b.dns_match=mail.lab.example;servers.c.address=10.0.0.3;"
			"servers.c.protocol=tcp-connect;servers.c.port=443", NULL);
	s = lm_monitor_cfg_server(c, 0);
	ck_assert_int_eq(s->protocol, LM_PROTO_DNS);
	ck_assert_uint_eq(s->port, 53);
	ck_assert_str_eq(s->dns_name, "www.lab.example");
	ck_assert_str_eq(s->dns_match, "10.0.0.80");
	s = lm_monitor_cfg_server(c, 1);
	ck_assert_str_eq(s->dns_name, "lab.example");
	ck_assert_int_eq(s->dns_type, LM_DNS_MX);
	ck_assert_str_eq(s->dns_match, "mail.lab.example");
	/* not a dns server: none of the monitor's DNS keys */
	s = lm_monitor_cfg_server(c, 2);
	ck_assert_int_eq(s->protocol, LM_PROTO_TCP_CONNECT);
	ck_assert_uint_eq(s->port, 443);
	ck_assert_ptr_null(s->dns_name);
	ck_assert_ptr_null(s->dns_match);
	lm_monitor_cfg_destroy(c);

	c = parse_lines("servers.a.address=10.0.0.1;servers.a.protocol=dns;"
			"servers.a.dns_name=www.lab.example;servers.a.dns_type=aaaa",
			NULL);
	s = lm_monitor_cfg_server(c, 0);
	ck_assert_int_eq(s->protocol, LM_PROTO_DNS);
	ck_assert_int_eq(s->dns_type, LM_DNS_AAAA);
	ck_assert_ptr_null(c->dns_name);
	lm_monitor_cfg_destroy(c);

	expect_lines_error("servers.a.address=10.0.0.1;servers.a.protocol=dns",
					   "monitor 'dc': servers.a.dns_name: missing, protocol "
					   "dns needs the name to ask for");
	expect_lines_error("servers.a.address=10.0.0.1;"
					   "servers.a.dns_name=www.lab.example",
					   "servers.a.dns_name: only applies to protocol dns");
	expect_lines_error("protocol=dns;dns_name=www.lab.example;"
					   "dns_match=10.0.0.80;servers.a.address=10.0.0.1;"
					   "servers.a.dns_type=AAAA", "servers.a.dns_match: "
					   "'10.0.0.80' is not an IPv6 address, as dns_type AAAA "
					   "needs");
	expect_lines_error("servers.a.address=10.0.0.1;"
					   "servers.a.protocol=tcp-connect",
					   "monitor 'dc': servers.a.port: missing, protocol "
					   "tcp-connect needs the port to connect to");
}
END_TEST

/** a %remote template on a hub */
#define HUB "server=%remote;connection=clients;child=net"

START_TEST(test_template_routes)
{
	lm_monitor_cfg_t *c, *d;
	char buf[128];

	c = parse_lines(HUB ";routes.lan.destination=%remote_ts;"
					"routes.lan.interface=ipsec0;routes.lan.table=199;"
					"routes.lan.dead_metric=500;routes.vip.destination=%remote;"
					"routes.vip.gateway=10.0.9.1", NULL);
	ck_assert(c->remote);
	ck_assert_int_eq(c->route_count, 2);
	ck_assert_int_eq(c->routes[0].dst, LM_ROUTE_DST_REMOTE_TS);
	ck_assert_int_eq(c->routes[1].dst, LM_ROUTE_DST_REMOTE);
	/* the destination comes with each instance's tunnel */
	ck_assert_int_eq(c->routes[0].route.dst.family, 0);
	ck_assert_str_eq(lm_route_fmt(&c->routes[0].route, buf, sizeof(buf)),
					 "%any/0 dev ipsec0 metric 0 table 199");
	ck_assert(c->routes[0].has_dead_metric);
	ck_assert_uint_eq(c->routes[0].dead_metric, 500);
	d = parse_lines(HUB ";routes.lan.destination=%remote;"
					"routes.lan.interface=ipsec0;routes.lan.table=199;"
					"routes.lan.dead_metric=500;routes.vip.destination=%remote;"
					"routes.vip.gateway=10.0.9.1", NULL);
	ck_assert(!lm_monitor_cfg_equals(c, d));
	lm_monitor_cfg_destroy(d);
	d = lm_monitor_cfg_clone(c);
	ck_assert(lm_monitor_cfg_equals(c, d));
	lm_monitor_cfg_destroy(d);
	lm_monitor_cfg_destroy(c);

	/* a protocol dpd template too */
	c = parse_lines("protocol=dpd;server=%remote;connection=clients;"
					"on_idle=yes;routes.lan.destination=%remote_ts;"
					"routes.lan.interface=ipsec0", NULL);
	ck_assert_int_eq(c->routes[0].dst, LM_ROUTE_DST_REMOTE_TS);
	lm_monitor_cfg_destroy(c);

	expect_lines_error("server=10.0.0.1;routes.lan.destination=%remote_ts;"
					   "routes.lan.interface=ipsec0",
					   "/etc/swanctl/swanctl.conf: monitor 'dc': "
					   "routes.lan.destination: %remote_ts names an "
					   "instance's tunnel: only for %remote templates");
	expect_lines_error("protocol=dpd;connection=dc;"
					   "routes.vip.destination=%remote;"
					   "routes.vip.interface=ipsec0",
					   "monitor 'dc': routes.vip.destination: %remote names "
					   "an instance's tunnel");
	expect_lines_error(HUB ";routes.lan.destination=10.100.0.0/16;"
					   "routes.lan.interface=ipsec0",
					   "monitor 'dc': routes.lan.destination: '10.100.0.0/16': "
					   "the routes of a %remote template go to each "
					   "instance's tunnel, use %remote_ts or %remote");
	expect_lines_error(HUB ";routes.lan.destination=%remote_ts",
					   "monitor 'dc': routes.lan.gateway: a route needs a "
					   "gateway, an interface or both");
	expect_lines_error(HUB ";routes.lan.destination=%remote_ts;"
					   "routes.lan.interface=ipsec0;cascade_interfaces=eth3",
					   "server: %remote templates act on their own tunnel "
					   "only (dead_action, routes to it), not with failover, "
					   "rules, cascade_interfaces or gateway");
}
END_TEST

/**
 * Check a server's HTTP and TLS settings.
 */
static void assert_server_http(const lm_monitor_cfg_t *s, const char *host,
							   int ranges, uint16_t max, bool verify,
							   const char *ca)
{
	if (host)
	{
		ck_assert_str_eq(s->http_host, host);
	}
	else
	{
		ck_assert_ptr_null(s->http_host);
	}
	ck_assert_int_eq(s->http_status_count, ranges);
	if (ranges)
	{
		ck_assert_uint_eq(s->http_status[0].max, max);
	}
	ck_assert(s->tls_verify == verify);
	if (ca)
	{
		ck_assert_str_eq(s->tls_ca, ca);
	}
	else
	{
		ck_assert_ptr_null(s->tls_ca);
	}
}

START_TEST(test_servers_http)
{
	lm_monitor_cfg_t *c;

	/* the monitor's settings carry over to its https servers, a server's
	 * own replace them, and servers of other protocols keep what applies */
	c = parse_lines("protocol=https;http_host=portal.example;http_status=200;"
			"tls_verify=yes;tls_ca=/etc/ssl/ca.pem;servers.a.address=10.0.0.1;"
			"servers.b.address=10.0.0.2;servers.b.http_host=b.example;"
			"servers.b.http_status=200-299,301;servers.b.tls_ca=/etc/ssl/b.pem;"
			"servers.c.address=10.0.0.3;servers.c.tls_verify=no;"
			"servers.d.address=10.0.0.4;servers.d.protocol=http;"
			"servers.e.address=10.0.0.5;servers.e.protocol=ping", NULL);
	assert_server_http(lm_monitor_cfg_server(c, 0), "portal.example", 1, 200,
					   true, "/etc/ssl/ca.pem");
	assert_server_http(lm_monitor_cfg_server(c, 1), "b.example", 2, 299,
					   true, "/etc/ssl/b.pem");
	assert_server_http(lm_monitor_cfg_server(c, 2), "portal.example", 1, 200,
					   false, NULL);
	assert_server_http(lm_monitor_cfg_server(c, 3), "portal.example", 1, 200,
					   false, NULL);
	assert_server_http(lm_monitor_cfg_server(c, 4), NULL, 0, 0, false, NULL);
	ck_assert_ptr_null(lm_monitor_cfg_server(c, 4)->http_get);
	lm_monitor_cfg_destroy(c);

	/* an https server of a ping monitor: its own keys, the defaults */
	c = parse_lines("servers.a.address=10.0.0.1;servers.a.protocol=https;"
			"servers.a.http_host=portal.example;servers.a.tls_verify=yes",
			NULL);
	assert_server_http(lm_monitor_cfg_server(c, 0), "portal.example", 1, 399,
					   true, NULL);
	ck_assert_str_eq(lm_monitor_cfg_server(c, 0)->http_get, "/");
	assert_server_http(c, NULL, 0, 0, false, NULL);
	lm_monitor_cfg_destroy(c);

	expect_lines_error("servers.a.address=10.0.0.1;servers.a.http_host=a.ex",
					   "monitor 'dc': servers.a.http_host: only applies to "
					   "protocols http and https");
	expect_lines_error("protocol=http;servers.a.address=10.0.0.1;"
					   "servers.a.tls_verify=yes", "servers.a.tls_verify: "
					   "only applies to protocol https");
	expect_lines_error("protocol=https;servers.a.address=10.0.0.1;"
					   "servers.a.tls_ca=/etc/ssl/ca.pem",
					   "servers.a.tls_ca: requires tls_verify = yes");
	expect_lines_error("protocol=https;servers.a.address=10.0.0.1;"
					   "servers.a.http_status=99", "servers.a.http_status: "
					   "'99' is not a status code");
}
END_TEST

Suite *config_suite_create(void)
{
	Suite *s = suite_create("lm_config");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_full);
	tcase_add_test(tc, test_protocol_ports);
	tcase_add_test(tc, test_https_keys);
	tcase_add_test(tc, test_https_errors);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_dns_keys);
	tcase_add_test(tc, test_dns_errors);
	tcase_add_test(tc, test_tcp_connect_port);
	tcase_add_test(tc, test_all_errors_reported);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_actions);
	tcase_add_test(tc, test_action_defaults);
	tcase_add_test(tc, test_action_errors);
	tcase_add_test(tc, test_rules);
	tcase_add_test(tc, test_rule_errors);
	tcase_add_test(tc, test_liveness_keys);
	tcase_add_test(tc, test_equals_every_field);
	tcase_add_test(tc, test_bfd_keys);
	tcase_add_test(tc, test_bfd_errors);
	tcase_add_test(tc, test_bfd_unique);
	tcase_add_test(tc, test_clone_all_keys);
	tcase_add_test(tc, test_servers);
	tcase_add_test(tc, test_servers_dns_tcp_connect);
	tcase_add_test(tc, test_template_routes);
	tcase_add_test(tc, test_servers_http);
	suite_add_tcase(s, tc);
	return s;
}
