#!/bin/bash
# flat.sh: compare the last third of flap.sh's samples of hq's charon with
# the first third: "flat" if the open fds did not grow and RSS grew by less
# than 512 KiB, else "growing"; prints the figures either way. With another
# build of the plugin (LAB_PLUGIN, e.g. ASan's, whose quarantine holds freed
# memory back) only the fds are judged.
samples=$LAB_DIR/hq/soak-samples
awk -v rss_judged=$([ -z "${LAB_PLUGIN:-}" ] && echo 1 || echo 0) '
	{ t[NR] = $1; fd[NR] = $2; rss[NR] = $3 }
	END {
		if (NR < 3) { print "too few samples: " NR; exit 1 }
		third = int(NR / 3)
		for (i = 1; i <= third; i++) {
			if (fd[i] > fd1) fd1 = fd[i]
			if (rss[i] > rss1) rss1 = rss[i]
		}
		for (i = NR - third + 1; i <= NR; i++) {
			if (fd[i] > fd2) fd2 = fd[i]
			if (rss[i] > rss2) rss2 = rss[i]
		}
		ok = fd2 <= fd1 && (!rss_judged || rss2 < rss1 + 512)
		verdict = ok ? "flat" : "growing"
		printf "%s: %d samples over %d s; fds %d -> %d, RSS %d -> %d KiB " \
			   "(max of the first and last third)\n", verdict, NR, t[NR],
			   fd1, fd2, rss1, rss2
		if (!rss_judged)
			print "RSS not judged with another build of the plugin"
	}' "$samples"
