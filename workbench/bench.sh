#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: BENCH=time (bench-time.sh: cold, warm and touched make check,
# phase by phase), BENCH=mutants (the KUnit suites on arm64 with 64K pages,
# then bench-mutants.sh: every mutant in bench/mutants), or both, in that
# order (the default, BENCH=all). Reports in $OUT/bench/. Not part of make
# check: it takes about an hour.
. "$(dirname "$0")/lib.sh"
what=${BENCH:-all}
case $what in
all | time | mutants) ;;
*) die "BENCH=$what: say BENCH=time, BENCH=mutants or BENCH=all" ;;
esac
start=$(date +%s)
rc=0
if [ "$what" != mutants ]; then
	"$WB/bench-time.sh" || rc=1
fi
if [ "$what" != time ]; then
	# The page size is 4K on every arch of make check: a 64K kernel is
	# where an assumption about it fails (vmalloc-guard-size-4k).
	log "bench: the KUnit suites on arm64 with 64K pages"
	mkdir -p "$OUT/bench"
	VERDICTS=$OUT/bench ARCHES=arm64-64k "$WB/kunit.sh" || rc=1
	"$WB/bench-mutants.sh" || rc=1
fi
log "bench: $(($(date +%s) - start)) s in all; reports in $OUT/bench/"
[ "$rc" -eq 0 ] || die "make bench failed (see above)"
