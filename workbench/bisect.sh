#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bisectability: build the kernel after each patch of the series, with the
# x86_64 KUnit configuration of the whole series (options a patch does not
# know yet are dropped by olddefconfig). Uses its own worktree and build
# directory, so each step rebuilds only what the patch changed.
. "$(dirname "$0")/lib.sh"
need_applied
arch=${BISECT_ARCH:-x86_64}
config=$WORK/build/$arch/.config
[ -f "$config" ] || die "no $arch KUnit build to take the configuration from: run 'make kunit' first"

wt=$WORK/bisect
bdir=$WORK/build/bisect-$arch
mkdir -p "$bdir" "$OUT"
[ -d "$wt" ] || git -C "$TREE" worktree add -q --detach "$wt" "$BASE_REF"
log=$OUT/bisect.log
# The trees of the patches and the configuration decide the result: skip
# an unchanged rerun.
stamp=$bdir/.mm-errors-bisected
want="$(git -C "$TREE" log --format=%T "$BASE_REF..$APPLIED_REF" | md5sum | cut -d' ' -f1) $(md5sum <"$config" | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
	log "bisect: series unchanged since every patch last built on $arch"
	exit 0
fi
rm -f "$stamp"
: >"$log"
n=0
for c in $(git -C "$TREE" rev-list --reverse "$BASE_REF..$APPLIED_REF"); do
	n=$((n + 1))
	subject=$(git -C "$TREE" log -1 --format=%s "$c")
	git -C "$wt" checkout -q -f --detach "$c"
	cp "$config" "$bdir/.config"
	if ! { make -C "$wt" O="$bdir" ARCH="$arch" CC="ccache gcc" HOSTCC="ccache gcc" \
		olddefconfig && make -C "$wt" O="$bdir" ARCH="$arch" CC="ccache gcc" \
		HOSTCC="ccache gcc" -j"$JOBS"; } >>"$log" 2>&1; then
		tail -n 30 "$log" >&2
		die "patch $n ($subject) does not build on $arch, see $log"
	fi
	log "bisect: patch $n builds on $arch: $subject"
done
echo "$want" >"$stamp"
