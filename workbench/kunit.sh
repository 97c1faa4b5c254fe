#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build and run the series' KUnit suites with kunit.py on each of $ARCHES
# (the QEMU ones under TCG), and judge each run when it ends (verdict.py:
# $VERDICTS/kunit.<arch>.json; kunit.py's own results in the KernelCI
# format in $OUT/kunit/<arch>.json). Build directories persist in
# $WORK/build/<arch> and compiles go through ccache, so an unchanged rerun
# rebuilds nothing.
. "$(dirname "$0")/lib.sh"
need_applied

mkdir -p "$OUT/kunit" "$WORK/build"

# What an arch's kernel build depends on: the tree (committed and not),
# the workbench (lib.sh, this script, the config fragments), the
# compilers (tree_key in lib.sh). kunit.py build
# takes 9 to 17 s per arch even when make has nothing to do (olddefconfig,
# make walking the tree); with the same key as the last good build, the
# build is skipped.
build_key() { # ARCH
	tree_key "$(config_fragments "$1")" "$1 $JOBS" \
		"$("$(cross_compile "${1%-*}")gcc" --version | head -n 1)"
}

for arch in $ARCHES; do
	stage_begin kunit "$arch"
done
# The verdict on arch's run: its console log, the compile tests' logs that
# stay in the build tree, the suites of its .config. Suites built as
# modules are the VM's to judge (vm.sh).
judge() { # ARCH
	"$WB/verdict.py" --json "$(stage_json kunit "$1")" --stage kunit --arch "$1" \
		kunit "$1" "$OUT/kunit/$1.raw.log" --build-dir "$WORK/build/$1" >"$OUT/kunit/$1.red" ||
		{ sed "s/^/$1: /" "$OUT/kunit/$1.red" >&2; return 1; }
}
rc=0
for arch in $ARCHES; do
	bdir=$WORK/build/$arch
	rm -f "$OUT/kunit/$arch".*
	key=$(build_key "$arch")
	if [ -f "$bdir/.config" ] && [ -f "$bdir/vmlinux" ] &&
		[ "$(cat "$bdir/.mm-errors-built" 2>/dev/null)" = "$key" ]; then
		log "the KUnit kernel for $arch is up to date (same tree, configuration and compilers)"
		cp "$bdir/.mm-errors-build.log" "$OUT/kunit/$arch.build.log"
	else
		log "building the KUnit kernel for $arch (log: $OUT/kunit/$arch.build.log)"
		rm -f "$bdir/.mm-errors-built"
		if ! timed "build $arch" kunit_py "$TREE" build "$arch" "$bdir" \
			>"$OUT/kunit/$arch.build.log" 2>&1; then
			tail -n 30 "$OUT/kunit/$arch.build.log" >&2
			log "$arch: build failed, see $OUT/kunit/$arch.build.log"
			judge "$arch" || :
			rc=1
			continue
		fi
		cp "$OUT/kunit/$arch.build.log" "$bdir/.mm-errors-build.log"
		echo "$key" >"$bdir/.mm-errors-built"
	fi
	log "running the KUnit suites on $arch (log: $OUT/kunit/$arch.log)"
	timed "run $arch" kunit_py "$TREE" exec "$arch" "$bdir" \
		--json="$OUT/kunit/$arch.json" >"$OUT/kunit/$arch.log" 2>&1 || rc=1
	cp "$bdir/test.log" "$OUT/kunit/$arch.raw.log" 2>/dev/null || true
	grep -E '^\[[0-9:]+\] (Testing complete|Elapsed)' "$OUT/kunit/$arch.log" >&2 || true
	judge "$arch" || rc=1
done
exit "$rc"
