#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The suites on a debug kernel: x86_64 with KASAN (generic), KFENCE,
# kmemleak, lockdep (PROVE_LOCKING) and DEBUG_VM (debug.config), built in
# $WORK/build/x86_64-debug. Booted twice, as is and with slub_debug=FZPU:
# each boot runs the built-in KUnit suites (kunit.py exec); the VM loads
# and unloads each test module 20 times and asks kmemleak after each
# module's rounds, then runs the kselftests and asks kmemleak again.
# verdict.py judges each run; a KASAN, KFENCE or lockdep report in a
# kernel log is red like any other, and so is a kmemleak report, unless
# the leak is one a test makes on purpose (verdict.KMEMLEAK_EXPECTED).
# Opt-in (make debug): it builds a kernel of its own.
. "$(dirname "$0")/lib.sh"
need_applied
arch=x86_64-debug
bdir=$WORK/build/$arch
out=$OUT/debug
rm -rf "$out"
mkdir -p "$out"
log "debug: building the $arch kernel (log: $out/build.log)"
timed "debug: build" kunit_py "$TREE" build "$arch" "$bdir" >"$out/build.log" 2>&1 ||
	{ tail -n 30 "$out/build.log" >&2; die "the debug kernel did not build, see $out/build.log"; }
rc=0
for boot in plain slub_debug; do
	args=()
	[ "$boot" = plain ] || args=(slub_debug=FZPU)
	res=$out/$boot
	mkdir -p "$res"
	log "debug ($boot): the VM: modules 20 times, kselftests, kmemleak (log: $res/vm.log)"
	timed "debug ($boot): vm" env VM_OUT="$res/vm" OUT="$res" VM_TIMEOUT=900 \
		VM_PASSES="modules kmemleak-clear root nobody root-swap kmemleak" \
		VM_ARGS="MODULE_ROUNDS=20 ${args[*]}" "$WB/vm.sh" "$TREE" "$bdir" >"$res/vm.log" 2>&1 ||
		{ tail -n 5 "$res/vm.log" >&2; rc=1; }
	log "debug ($boot): KUnit (log: $res/kunit.log)"
	timed "debug ($boot): kunit" kunit_py "$TREE" exec "$arch" "$bdir" \
		${args[@]/#/--kernel_args=} >"$res/kunit.log" 2>&1 || true
	cp "$bdir/test.log" "$res/kunit.raw.log"
	"$WB/verdict.py" --json "$res/kunit.json" kunit "$arch" "$res/kunit.raw.log" \
		--build-dir "$bdir" --build-log "$out/build.log" --modules "$res/vm" || rc=1
	"$WB/verdict.py" --json "$res/kselftest.json" kselftest "$res/vm" || rc=1
done
[ "$rc" -eq 0 ] || die "the debug kernel found something (above; logs in $out)"
log "debug: green (results in $out)"
