#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The series' kselftests on Debian's own built kernels, nothing built:
# x86_64's bookworm's newest 6.12 (the LTS Debian 12 ships, from the
# machine's own apt sources), unstable's newest kernel and experimental's
# (7.3, with the private apt configuration of debian-apt.sh); arm64's
# bookworm kernel (linux-image-arm64) and experimental's. Each package is
# downloaded once into $WORK/kernels, its vmlinuz extracted and booted
# under QEMU (TCG) with the kselftest initramfs of vm.sh (arm64: static
# arm64 programs, built with the headers of make check's arm64 build); the
# root, nobody and mode-2 passes are judged by verdict.py, one row per
# kernel in $OUT/kernels/report.md (wall times in $OUT/kernels/timings.tsv,
# not in make run's). The swap pass needs zram, a module in Debian's
# kernels, and the initramfs holds no Debian modules: it does not run.
#   kernels.sh [SUITE[:arm64]...]
#   default: bookworm unstable experimental bookworm:arm64 experimental:arm64
. "$(dirname "$0")/lib.sh"
need_applied
"$WB/deps.sh" dpkg:dpkg-deb

kdir=$WORK/kernels
out=$OUT/kernels
rm -rf "$out"
mkdir -p "$kdir" "$out"

# The private apt configuration (debian-apt.sh) for SUITE's ARCH packages:
# bookworm's arm64 ones are not in the machine's own (amd64) sources.
debian_apt() { # SUITE ARCH debian-apt.sh-ARGS...
	local release=$1 suites="unstable experimental" arch=$2
	[ "$1" != bookworm ] || suites=bookworm
	[ "$arch" != amd64 ] || arch=
	shift 2
	DEBIAN_RELEASE=$release DEBIAN_SUITES=$suites DEBIAN_ARCH=$arch "$WB/debian-apt.sh" "$@"
}

# The package with the vmlinuz of SUITE's newest ARCH kernel, or nothing.
# bookworm amd64: the newest linux-image-6.12.*-amd64-unsigned of the
# machine's own sources. Else what that suite's linux-image-ARCH depends
# on; since 6.19 that is a metapackage again and the image is in
# linux-binary-<version>-ARCH.
kernel_package() { # SUITE ARCH
	local img bin
	if [ "$1:$2" = bookworm:amd64 ]; then
		apt-cache search --names-only '^linux-image-6\.12\.[0-9]+\+deb12-amd64-unsigned$' 2>/dev/null |
			awk '{ print $1 }' | sort -V | tail -n 1
		return
	fi
	# A failed look-up is an error, not a kernel missing from the archive.
	img=$(debian_apt "$1" "$2" depends "linux-image-$2") || return
	img=$(grep '^linux-image-' <<<"$img" | head -n 1)
	[ -n "$img" ] || return 0
	bin=$(debian_apt "$1" "$2" depends "$img") || return
	grep -x "linux-binary-${img#linux-image-}" <<<"$bin" || echo "$img"
}

