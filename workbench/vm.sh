#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the series' kselftests in a throwaway QEMU VM (TCG), never on the host.
# The VM boots the x86_64 kernel that kunit.sh built (its configuration has
# the selftests' config fragment and workbench/vm.config), with KUnit
# built as modules (lib.sh's module_symbols) and the built-in suites kept
# quiet, from an initramfs with busybox, those modules and the statically
# linked tests installed by kselftest-install. /init (vm-init.sh) loads and
# unloads the modules, runs the tests as root and as nobody and prints the
# KTAP/TAP on the serial console; a hung guest is killed after VM_TIMEOUT
# seconds.
#   vm.sh [SRC BUILD_DIR]   default: the applied tree and its x86_64 build
# Results go to $VM_OUT (default $OUT/vm); VM_PASSES="modules" (say) runs
# only some of vm-init.sh's passes; VM_STRESS=1 runs them under load;
# VM_KERNEL=<image> boots another kernel (kernels.sh: Debian's) with the
# same initramfs; VM_BIN="<file>..." adds static programs to its /bin and
# VM_ARGS more settings for /init (teardown.sh).
. "$(dirname "$0")/lib.sh"
"$WB/deps.sh" busybox-static:/bin/busybox kmod:/usr/sbin/depmod
need_applied

src=${1:-$TREE}
bdir=${2:-$WORK/build/x86_64}
[ -f "$bdir/arch/x86/boot/bzImage" ] || die "no x86_64 kernel in $bdir: run 'make kunit' first"
kernel=${VM_KERNEL:-$bdir/arch/x86/boot/bzImage}
targets=$(series_selftests | paste -sd' ')
[ -n "$targets" ] || { log "vm: the series has no kselftests"; exit 0; }
VM_TIMEOUT=${VM_TIMEOUT:-120}
vm=$bdir/mm-errors-vm
out=${VM_OUT:-$OUT/vm}
rm -rf "$vm/initramfs" "$vm/kselftest" "$out"
mkdir -p "$vm/initramfs" "$out"

# What kselftest-install does, with LDFLAGS=-static reaching the selftests
# (the top-level Makefile does not pass LDFLAGS on).
log "vm: installing the kselftests TARGETS=\"$targets\" (log: $out/install.log)"
install_tests() {
	make -C "$src" O="$bdir" ARCH=x86_64 headers &&
		make -C "$src/tools/testing/selftests" O="$bdir" ARCH=x86_64 TARGETS="$targets" clean &&
		make -C "$src/tools/testing/selftests" O="$bdir" ARCH=x86_64 TARGETS="$targets" \
			LDFLAGS=-static KSFT_INSTALL_PATH="$vm/kselftest" install
}
timed "vm: install kselftests" install_tests >"$out/install.log" 2>&1 ||
	{ tail -n 30 "$out/install.log" >&2; die "installing the kselftests failed, see $out/install.log"; }

cp "$vm/kselftest/kselftest-list.txt" "$out/"
root=$vm/initramfs
mkdir -p "$root"/{bin,dev,proc,sys,tmp,etc}
cp /bin/busybox ${VM_BIN:-} "$root/bin/"
cp "$WB/vm-init.sh" "$root/init"
cp -a "$vm/kselftest" "$root/kselftest"
chmod -R a+rX "$root/kselftest"
if grep -q '^CONFIG_MODULES=y' "$bdir/.config"; then
	timed "vm: install modules" make -C "$src" O="$bdir" ARCH=x86_64 DEPMOD=/usr/sbin/depmod \
		INSTALL_MOD_PATH="$root" modules_install >>"$out/install.log" 2>&1 ||
		{ tail -n 30 "$out/install.log" >&2; die "installing the modules failed, see $out/install.log"; }
fi
printf 'root:x:0:0::/:/bin/sh\nnobody:x:65534:65534::/:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
(cd "$root" && find . | cpio -o -H newc --quiet) >"$vm/initramfs.cpio"

log "vm: booting $kernel (timeout ${VM_TIMEOUT}s, log: $out/console.log)"
rc=0
timed "vm: qemu (boot, tests, reboot)" timeout --foreground -k 5 "$VM_TIMEOUT" \
	qemu-system-x86_64 -nodefaults -nographic -no-reboot -bios qboot.rom -m 1024 -smp 2 -serial stdio \
	-kernel "$kernel" -initrd "$vm/initramfs.cpio" \
	-append "console=ttyS0 kunit.filter_glob=loaded-modules-only rdinit=/init panic=-1 PASSES=\"${VM_PASSES:-}\" STRESS=${VM_STRESS:-} ${VM_ARGS:-}" \
	</dev/null >"$out/console.log" 2>&1 || rc=$?
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
	die "the VM did not finish within ${VM_TIMEOUT}s and was killed; see $out/console.log"
fi
grep -q '^MM-ERRORS-VM-DONE' "$out/console.log" ||
	die "the VM ended (exit $rc) before the tests finished; see $out/console.log"
# Split the console into the passes' TAP and the kernel log.
tr -d '\r' <"$out/console.log" | awk -v dir="$out" '
	/^MM-ERRORS-VM-BEGIN / { f = dir "/" $2 ".tap"; if ($2 == "dmesg") f = dir "/dmesg.log"; print > f; next }
	/^MM-ERRORS-VM-END / { f = ""; next }
	f { print > f }'
# Guest time: boot up to /init, then each pass (vm-init.sh's uptimes).
tr -d '\r' <"$out/console.log" | awk '
	/Run \/init as init process/ && !boot {
		boot = 1; match($0, /[0-9]+\.[0-9]+/); print "vm: guest boot to /init\t" substr($0, RSTART, RLENGTH)
	}
	/^MM-ERRORS-VM-BEGIN (root|nobody|root-swap) / {
		for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		print "vm: kselftests as " $2 " (guest)\t" v["end"] - v["start"]
	}' | while IFS=$'\t' read -r name secs; do
	record_time "$name" "$secs"
done
log "vm: done, results in $out"
