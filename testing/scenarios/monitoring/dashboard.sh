#!/bin/bash
# dashboard.sh: evaluate every query of the shipped Grafana dashboard in hq's
# prometheus (variables set to all monitors and a 1m rate interval); prints
# "N queries, N with data" or the first that fails
python3 - "$(dirname "$0")/../../../conf/grafana-linkmon.json" <<'PY'
import json, sys, urllib.parse, urllib.request
dash = json.load(open(sys.argv[1]))
queries = [t["expr"] for p in dash["panels"] for t in p.get("targets", [])]
data = 0
for q in queries:
    q = q.replace("$monitor", ".*").replace("$__rate_interval", "1m")
    url = "http://127.0.0.1:9090/api/v1/query?" + urllib.parse.urlencode({"query": q})
    r = json.load(urllib.request.urlopen(url, timeout=5))
    if r.get("status") != "success":
        print("failed:", q, r)
        sys.exit(1)
    data += bool(r["data"]["result"])
print("%d queries, %d with data" % (len(queries), data))
PY
