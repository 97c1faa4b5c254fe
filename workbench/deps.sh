#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Make sure the host tools the workbench needs are installed. As root the
# missing Debian packages are installed with apt-get; otherwise the user is
# told which ones to install. Nothing is downloaded from anywhere else.
. "$(dirname "$0")/lib.sh"

# package:probe, where a probe is a command or an absolute file path.
needs=(
	git:git make:make gcc:gcc perl:perl python3:python3 bc:bc
	flex:flex bison:bison xz-utils:xz ccache:ccache cpio:cpio rsync:rsync
	libelf-dev:/usr/include/gelf.h libssl-dev:/usr/include/openssl/ssl.h
	# the VMs boot x86_64 (and i386) kernels with qboot
	qemu-system-x86:qemu-system-x86_64 qemu-system-x86:qemu-system-i386
	qemu-system-data:/usr/share/qemu/qboot.rom
	# checkpatch.pl runs scripts/spdxcheck.py with these (Debian's python3)
	python3-ply:/usr/lib/python3/dist-packages/ply/__init__.py
	python3-git:/usr/lib/python3/dist-packages/git/__init__.py
)
# Each KUnit arch's cross compiler and QEMU.
for a in $ARCHES; do
	[ "$a" = um ] || needs+=($(arch_packages "${a%-*}"))
done
# An extra package for a particular step: deps.sh PACKAGE:PROBE...
needs+=("$@")

missing=()
for n in "${needs[@]}"; do
	pkg=${n%%:*} probe=${n#*:}
	case $probe in
	/*) [ -e "$probe" ] && continue ;;
	*) command -v "$probe" >/dev/null 2>&1 && continue ;;
	esac
	case " ${missing[*]:-} " in *" $pkg "*) ;; *) missing+=("$pkg") ;; esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	die "missing host packages: ${missing[*]}
  install them with: sudo apt-get install ${missing[*]}"
fi
if ! command -v apt-get >/dev/null 2>&1; then
	die "missing host packages: ${missing[*]} (no apt-get here: install them with your package manager)"
fi
log "installing ${missing[*]}"
apt-get update -qq >/dev/null ||
	die "apt-get update failed: check the Debian mirror, then install: ${missing[*]}"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	"${missing[@]}" >/dev/null ||
	die "apt-get install failed for: ${missing[*]}"
