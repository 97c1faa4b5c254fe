#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the series' kselftests in a throwaway QEMU VM (TCG), never on the host.
# The VM boots a kernel that kunit.sh built (its configuration has the
# selftests' config fragment and workbench/vm.config), on x86_64 with KUnit
# built as modules (lib.sh's module_symbols) and the built-in suites kept
# quiet, from an initramfs with busybox, those modules and the statically
# linked tests installed by kselftest-install. /init (vm-init.sh) loads and
# unloads the modules, runs the tests as root and as nobody and prints the
# KTAP/TAP on the serial console; a hung guest is killed after VM_TIMEOUT
# seconds.
#   vm.sh [SRC BUILD_DIR]   default: the applied tree and its $VM_ARCH build
# VM_ARCH is the guest: x86_64 (default: 64-bit and 32-bit programs),
# i386 (32-bit programs) or arm64 (kernels.sh, with Debian's kernel); the
# busybox of i386 and arm64 is Debian's busybox-static for that arch.
# Results go to $VM_OUT (default $OUT/vm, $OUT/vm-<arch> for the others);
# VM_PASSES="modules" (say) runs only some of vm-init.sh's passes;
# VM_STRESS=1 runs them under load; VM_KERNEL=<image> boots another kernel
# (kernels.sh: Debian's) with the same initramfs; VM_BIN="<file>..." adds
# static programs to its /bin and VM_ARGS more settings for /init
# (teardown.sh).
. "$(dirname "$0")/lib.sh"
VM_ARCH=${VM_ARCH:-x86_64}
stage_begin vm "$VM_ARCH"
# Per guest: QEMU and its options, the kernel image in a build directory,
# the console, and the programs: "64" and "32" (i686) builds of the tests.
case $VM_ARCH in
x86_64 | i386)
	qemu=(qemu-system-x86_64 -nodefaults -bios qboot.rom -smp 2) progs="64 32"
	# The i386 kernel boots as crash.sh's does: it hangs at SMP bring-up
	# with -nodefaults -smp 2.
	[ "$VM_ARCH" = x86_64 ] || qemu=(qemu-system-i386 -monitor none) progs=32
	image=arch/x86/boot/bzImage console=ttyS0
	;;
arm64)
	# TCG emulates -cpu max's architected pointer authentication (QARMA5)
	# slowly: with QEMU's own algorithm Debian's 7.3 kernel reached /init
	# in 3.8 s instead of 21 s and the root pass took 5.1 s instead of 40 s.
	qemu=(qemu-system-aarch64 -nodefaults -M virt -cpu max,pauth-impdef=on -smp 2)
	image=arch/arm64/boot/Image console=ttyAMA0 progs=64
	;;
*) die "VM_ARCH=$VM_ARCH: the VM runs x86_64, i386 or arm64" ;;
esac
# The static programs need the C library of their arch: the cross
# compilers only recommend it, and deps.sh installs no recommends.
case $VM_ARCH in
arm64) libc=(libc6-dev-arm64-cross:/usr/aarch64-linux-gnu/include/stdio.h) ;;
*) libc=(gcc-i686-linux-gnu:i686-linux-gnu-gcc libc6-dev-i386-cross:/usr/i686-linux-gnu/include/stdio.h) ;;
esac
"$WB/deps.sh" busybox-static:/bin/busybox kmod:/usr/sbin/depmod \
	$(arch_packages "$VM_ARCH") "${libc[@]}"
need_applied

src=${1:-$TREE}
bdir=${2:-$WORK/build/$VM_ARCH}
[ -f "$bdir/$image" ] || [ -n "${VM_KERNEL:-}" ] ||
	die "no $VM_ARCH kernel in $bdir: run 'make kunit' first"
[ -f "$bdir/.config" ] || die "no $VM_ARCH build in $bdir (its headers build the tests): run 'make kunit' first"
kernel=${VM_KERNEL:-$bdir/$image}
targets=$(series_selftests | paste -sd' ')
if [ -z "$targets" ]; then
	log "vm: the series has no kselftests"
	exec "$WB/verdict.py" --json "$(stage_json vm "$VM_ARCH")" --stage vm --arch "$VM_ARCH" stage 0
fi
VM_TIMEOUT=${VM_TIMEOUT:-120}
vm=$bdir/mm-errors-vm
out=${VM_OUT:-$OUT/vm}
[ -n "${VM_OUT:-}" ] || [ "$VM_ARCH" = x86_64 ] || out=$OUT/vm-$VM_ARCH
rm -rf "$vm/initramfs" "$vm"/kselftest* "$out"
mkdir -p "$vm/initramfs" "$out"
# vm-init.sh's passes: the 64-bit and the 32-bit ones where there are
# such programs; verdict.py judges the ones in $out/passes.
if [ -z "${VM_PASSES:-}" ]; then
	case $progs in
	"64 32") VM_PASSES="modules root nobody root32 nobody32 root-mode2 root-swap" ;;
	32) VM_PASSES="root32 nobody32 root-mode2 root-swap" ;;
	*) VM_PASSES="root nobody root-mode2 root-swap" ;;
	esac
