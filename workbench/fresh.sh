#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make fresh: prove that the README's two commands work on a machine with
# nothing installed. Builds a minimal Debian 12 (debootstrap --variant=minbase)
# under $WORK/fresh, clones this repository's HEAD into it, and runs
# "make run" and then "make check" there as root, from nothing: the only
# package installed before them is make (the README's way in). Prints the
# wall time of both. Needs root (chroot, mounts); the host's /proc, /sys
# and /dev are bind-mounted into the chroot and unmounted afterwards, also
# when the run fails or is interrupted. Logs: $OUT/fresh/.
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" -eq 0 ] || die "make fresh needs root (debootstrap, chroot and mounts): run it as root"
"$WB/deps.sh" debootstrap:debootstrap
uri=$("$WB/debian-apt.sh" mirror)
suite=${FRESH_SUITE:-bookworm}
dir=$WORK/fresh/root
out=$OUT/fresh
mkdir -p "$out"

mounts=(proc sys dev)
unmount() {
	local i
	for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
		if mountpoint -q "$dir/${mounts[i]}"; then
			umount -R -l "$dir/${mounts[i]}" || log "could not unmount $dir/${mounts[i]}"
		fi
	done
}
# A chroot left by an interrupted run: unmount before removing anything.
unmount
! grep -q " $dir/" /proc/mounts ||
	die "something is still mounted under $dir: unmount it by hand before 'make fresh' removes $WORK/fresh"
rm -rf "$WORK/fresh"
mkdir -p "$WORK/fresh"
trap unmount EXIT
trap "exit 130" INT TERM HUP

log "fresh: debootstrap --variant=minbase $suite (log: $out/debootstrap.log)"
timed "fresh: debootstrap" debootstrap --variant=minbase "$suite" "$dir" "$uri" \
	>"$out/debootstrap.log" 2>&1 ||
	{ tail -n 20 "$out/debootstrap.log" >&2; die "debootstrap failed, see $out/debootstrap.log"; }
# The machine's own apt sources (its mirror and its security archive)
# instead of the one debootstrap wrote, and its Acquire:: settings: a new
# machine of this kind has both (this one's mirror, for one, serves Release
# files past their Valid-Until and is configured to be read anyway).
rm -f "$dir/etc/apt/sources.list"
cp -a /etc/apt/sources.list.d/. "$dir/etc/apt/sources.list.d/"
[ ! -f /etc/apt/sources.list ] || cp /etc/apt/sources.list "$dir/etc/apt/sources.list"
for f in /etc/apt/apt.conf.d/*; do
	! grep -q '^[[:space:]]*Acquire::' "$f" || cp "$f" "$dir/etc/apt/apt.conf.d/"
done
find "$dir/etc/apt/sources.list.d" -type f ! -name '*.list' ! -name '*.sources' -delete
grep -lE 'bookworm|debian' -r "$dir/etc/apt/sources.list.d" >/dev/null ||
	die "no Debian apt sources to copy into the chroot"
# Only the Debian archive: the chroot reaches nothing else.
for f in "$dir"/etc/apt/sources.list.d/*; do
	grep -q 'debian' "$f" || rm -f "$f"
done
cp /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true

mount -t proc proc "$dir/proc"
# Slave mounts: unmounting them later must not propagate to the host.
mount --rbind /sys "$dir/sys"
mount --make-rslave "$dir/sys"
# Recursively: UML keeps its memory in /dev/shm.
mount --rbind /dev "$dir/dev"
mount --make-rslave "$dir/dev"

git clone -q --no-hardlinks "$TOP" "$dir/root/mm-errors"
in_chroot() {
	chroot "$dir" env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		GIT_AUTHOR_NAME="mm-errors CI" GIT_AUTHOR_EMAIL=ci@mm-errors.invalid \
		GIT_COMMITTER_NAME="mm-errors CI" GIT_COMMITTER_EMAIL=ci@mm-errors.invalid \
		bash -c "$1"
}
log "fresh: installing make in the chroot"
in_chroot 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends make' \
	>"$out/make-install.log" 2>&1 || die "could not install make in the chroot, see $out/make-install.log"

rc=0
for target in run check; do
	log "fresh: make $target in the chroot (log: $out/$target.log)"
	start=$(date +%s.%N)
	in_chroot "cd /root/mm-errors && make $target" >"$out/$target.log" 2>&1 || rc=$?
	secs=$(echo "$(date +%s.%N) - $start" | bc)
	record_time "fresh: make $target" "$secs" "$rc"
	printf 'make %s in a fresh Debian 12 chroot: %.1f s (%s)\n' "$target" "$secs" \
		"$([ "$rc" -eq 0 ] && echo passed || echo "FAILED, exit $rc")" | tee -a "$out/times.txt"
	if [ "$rc" -ne 0 ]; then
		tail -n 30 "$out/$target.log" >&2
		die "make $target failed in the fresh chroot, see $out/$target.log"
	fi
done
grep -h '^total: ' "$out/check.log" || true
