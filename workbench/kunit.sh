#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build and run the series' KUnit suites with kunit.py on each of $ARCHES
# (um, x86_64 and i386 by default; the QEMU ones under TCG). Build
# directories persist in $WORK/build/<arch> and compiles go through ccache,
# so an unchanged rerun rebuilds nothing.
. "$(dirname "$0")/lib.sh"
need_applied

mkdir -p "$OUT/kunit" "$WORK/build"
rc=0
for arch in $ARCHES; do
	bdir=$WORK/build/$arch
	rm -f "$OUT/kunit/$arch".*
	log "building the KUnit kernel for $arch (log: $OUT/kunit/$arch.build.log)"
	if ! timed "build $arch" kunit_py "$TREE" build "$arch" "$bdir" \
		>"$OUT/kunit/$arch.build.log" 2>&1; then
		tail -n 30 "$OUT/kunit/$arch.build.log" >&2
		log "$arch: build failed, see $OUT/kunit/$arch.build.log"
		rc=1
		continue
	fi
	log "running the KUnit suites on $arch (log: $OUT/kunit/$arch.log)"
	timed "run $arch" kunit_py "$TREE" exec "$arch" "$bdir" \
		--json="$OUT/kunit/$arch.json" >"$OUT/kunit/$arch.log" 2>&1 || rc=1
	cp "$bdir/test.log" "$OUT/kunit/$arch.raw.log" 2>/dev/null || true
	# The negative compile tests' logs stay in the build tree, where
	# verdict.py finds them by the series' kunitconfigs.
	grep -E '^\[[0-9:]+\] (Testing complete|Elapsed)' "$OUT/kunit/$arch.log" >&2 || true
done
exit "$rc"
