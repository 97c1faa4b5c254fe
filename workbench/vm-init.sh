#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of the throwaway test VM (see vm.sh): mount the usual filesystems,
# run the installed kselftests as root and as nobody without swap, then as
# root again with swap on zram, print their TAP and the kernel log between
# markers on the console, and end QEMU.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t cgroup2 cgroup2 /sys/fs/cgroup
# The kselftest runner writes to /dev/stdout; devtmpfs has no such links.
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
# Kernel messages stay in the log (the tests read /dev/kmsg), off the console.
dmesg -n 1

run() { # NAME USER: the TAP of one pass as USER, with its guest time
	name=$1
	read -r t0 _ </proc/uptime
	# Append, and owned by USER: the runner also opens /dev/stdout.
	: >/tmp/$name.tap
	chown "$2" /tmp/$name.tap
	su -s /bin/sh "$2" -c 'cd /kselftest && ./run_kselftest.sh' >>/tmp/$name.tap 2>&1
	rc=$?
	read -r t1 _ </proc/uptime
	echo "MM-ERRORS-VM-BEGIN $name rc=$rc start=$t0 end=$t1"
	cat /tmp/$name.tap
	echo "MM-ERRORS-VM-END $name"
}

# Swap that the kernel really uses: a zram device (compressed RAM), so
# that every "+ swap" term of the formulas the tests check is non-zero in
# the last pass. Without it that pass is missing from the results.
swap_on() {
	[ -e /sys/block/zram0/disksize ] || return 1
	echo "$SWAP_MB"M >/sys/block/zram0/disksize &&
		mkswap /dev/zram0 >/dev/null && swapon /dev/zram0
}
SWAP_MB=256

run root root
run nobody nobody
if swap_on; then
	run root-swap root
else
	echo "MM-ERRORS-VM-NOTE no zram0: the swap pass did not run"
fi
echo "MM-ERRORS-VM-BEGIN dmesg"
dmesg
echo "MM-ERRORS-VM-END dmesg"
echo "MM-ERRORS-VM-DONE"
# poweroff -f halts without ending QEMU; reboot -f with -no-reboot does.
reboot -f
