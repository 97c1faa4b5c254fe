#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Time to verdict. Clones this repository (its committed HEAD) into
# $WORK/bench-clone and times make check there, phase by phase:
#   cold   an empty work/ and an empty ccache, as on a fresh machine; once.
#          The phases with a cold state of their own that take under a
#          minute are then rerun cold until they have BENCH_RUNS samples:
#          get kernel + apply (into a fresh WORK), docs (a new worktree
#          and an empty build directory), VM (headers and kselftests
#          installed afresh).
#   warm   BENCH_RUNS reruns with nothing changed.
#   touch  BENCH_RUNS reruns after touching mm/tests/gfp_zone_kunit.c in the
#          clone's kernel tree, as after saving an edit.
# The samples go to $OUT/bench/time/<run>.tsv (phase, seconds, exit code),
# the summary to $OUT/bench/time.md and time.json (bench-time.py).
. "$(dirname "$0")/lib.sh"
runs=${BENCH_RUNS:-3}
[ "$runs" -ge 3 ] 2>/dev/null || die "BENCH_RUNS must be a number, at least 3 (it is '$runs')"
touched=mm/tests/gfp_zone_kunit.c
clone=$WORK/bench-clone
cache=$WORK/bench-ccache
res=$OUT/bench/time
[ -z "$(git -C "$TOP" status --porcelain --untracked-files=no)" ] ||
	log "bench: uncommitted changes are not timed: the clone gets the committed HEAD"
rm -rf "$clone" "$cache" "$res"
mkdir -p "$res"
git clone -q "$TOP" "$clone"

# The clone's own defaults (work/, out/, ccache base) and an empty ccache.
in_clone() {
	env -u WORK -u OUT -u CCACHE_BASEDIR CCACHE_DIR="$cache" "$@"
}

# make check in the clone; its phase times and its total go to $res/RUN.tsv.
check() {
	local run=$1 rc=0
	log "bench: make check, $run (log: $res/$run.log)"
	# ccache's hit rate of each run, for the build profile.
	in_clone ccache -z >/dev/null
	(export OUT=$res/$run.out
	 timed "make check" in_clone make -C "$clone" check) >"$res/$run.log" 2>&1 || rc=$?
	cat "$clone/out/timings.tsv" "$res/$run.out/timings.tsv" >"$res/$run.tsv"
	rm -rf "$res/$run.out"
	cp "$clone/out/kunit-times.tsv" "$res/$run.kunit.tsv"
	in_clone ccache -s >"$res/$run.ccache" 2>&1 || true
	if [ "$rc" -ne 0 ]; then
		tail -n 30 "$res/$run.log" >&2
		die "make check failed in the benchmark clone ($run), see $res/$run.log"
	fi
}

check cold-1
for i in $(seq 2 "$runs"); do
	run=cold-$i
	log "bench: the short cold phases again, $run"
	w=$WORK/bench-work
	rm -rf "$w" "$clone/work/build/docs" "$clone/work/build/x86_64/usr/include"
	git -C "$clone/work/linux" worktree remove --force "$clone/work/docs-src"
	# (set -e does not work inside an if condition: chain with &&.)
	if ! (export OUT=$res/$run.out
	      timed "get kernel" in_clone env WORK="$w" "$clone/workbench/get-kernel.sh" &&
		      timed "apply" in_clone env WORK="$w" "$clone/workbench/apply.sh" &&
		      timed "vm: all" in_clone env OUT="$OUT" "$clone/workbench/vm.sh" &&
		      timed "docs" in_clone env OUT="$OUT" "$clone/workbench/docs.sh") \
		>"$res/$run.log" 2>&1; then
		tail -n 30 "$res/$run.log" >&2
		die "a cold phase failed in the benchmark clone ($run), see $res/$run.log"
	fi
	mv "$res/$run.out/timings.tsv" "$res/$run.tsv"
	rm -rf "$w" "$res/$run.out"
done
for i in $(seq "$runs"); do
	check "warm-$i"
done
for i in $(seq "$runs"); do
	touch "$clone/work/linux/$touched"
	check "touch-$i"
done
python3 "$WB/bench-time.py" "$res" "$touched"
