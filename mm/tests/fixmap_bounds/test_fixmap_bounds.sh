#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# test_fixmap_bounds.sh SOURCE LOG CC [CFLAGS...]
#
# Compile SOURCE with the kernel's own flags and compare the result with
# what SOURCE expects:
#   " * expect: <condition>"   the compile must fail with the kernel's own
#                              "BUILD_BUG_ON failed: <condition>"
#   " * expect: success"       the compile must succeed (positive control)
# LOG gets one line, "PASS <case>", or "FAIL <case>: <why>" followed by the
# compiler output. A FAIL also prints a warning, like lib/test_fortify/,
# and does not stop the build.

src=$1 log=$2
shift 2
case=${src##*/}
case=${case%.c}
export LANG=C

expect=$(sed -n 's/^ \* expect: //p' "$src")

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
