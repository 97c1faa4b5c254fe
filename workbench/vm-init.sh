#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of the throwaway test VM (see vm.sh): mount the usual filesystems,
# run the installed kselftests as root and as nobody, print their TAP and
# the kernel log between markers on the console, and end QEMU.
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

run root root
run nobody nobody
echo "MM-ERRORS-VM-BEGIN dmesg"
dmesg
echo "MM-ERRORS-VM-END dmesg"
echo "MM-ERRORS-VM-DONE"
# poweroff -f halts without ending QEMU; reboot -f with -no-reboot does.
reboot -f
