#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The checks the kernel test robot runs on a posted series, on the C files
# the series adds or changes in the kernel (not the userspace selftests):
#   - W=1: each changed object rebuilt with W=1 in a copy of the x86_64
#     KUnit build; no warning may name a changed file;
#   - scripts/kernel-doc -none -Wall: no warning;
#   - sparse (C=2): with a sparse that scripts/checker-valid.sh accepts
#     (7.3 refuses bookworm's 0.6.4: sparse_bin below builds unstable's);
#     if there is none it says so rather than report a clean run it did
#     not do;
#   - coccicheck (MODE=report, every semantic patch of scripts/coccinelle,
#     one file at a time as Documentation/dev-tools/coccinelle.rst shows):
#     no report on a line the series adds or changes, unless a commit of
#     the series that changes the file quotes the report's message (its
#     justification). Reports on the lines the file had before are the
#     tree's, as the robot, which compares before and after, sees them
#     (LKDTM's use-after-free types are use-after-free on purpose). About 20-40 s per
#     file here, so the reports are kept per file content, semantic
#     patches and spatch version in $WORK/cocci: make check reruns
#     coccicheck only on the files that changed since.
# The copy keeps the W=1 objects out of the KUnit build directory, which
# would otherwise rebuild them on the next run.
. "$(dirname "$0")/lib.sh"
need_applied
arch=x86_64
kunit_bdir=$WORK/build/$arch
[ -f "$kunit_bdir/.config" ] || die "no $arch KUnit build: run 'make kunit' first"
bdir=$WORK/build/robot-$arch
log=$OUT/robot
mkdir -p "$OUT"

files=$(git -C "$TREE" diff --name-only --diff-filter=AM "$BASE_REF" "$APPLIED_REF" -- '*.c' |
	grep -v '^tools/' | grep -v '^mm/tests/fixmap_bounds/' || true)
[ -n "$files" ] || { log "robot: no kernel C files changed"; exit 0; }
objs=$(for f in $files; do echo "${f%.c}.o"; done)
rc=0
# Nothing to do when the tree, the x86_64 configuration and the tools are
# as at the last run, and it was clean.
stamp=$WORK/build/robot-$arch.clean
key=$(tree_key "$(md5sum <"$kunit_bdir/.config")" "$(spatch --version 2>/dev/null | head -n 1)" \
	"$("$WORK/sparse/sparse" --version 2>/dev/null)")
if [ "$(cat "$stamp" 2>/dev/null)" = "$key" ]; then
	log "robot: W=1, kernel-doc, coccicheck, sparse: clean at the last run, and nothing they read has changed since"
	exit 0
fi
rm -f "$stamp"

