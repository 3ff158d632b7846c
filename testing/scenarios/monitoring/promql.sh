#!/bin/bash
# promql.sh QUERY: ask hq's prometheus (its HTTP API) for an instant vector
# and print "series=value" per result
curl -s --max-time 5 -G http://127.0.0.1:9090/api/v1/query \
	--data-urlencode "query=$1" | python3 -c '
import json, sys
r = json.load(sys.stdin)
if r.get("status") != "success":
    print("error", r)
for s in r["data"]["result"]:
    print(",".join("%s=%s" % kv for kv in sorted(s["metric"].items())), "=", s["value"][1])
'
