#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of the throwaway test VM (see vm.sh): mount the usual filesystems,
# load and unload the KUnit test modules, run the installed kselftests as
# root and as nobody without swap, the same as 32-bit programs, as root on
# a host in overcommit mode 2, then as root again with swap on zram,
# print their KTAP/TAP, what they left changed and the kernel log between
# markers on the console, and end QEMU. PASSES (from the kernel command
# line) may name fewer passes: "modules root nobody root32 nobody32
# root-mode2 root-swap" by default. STRESS=1 runs them
# under load (stress below).
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

# The global state the tests change and must put back: the vm sysctls and
# the cgroups, one "name value" line each.
state() {
	for f in /proc/sys/vm/overcommit_* /proc/sys/vm/*_reserve_kbytes \
		/proc/sys/vm/panic_on_oom /proc/sys/vm/oom_kill_allocating_task; do
		echo "${f#/proc/sys/} $(cat "$f")"
	done
	for d in /sys/fs/cgroup/*/; do
		[ -d "$d" ] && echo "cgroup ${d#/sys/fs/cgroup/}"
	done
}

# The TAP of one pass as USER, run by the kselftest runner in DIR (the
# 64-bit or 32-bit install), with its guest time, and the state before
# and after it.
run() { # NAME USER DIR
	name=$1
	state >/tmp/$name.before
	read -r t0 _ </proc/uptime
	# Append, and owned by USER: the runner also opens /dev/stdout.
	: >/tmp/$name.tap
	chown "$2" /tmp/$name.tap
	su -s /bin/sh "$2" -c "cd $3 && ./run_kselftest.sh" >>/tmp/$name.tap 2>&1
	rc=$?
	read -r t1 _ </proc/uptime
	echo "MM-ERRORS-VM-BEGIN $name rc=$rc start=$t0 end=$t1"
	cat /tmp/$name.tap
	echo "MM-ERRORS-VM-END $name"
	echo "MM-ERRORS-VM-BEGIN state-$name"
	state | diff /tmp/$name.before - | grep '^[-+][^-+]'
	echo "MM-ERRORS-VM-END state-$name"
}

