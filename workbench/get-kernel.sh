#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Prepare $WORK/linux: a private git copy of the kernel tree under test, with
# the pristine tree as the baseline commit (refs/mm-errors/base).
#
#   KDIR unset        Debian's linux-source-7.3 (mainline), downloaded from
#                     the archive (unstable or experimental, whichever has
#                     the newest) with debian-apt.sh; never installed.
#   KDIR=<git tree>   a local clone of KDIR's HEAD (objects hard-linked).
#   KDIR=<plain tree> a copy of the files, committed as the baseline.
#
# The user's tree is only ever read. The copy is made next to its final place
# and renamed into place when complete, so an interrupted run leaves nothing
# half-done.
. "$(dirname "$0")/lib.sh"

"$WB/deps.sh"

# A fixed identity and date: the same tree always gets the same baseline
# commit, whoever runs this (the environment overrides git config).
base_env=(GIT_AUTHOR_NAME="mm-errors baseline" GIT_AUTHOR_EMAIL=baseline@mm-errors.invalid
	  GIT_COMMITTER_NAME="mm-errors baseline" GIT_COMMITTER_EMAIL=baseline@mm-errors.invalid
	  GIT_AUTHOR_DATE=2000-01-01T00:00:00Z GIT_COMMITTER_DATE=2000-01-01T00:00:00Z)

commit_baseline() { # DIR MESSAGE
	git -C "$1" init -q -b baseline
	# No background repack of the 87k loose objects the commit makes:
	# it would compete with the kernel builds for the CPUs.
	git -C "$1" config gc.auto 0
	# -f: Debian's top-level .gitignore ignores everything at the top level.
	git -C "$1" add -f -A
	env "${base_env[@]}" git -C "$1" commit -q -m "$2"
}

if [ -n "${KDIR:-}" ]; then
	[ -d "$KDIR" ] || die "KDIR=$KDIR does not exist: point KDIR at a kernel source tree"
	KDIR=$(cd "$KDIR" && pwd -P)
	[ -f "$KDIR/Makefile" ] && grep -q '^VERSION = ' "$KDIR/Makefile" &&
		[ -f "$KDIR/tools/testing/kunit/kunit.py" ] ||
		die "KDIR=$KDIR is not a kernel source tree (no top-level Makefile with VERSION, or no tools/testing/kunit/kunit.py)"
	if [ "$(git -C "$KDIR" rev-parse --show-toplevel 2>/dev/null)" = "$KDIR" ]; then
		kind=git head=$(git -C "$KDIR" rev-parse HEAD)
		source="KDIR $KDIR git $head"
	else
		kind=files
		source="KDIR $KDIR files"
	fi
else
	kind=debian
	debdir=$WORK/debian
	version=$("$WB/debian-apt.sh" version "$DEBIAN_SOURCE_PKG")
	if [ -z "$version" ]; then
		# Offline or gone from the archive: a package downloaded before will do.
		deb=$(ls -t "$debdir/${DEBIAN_SOURCE_PKG}"_*.deb 2>/dev/null | head -n 1 || true)
		[ -n "$deb" ] || die "$DEBIAN_SOURCE_PKG is not in Debian's unstable or experimental suites: set KDIR=<a Linux 7.3 tree> (a mainline git checkout works)"
		version=$(dpkg-deb -f "$deb" Version)
		log "note: $DEBIAN_SOURCE_PKG not in the archive, using the downloaded $version"
	fi
	source="debian $DEBIAN_SOURCE_PKG $version"
fi

stamp=$TREE/.git/mm-errors-source
# A plain tree is copied again when any of its files changed since the copy.
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$source" ] &&
	git -C "$TREE" rev-parse -q --verify "$BASE_REF" >/dev/null &&
	{ [ "$kind" != files ] || [ -z "$(find "$KDIR" -path "$KDIR/.git" -prune -o -newer "$stamp" -type f -print -quit)" ]; }; then
	log "kernel tree: $TREE (${source}), baseline $(git -C "$TREE" rev-parse --short "$BASE_REF")"
	exit 0
fi

tmp=$WORK/linux.new
rm -rf "$tmp"
mkdir -p "$WORK"
trap 'rm -rf "$tmp"' EXIT

case $kind in
git)
	log "cloning $KDIR ($head) into $TREE"
	[ -z "$(git -C "$KDIR" status --porcelain --untracked-files=no)" ] ||
		log "note: uncommitted changes in $KDIR are not part of the copy; commit them to test them"
	git clone -q --local --no-checkout "$KDIR" "$tmp"
	git -C "$tmp" checkout -q --detach "$head"
	git -C "$tmp" update-ref "$BASE_REF" "$head"
	;;
files)
	log "copying $KDIR into $TREE"
	mkdir -p "$tmp"
	tar -C "$KDIR" --exclude=./.git -cf - . | tar -C "$tmp" -xf -
	# Out-of-tree builds (O=) need a source tree without build results.
	make -s -C "$tmp" mrproper >/dev/null 2>&1 ||
		die "'make mrproper' failed in the copy of $KDIR"
	commit_baseline "$tmp" "baseline: $(make -s -C "$tmp" kernelversion) from $KDIR"
	git -C "$tmp" update-ref "$BASE_REF" HEAD
	;;
debian)
	deb=$debdir/${DEBIAN_SOURCE_PKG}_${version/*:/}_all.deb
	if [ ! -f "$deb" ]; then
		rm -f "$debdir/${DEBIAN_SOURCE_PKG}"_*.deb
		"$WB/debian-apt.sh" download "$debdir" "$DEBIAN_SOURCE_PKG"
	fi
	[ -f "$deb" ] || die "the download of $DEBIAN_SOURCE_PKG $version did not produce $deb"
	log "unpacking $DEBIAN_SOURCE_PKG $version into $TREE"
	mkdir -p "$tmp"
	# The tarball has many xz blocks: decompress them on every CPU.
	dpkg-deb --fsys-tarfile "$deb" | tar -xOf - ".$DEBIAN_TARBALL" |
		xz -T0 -dc | tar -C "$tmp" --strip-components=1 -xf -
	commit_baseline "$tmp" "baseline: Debian ${source#debian }"
	git -C "$tmp" update-ref "$BASE_REF" HEAD
	;;
esac
echo "$source" >"$tmp/.git/mm-errors-source"

# The git am check worktree belongs to the old copy.
rm -rf "$TREE" "$WORK/am-check"
mv "$tmp" "$TREE"
trap - EXIT
log "kernel tree: $TREE, baseline $(git -C "$TREE" rev-parse --short "$BASE_REF")"
