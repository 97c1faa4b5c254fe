# SPDX-License-Identifier: GPL-2.0
# Shared settings and helpers for the mm-errors workbench scripts.
# Sourced, never run: every script in this directory starts with
#   . "$(dirname "$0")/lib.sh"

set -euo pipefail

WB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$WB/.." && pwd)
# Everything generated lives in two git-ignored directories: WORK holds the
# kernel copy and the build directories (kept between runs so that rebuilds
# are incremental), OUT holds results, reports and the generated series.
WORK=${WORK:-$TOP/work}
OUT=${OUT:-$TOP/out}
TREE=$WORK/linux
ARCHES=${ARCHES:-um x86_64 i386}
JOBS=${JOBS:-$(nproc)}
KUNITCONFIG=${KUNITCONFIG:-mm}
BRANCH=mm-errors
BASE_REF=refs/mm-errors/base
APPLIED_REF=refs/mm-errors/applied
DEBIAN_SOURCE_PKG=linux-source-6.12
DEBIAN_TARBALL=/usr/src/linux-source-6.12.tar.xz

die() {
	printf 'mm-errors: error: %s\n' "$*" >&2
	exit 1
}

log() {
	printf '==> %s\n' "$*" >&2
}

# Wall time of a phase, for the report: timed NAME CMD...
timed() {
	local name=$1 start end rc=0
	shift
	start=$(date +%s.%N)
	"$@" || rc=$?
	end=$(date +%s.%N)
	mkdir -p "$OUT"
	printf '%s\t%.1f\t%s\n' "$name" "$(echo "$end - $start" | bc)" "$rc" >>"$OUT/timings.tsv"
	return "$rc"
}

need_tree() {
	git -C "$TREE" rev-parse -q --verify "$BASE_REF" >/dev/null 2>&1 ||
		die "no kernel tree in $TREE yet: run 'make kernel' (or 'make run') first"
}

need_applied() {
	need_tree
	git -C "$TREE" rev-parse -q --verify "$APPLIED_REF" >/dev/null ||
		die "the series is not applied in $TREE yet: run 'make apply' first"
}
