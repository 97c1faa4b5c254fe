#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The workbench's own checks on bad input: each must end with one clear
# "mm-errors: error:" message, a non-zero exit, and nothing half-done.
# Uses a scratch WORK and a tiny fake kernel tree; never touches $WORK.
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 fail=0

# expect_fail DESCRIPTION PATTERN CMD...: CMD must fail and print PATTERN.
expect_fail() {
	local desc=$1 pattern=$2 out rc=0
	shift 2
	n=$((n + 1))
	out=$("$@" 2>&1) || rc=$?
	if [ "$rc" -ne 0 ] && grep -q -- "$pattern" <<<"$out" &&
		[ "$(grep -c '^mm-errors: error:' <<<"$out")" -eq 1 ]; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc (exit $rc)"
		sed 's/^/#   /' <<<"$out"
		fail=1
	fi
}

ok() {
	n=$((n + 1))
	if "$@"; then echo "ok $n - $desc"; else echo "not ok $n - $desc"; fail=1; fi
}

real_work=$WORK
export WORK=$tmp/work OUT=$tmp/out

# The LAVA jobs: without a kernel tree, and without the artefacts' URLs.
expect_fail "the LAVA check without a kernel tree" "no kernel tree in" "$WB/lava-check.sh"
expect_fail "make lava without the artefacts' URLs" "KERNEL_URL=" "$WB/lava.py"

expect_fail "KDIR that does not exist" "does not exist" \
	env KDIR="$tmp/nonexistent" "$WB/get-kernel.sh"
mkdir -p "$tmp/notakernel"
expect_fail "KDIR that is not a kernel tree" "is not a kernel source tree" \
	env KDIR="$tmp/notakernel" "$WB/get-kernel.sh"

# The default kernel comes from Debian's archive: a package that is not
# there, and an archive that cannot be reached (a suite it does not have
# stands in for no network), each end with one message that names KDIR=.
mkdir -p "$WORK"
[ ! -d "$real_work/apt/lists" ] || ln -s "$real_work/apt" "$WORK/apt"
expect_fail "a kernel source package that is not in the archive" "KDIR=" \
	env DEBIAN_SOURCE_PKG=linux-source-0.0 "$WB/get-kernel.sh"
[ ! -L "$WORK/apt" ] || rm -f "$WORK/apt"
expect_fail "a Debian archive that cannot be reached" "could not fetch the package lists" \
	env DEBIAN_SUITES=mm-errors-no-such-suite "$WB/debian-apt.sh" version linux-source-7.3
desc="no kernel tree was left behind"
ok test ! -e "$WORK/linux"

# A kernel tree the series does not apply to.
fake=$tmp/fake
mkdir -p "$fake/lib" "$fake/mm" "$fake/tools/testing/kunit"
printf 'VERSION = 6\nkernelversion:\n\t@echo 6.0-fake\nmrproper:\n' >"$fake/Makefile"
: >"$fake/tools/testing/kunit/kunit.py"
for f in MAINTAINERS mm/Makefile mm/Kconfig; do
	echo "not the file the series expects" >"$fake/$f"
done
(cd "$fake" && find . -type f | sort | xargs md5sum) >"$tmp/fake.before"
expect_fail "a tree the series does not apply to" "does not apply" \
	bash -c "KDIR='$fake' '$WB/get-kernel.sh' && '$WB/apply.sh'"
desc="the failed apply left the copy at its baseline"
ok test "$(git -C "$WORK/linux" rev-parse HEAD)" = "$(git -C "$WORK/linux" rev-parse "$BASE_REF")"
desc="the failed apply created no branch and no commit"
ok test -z "$(git -C "$WORK/linux" for-each-ref "refs/heads/$BRANCH" "$APPLIED_REF")"
desc="KDIR itself was not modified"
ok cmp -s "$tmp/fake.before" <(cd "$fake" && find . -type f | sort | xargs md5sum)

expect_fail "no git identity for the Signed-off-by" "no git identity" \
	env -u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL -u GIT_COMMITTER_NAME -u GIT_COMMITTER_EMAIL \
	HOME="$tmp" XDG_CONFIG_HOME="$tmp" GIT_CONFIG_NOSYSTEM=1 "$WB/apply.sh"

# A missing host tool, as a user who cannot install it. As root, the check
# runs as nobody from a copy of the scripts that nobody can read.
if [ "$(id -u)" -eq 0 ]; then
	mkdir "$tmp/wb"
	cp "$WB/deps.sh" "$WB/lib.sh" "$tmp/wb/"
	chmod 755 "$tmp" "$tmp/wb"
	as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups env -C "$tmp")
	deps=$tmp/wb/deps.sh
else
	as_user=()
	deps=$WB/deps.sh
fi
expect_fail "a missing tool, not root" "sudo apt-get install mm-errors-no-such-pkg" \
	"${as_user[@]}" "$deps" mm-errors-no-such-pkg:mm-errors-no-such-tool

# make help is read from the Makefile's "##" comments: every .PHONY target
# has its line, and nothing else is listed as a target.
help_lists_phony() {
	diff <(sed -n 's/^\.PHONY://p' "$TOP/Makefile" | tr -s ' ' '\n' | sed '/^$/d' | sort) \
		<(make -s --no-print-directory -C "$TOP" help | awk '$1 ~ /^[a-z][a-z-]*$/ { print $1 }' | sort) |
		sed 's/^/#   /'
	return "${PIPESTATUS[0]}"
}
desc="make help lists every .PHONY target of the Makefile, and no other"
ok help_lists_phony

# make mutate: a mode it has not, and a tree whose code mutate.tsv does not
# name; make report before any stage wrote its verdict.
expect_fail "make mutate with a mode it does not have" "no mode sparc" \
	env MUTATE_MODES=sparc "$WB/mutate.sh"
expect_fail "make mutate on a tree without the functions it mutates" "does not fit this tree" \
	"$WB/mutate.py" gen "$fake" "$tmp/mutants"
expect_fail "make mutate MUTATE_AGAIN=1 without an earlier run" "no earlier run" \
	env OUT="$tmp/out-again" MUTATE_AGAIN=1 "$WB/mutate.sh"
expect_fail "make report before any run" "no verdicts in" "$WB/report.py"
mkdir -p "$WORK"
expect_fail "a second mutant run while one runs" "another mutant run" \
	flock "$WORK/scratch.lock" "$WB/mutant.sh" --baseline

# A verdict with nothing to judge is "cannot judge" (2), not green.
expect_fail "a teardown result directory without runs" "no teardown runs" \
	"$WB/verdict.py" teardown "$tmp"

echo "1..$n"
[ "$fail" -eq 0 ] || die "the workbench checks failed"
log "workbench checks: $n passed"
