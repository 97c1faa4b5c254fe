#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the kernel after each patch of the series (every patch must build,
# or git bisect breaks on it), with the
# x86_64 KUnit configuration of the whole series (options a patch does not
# know yet are dropped by olddefconfig).
#
# Kbuild puts the absolute source path into every command it records, so a
# build directory can only be reused by the tree it was built from. The
# steps therefore check each patch out in $WORK/linux itself, building into
# a copy of the finished KUnit build directory: each step rebuilds only what
# that patch changes. Afterwards the tree is back on its branch and the
# files the walk touched get their old mtimes back, so the KUnit build
# directories see nothing new. An interrupted walk is undone by the next
# workbench command (walk_recover in lib.sh).
. "$(dirname "$0")/lib.sh"
need_applied
arch=${EACH_PATCH_ARCH:-x86_64}
kunit_bdir=$WORK/build/$arch
config=$kunit_bdir/.config
[ -f "$config" ] || die "no $arch KUnit build to take the configuration from: run 'make kunit' first"

bdir=$WORK/build/each-patch-$arch
log=$OUT/each-patch.log
mkdir -p "$OUT"
# The trees of the patches and the configuration decide the result: skip
# an unchanged rerun.
stamp=$WORK/build/.each-patch-$arch.done
want="$(git -C "$TREE" log --format=%T "$BASE_REF..$APPLIED_REF" | md5sum | cut -d' ' -f1) $(md5sum <"$config" | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
	log "each patch: series unchanged since every patch last built on $arch"
	exit 0
fi
rm -f "$stamp"

branch=$(git -C "$TREE" symbolic-ref -q --short HEAD) ||
	die "$TREE is not on a branch: run 'git -C $TREE checkout $BRANCH' first"
[ "$(git -C "$TREE" rev-parse HEAD)" = "$(git -C "$TREE" rev-parse "$APPLIED_REF")" ] ||
	die "$TREE has commits that are not in the overlay: run 'make refresh' (or 'make apply') first"
[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
	die "$TREE has uncommitted changes: commit them and run 'make refresh' first"
# What earlier versions of this script (bisect.sh) left.
if [ -d "$WORK/bisect" ]; then
	git -C "$TREE" worktree remove --force "$WORK/bisect"
fi
rm -rf "$WORK/build/bisect-$arch" "$WORK/build/.bisect-$arch.done"

# Remember the mtimes of every file the series touches, then walk.
git -C "$TREE" diff --name-only "$BASE_REF" "$APPLIED_REF" | while read -r f; do
	printf '%s\t%s\n' "$(stat -c %.9Y "$TREE/$f")" "$f"
done >"$WALK_STATE.tmp"
printf '%s\n' "$branch" >"$WALK_STATE.branch"
mv "$WALK_STATE.tmp" "$WALK_STATE"
trap walk_recover EXIT

log "each patch: copying the $arch KUnit build directory"
rm -rf "$bdir"
cp -a "$kunit_bdir" "$bdir"
: >"$log"
n=0
for c in $(git -C "$TREE" rev-list --reverse "$BASE_REF..$APPLIED_REF"); do
	n=$((n + 1))
	subject=$(git -C "$TREE" log -1 --format=%s "$c")
	git -C "$TREE" checkout -q --detach "$c"
	# Without LOCALVERSION_AUTO the release string does not name the
	# commit, so a patch that changes nothing kbuild reads relinks nothing.
	cp "$config" "$bdir/.config"
	"$TREE/scripts/config" --file "$bdir/.config" --disable LOCALVERSION_AUTO
	start=$(date +%s)
	if ! { make -C "$TREE" O="$bdir" ARCH="$arch" CC="ccache gcc" HOSTCC="ccache gcc" \
		olddefconfig && make -C "$TREE" O="$bdir" ARCH="$arch" CC="ccache gcc" \
		HOSTCC="ccache gcc" -j"$JOBS"; } >>"$log" 2>&1; then
		tail -n 30 "$log" >&2
		die "patch $n ($subject) does not build on $arch, see $log"
	fi
	log "each patch: patch $n builds on $arch ($(($(date +%s) - start)) s): $subject"
done
echo "$want" >"$stamp"