# A host that runs in overcommit mode 2 with a low ratio (a production
# setting): the tests must leave it so, and pass or skip with a reason.
mode2() {
	saved=$(cat /proc/sys/vm/overcommit_memory /proc/sys/vm/overcommit_ratio)
	echo 2 >/proc/sys/vm/overcommit_memory
	echo 10 >/proc/sys/vm/overcommit_ratio
	run root-mode2 root "$(ls -d /kselftest /kselftest32 2>/dev/null | head -n 1)"
	set -- $saved
	echo "$1" >/proc/sys/vm/overcommit_memory
	echo "$2" >/proc/sys/vm/overcommit_ratio
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

# The KUnit test modules that vm.sh installed (<name>_kunit.ko, as
# Documentation/dev-tools/kunit/style.rst names them), each loaded with modprobe
# and unloaded with rmmod. The kernel booted with a KUnit filter that
# matches nothing, so that the built-in suites stay quiet; "*" lets the
# modules' suites run when they load (kunit_module_init() filters them
# too). Each suite's KTAP is read from debugfs before the unload removes
# it. Left behind by an unload: the module in sysfs, a suite in debugfs,
# a slab cache that was not there before the load.
modules() {
	order=$(echo /lib/modules/*/modules.order)
	[ -f "$order" ] || return 0
	mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug
	# No newline: the parameter would keep it, and no suite would match.
	printf '*' >/sys/module/kunit/parameters/filter_glob
	k=/sys/kernel/debug/kunit
	leaks=
	[ "${MODULE_ROUNDS:-1}" -le 1 ] || [ ! -e /sys/kernel/debug/kmemleak ] || leaks=1
	echo "MM-ERRORS-VM-BEGIN modules"
	# MODULE_ROUNDS (debug.sh: 20) loads and unloads each module that many
	# times; the last round's KTAP is kept. With kmemleak, what the rounds
	# of one module leaked is kept apart from the others' (kmemleak_clear
	# before, a report after), with the module's .text address of each
	# load, so that verdict.py can name the function behind a leak.
	for m in $(sed -n 's|.*/\([^/]*_kunit\)\.ko$|\1|p' "$order"); do
		[ -z "$leaks" ] || kmemleak_clear
		i=0
		while [ "$i" -lt "${MODULE_ROUNDS:-1}" ]; do
			module_round "$m"
			i=$((i + 1))
		done
		[ -z "$leaks" ] || kmemleak_report >"/tmp/kmemleak-$m.ktap"
	done
	echo "MM-ERRORS-VM-END modules"
	for f in /tmp/kunit-*.ktap /tmp/kmemleak-*.ktap; do
		[ -f "$f" ] || continue
		s=${f#/tmp/}
		echo "MM-ERRORS-VM-BEGIN ${s%.ktap}"
		cat "$f"
		echo "MM-ERRORS-VM-END ${s%.ktap}"
	done
}

# One load and unload of module M, and what it left behind.
module_round() { # M
	m=$1
	# "/" names no file: busybox grep -f would match every line with an
	# empty pattern file.
	{ echo /; ls $k 2>/dev/null; } >/tmp/suites.before
	{ echo /; ls /sys/kernel/slab; } >/tmp/slab.before
	modprobe "$m"
	echo "load $m rc=$?"
	[ ! -r "/sys/module/$m/sections/.text" ] || echo "text $m $(cat "/sys/module/$m/sections/.text")"
	for s in $(ls $k 2>/dev/null | grep -vxF -f /tmp/suites.before); do
		echo "suite $m $s"
		cp "$k/$s/results" "/tmp/kunit-$s.ktap"
	done
	rmmod "$m"
	echo "unload $m rc=$?"
	[ ! -e "/sys/module/$m" ] || echo "left $m /sys/module/$m"
	for s in $(ls $k 2>/dev/null | grep -vxF -f /tmp/suites.before); do
		echo "left $m debugfs kunit/$s"
	done
	for c in $(ls /sys/kernel/slab | grep -vxF -f /tmp/slab.before); do
		echo "left $m slab cache $c"
	done
}

# Load for the flake runs (flakes.sh): a spinner on every CPU, and an
# allocator that holds 40 % of MemTotal, every page of it written (dd's
# buffer; dd then blocks on the pipe that sleep never reads). It holds
# its memory rather than allocating and freeing in a loop: the overcommit
# tests read the system-wide Committed_AS around their own mappings, and a
# concurrent allocator would move it under them by design.
stress() {
	n=$(grep -c '^processor' /proc/cpuinfo)
	while [ "$n" -gt 0 ]; do
		(while :; do :; done) &
		n=$((n - 1))
	done
	mb=$(awk '$1 == "MemTotal:" { print int($2 * 0.4 / 1024) }' /proc/meminfo)
	dd if=/dev/zero bs="$mb"M count=1 2>/dev/null | sleep 1000000 &
	echo "MM-ERRORS-VM-NOTE stress: $(grep -c '^processor' /proc/cpuinfo) spinners, ${mb} MiB held"
}
[ -z "${STRESS:-}" ] || stress

# kmemleak (debug.sh): "kmemleak-clear" first forgets what the boot left
# (a scan, then clear: Documentation/dev-tools/kmemleak.rst), "kmemleak"
# last prints what the passes between them leaked. A suspect is reported
# once older than 5 s (MSECS_MIN_AGE in mm/kmemleak.c).
kmemleak_clear() {
	mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug
	[ -e /sys/kernel/debug/kmemleak ] || return 0
	sleep 6
	echo scan >/sys/kernel/debug/kmemleak
	echo clear >/sys/kernel/debug/kmemleak
}
kmemleak_report() {
	leakf=/sys/kernel/debug/kmemleak
	if [ -e $leakf ]; then
		sleep 6
		echo scan >$leakf
		echo scan >$leakf
		cat $leakf
	else
		echo "no $leakf"
	fi
}
kmemleak() {
	mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug
	echo "MM-ERRORS-VM-BEGIN kmemleak"
	kmemleak_report
	echo "MM-ERRORS-VM-END kmemleak"
}

# Teardown under fire (teardown.sh): each fixture that changes global
# state, its test process SIGKILLed at a random point TEARDOWN_RUNS times
# by /bin/teardown-sigkill (bench/proofs/teardown-sigkill.c), which checks
# after each run that the state is back.
teardown() {
	echo "MM-ERRORS-VM-BEGIN teardown"
	for t in overcommit_test:overcommit memcg_oom_test:memcg_oom; do
		teardown-sigkill "${TEARDOWN_RUNS:-50}" "/kselftest/mm-errors/${t%%:*}" "${t#*:}"
	done
	echo "MM-ERRORS-VM-END teardown"
}

for pass in ${PASSES:-modules root nobody root32 nobody32 root-mode2 root-swap}; do
	case $pass in
	modules) modules ;;
	teardown) teardown ;;
	kmemleak-clear) kmemleak_clear ;;
	kmemleak) kmemleak ;;
	root | nobody) run "$pass" "$pass" /kselftest ;;
	root32 | nobody32) run "$pass" "${pass%32}" /kselftest32 ;;
	root-mode2) mode2 ;;
	root-swap)
		if swap_on; then
			run root-swap root "$(ls -d /kselftest /kselftest32 2>/dev/null | head -n 1)"
		else
			echo "MM-ERRORS-VM-NOTE no zram0: the swap pass did not run"
		fi
		;;
	esac
done
echo "MM-ERRORS-VM-BEGIN dmesg"
dmesg
echo "MM-ERRORS-VM-END dmesg"
echo "MM-ERRORS-VM-DONE"
# poweroff -f halts without ending QEMU; reboot -f with -no-reboot does.
reboot -f
