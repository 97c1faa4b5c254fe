#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The LAVA jobs of lava.py run on this machine by LAVA's own dispatcher:
# lava-run (Debian's lava-dispatcher; no server, no docker) against a qemu
# device: lava.py's device dictionary (LAVA's qemu device type with
# no_kvm, so that QEMU runs TCG) rendered with lava-server's templates
# (unpacked, not installed), as a LAVA server renders it for a job. The
# kernels are the workbench's KUnit builds, copied and deployed from
# file:// URLs: nothing is downloaded but Debian packages.
#
# Runs the KUnit job of each arch of $LAVA_ARCHES (default x86_64 arm64;
# x86_64's kernel has some suites as modules, which a boot does not run)
# and the LKDTM jobs of $LAVA_CRASH on x86_64 (its kernel has LKDTM and
# crash.config built in), each judged from LAVA's results (the "results"
# lines of lava-run's log) and compared with the workbench's own verdict
# on the same kernel: its KUnit run ($OUT/kunit/<arch>.raw.log) case by
# case, its crash VM logs ($OUT/crash/<TYPE>.log) by run.sh's check. Then
# one broken job, the first LKDTM job expecting a text its log lacks,
# which LAVA must fail. Exits 1 when LAVA and the workbench disagree.
#   lava-run.sh    results in $OUT/lava-run, wall times in $OUT/timings.tsv
. "$(dirname "$0")/lib.sh"

arches=${LAVA_ARCHES:-x86_64 arm64}
crashes=${LAVA_CRASH-SLAB_POISON_OVERWRITE ZONE_MASK_BAD}
out=$OUT/lava-run

# The kernel image that lava.py's qemu-ARCH jobs boot.
image() { # ARCH
	case $1 in
	x86_64) echo arch/x86/boot/bzImage ;;
	*) echo arch/arm64/boot/Image ;;
	esac
}

[ "$(id -u)" -eq 0 ] || die "lava-run must run as root (it checks): run 'make lava-run' as root"
need_applied
for a in $arches; do
	case $a in x86_64 | arm64) ;; *) die "lava-run: no qemu job for $a (LAVA_ARCHES: x86_64, arm64)" ;; esac
	[ -f "$WORK/build/$a/$(image "$a")" ] ||
		die "no $a KUnit kernel in $WORK/build/$a: run 'make kunit' first (or LAVA_ARCHES=x86_64)"
	[ -f "$OUT/kunit/$a.raw.log" ] ||
		die "no workbench KUnit log $OUT/kunit/$a.raw.log to compare with: run 'make kunit' first"
done
[ -z "$crashes" ] || grep -q '^CONFIG_LKDTM=y' "$WORK/build/x86_64/.config" 2>/dev/null ||
	die "no x86_64 KUnit kernel with built-in LKDTM in $WORK/build/x86_64: run 'make kunit' first"
for t in $crashes; do
	[ -f "$OUT/crash/$t.log" ] ||
		die "no crash VM log $OUT/crash/$t.log to compare with: run 'make crash' first"
done

# Bookworm's lava-dispatcher (2023.01) brings python3-jinja2 and -yaml.
timed "lava-run: install lava-dispatcher" "$WB/deps.sh" lava-dispatcher:lava-run
ver=$(dpkg-query -W -f='${Version}' lava-dispatcher)
templates=$WORK/lava-server-$ver/usr/share/lava-server/device-types
if [ ! -f "$templates/qemu.jinja2" ]; then
	log "lava-run: LAVA's device types from lava-server $ver (unpacked, not installed)"
	rm -rf "$WORK/lava-server-$ver"
	mkdir -p "$WORK/lava-server-$ver/deb"
	(cd "$WORK/lava-server-$ver/deb" && apt-get download -q "lava-server=$ver") >/dev/null 2>&1 ||
		die "apt-get download lava-server=$ver failed: check the Debian mirror (apt-get update)"
	dpkg-deb -x "$WORK/lava-server-$ver"/deb/lava-server_*.deb "$WORK/lava-server-$ver"
	[ -f "$templates/qemu.jinja2" ] || die "lava-server $ver has no $templates/qemu.jinja2"
fi