# Download SUITE's ARCH PACKAGE and extract its vmlinuz into DIR (once).
fetch() { # SUITE ARCH PACKAGE DIR
	local deb tmp=$4.tmp
	[ -f "$4/vmlinuz" ] && return 0
	rm -rf "$tmp"
	mkdir -p "$tmp"
	if [ "$1:$2" = bookworm:amd64 ]; then
		(cd "$tmp" && apt-get -q download "$3") >"$tmp/download.log" 2>&1 ||
			{ sed 's/^/  /' "$tmp/download.log" >&2; return 1; }
	else
		debian_apt "$1" "$2" download "$tmp" "$3" || return 1
	fi
	deb=$(ls "$tmp"/*.deb)
	# /boot/vmlinuz-<version> up to 6.x, /usr/lib/modules/<version>/vmlinuz
	# in the linux-binary packages.
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" --wildcards '*/vmlinuz*' ||
		{ log "kernels: no vmlinuz in $deb"; return 1; }
	find "$tmp" -mindepth 2 -type f -name 'vmlinuz*' -exec mv {} "$tmp/vmlinuz" \;
	dpkg-deb -f "$deb" Version >"$tmp/version"
	rm -rf "$tmp"/boot "$tmp"/usr "$tmp"/*.deb "$tmp/download.log"
	mv "$tmp" "$4"
}

# "passed/failed/skipped | " of the root, nobody and mode-2 passes in a
# verdict.py JSON file.
pass_counts() { # JSON
	python3 - "$1" <<'EOF'
import json, sys
v = json.load(open(sys.argv[1]))
for label in ('(vm, root)', '(vm, nobody)', '(vm, root, host in mode 2)'):
	rs = [r for r in v['results'] if r['name'].endswith(label)]
	print('%d/%d/%d' % tuple(sum(r[k] for r in rs) for k in ('passed', 'failed', 'skipped')),
	      end=' | ')
EOF
}

[ "$(id -u)" -eq 0 ] && [ -z "$(apt-cache search --names-only '^linux-image-6\.12' 2>/dev/null)" ] &&
	apt-get update -qq >/dev/null 2>&1
rows=()
rc=0
suites=${*:-bookworm unstable experimental bookworm:arm64 experimental:arm64}
for suite in $suites; do
	arch=amd64 vm_arch=x86_64
	case $suite in
	*:arm64) suite=${suite%:*} arch=arm64 vm_arch=arm64 ;;
	*:*) die "kernels: $suite: the kernels are amd64 (SUITE) or arm64 (SUITE:arm64)" ;;
	esac
	[ "$arch" = amd64 ] || [ -f "$WORK/build/$vm_arch/.config" ] ||
		die "kernels: the $vm_arch tests are built with the headers of make check's $vm_arch kernel: run 'make kunit' (ARCHES has $vm_arch) first"
	if ! pkg=$(kernel_package "$suite" "$arch"); then
		rows+=("| $suite $arch | - | archive look-up failed (above) | - | - | - | - |")
		rc=1
		continue
	fi
	if [ -z "$pkg" ]; then
		log "kernels: $suite: no $arch kernel package in the archive"
		rows+=("| $suite $arch | - | not in the archive | - | - | - | - |")
		continue
	fi
	dir=$kdir/$pkg
	log "kernels: $suite: $pkg"
	if ! fetch "$suite" "$arch" "$pkg" "$dir"; then
		rows+=("| $suite $arch | $pkg | download failed (above) | - | - | - | - |")
		rc=1
		continue
	fi
	res=$out/$pkg
	start=$(date +%s.%N)
	VM_ARCH=$vm_arch VM_KERNEL=$dir/vmlinuz VM_PASSES="root nobody root-mode2" VM_OUT=$res OUT=$res \
		"$WB/vm.sh" >"$out/$pkg.log" 2>&1 || true
	secs=$(echo "$(date +%s.%N) - $start" | bc)
	OUT=$out record_time "kernels: $suite $arch $(cat "$dir/version")" "$secs"
	verdict=ok
	"$WB/verdict.py" --json "$res/verdict.json" kselftest "$res" \
		>"$res/red.txt" 2>&1 || { verdict=FAILED; rc=1; sed 's/^/  /' "$res/red.txt" >&2; }
	cells=$(pass_counts "$res/verdict.json" 2>/dev/null || echo "- | - | - | ")
	uname=$(grep -m1 -o 'Linux version [^ ]*' "$res/console.log" | cut -d' ' -f3)
	rows+=("| $suite $arch | $(cat "$dir/version") (${uname:-?}) | $verdict | $cells$(printf '%.1f' "$secs") s |")
done
{
	echo "| suite, arch | kernel (uname -r) | verdict | root p/f/s | nobody p/f/s | mode 2 p/f/s | wall |"
	echo "|---|---|---|---|---|---|---|"
	printf '%s\n' "${rows[@]}"
} >"$out/report.md"
cat "$out/report.md"
[ "$rc" -eq 0 ] || die "the kselftests failed on a Debian kernel (above; logs in $out)"
