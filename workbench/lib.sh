# SPDX-License-Identifier: GPL-2.0
# Shared settings and helpers for the mm-errors workbench scripts.
# Sourced, never run: every script in this directory starts with
#   . "$(dirname "$0")/lib.sh"

set -euo pipefail
# Run from make (make run M=... and the like), the command-line variables
# would reach every kernel make through MAKEFLAGS; M= would even turn the
# kernel build into an external module build. The scripts pass what they
# need explicitly.
unset MAKEFLAGS MFLAGS MAKEOVERRIDES MAKELEVEL

WB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$WB/.." && pwd)
# Everything generated lives in two git-ignored directories: WORK holds the
# kernel copy and the build directories (kept between runs so that rebuilds
# are incremental), OUT holds results, reports and the generated series.
WORK=${WORK:-$TOP/work}
OUT=${OUT:-$TOP/out}
TREE=$WORK/linux
ARCHES=${ARCHES:-um x86_64 i386 arm64 arm riscv powerpc s390}
JOBS=${JOBS:-$(nproc)}
BRANCH=mm-errors
BASE_REF=refs/mm-errors/base
APPLIED_REF=refs/mm-errors/applied
# The default kernel: mainline as Debian packages it (7.3~rc7 in
# experimental, 7.3 final in unstable later); its .deb holds this tarball.
DEBIAN_SOURCE_PKG=${DEBIAN_SOURCE_PKG:-linux-source-7.3}
DEBIAN_TARBALL=/usr/src/$DEBIAN_SOURCE_PKG.tar.xz
# Out-of-tree kernel builds use absolute paths; relative to WORK they are
# the same in every clone, so ccache hits across clones (CI included).
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$WORK}
# Not ccache's depend mode: it made a cold um build 162 s instead of 227 s,
# but mutant kernels built with it got stale objects from the cache
# (x86-page-kernel-ro-writable survived; rebuilt with CCACHE_RECACHE=1 it
# was killed).

die() {
	printf 'mm-errors: error: %s\n' "$*" >&2
	exit 1
}

log() {
	printf '==> %s\n' "$*" >&2
}

# Wall time of a phase, for the report: timed NAME CMD...
timed() {
	local name=$1 start end rc=0
	shift
	start=$(date +%s.%N)
	"$@" || rc=$?
	end=$(date +%s.%N)
	record_time "$name" "$(echo "$end - $start" | bc)" "$rc"
	return "$rc"
}

# One line of $OUT/timings.tsv: record_time NAME SECONDS [EXIT_CODE]
record_time() {
	mkdir -p "$OUT"
	printf '%s\t%.1f\t%s\n' "$1" "$2" "${3:-0}" >>"$OUT/timings.tsv"
}

# Each stage judges itself (verdict.py) and writes its verdict to
# $VERDICTS/<stage>[.<arch>].json; report.py only lays them out, in the
# order the stages began ($VERDICTS/order). stage_begin writes a red one,
# which stays if the stage dies before it writes its own.
VERDICTS=${VERDICTS:-$OUT/verdicts}
stage_json() { # STAGE [ARCH]
	echo "$VERDICTS/$1${2:+.$2}.json"
}
stage_begin() { # STAGE [ARCH]
	local f
	f=$(stage_json "$@")
	mkdir -p "$VERDICTS"
	grep -qxF "${f##*/}" "$VERDICTS/order" 2>/dev/null || echo "${f##*/}" >>"$VERDICTS/order"
	"$WB/verdict.py" --json "$f" --stage "$1" --arch "${2:-}" begin
}

need_tree() {
	git -C "$TREE" rev-parse -q --verify "$BASE_REF" >/dev/null 2>&1 ||
		die "no kernel tree in $TREE yet: run 'make kernel' (or 'make run') first"
	walk_recover
}

# build-each-patch.sh checks the patches out in $TREE one by one. While it
# walks, WALK_STATE lists the mtimes of the files it touches (and .branch the
# branch to return to); this puts the tree back, also after a killed walk.
WALK_STATE=$WORK/each-patch-walk
walk_recover() {
	local t f
	[ -f "$WALK_STATE" ] || return 0
	log "each patch: $TREE back on branch $(cat "$WALK_STATE.branch"), old mtimes restored"
	git -C "$TREE" checkout -q "$(cat "$WALK_STATE.branch")" ||
		die "could not put $TREE back on branch $(cat "$WALK_STATE.branch") after the build of each patch: check it out by hand"
	while IFS=$'\t' read -r t f; do
		if [ -e "$TREE/$f" ]; then
			touch -m -d "@$t" "$TREE/$f"
		fi
	done <"$WALK_STATE"
	rm -f "$WALK_STATE" "$WALK_STATE.branch"
}

