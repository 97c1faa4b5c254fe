#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# test_fixmap_bounds.sh SOURCE LOG AUTOCONF CC [CFLAGS...]
#
# Compile SOURCE with the kernel's own flags and compare the result with
# what SOURCE expects:
#   " * expect: <condition>"   the compile must fail with the kernel's own
#                              "BUILD_BUG_ON failed: <condition>"
#   " * expect: success"       the compile must succeed (positive control)
#   " * requires: CONFIG_FOO"  the case skips unless CONFIG_FOO=y
# LOG gets one line, "PASS <case>", "FAIL <case>: <why>" followed by the
# compiler output, or "SKIP <case>: <why>". A FAIL also prints a warning,
# like lib/test_fortify/, and does not stop the build.

src=$1 log=$2 autoconf=$3
shift 3
case=${src##*/}
case=${case%.c}
export LANG=C

expect=$(sed -n 's/^ \* expect: //p' "$src")
requires=$(sed -n 's/^ \* requires: //p' "$src")

for sym in $requires; do
	if ! grep -q "^$sym=y" "$autoconf"; then
		echo "SKIP $case: requires $sym" >"$log"
		# if_changed_dep reads the dependency file the compiler would
		# have written.
		for arg; do
			case $arg in
			-Wp,-MMD,*) echo "$log: $src" >"${arg#-Wp,-MMD,}" ;;
			esac
		done
		exit 0
	fi
done

out=$("$@" -c -o /dev/null "$src" 2>&1)
rc=$?

if [ "$expect" = success ]; then
	if [ $rc -eq 0 ]; then
		result="PASS $case"
	else
		result="FAIL $case: the positive control does not compile"
	fi
elif [ -z "$expect" ]; then
	result="FAIL $case: no ' * expect:' line in the source"
elif [ $rc -eq 0 ]; then
	result="FAIL $case: compiled, but must fail with \"BUILD_BUG_ON failed: $expect\""
elif printf '%s\n' "$out" | grep -qF -- "BUILD_BUG_ON failed: $expect"; then
	result="PASS $case"
else
	result="FAIL $case: failed, but not with \"BUILD_BUG_ON failed: $expect\""
fi

echo "$result" >"$log"
case $result in
FAIL*)
	printf '%s\n' "$out" | sed 's/^/    /' >>"$log"
	echo "warning: fixmap bounds test: $result" >&2
	;;
esac
exit 0
