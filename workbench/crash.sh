#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Deliberate crashes, one throwaway QEMU VM (TCG) each, never on the host:
# boot the x86_64 kernel that kunit.sh built (its configuration has
# workbench/crash.config) with lkdtm.cpoint_name=DIRECT and
# lkdtm.cpoint_type=<TYPE>, so that built-in LKDTM runs the crash type while
# it initialises (drivers/misc/lkdtm/core.c), and keep the console. There is
# no root file system: a type that the kernel survives ends the VM with
# "VFS: Unable to mount root fs", one that kills it with its own panic
# (panic=-1 and -no-reboot end QEMU). verdict.py judges each log by the
# texts workbench/crash.tsv lists for its type.
#   crash.sh [BUILD_DIR]   default: the x86_64 KUnit build
# Results go to $CRASH_OUT (default $OUT/crash), one <TYPE>.log each.
. "$(dirname "$0")/lib.sh"

bdir=${1:-$WORK/build/x86_64}
kernel=$bdir/arch/x86/boot/bzImage
[ -f "$kernel" ] || die "no x86_64 kernel in $bdir: run 'make kunit' first"
grep -q '^CONFIG_LKDTM=y' "$bdir/.config" ||
	die "the x86_64 kernel in $bdir has no built-in LKDTM: run 'make kunit' again"
out=${CRASH_OUT:-$OUT/crash}
rm -rf "$out"
mkdir -p "$out"

while IFS=$'\t' read -r type _; do
	case $type in '' | '#'*) continue ;; esac
	rc=0
	timed "crash: $type" timeout --foreground -k 5 60 \
		qemu-system-x86_64 -nodefaults -nographic -no-reboot -bios qboot.rom \
		-m 1024 -smp 2 -serial stdio -kernel "$kernel" \
		-append "console=ttyS0 kunit.enable=0 panic=-1 lkdtm.cpoint_name=DIRECT lkdtm.cpoint_type=$type" \
		</dev/null >"$out/$type.log" 2>&1 || rc=$?
	case $rc in
	0) ;;
	124 | 137) log "crash: $type: the VM did not end within 60 s and was killed" ;;
	*) log "crash: $type: QEMU exited $rc" ;;
	esac
done <"$WB/crash.tsv"
log "crash: done, results in $out"
