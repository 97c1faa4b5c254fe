#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Break the kernel on purpose: apply one mutant (bench/mutants/*.patch) to a
# scratch worktree of the applied series, build and run the KUnit suites on
# ARCH, and say whether a test caught it.
#   mutant.sh MUTANT.patch [ARCH]
# Prints "killed", "survived", "does not apply" or "does not build"; exits 0
# only for killed. The scratch worktree is reset before and after.
. "$(dirname "$0")/lib.sh"
need_applied
mutant=$(realpath "$1")
arch=${2:-um}
scratch=$WORK/scratch
bdir=$WORK/build/scratch-$arch
log=$OUT/mutants/$(basename "$mutant" .patch).$arch.log
mkdir -p "$OUT/mutants" "$WORK/build"

[ -d "$scratch" ] || git -C "$TREE" worktree add -q --detach "$scratch" "$APPLIED_REF"
reset() { git -C "$scratch" checkout -q -f --detach "$APPLIED_REF"; }
reset
trap reset EXIT

if ! git -C "$scratch" apply "$mutant" 2>"$log"; then
	echo "$(basename "$mutant"): does not apply"
	exit 2
fi
cd "$scratch"
args=(--arch="$arch" --build_dir="$bdir" --kunitconfig="$KUNITCONFIG")
if ! python3 tools/testing/kunit/kunit.py build "${args[@]}" --jobs="$JOBS" \
	--make_options "CC=ccache gcc" --make_options "HOSTCC=ccache gcc" >>"$log" 2>&1; then
	echo "$(basename "$mutant"): does not build on $arch (log: $log)"
	exit 3
fi
# A negative compile test that flipped is a kill, as is a failed KUnit test.
if grep -l '^FAIL' "$bdir"/lib/test_*/test_*.log >/dev/null 2>&1; then
	echo "$(basename "$mutant"): killed on $arch by: $(grep -h '^FAIL' "$bdir"/lib/test_*/test_*.log | cut -d: -f1 | paste -sd, -)"
	exit 0
fi
if python3 tools/testing/kunit/kunit.py exec "${args[@]}" --timeout=300 >>"$log" 2>&1; then
	echo "$(basename "$mutant"): survived on $arch (log: $log)"
	exit 1
fi
echo "$(basename "$mutant"): killed on $arch by: $(grep -E '\[FAILED\]|\[CRASHED\]' "$log" | sed 's/^\[[0-9:]*\] //' | tr -s ' =' ' ' | paste -sd, -)"
