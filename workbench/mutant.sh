#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Break the kernel on purpose: apply one mutant (bench/mutants/*.patch) to a
# scratch worktree of the applied series, build it, run the tests, and say
# whether a test caught it.
#   mutant.sh MUTANT.patch|--baseline [um|x86_64|i386|vm|crash]
# vm builds the x86_64 kernel and runs the kselftests in the VM (vm.sh)
# instead of KUnit (x86_64 runs KUnit and the VM's module pass); crash runs the LKDTM crash VMs (crash.sh). Prints
# "killed by: ...", "survived", "does not apply" or "does not build" and
# exits 0, 1, 2 or 3 for them (4: the run could not be judged); verdict.py's
# judgement of the run is in $OUT/mutants/<mutant>.<arch>.json. The scratch
# worktree is reset before and after, and the build directory is per arch,
# so each mutant rebuilds only what it and the previous one touched.
. "$(dirname "$0")/lib.sh"
scratch_lock 4
need_applied
# --baseline: the same run without a mutant, which must survive (make mutate).
if [ "$1" = --baseline ]; then
	mutant= name=baseline
else
	mutant=$(realpath "$1")
	name=$(basename "$mutant" .patch)
fi
arch=${2:-um}
karch=$arch
case $arch in vm | crash) karch=x86_64 ;; esac
# UML runs the suites in well under a second: a mutant that hangs its
# kernel is given up after a minute, not after kunit.py's five.
[ "$arch" != um ] || export KUNIT_TIMEOUT=${KUNIT_TIMEOUT:-60}
scratch=$WORK/scratch
bdir=$WORK/build/scratch-$karch
log=$OUT/mutants/$name.$arch.log
mkdir -p "$OUT/mutants" "$WORK/build"
: >"$log"

[ -d "$scratch" ] || git -C "$TREE" worktree add -q --detach "$scratch" "$APPLIED_REF"
reset() { git -C "$scratch" checkout -q -f --detach "$APPLIED_REF"; }
reset
trap reset EXIT

if [ -n "$mutant" ] && ! git -C "$scratch" apply "$mutant" 2>>"$log"; then
	echo "$name: does not apply"
	exit 2
fi
# A header's mutant rebuilds nearly every object. Where a test file of the
# series checks constants at build time (static_assert, BUILD_BUG_ON), its
# object alone is compiled first, in the build directory of an earlier
# build: if an assertion fails there, the mutant is killed without the
# rebuild; otherwise the full build follows.
if [ -n "$mutant" ] && [ -f "$bdir/.config" ] && git -C "$scratch" diff --name-only | grep -q '\.h$'; then
	cross=$(cross_compile "${karch%-*}")
	for f in $(git -C "$TREE" diff --name-only --diff-filter=A "$BASE_REF" "$APPLIED_REF" -- '*.c' |
		xargs -r git -C "$scratch" grep -l -e static_assert -e BUILD_BUG_ON --); do
		[ -f "$bdir/${f%.c}.o" ] || continue
		out=$(make -C "$scratch" ARCH="${karch%-*}" O="$bdir" ${cross:+CROSS_COMPILE=$cross} \
			CC="ccache ${cross}gcc" HOSTCC="ccache gcc" "${f%.c}.o" 2>&1) && continue
		echo "$out" >>"$log"
		# The error is reported in the assertion's macro, the test's
		# line in a note under it.
		failed=$(grep -m1 -oE "error: (static assertion failed|call to '__compiletime_assert_[0-9]+' declared with attribute error).*" <<<"$out") || continue
		where=$(grep -m1 -oE "$f:[0-9]+:[0-9]+: (error|note: in expansion of macro)" <<<"$out" |
			sed -E 's/:[0-9]+: (error|note).*//')
		[ -n "$where" ] || continue
		echo "$name: killed on $karch by: the build ($where: ${failed#error: })"
		exit 0
	done
fi
if ! kunit_py "$scratch" build "$karch" "$bdir" >>"$log" 2>&1; then
	# A mutant of a constant that the tests check at build time says so
	# with "# killed-by-build: <the compiler's message>": it is killed when
	# the build fails with that message, and does not build otherwise.
	want=$([ -z "$mutant" ] || sed -n 's/^# killed-by-build: //p' "$mutant")
	if [ -n "$want" ] && grep -qF -- "$want" "$log"; then
		echo "$name: killed on $karch by: the build ($want)"
		exit 0
	fi
	echo "$name: does not build on $karch (log: $log)"
	exit 3
fi
# Judged like every run (verdict.py): killed when anything is red. vm.sh
# and crash.sh empty their result directory, so their own verdicts go
# beside it.
judge=$OUT/mutants/$name.$arch.json
if [ "$arch" = vm ]; then
	vmout=$OUT/mutants/$name.vm
	OUT=$vmout VM_OUT=$vmout VERDICTS=$vmout.verdicts "$WB/vm.sh" "$scratch" "$bdir" >>"$log" 2>&1 ||
		echo "vm.sh exited $?" >>"$log"
	set -- kselftest "$vmout"
elif [ "$arch" = crash ]; then
	crashout=$OUT/mutants/$name.crash
	OUT=$crashout CRASH_OUT=$crashout VERDICTS=$crashout.verdicts "$WB/crash.sh" "$bdir" >>"$log" 2>&1 ||
		echo "crash.sh exited $?" >>"$log"
	set -- crash "$crashout"
else
	kunit_py "$scratch" exec "$karch" "$bdir" >>"$log" 2>&1 || true
	set -- kunit "$karch" "$bdir/test.log" --build-dir "$bdir" --build-log "$log"
	# Suites built as modules (x86_64) run in the VM's module pass.
	if grep -q '^CONFIG_MODULES=y' "$bdir/.config"; then
		modout=$OUT/mutants/$name.modules
		OUT=$modout VM_OUT=$modout VERDICTS=$modout.verdicts VM_PASSES=modules "$WB/vm.sh" "$scratch" "$bdir" \
			>>"$log" 2>&1 || echo "vm.sh exited $?" >>"$log"
		set -- "$@" --modules "$modout"
	fi
fi
rc=0
red=$("$WB/verdict.py" --tree "$scratch" --json "$judge" "$@" 2>>"$log") || rc=$?
case $rc in
0)
	echo "$name: survived on $arch (log: $log)"
	exit 1
	;;
1)
	echo "$name: killed on $arch by: $(cut -c1-100 <<<"$red" | paste -sd, -)"
	exit 0
	;;
*)
	echo "mm-errors: error: $name: the run on $arch could not be judged (log: $log)" >&2
	exit 4
	;;
esac
