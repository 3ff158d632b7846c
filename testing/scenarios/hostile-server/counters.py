#!/usr/bin/env python3
# counters.py: read `linkmon status --json NAME` on stdin, print the first
# server's counters and whether the out-of-sequence count is plausible (one
# at most per probe sent: only forged sequence numbers of our identifier
# count, not garbage) and whether every probe was answered at most once
# (received in time or late, counted out of sequence, but never garbage)
import json
import sys

s = json.load(sys.stdin)["monitors"][0]["servers"][0]
print("sent=%d received=%d out_of_sequence=%d oos_per_probe_ok=%s "
      "once_per_probe=%s" %
      (s["sent"], s["received"], s["out_of_sequence"],
       0 < s["out_of_sequence"] <= s["sent"],
       s["received"] + s["out_of_sequence"] <= s["sent"]))
