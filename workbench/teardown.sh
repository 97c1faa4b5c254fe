#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Teardown under fire: in the test VM, every fixture that changes global
# state (the overcommit sysctls; the memory cgroup and the root's
# subtree_control) is run TEARDOWN_RUNS times (default 50) with its test
# process SIGKILLed at a random point, by bench/proofs/teardown-sigkill.c,
# built here statically; after each run the state must be back.
# verdict.py judges the runs. Needs the x86_64 kernel of make kunit.
. "$(dirname "$0")/lib.sh"
need_applied
runs=${TEARDOWN_RUNS:-50}
out=$OUT/teardown
bin=$WORK/build/teardown-sigkill
mkdir -p "$OUT"
gcc -O2 -Wall -static -o "$bin" "$TOP/bench/proofs/teardown-sigkill.c" ||
	die "could not build bench/proofs/teardown-sigkill.c"
log "teardown: $runs SIGKILLs per fixture in the VM (log: $out/console.log)"
VM_PASSES=teardown VM_BIN=$bin VM_ARGS="TEARDOWN_RUNS=$runs" VM_TIMEOUT=900 \
	VM_OUT=$out OUT=$out "$WB/vm.sh" >"$OUT/teardown.log" 2>&1 ||
	{ tail -n 5 "$OUT/teardown.log" >&2; die "the teardown VM failed, see $OUT/teardown.log"; }
grep '^# ' "$out/teardown.tap" >&2 || true
"$WB/verdict.py" --json "$out/verdict.json" teardown "$out" ||
	die "a teardown left global state behind (above; runs in $out/teardown.tap)"
