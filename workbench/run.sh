#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The main job: get the kernel, apply the series, build and run every suite
# on every arch, print the table.
#
# With --check (make check, which .ci/run calls) it also runs the
# workbench's own bad-input checks first and, before the table, the series
# checks: the LAVA jobs (LAVA's schema, ci/lava/, the run's logs through
# their monitors), checkpatch, the git am round trip, get_maintainer.pl,
# the docs build, a build after each patch, W=1, kernel-doc and sparse on
# the changed C files, and the new symbols in allyesconfig and
# allmodconfig.
. "$(dirname "$0")/lib.sh"
check=
[ "${1:-}" = --check ] && check=1

# A check that decides by its exit code, with its verdict:
# check_stage ID NAME CMD...
check_stage() {
	local id=$1 name=$2 src=0
	shift 2
	stage_begin "$id"
	timed "$name" "$@" || src=$?
	"$WB/verdict.py" --json "$(stage_json "$id")" --stage "$id" stage "$src" >/dev/null
	return "$src"
}

mkdir -p "$OUT"
: >"$OUT/timings.tsv"
rm -rf "$VERDICTS"
[ -z "$check" ] || check_stage workbench "workbench checks" "$WB/check-workbench.sh" ||
	die "the workbench's own checks failed (above)"
timed "get kernel" "$WB/get-kernel.sh"
timed "apply" "$WB/apply.sh"
# The verdict's own tests, with the kunit_parser.py of the tree under test,
# and the mutant generator's.
[ -z "$check" ] || check_stage verdict "verdict unit tests" \
	bash -c 'python3 "$1/verdict_test.py" "$2" && python3 "$1/mutate_test.py"' - "$WB" "$TREE" ||
	die "verdict.py's or mutate.py's own tests failed (above): no run can be judged"
rc=0
"$WB/kunit.sh" || rc=1
case " $ARCHES " in
*" x86_64 "*)
	timed "vm: all" "$WB/vm.sh" || rc=1
	timed "crash: all (x86_64)" "$WB/crash.sh" || rc=1
	;;
esac
case " $ARCHES " in
*" i386 "*)
	timed "vm: all (i386)" env VM_ARCH=i386 "$WB/vm.sh" || rc=1
	timed "crash: all (i386)" "$WB/crash.sh" "$WORK/build/i386" i386 || rc=1
	;;
esac
if [ -n "$check" ]; then
	check_stage lava "lava: schema + golden" "$WB/lava-check.sh" || rc=1
	check_stage series "series + checkpatch + git am" "$WB/mkseries.sh" || rc=1
	check_stage maintainers "get_maintainer" "$WB/maintainers.sh" || rc=1
	check_stage docs "docs" "$WB/docs.sh" || rc=1
	case " $ARCHES " in
	*" x86_64 "*)
		check_stage each-patch "build each patch x86_64" "$WB/build-each-patch.sh" || rc=1
		check_stage robot "robot: W=1, kernel-doc, sparse" "$WB/robot.sh" || rc=1
		check_stage kconfig "robot: Kconfig sanity" "$WB/kconfig-sanity.sh" || rc=1
		;;
	*) log "build each patch and robot checks: skipped, they build with the x86_64 configuration (ARCHES=\"$ARCHES\")" ;;
	esac
fi
"$WB/report.py" "$VERDICTS" "$OUT" || rc=1
[ "$rc" -eq 0 ] || die "$([ -n "$check" ] && echo 'make check' || echo 'make run') failed (see above)"
