#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Deliberate crashes, one throwaway QEMU VM (TCG) each, never on the host:
# boot the x86_64 or i386 kernel that kunit.sh built (its configuration has
# workbench/crash.config) with lkdtm.cpoint_name=DIRECT and
# lkdtm.cpoint_type=<TYPE>, so that built-in LKDTM runs the crash type while
# it initialises (drivers/misc/lkdtm/core.c), and keep the console. There is
# no root file system: a type that the kernel survives ends the VM with
# "VFS: Unable to mount root fs", one that kills it with its own panic
# (panic=-1 and -no-reboot end QEMU). verdict.py judges each log by the
# texts workbench/crash.tsv lists for its type, and as selftests/lkdtm/run.sh
# would judge it by its tests.txt line, when the VMs are done.
#   crash.sh [BUILD_DIR [ARCH]]   default: the x86_64 KUnit build
# Results go to $CRASH_OUT (default $OUT/crash for x86_64, $OUT/crash-i386
# for i386), one <TYPE>.log each.
. "$(dirname "$0")/lib.sh"

arch=${2:-x86_64}
stage_begin crash "$arch"
bdir=${1:-$WORK/build/$arch}
kernel=$bdir/arch/x86/boot/bzImage
case $arch in
x86_64)
	qemu=(qemu-system-x86_64 -nodefaults -bios qboot.rom -smp 2)
	default_out=$OUT/crash
	;;
# With qboot the i386 kernel's clock stands still and its boot hangs after
# SRCU set-up; with QEMU's default machine and firmware, as kunit.py boots
# it, it runs.
i386)
	qemu=(qemu-system-i386 -monitor none)
	default_out=$OUT/crash-i386
	;;
*) die "crash.sh: no crash VMs for $arch (x86_64 or i386)" ;;
esac
[ -f "$kernel" ] || die "no $arch kernel in $bdir: run 'make kunit' first"
grep -q '^CONFIG_LKDTM=y' "$bdir/.config" ||
	die "the $arch kernel in $bdir has no built-in LKDTM: run 'make kunit' again"
out=${CRASH_OUT:-$default_out}
rm -rf "$out"
mkdir -p "$out"

while IFS=$'\t' read -r type _; do
	case $type in '' | '#'*) continue ;; esac
	rc=0
	timed "crash: $type ($arch)" timeout --foreground -k 5 60 \
		"${qemu[@]}" -nographic -no-reboot -m 1024 -serial stdio -kernel "$kernel" \
		-append "console=ttyS0 kunit.enable=0 panic=-1 lkdtm.cpoint_name=DIRECT lkdtm.cpoint_type=$type" \
		</dev/null >"$out/$type.log" 2>&1 || rc=$?
	case $rc in
	0) ;;
	124 | 137) log "crash: $type ($arch): the VM did not end within 60 s and was killed" ;;
	*) log "crash: $type ($arch): QEMU exited $rc" ;;
	esac
done <"$WB/crash.tsv"
log "crash: $arch done, results in $out"
# Each log judged by crash.tsv's texts and by run.sh's tests.txt line.
"$WB/verdict.py" --json "$(stage_json crash "$arch")" --stage crash --arch "$arch" crash "$out"