rm -rf "$out"
devices=()
for a in $(printf '%s\n' $arches ${crashes:+x86_64} | sort -u); do
	mkdir -p "$out/artefacts/$a"
	cp "$WORK/build/$a/$(image "$a")" "$WORK/build/$a/.config" "$out/artefacts/$a/"
	devices+=(--device "qemu-$a")
done
# Only qemu KUnit and LKDTM jobs run here: the kselftest jobs get URLs
# that name nothing.
python3 "$WB/lava.py" --tree "$TREE" --out "$out/jobs" --config "$out/artefacts/{arch}/.config" \
	"${devices[@]}" \
	--kernel-url "file://$out/artefacts/{arch}/{image}" \
	--rootfs-url "file://$out/not-run/{arch}/rootfs.cpio.gz" \
	--kselftest-url "file://$out/not-run/{arch}/kselftest.tar.gz" \
	--dtb-url "file://$out/not-run/board.dtb"

# run_job NAME JOB ARCH: lava-run on lava.py's qemu-ARCH device, its log in
# $out/NAME/lava.log.
id=0
run_job() {
	local d=$out/$1 rc=0
	id=$((id + 1))
	mkdir -p "$d"
	cp "$2" "$d/job.yaml"
	python3 "$WB/lava-results.py" --tree "$TREE" device "$d/job.yaml" "$templates" \
		"$out/jobs/devices/qemu-$3.jinja2" >"$d/device.yaml"
	log "lava-run: $1 (log: $d/lava.log)"
	timed "lava-run: $1" lava-run --job-id "$id" --output-dir "$d/out" \
		--device "$d/device.yaml" "$d/job.yaml" >"$d/lava.log" 2>&1 || rc=$?
	log "lava-run: $1: lava-run exited $rc, job $(sed -n 's/^result: //p' "$d/out/result.yaml" 2>/dev/null)"
}

rc=0
for a in $arches; do
	run_job "kunit-$a" "$out/jobs/kunit-qemu-$a.yaml" "$a"
	python3 "$WB/lava-results.py" --tree "$TREE" kunit "$out/kunit-$a/job.yaml" \
		"$out/kunit-$a/lava.log" "$OUT/kunit/$a.raw.log" | tee "$out/kunit-$a/compare.txt" || rc=1
done
for t in $crashes; do
	run_job "lkdtm-$t" "$out/jobs/lkdtm-$t-qemu-x86_64.yaml" x86_64
	python3 "$WB/lava-results.py" --tree "$TREE" lkdtm "$out/lkdtm-$t/job.yaml" \
		"$out/lkdtm-$t/lava.log" "$OUT/crash/$t.log" | tee "$out/lkdtm-$t/compare.txt" || rc=1
done

# The broken job: the first crash type expecting a text that is in no log.
if [ -n "$crashes" ]; then
	t=${crashes%% *}
	absent='mm-errors: a text no kernel prints'
	python3 - "$out/jobs/lkdtm-$t-qemu-x86_64.yaml" "$absent" >"$out/broken.yaml" <<-'PY'
	import re, sys, yaml
	job = yaml.safe_load(open(sys.argv[1]))
	mon = job['actions'][-1]['test']['monitors'][0]
	mon['start'], n = re.subn(r'^\(\?i-s:.*\)$', '(?i-s:%s)' % sys.argv[2], mon['start'])
	assert n == 1, 'no (?i-s:...) expectation as the monitor\'s start'
	yaml.safe_dump(job, sys.stdout, sort_keys=False, width=4096)
	PY
	run_job "broken-$t" "$out/broken.yaml" x86_64
	if python3 "$WB/lava-results.py" --tree "$TREE" lkdtm "$out/broken-$t/job.yaml" \
		"$out/broken-$t/lava.log" "$OUT/crash/$t.log" >"$out/broken-$t/compare.txt"; then
		log "lava-run: LAVA passed the broken job of $t, whose expectation is in no log"
		rc=1
	else
		log "lava-run: LAVA failed the broken job of $t, as it should: $(grep '^LAVA:' "$out/broken-$t/compare.txt")"
	fi
fi
[ "$rc" -eq 0 ] && log "lava-run: LAVA agrees with the workbench, results in $out" ||
	log "lava-run: LAVA and the workbench disagree, see $out/*/compare.txt"
exit "$rc"
