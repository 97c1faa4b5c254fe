#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The main job: get the kernel, apply the series, build and run every suite
# on every arch, print the table.
#
# With --check (make check, which .ci/run calls) it also runs the
# workbench's own bad-input checks first and the series checks (checkpatch,
# git am round trip) before the table.
. "$(dirname "$0")/lib.sh"
check=
[ "${1:-}" = --check ] && check=1

mkdir -p "$OUT"
: >"$OUT/timings.tsv"
[ -z "$check" ] || timed "workbench selftest" "$WB/selftest.sh"
timed "get kernel" "$WB/get-kernel.sh"
timed "apply" "$WB/apply.sh"
rc=0
"$WB/kunit.sh" || rc=1
[ -z "$check" ] || timed "series + checkpatch" "$WB/mkseries.sh" || rc=1
"$WB/report.py" || rc=1
[ "$rc" -eq 0 ] || die "$([ -n "$check" ] && echo 'make check' || echo 'make run') failed (see above)"