# A key of what a check's result depends on: the kernel tree (committed
# and uncommitted), the script that runs the check ($0), lib.sh, the host
# compiler and EXTRA. A check whose key is the one of its last clean run
# need not run again (robot.sh, kconfig-sanity.sh).
tree_key() { # EXTRA...
	{ git -C "$TREE" rev-parse HEAD^{tree} && git -C "$TREE" diff HEAD &&
		cat "$0" "$WB/lib.sh" && printf '%s\n' "$@" && gcc --version | head -n 1; } |
		sha256sum | cut -c1-20
}

# Mutant runs share $WORK/scratch and its build directories: one at a
# time. The lock is held until this script and its children end; a
# mutant.sh run by mutate.sh or bench-mutants.sh inherits it. EXIT is the
# status of a refusal (mutant.sh: 4, "could not be judged").
scratch_lock() { # [EXIT]
	[ -z "${MM_ERRORS_SCRATCH_LOCK:-}" ] || return 0
	mkdir -p "$WORK"
	exec 9>"$WORK/scratch.lock"
	if flock -n 9; then
		export MM_ERRORS_SCRATCH_LOCK=$$
		return 0
	fi
	(die "another mutant run uses $WORK/scratch; wait for it to end") || exit "${1:-1}"
}

need_applied() {
	need_tree
	git -C "$TREE" rev-parse -q --verify "$APPLIED_REF" >/dev/null ||
		die "the series is not applied in $TREE yet: run 'make apply' first"
}

# The kselftest targets (directories) that the series adds.
series_selftests() {
	git -C "$TREE" diff --name-only --diff-filter=A "$BASE_REF" "$APPLIED_REF" -- \
		tools/testing/selftests |
		sed -n 's|^tools/testing/selftests/\([^/]*\)/Makefile$|\1|p' | sort -u
}

# The series' kunitconfigs for ARCH, one per line (kunit.py --kunitconfig):
# the mm suites everywhere, the fixmap tests on x86 only (their Kconfig
# symbols depend on X86, so a UML kunit.py run would refuse them).
kunitconfigs() { # ARCH
	echo mm/tests
	case $1 in
	x86_64* | i386) echo mm/tests/fixmap_bounds ;;
	esac
}

# The tristate test symbols of ARCH's kunitconfigs that its kernel builds
# as modules (=m), in the kernel tree SRC: on x86_64 (and x86_64-debug),
# whose kernel boots the VM, where vm.sh loads and unloads them. The other
# arches build them in, so each suite runs both ways without an extra
# kernel build.
module_symbols() { # SRC ARCH
	local kc f sym
	case $2 in x86_64 | x86_64-debug) ;; *) return 0 ;; esac
	for kc in $(kunitconfigs "$2"); do
		f=$1/$kc
		[ -f "$f" ] || f=$f/.kunitconfig
		for sym in $(sed -n 's/^CONFIG_\([A-Z0-9_]*_TEST\)=y$/\1/p' "$f"); do
			git -C "$1" grep -h -A1 -e "^config $sym$" -- '*Kconfig*' |
				grep -q '^[[:space:]]*tristate' && echo "CONFIG_$sym"
		done
	done
}

# kunit.py always offers QEMU "-accel kvm -accel hvf -accel tcg"
# (tools/testing/kunit/kunit_kernel.py). Where /dev/kvm exists but nested
# KVM does not work, QEMU then spins and never boots: kunit.py finds these
# wrappers first on its PATH, and they drop every accelerator but TCG.
tcg_path() {
	local dir=$WORK/tcg-bin q
	mkdir -p "$dir"
	for q in qemu-system-x86_64 qemu-system-i386 qemu-system-aarch64 qemu-system-arm \
		qemu-system-riscv64 qemu-system-ppc64 qemu-system-s390x; do
		ln -sfn "$WB/qemu-tcg" "$dir/$q"
	done
	echo "$dir"
}

# What the VMs need from an arch's KUnit kernel, one fragment after the
# other: x86_64 and i386 boot the kselftest VM (vm.config and the series'
# selftest config fragments; on x86_64 also 32-bit programs) and the crash
# VMs (crash.config). x86_64-debug is x86_64 with the debug options of
# debug.config (debug.sh).
config_fragments() { # ARCH
	case $1 in
	x86_64 | x86_64-debug | i386)
		[ "$1" != x86_64-debug ] || cat "$WB/debug.config"
		[ "$1" = i386 ] || echo CONFIG_IA32_EMULATION=y
		cat "$WB/vm.config" "$WB/crash.config"
		for t in $(series_selftests); do
			cat "$TREE/tools/testing/selftests/$t/config"
		done
		;;
	esac
}

# The prefix of Debian's cross compiler for ARCH ("" for the host's gcc).
cross_compile() { # ARCH
	case $1 in
	arm64) echo aarch64-linux-gnu- ;;
	arm) echo arm-linux-gnueabihf- ;;
	riscv) echo riscv64-linux-gnu- ;;
	powerpc) echo powerpc64-linux-gnu- ;;
	s390) echo s390x-linux-gnu- ;;
	esac
}