# judge WHAT FINDINGS: one line for the check, the findings above it.
judge() {
	if [ -n "$2" ]; then
		printf '%s\n' "$2" >&2
		log "robot: $1: warnings in the series' files (above)"
		rc=1
	else
		log "robot: $1: clean"
	fi
}
# The line numbers of FILE that the series adds or changes.
added_lines() { # FILE
	git -C "$TREE" diff -U0 "$BASE_REF" "$APPLIED_REF" -- "$1" |
		sed -n 's/^@@ -[0-9,]* +\([0-9]*\)\(,\([0-9]*\)\)\{0,1\} @@.*/\1 \3/p' |
		while read -r start n; do seq "$start" $((start + ${n:-1} - 1)); done
}
# The same as one string, " 12 13 40 ", to look a line up in.
added_set() { # FILE
	echo " $(added_lines "$1" | paste -sd' ') "
}
# The compiler's warnings and errors in LOG on a line that the series adds
# or changes: a file the series extends (lib/tests/overflow_kunit.c) has
# upstream lines that sparse already warns about.
findings() { # LOG
	local f lines r
	for f in $files; do
		lines=$(added_set "$f")
		grep -E '^[^ ]+:[0-9]+(:[0-9]+)?: (warning|error):' "$1" | grep -F -- "$f:" |
			while IFS= read -r r; do
				r=${r#*"$f:"}
				[[ $lines != *" ${r%%:*} "* ]] || printf '%s:%s\n' "$f" "$r"
			done || true
	done
}

rsync -a --delete "$kunit_bdir/" "$bdir/"
log "robot: W=1 on $(echo "$objs" | wc -w) objects (log: $log.w1)"
make -C "$TREE" O="$bdir" ARCH="$arch" CC="ccache gcc" HOSTCC="ccache gcc" \
	-j"$JOBS" W=1 $objs >"$log.w1" 2>&1 ||
	{ tail -n 20 "$log.w1" >&2; die "the W=1 build failed, see $log.w1"; }
judge "W=1 ($(echo "$files" | wc -w) files)" "$(findings "$log.w1")"

judge "kernel-doc -none -Wall" "$(cd "$TREE" && scripts/kernel-doc -none -Wall $files 2>&1)"

# coccicheck on FILE, from the cache when FILE, the semantic patches and
# spatch are unchanged: its report lines (file:line:col-col: message).
cocci_reports() { # FILE
	local key=$1 f=$1 out
	key=$({ git -C "$TREE" hash-object "$f" &&
		git -C "$TREE" ls-files -s scripts/coccinelle scripts/coccicheck | git hash-object --stdin &&
		spatch --version | head -n 1; } | sha256sum | cut -c1-20)
	out=$WORK/cocci/$key
	if [ ! -f "$out" ]; then
		mkdir -p "$WORK/cocci"
		rm -f "$bdir/${f%.c}.o"
		make -C "$TREE" O="$bdir" ARCH="$arch" CC="ccache gcc" HOSTCC="ccache gcc" C=1 \
			CHECK="$TREE/scripts/coccicheck" MODE=report "${f%.c}.o" >"$log.cocci.$(basename "$f")" 2>&1 ||
			{ tail -n 20 "$log.cocci.$(basename "$f")" >&2; die "coccicheck failed on $f, see $log.cocci.$(basename "$f")"; }
		grep -F "$f:" "$log.cocci.$(basename "$f")" | grep -E ':[0-9]+:[0-9]+-[0-9]+: ' |
			sed "s|^$TREE/||" >"$out.tmp" || true
		mv "$out.tmp" "$out"
	fi
	cat "$out"
}
"$WB/deps.sh" coccinelle:spatch ocaml-nox:ocamlopt
cocci=
for f in $files; do
	lines=$(added_set "$f")
	while IFS= read -r r; do
		line=$(cut -d: -f2 <<<"$r")
		[[ $lines == *" $line "* ]] || continue
		msg=${r#*: }
		git -C "$TREE" log --format=%B "$BASE_REF..$APPLIED_REF" -- "$f" | grep -qF -- "$msg" ||
			cocci+="$r"$'\n'
	done < <(cocci_reports "$f")
done
judge "coccicheck ($(echo "$files" | wc -w) files)" "${cocci%$'\n'}"

# A sparse that 7.3 accepts (scripts/checker-valid.sh): the one installed
# here, or else one built from the source package of Debian unstable
# (bookworm's 0.6.4 fails the check; unstable's binary needs a newer
# glibc), kept in $WORK/sparse. Nothing when neither works.
sparse_bin() {
	local src=$WORK/sparse bin
	for bin in "$(command -v sparse || true)" "$src/sparse"; do
		[ -n "$bin" ] && [ -x "$bin" ] &&
			[ "$("$TREE/scripts/checker-valid.sh" "$bin" 2>/dev/null)" = 1 ] &&
			{ echo "$bin"; return 0; }
	done
	log "robot: building sparse from Debian unstable's source package (log: $log.sparse-build)"
	{
		rm -rf "$src.tmp" && mkdir -p "$src.tmp" &&
			DEBIAN_RELEASE=unstable "$WB/debian-apt.sh" source "$src.tmp" sparse &&
			tar -xzf "$src.tmp"/sparse_*.orig.tar.gz -C "$src.tmp" --strip-components=1 &&
			make -C "$src.tmp" -j"$JOBS" sparse && rm -rf "$src" && mv "$src.tmp" "$src"
	} >"$log.sparse-build" 2>&1 || return 0
	[ "$("$TREE/scripts/checker-valid.sh" "$src/sparse" 2>/dev/null)" = 1 ] && echo "$src/sparse"
}
sparse=$(sparse_bin)
if [ -n "$sparse" ]; then
	make -C "$TREE" O="$bdir" ARCH="$arch" CC="ccache gcc" C=2 CHECK="$sparse" $objs >"$log.sparse" 2>&1 || rc=1
	judge "sparse (C=2, $sparse)" "$(findings "$log.sparse")"
else
	log "robot: sparse: not run: no sparse that 7.3 accepts (scripts/checker-valid.sh), and building one failed (see $log.sparse-build)"
fi
[ "$rc" -ne 0 ] || echo "$key" >"$stamp"
exit "$rc"
