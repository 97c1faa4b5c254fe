#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make mutate: the mutation score of the series' tests. mutate.py writes
# the operator mutants of every function and macro of mutate.tsv in the
# tree under test; each runs with mutant.sh in its mode (um, x86_64, vm, crash),
# one kernel build at a time, grouped by mode so that each scratch build
# only recompiles what the mutant touched. Per mode a baseline run without
# a mutant comes first and must be green.
#   MUTATE_ONLY=<regex>   only the functions and macros it matches
#   MUTATE_MODES="um vm"  only these modes (default: um x86_64 vm crash)
#   MUTATE_SAMPLE=<n>     a random sample of n (MUTATE_SEED, default 1)
# A mutant of a .c file whose object comes out identical to the baseline's
# is equivalent on that build (the compiler folded the change away); the
# equivalents argued by hand are in mutate-equivalent.tsv. mutate.py report
# writes $OUT/mutate/report.md: per function killed by an assertion, killed
# otherwise (a crash, a hang, only the kernel's own WARNING), survived,
# equivalent, does not compile, and the score.
. "$(dirname "$0")/lib.sh"
modes=${MUTATE_MODES:-um x86_64 vm crash}
for m in $modes; do
	case $m in um | x86_64 | vm | crash) ;; *) die "MUTATE_MODES: no mode $m (say um, x86_64, vm or crash)" ;; esac
done
need_applied
out=$OUT/mutate
rm -rf "$out"
mkdir -p "$out"
"$WB/mutate.py" gen "$TREE" "$out/patches" ${MUTATE_ONLY:+--only "$MUTATE_ONLY"}
awk -F'\t' -v modes=" $modes " 'index(modes, " " $2 " ")' "$out/patches/index.tsv" >"$out/selected.tsv"
if [ -n "${MUTATE_SAMPLE:-}" ]; then
	shuf -n "$MUTATE_SAMPLE" --random-source=<(yes "${MUTATE_SEED:-1}") "$out/selected.tsv" \
		>"$out/sample.tsv"
	mv "$out/sample.tsv" "$out/selected.tsv"
fi
sort -t $'\t' -k2,2 -k1,1 -s -o "$out/selected.tsv" "$out/selected.tsv"
[ -s "$out/selected.tsv" ] || die "no mutant selected (MUTATE_ONLY=${MUTATE_ONLY:-} MUTATE_MODES=$modes)"
log "mutate: $(wc -l <"$out/selected.tsv") mutants (of $(wc -l <"$out/patches/index.tsv")), results in $out"

# The object a .c file's mutant changes, in the mode's scratch build.
object() { # MODE FILE
	local karch=$1
	[ "$karch" = um ] || karch=x86_64
	case $2 in *.c) echo "$WORK/build/scratch-$karch/${2%.c}.o" ;; esac
}
declare -A base
current=
: >"$out/results.tsv"
while IFS=$'\t' read -r name mode file _; do
	if [ "$mode" != "$current" ]; then
		current=$mode
		log "mutate: the $mode baseline (no mutant)"
		rc=0
		"$WB/mutant.sh" --baseline "$mode" >"$out/baseline.$mode.txt" 2>&1 || rc=$?
		[ "$rc" -eq 1 ] || die "the $mode baseline is not green: $(tail -n 1 "$out/baseline.$mode.txt")"
		# The baseline's objects, as the baseline run left them built.
		base=()
		for f in $(awk -F'\t' -v m="$mode" '$2 == m { print $3 }' "$out/selected.tsv" | sort -u); do
			obj=$(object "$mode" "$f")
			[ -z "$obj" ] || base[$obj]=$(sha256sum <"$obj" 2>/dev/null || echo none)
		done
	fi
	obj=$(object "$mode" "$file")
	start=$(date +%s.%N)
	rc=0
	line=$("$WB/mutant.sh" "$out/patches/$name.patch" "$mode" 2>&1 | tail -n 1) || rc=$?
	secs=$(echo "$(date +%s.%N) - $start" | bc)
	same=-
	if [ -n "$obj" ] && [ -f "$obj" ]; then
		same=no
		[ "$(sha256sum <"$obj")" != "${base[$obj]}" ] || same=yes
	fi
	printf '%s\t%s\t%s\t%.1f\t%s\n' "$name" "$mode" "$rc" "$secs" "$same" >>"$out/results.tsv"
	printf '%s [%.0f s%s]\n' "$line" "$secs" "$([ "$same" = yes ] && echo ', same object')" >&2
done <"$out/selected.tsv"
python3 "$WB/mutate.py" report "$out" "$OUT/mutants"
