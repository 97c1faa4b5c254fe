#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The LAVA jobs of workbench/lava.py, checked (make check):
#  - the jobs and device dictionaries for the example parameters, generated
#    from $TREE, are the ones committed in ci/lava/ (a change shows in
#    review);
#  - every job passes LAVA's own validator, lava-schema.py job --strict,
#    and every device dictionary renders with LAVA's device-type templates
#    and passes lava-schema.py device;
#  - broken copies (no actions, a monitor without a pattern, a test
#    timeout longer than the job's, a misspelt key, a device type that does
#    not exist) are rejected;
#  - where this run left the logs, the jobs that make lava would write for
#    its kernels (their .config) replay them as LAVA's monitor reads a
#    console: arm64's and x86_64's KUnit logs and x86_64's crash logs.
# The validator comes from Debian unstable's lava-common (>= 2026.01: the
# first to know a monitor's expected:, which without --strict any version
# lets through as an unknown key), the device-type templates from its
# lava-server; both are unpacked once into $WORK/lava, not installed
# (bookworm's lava-dispatcher, which lava-run needs, requires bookworm's
# lava-common 2023.01). They run on Debian's python3 with its voluptuous,
# jinja2 and yaml.
. "$(dirname "$0")/lib.sh"
need_applied
"$WB/deps.sh" python3-voluptuous:/usr/lib/python3/dist-packages/voluptuous/__init__.py \
	python3-jinja2:/usr/lib/python3/dist-packages/jinja2/__init__.py \
	python3-yaml:/usr/lib/python3/dist-packages/yaml/__init__.py \
	python3-pexpect:/usr/lib/python3/dist-packages/pexpect/__init__.py
py=/usr/bin/python3

lava=$WORK/lava
if [ ! -f "$lava/version" ]; then
	log "lava: unpacking lava-schema.py and the device types of Debian unstable's lava-common and lava-server"
	rm -rf "$lava" "$lava.tmp"
	DEBIAN_RELEASE=unstable "$WB/debian-apt.sh" download "$lava.tmp" lava-common lava-server \
		2>"$lava.log" ||
		die "cannot download LAVA's schema validator (lava-common and lava-server from Debian unstable; see $lava.log): the LAVA jobs are not checked without it"
	v=$(dpkg-deb -f "$lava.tmp"/lava-common_*.deb Version)
	dpkg --compare-versions "$v" ge 2026.01 ||
		die "Debian unstable's lava-common is $v: its lava-schema.py does not know the monitors' expected: (2026.01 does)"
	dpkg-deb -x "$lava.tmp"/lava-common_*.deb "$lava.tmp/root"
	dpkg-deb --fsys-tarfile "$lava.tmp"/lava-server_*.deb |
		tar -x -C "$lava.tmp/root" --wildcards './usr/share/lava-server/device-types/*'
	mv "$lava.tmp/root" "$lava"
	rm -rf "$lava.tmp" "$lava.log"
	echo "$v" >"$lava/version"
fi
schema() {
	PYTHONPATH=$lava/usr/lib/python3/dist-packages "$py" \
		"$lava/usr/share/lava-common/lava-schema.py" "$@"
}
templates=$lava/usr/share/lava-server/device-types

out=$OUT/lava-check
rm -rf "$out"
mkdir -p "$out"
rc=0
"$py" "$WB/lava.py" --tree "$TREE" --golden "$out/golden" || die "lava.py failed (above)"
if diff -ru -x README.md "$TOP/ci/lava" "$out/golden" >"$out/golden.diff"; then
	log "lava: the generated jobs are the ones in ci/lava/"
else
	cat "$out/golden.diff"
	log "lava: the jobs that lava.py generates differ from ci/lava/ (above): if the change is meant, copy them with: workbench/lava.py --tree $TREE --golden ci/lava"
	rc=1
fi