# The Debian packages that build and boot ARCH's KUnit kernel, as deps.sh
# PACKAGE:PROBE words: the cross compiler and the QEMU that kunit.py's
# qemu_configs/<arch>.py starts (riscv's OpenSBI is in qemu-system-data).
arch_packages() { # ARCH
	local cross=$(cross_compile "$1")
	[ -z "$cross" ] || echo "gcc-${cross%-}:${cross}gcc"
	case $1 in
	x86_64 | i386) echo qemu-system-x86:qemu-system-$1 ;;
	arm64) echo qemu-system-arm:qemu-system-aarch64 ;;
	arm) echo qemu-system-arm:qemu-system-arm ;;
	riscv) echo qemu-system-misc:qemu-system-riscv64 ;;
	powerpc) echo qemu-system-ppc:qemu-system-ppc64 ;;
	s390) echo qemu-system-misc:qemu-system-s390x ;;
	esac
}

# kunit.py with the workbench's options, run in the kernel tree SRC:
#   kunit_py SRC build|exec ARCH BUILD_DIR [more kunit.py options]
# The x86_64 and i386 kernels also boot the VMs (config_fragments): one
# build serves KUnit, the kselftest VM and the crash VMs.
kunit_py() {
	local src=$1 cmd=$2 arch=$3 bdir=$4 opt kc
	shift 4
	# ARCH-VARIANT (arm64-64k, x86_64-debug, ...) is a variant of ARCH.
	local args=(--build_dir="$bdir" --kconfig_add CONFIG_PRINTK_TIME=y)
	case $arch in
	# kunit.py has no nommu machine: riscv's M-mode virt kernel is one.
	riscv-nommu) args+=(--qemu_config="$WB/qemu_configs/riscv_nommu.py") ;;
	*) args+=(--arch="${arch%-*}") ;;
	esac
	# nommu takes what KUNIT_ALL_TESTS selects: the kunitconfigs name
	# CONFIG_VMALLOC_KUNIT_TEST, which depends on MMU.
	[ "$arch" = riscv-nommu ] || for kc in $(kunitconfigs "$arch"); do
		args+=(--kunitconfig="$kc")
	done
	case $arch in
	# 7.3 has no HIGHMEM default on i386 any more (arch/x86/Kconfig): the
	# HIGHMEM cases of gfp_zone need it.
	i386) args+=(--kconfig_add CONFIG_HIGHMEM4G=y) ;;
	# arm64 with 16K and 64K pages (make variants): a page-size assumption
	# fails here.
	arm64-16k) args+=(--kconfig_add CONFIG_ARM64_16K_PAGES=y) ;;
	arm64-64k) args+=(--kconfig_add CONFIG_ARM64_64K_PAGES=y) ;;
	# 32-bit arm with HIGHMEM: of kunit.py's 1 GiB, what lies above the
	# 3G/1G split's lowmem (about 760 MiB) is ZONE_HIGHMEM.
	arm-highmem) args+=(--kconfig_add CONFIG_HIGHMEM=y) ;;
	# nommu builds every KUnit test it can select, the series' among them.
	# kunit_fault's deliberate NULL dereference is not caught in M-mode:
	# the boot stops there (as kunit.py's sparc config, it is left out).
	riscv-nommu) args+=(--kconfig_add CONFIG_KUNIT=y --kconfig_add CONFIG_KUNIT_ALL_TESTS=y
			    --kconfig_add CONFIG_KUNIT_FAULT_TEST=n) ;;
	esac
	for opt in $(config_fragments "$arch" | grep '^CONFIG_' | sort -u); do
		args+=(--kconfig_add "$opt")
	done
	for opt in $(module_symbols "$src" "$arch"); do
		args+=(--kconfig_add "$opt=m")
	done
	local cross
	cross=$(cross_compile "${arch%-*}")
	if [ "$cmd" = build ]; then
		[ -z "$cross" ] || args+=(--cross_compile="$cross")
		args+=(--jobs="$JOBS" --make_options "CC=ccache ${cross}gcc"
		       --make_options "HOSTCC=ccache gcc")
	else
		args+=(--timeout="${KUNIT_TIMEOUT:-300}")
		# kunit.py's 1 GiB leaves ZONE_NORMAL empty on x86_64 (all of it
		# is DMA32) and on arm64's virt machine (all of it is DMA): with
		# 4 GiB, RAM above 4 GiB is ZONE_NORMAL and gfp_zone's allocations
		# there are really served from it.
		case $arch in x86_64* | arm64*) args+=(--qemu_args="-m 4096") ;; esac
	fi
	# Without --kunitconfig (nommu) kunit.py writes its default one into
	# the build directory, which must exist.
	mkdir -p "$bdir"
	(cd "$src" && PATH="$(tcg_path):$PATH" python3 tools/testing/kunit/kunit.py "$cmd" "${args[@]}" "$@")
}
