#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Flakes: FLAKE_RUNS (default 20) consecutive runs of every KUnit suite on
# each of $ARCHES with kunit.py exec (nothing is rebuilt), of the VM (the
# module pass and the kselftests), and of the VM under load (vm-init.sh's
# stress: a spinner per CPU and an allocator holding 40 % of the memory).
# Each run is judged by verdict.py; a red run keeps its logs in
# $OUT/flakes/<what>.<run>. Needs the kernels of make kunit.
. "$(dirname "$0")/lib.sh"
need_applied
runs=${FLAKE_RUNS:-20}
out=$OUT/flakes
rm -rf "$out"
mkdir -p "$out"
for arch in $ARCHES; do
	[ -f "$WORK/build/$arch/.config" ] || die "no $arch KUnit kernel: run 'make kunit' first"
done

declare -A red wall
# One run of WHAT (number I), judged: run WHAT I CMD... ; the command
# prints verdict.py's red lines and fails when the run is red.
run() {
	local what=$1 i=$2 start rc=0
	shift 2
	start=$(date +%s.%N)
	"$@" >"$out/$what.$i.red" 2>&1 || rc=$?
	wall[$what]=$(echo "${wall[$what]:-0} + $(date +%s.%N) - $start" | bc)
	if [ "$rc" -ne 0 ]; then
		red[$what]=$((${red[$what]:-0} + 1))
		log "flakes: $what run $i is red: $(head -n 3 "$out/$what.$i.red" | paste -sd' ')"
	else
		rm -f "$out/$what.$i.red"
	fi
}

kunit_run() { # ARCH I
	local bdir=$WORK/build/$1 more=()
	# The suites x86_64 builds as modules ran in this round's VM run.
	[ "$1" != x86_64 ] || more=(--modules "$out/vm.$2")
	kunit_py "$TREE" exec "$1" "$bdir" >"$out/kunit-$1.$2.log" 2>&1 || true
	"$WB/verdict.py" kunit "$1" "$bdir/test.log" --build-dir "$bdir" "${more[@]}" &&
		rm -f "$out/kunit-$1.$2.log"
}

vm_run() { # NAME I [STRESS]
	local dir=$out/$1.$2
	VM_STRESS=${3:-} VM_TIMEOUT=300 VM_OUT=$dir OUT=$dir "$WB/vm.sh" >"$dir.log" 2>&1 ||
		{ tail -n 3 "$dir.log"; return 1; }
	rm -f "$dir.log"
	"$WB/verdict.py" kselftest "$dir"
}

for i in $(seq 1 "$runs"); do
	log "flakes: round $i of $runs"
	run vm "$i" vm_run vm "$i"
	for arch in $ARCHES; do
		run "kunit-$arch" "$i" kunit_run "$arch" "$i"
	done
	run vm-stress "$i" vm_run vm-stress "$i" 1
	# A VM run's results stay when it or the module pass judged from it
	# was red.
	[ -f "$out/vm.$i.red" ] || [ -f "$out/kunit-x86_64.$i.red" ] || rm -rf "$out/vm.$i"
	[ -f "$out/vm-stress.$i.red" ] || rm -rf "$out/vm-stress.$i"
done

{
	echo "| what | runs | red | wall (all runs) |"
	echo "|---|---|---|---|"
	for what in $(for a in $ARCHES; do echo "kunit-$a"; done) vm vm-stress; do
		printf '| %s | %d | %d | %.0f s |\n' "$what" "$runs" "${red[$what]:-0}" "${wall[$what]:-0}"
	done
} >"$out/report.md"
cat "$out/report.md"
for what in "${!red[@]}"; do
	die "flaky: a run was red (logs in $out)"
done