# validate WHAT FILE...: lava-schema.py's verdict; its output in $out.
validate() {
	local what=$1
	shift
	if [ "$what" = job ]; then
		schema job --strict "$@"
	else
		schema device --path "$templates" "$@"
	fi >"$out/schema.out" 2>&1
}
jobs=("$out"/golden/*.yaml) devices=("$out"/golden/devices/*.jinja2)
if validate job "${jobs[@]}" && validate device "${devices[@]}"; then
	log "lava: ${#jobs[@]} jobs and ${#devices[@]} device dictionaries pass lava-schema.py $(cat "$lava/version")"
else
	cat "$out/schema.out"
	log "lava: lava-schema.py $(cat "$lava/version") rejects a generated file (above)"
	rc=1
fi

# broken DESCRIPTION FILE SED MESSAGE: the file changed by SED must be
# rejected, with MESSAGE.
n=0 accepted=0
broken() {
	local bad
	bad=$out/broken/$(basename "$2")
	n=$((n + 1))
	mkdir -p "$out/broken"
	sed "$3" "$2" >"$bad"
	if cmp -s "$2" "$bad"; then
		log "lava: broken input '$1': the change left $(basename "$2") as it was"
		accepted=$((accepted + 1))
	elif validate "$([ "${2##*.}" = yaml ] && echo job || echo device)" "$bad" ||
		! grep -qF -- "$4" "$out/schema.out"; then
		cat "$out/schema.out"
		log "lava: lava-schema.py did not reject $1 with '$4' (above)"
		accepted=$((accepted + 1))
	fi
}
g=$out/golden
broken "a job without actions" "$g/kunit-qemu-x86_64.yaml" '/^actions:/,$d' \
	"key: ['actions']"
broken "a monitor without a pattern" "$g/kunit-qemu-arm64.yaml" '/^      pattern: /d' \
	"key: ['actions[2]', 'test', 'monitor', 'monitors', 0, 'pattern']"
broken "a test timeout longer than the job's" "$g/lkdtm-ZONE_MASK_BAD-qemu-x86_64.yaml" \
	'/^- test:/,/minutes:/s/minutes: 2$/minutes: 20/' "Action timeout is larger than job timeout"
broken "a misspelt key" "$g/lkdtm-WRITE_RO_VMAP-qemu-arm64.yaml" 's/^      fixupdict:/      fixup:/' \
	"extra keys not allowed"
broken "a device type that LAVA does not have" "$g/devices/qemu-x86_64.jinja2" \
	"s/'qemu.jinja2'/'qemu-x86.jinja2'/" "missing template: qemu-x86.jinja2"
if [ "$accepted" -eq 0 ]; then
	log "lava: lava-schema.py rejects all $n broken inputs"
else
	rc=1
fi

# The run's own logs through the jobs that make lava writes for its
# kernels (their .config: x86_64's builds four suites as modules).
devs=()
for a in x86_64 arm64; do
	if [ -f "$WORK/build/$a/.config" ]; then
		devs+=(--device "qemu-$a")
	else
		log "lava: no $a kernel in $WORK/build, its jobs are not replayed"
	fi
done
[ ${#devs[@]} -gt 0 ] || exit "$rc"
"$py" "$WB/lava.py" --tree "$TREE" --out "$out/run" --config "$WORK/build/{arch}/.config" \
	--kernel-url "file://$WORK/build/{arch}/{image}" --rootfs-url file:///rootfs.cpio.gz \
	--kselftest-url file:///kselftest.tar.gz --dtb-url file:///board.dtb "${devs[@]}" ||
	die "lava.py cannot write the jobs for this run's kernels (above)"
if ! validate job "$out"/run/*.yaml; then
	cat "$out/schema.out"
	log "lava: lava-schema.py rejects a job for this run's kernels (above)"
	rc=1
fi
replay() { # JOB LOG
	local name
	name=$(basename "$1" .yaml)
	if [ ! -f "$1" ]; then
		return 0
	elif [ ! -f "$2" ]; then
		log "lava: $name: no $2 in this run, not replayed"
	elif "$py" "$WB/lava.py" --tree "$TREE" --replay "$1" "$2" >"$out/$name.replay" 2>&1; then
		log "lava: $name on $2: $(tail -n 1 "$out/$name.replay" | sed 's/^# [^:]*: //')"
	else
		cat "$out/$name.replay"
		log "lava: $name does not find every expected result in $2 as pass or skip, as kunit.py reads it (above)"
		rc=1
	fi
}
for a in x86_64 arm64; do
	replay "$out/run/kunit-qemu-$a.yaml" "$OUT/kunit/$a.raw.log"
done
[ -d "$OUT/crash" ] || log "lava: no crash logs in $OUT/crash, the LKDTM jobs are not replayed"
for f in "$out"/run/lkdtm-*-qemu-x86_64.yaml; do
	t=${f##*/lkdtm-}
	[ ! -d "$OUT/crash" ] || replay "$f" "$OUT/crash/${t%-qemu-x86_64.yaml}.log"
done
exit "$rc"
