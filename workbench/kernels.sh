#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The series' kselftests on Debian's own built x86_64 kernels, nothing
# built: bookworm's newest 6.12 (the LTS Debian 12 ships, from the
# machine's own apt sources), unstable's newest kernel and experimental's
# (7.3, with the private apt configuration of debian-apt.sh). Each package
# is downloaded once into $WORK/kernels, its vmlinuz extracted and booted
# under QEMU (TCG) with the kselftest initramfs of vm.sh; the root and
# nobody passes are judged by verdict.py, one row per kernel in
# $OUT/kernels/report.md. The swap pass needs zram, a module in Debian's
# kernels, and the initramfs holds no Debian modules: it does not run.
#   kernels.sh [SUITE...]   default: bookworm unstable experimental
. "$(dirname "$0")/lib.sh"
need_applied
"$WB/deps.sh" dpkg:dpkg-deb

kdir=$WORK/kernels
out=$OUT/kernels
rm -rf "$out"
mkdir -p "$kdir" "$out"

# The package with the vmlinuz of SUITE's newest kernel, or nothing.
# bookworm: the newest linux-image-6.12.*-amd64-unsigned of the machine's
# own sources. unstable, experimental: what that suite's linux-image-amd64
# depends on; since 6.19 that is a metapackage again and the image is in
# linux-binary-<version>-amd64.
kernel_package() { # SUITE
	local img
	case $1 in
	bookworm)
		apt-cache search --names-only '^linux-image-6\.12\.[0-9]+\+deb12-amd64-unsigned$' 2>/dev/null |
			awk '{ print $1 }' | sort -V | tail -n 1
		;;
	*)
		img=$(DEBIAN_RELEASE=$1 DEBIAN_SUITES="unstable experimental" \
			"$WB/debian-apt.sh" depends linux-image-amd64 | grep '^linux-image-' | head -n 1)
		[ -n "$img" ] || return 0
		DEBIAN_RELEASE=$1 "$WB/debian-apt.sh" depends "$img" |
			grep -x "linux-binary-${img#linux-image-}" || echo "$img"
		;;
	esac
}

# Download SUITE's PACKAGE and extract its vmlinuz into DIR (once).
fetch() { # SUITE PACKAGE DIR
	local deb tmp=$3.tmp
	[ -f "$3/vmlinuz" ] && return 0
	rm -rf "$tmp"
	mkdir -p "$tmp"
	case $1 in
	bookworm)
		(cd "$tmp" && apt-get -q download "$2") >"$tmp/download.log" 2>&1 ||
			{ sed 's/^/  /' "$tmp/download.log" >&2; return 1; }
		;;
	*) DEBIAN_RELEASE=$1 "$WB/debian-apt.sh" download "$tmp" "$2" || return 1 ;;
	esac
	deb=$(ls "$tmp"/*.deb)
	# /boot/vmlinuz-<version> up to 6.x, /usr/lib/modules/<version>/vmlinuz
	# in the linux-binary packages.
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" --wildcards '*/vmlinuz*' ||
		{ log "kernels: no vmlinuz in $deb"; return 1; }
	find "$tmp" -mindepth 2 -type f -name 'vmlinuz*' -exec mv {} "$tmp/vmlinuz" \;
	dpkg-deb -f "$deb" Version >"$tmp/version"
	rm -rf "$tmp"/boot "$tmp"/usr "$tmp"/*.deb "$tmp/download.log"
	mv "$tmp" "$3"
}

# "passed/failed/skipped | " of the root and the nobody pass in a
# verdict.py JSON file.
pass_counts() { # JSON
	python3 - "$1" <<'EOF'
import json, sys
v = json.load(open(sys.argv[1]))
for label in ('(vm, root)', '(vm, nobody)'):
	rs = [r for r in v['results'] if r['name'].endswith(label)]
	print('%d/%d/%d' % tuple(sum(r[k] for r in rs) for k in ('passed', 'failed', 'skipped')),
	      end=' | ')
EOF
}

[ "$(id -u)" -eq 0 ] && [ -z "$(apt-cache search --names-only '^linux-image-6\.12' 2>/dev/null)" ] &&
	apt-get update -qq >/dev/null 2>&1
rows=()
rc=0
suites=${*:-bookworm unstable experimental}
for suite in $suites; do
	pkg=$(kernel_package "$suite")
	if [ -z "$pkg" ]; then
		log "kernels: $suite: no x86_64 kernel package in the archive"
		rows+=("| $suite | - | not in the archive | - | - | - |")
		continue
	fi
	dir=$kdir/$pkg
	log "kernels: $suite: $pkg"
	if ! fetch "$suite" "$pkg" "$dir"; then
		rows+=("| $suite | $pkg | download failed (above) | - | - | - |")
		rc=1
		continue
	fi
	res=$out/$pkg
	start=$(date +%s.%N)
	VM_KERNEL=$dir/vmlinuz VM_PASSES="root nobody" VM_OUT=$res OUT=$res \
		"$WB/vm.sh" >"$out/$pkg.log" 2>&1 || true
	secs=$(echo "$(date +%s.%N) - $start" | bc)
	record_time "kernels: $suite $(cat "$dir/version")" "$secs"
	verdict=ok
	"$WB/verdict.py" --json "$res/verdict.json" kselftest "$res" --passes root,nobody \
		>"$res/red.txt" 2>&1 || { verdict=FAILED; rc=1; sed 's/^/  /' "$res/red.txt" >&2; }
	cells=$(pass_counts "$res/verdict.json" 2>/dev/null || echo "- | - | ")
	uname=$(grep -m1 -o 'Linux version [^ ]*' "$res/console.log" | cut -d' ' -f3)
	rows+=("| $suite | $(cat "$dir/version") (${uname:-?}) | $verdict | $cells$(printf '%.1f' "$secs") s |")
done
{
	echo "| suite | kernel (uname -r) | verdict | root p/f/s | nobody p/f/s | wall |"
	echo "|---|---|---|---|---|---|"
	printf '%s\n' "${rows[@]}"
} >"$out/report.md"
cat "$out/report.md"
[ "$rc" -eq 0 ] || die "the kselftests failed on a Debian kernel (above; logs in $out)"