fi
echo "$VM_PASSES" >"$out/passes"

# The busybox for the guest: the host's on x86_64, else Debian's static
# one for that arch, downloaded once.
busybox=/bin/busybox
if [ "$VM_ARCH" != x86_64 ]; then
	debarch=$VM_ARCH
	busybox=$WORK/busybox/$debarch/busybox
	if [ ! -x "$busybox" ]; then
		rm -rf "$WORK/busybox/$debarch"
		DEBIAN_ARCH=$debarch "$WB/debian-apt.sh" download "$WORK/busybox/$debarch.tmp" busybox-static
		# ./bin/busybox in bookworm's package, ./usr/bin/busybox in unstable's.
		dpkg-deb --fsys-tarfile "$WORK/busybox/$debarch.tmp"/busybox-static_*.deb |
			tar -x -O --wildcards '*bin/busybox' >"$WORK/busybox/$debarch.bin" ||
			die "no bin/busybox in Debian's busybox-static for $debarch"
		mkdir -p "$WORK/busybox/$debarch"
		chmod +x "$WORK/busybox/$debarch.bin"
		mv "$WORK/busybox/$debarch.bin" "$busybox"
		rm -rf "$WORK/busybox/$debarch.tmp"
	fi
fi

# What kselftest-install does, with LDFLAGS=-static reaching the selftests
# (the top-level Makefile does not pass LDFLAGS on); on x86 also as 32-bit
# programs (i686, as 32-bit boards and distributions run them; on x86_64
# through CONFIG_IA32_EMULATION in vm.config), each in its own O= with the
# headers of the kernel's build.
log "vm: installing the kselftests TARGETS=\"$targets\" (log: $out/install.log)"
install_tests() {
	local ksft=$src/tools/testing/selftests karch=${VM_ARCH/i386/x86} p cross
	make -C "$src" O="$bdir" ARCH="$karch" headers || return
	for p in $progs; do
		cross=$(cross_compile "$VM_ARCH")
		[ "$p" = 64 ] || cross=i686-linux-gnu-
		make -C "$ksft" O="$vm/build$p" ARCH="$karch" TARGETS="$targets" clean &&
			make -C "$ksft" O="$vm/build$p" ARCH="$karch" CROSS_COMPILE="$cross" \
				KHDR_INCLUDES="-isystem $bdir/usr/include" TARGETS="$targets" \
				LDFLAGS=-static KSFT_INSTALL_PATH="$vm/kselftest${p/64/}" install ||
			return
	done
}
timed "vm: install kselftests" install_tests >"$out/install.log" 2>&1 ||
	{ tail -n 30 "$out/install.log" >&2; die "installing the kselftests failed, see $out/install.log"; }

cp "$(ls "$vm"/kselftest*/kselftest-list.txt | head -n 1)" "$out/"
root=$vm/initramfs
mkdir -p "$root"/{bin,dev,proc,sys,tmp,etc}
cp "$busybox" ${VM_BIN:-} "$root/bin/"
cp "$WB/vm-init.sh" "$root/init"
cp -a "$vm"/kselftest* "$root/"
chmod -R a+rX "$root"/kselftest*
if [ -z "${VM_KERNEL:-}" ] && grep -q '^CONFIG_MODULES=y' "$bdir/.config"; then
	timed "vm: install modules" make -C "$src" O="$bdir" ARCH="${VM_ARCH/i386/x86}" DEPMOD=/usr/sbin/depmod \
		INSTALL_MOD_PATH="$root" modules_install >>"$out/install.log" 2>&1 ||
		{ tail -n 30 "$out/install.log" >&2; die "installing the modules failed, see $out/install.log"; }
fi
printf 'root:x:0:0::/:/bin/sh\nnobody:x:65534:65534::/:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
(cd "$root" && find . | cpio -o -H newc --quiet) >"$vm/initramfs.cpio"

log "vm: booting $kernel (timeout ${VM_TIMEOUT}s, log: $out/console.log)"
rc=0
timed "vm: qemu (boot, tests, reboot)" timeout --foreground -k 5 "$VM_TIMEOUT" \
	"${qemu[@]}" -nographic -no-reboot -m 1024 -serial stdio \
	-kernel "$kernel" -initrd "$vm/initramfs.cpio" \
	-append "console=$console kunit.filter_glob=loaded-modules-only rdinit=/init panic=-1 PASSES=\"$VM_PASSES\" STRESS=${VM_STRESS:-} ${VM_ARGS:-}" \
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
	/^MM-ERRORS-VM-BEGIN (root|nobody)[-a-z0-9]* / {
		for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		print "vm: kselftests as " $2 " (guest)\t" v["end"] - v["start"]
	}' | while IFS=$'\t' read -r name secs; do
	record_time "$name" "$secs"
done
log "vm: done, results in $out"
# The verdict on every pass this VM ran, the modules' too (verdict.py).
"$WB/verdict.py" --json "$(stage_json vm "$VM_ARCH")" --stage vm --arch "$VM_ARCH" \
	vm "$VM_ARCH" "$out" --build-dir "$bdir" --build-log "$OUT/kunit/$VM_ARCH.build.log"
