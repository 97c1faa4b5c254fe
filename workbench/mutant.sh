#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Break the kernel on purpose: apply one mutant (bench/mutants/*.patch) to a
# scratch worktree of the applied series, build it, run the tests, and say
# whether a test caught it.
#   mutant.sh MUTANT.patch [um|x86_64|i386|vm]
# vm builds the x86_64 kernel and runs the kselftests in the VM (vm.sh)
# instead of KUnit. Prints "killed by: ...", "survived", "does not apply" or
# "does not build"; exits 0 only for killed. The scratch worktree is reset
# before and after, and the build directory is per arch, so each mutant
# rebuilds only what it and the previous one touched.
. "$(dirname "$0")/lib.sh"
need_applied
mutant=$(realpath "$1")
arch=${2:-um}
karch=$arch
[ "$arch" = vm ] && karch=x86_64
name=$(basename "$mutant" .patch)
scratch=$WORK/scratch
bdir=$WORK/build/scratch-$karch
log=$OUT/mutants/$name.$arch.log
mkdir -p "$OUT/mutants" "$WORK/build"
: >"$log"

[ -d "$scratch" ] || git -C "$TREE" worktree add -q --detach "$scratch" "$APPLIED_REF"
reset() { git -C "$scratch" checkout -q -f --detach "$APPLIED_REF"; }
reset
trap reset EXIT

if ! git -C "$scratch" apply "$mutant" 2>>"$log"; then
	echo "$name: does not apply"
	exit 2
fi
if ! kunit_py "$scratch" build "$karch" "$bdir" >>"$log" 2>&1; then
	echo "$name: does not build on $karch (log: $log)"
	exit 3
fi
# A negative compile test that flipped is a kill, as is a failed test.
if grep -l '^FAIL' "$bdir"/mm/tests/*/test_*.log >/dev/null 2>&1; then
	echo "$name: killed on $karch by: $(grep -h '^FAIL' "$bdir"/mm/tests/*/test_*.log | cut -d: -f1 | paste -sd, -)"
	exit 0
fi
if [ "$arch" = vm ]; then
	vmout=$OUT/mutants/$name.vm
	if ! OUT=$vmout VM_OUT=$vmout "$WB/vm.sh" "$scratch" "$bdir" >>"$log" 2>&1; then
		echo "$name: killed on vm: the VM did not finish (log: $log)"
		exit 0
	fi
	failed=$(grep -h '^# not ok\|^not ok' "$vmout"/root.tap "$vmout"/nobody.tap 2>/dev/null |
		 sed 's/^# not ok [0-9]* //; s/^not ok [0-9]* //' | paste -sd, - || true)
	if [ -z "$failed" ]; then
		echo "$name: survived on vm (log: $log)"
		exit 1
	fi
	echo "$name: killed on vm by: $failed"
	exit 0
fi
if kunit_py "$scratch" exec "$karch" "$bdir" >>"$log" 2>&1; then
	echo "$name: survived on $karch (log: $log)"
	exit 1
fi
echo "$name: killed on $karch by: $(grep -E '\[FAILED\]|\[CRASHED\]' "$log" | sed 's/^\[[0-9:]*\] //' | tr -s ' =' ' ' | paste -sd, -)"
