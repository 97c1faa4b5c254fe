#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The checks the kernel test robot runs on a posted series, on the C files
# the series adds or changes in the kernel (not the userspace selftests):
#   - W=1: each changed object rebuilt with W=1 in a copy of the x86_64
#     KUnit build; no warning may name a changed file;
#   - scripts/kernel-doc -none -Wall: no warning;
#   - sparse (C=1): only where scripts/checker-valid.sh accepts the sparse
#     installed here; otherwise it says so and runs none (7.3 refuses
#     bookworm's sparse 0.6.4), rather than reporting a clean run it did
#     not do.
# The copy keeps the W=1 objects out of the KUnit build directory, which
# would otherwise rebuild them on the next run.
. "$(dirname "$0")/lib.sh"
need_applied
arch=x86_64
kunit_bdir=$WORK/build/$arch
[ -f "$kunit_bdir/.config" ] || die "no $arch KUnit build: run 'make kunit' first"
bdir=$WORK/build/robot-$arch
log=$OUT/robot
mkdir -p "$OUT"

files=$(git -C "$TREE" diff --name-only --diff-filter=AM "$BASE_REF" "$APPLIED_REF" -- '*.c' |
	grep -v '^tools/' | grep -v '^mm/tests/fixmap_bounds/' || true)
[ -n "$files" ] || { log "robot: no kernel C files changed"; exit 0; }
objs=$(for f in $files; do echo "${f%.c}.o"; done)
rc=0

# judge WHAT FINDINGS: one line for the check, the findings above it.
judge() {
	if [ -n "$2" ]; then
		printf '%s\n' "$2" >&2
		log "robot: $1: warnings in the series' files (above)"
		rc=1
	else
		log "robot: $1: clean"
	fi
}
# The compiler's warnings and errors in LOG that name a changed file.
findings() { # LOG
	grep -E '^[^ ]+:[0-9]+(:[0-9]+)?: (warning|error):' "$1" | grep -F -f <(echo "$files") || true
}

rsync -a --delete "$kunit_bdir/" "$bdir/"
log "robot: W=1 on $(echo "$objs" | wc -w) objects (log: $log.w1)"
make -C "$TREE" O="$bdir" ARCH="$arch" CC="ccache gcc" HOSTCC="ccache gcc" \
	-j"$JOBS" W=1 $objs >"$log.w1" 2>&1 ||
	{ tail -n 20 "$log.w1" >&2; die "the W=1 build failed, see $log.w1"; }
judge "W=1 ($(echo "$files" | wc -w) files)" "$(findings "$log.w1")"

judge "kernel-doc -none -Wall" "$(cd "$TREE" && scripts/kernel-doc -none -Wall $files 2>&1)"

if command -v sparse >/dev/null 2>&1 &&
	[ "$("$TREE/scripts/checker-valid.sh" sparse 2>/dev/null)" = 1 ]; then
	make -C "$TREE" O="$bdir" ARCH="$arch" CC="ccache gcc" C=2 $objs >"$log.sparse" 2>&1 || rc=1
	judge "sparse" "$(findings "$log.sparse")"
else
	log "robot: sparse: not run, the sparse here is missing or too old for 7.3 (scripts/checker-valid.sh)"
fi
exit "$rc"
