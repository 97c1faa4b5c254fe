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
#   MUTATE_AGAIN=1        after the tests changed: only the mutants of the
#                         last run in $OUT/mutate that no assertion killed,
#                         again, with the rest of its results kept
# A function whose mode in mutate.tsv is a list ("um,crash") runs in the
# first; its survivors run again in the next: the text of SLUB's reports,
# which KUnit counts instead of printing, only the crash VMs see.
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
out=$OUT/mutate
if [ -n "${MUTATE_AGAIN:-}" ] && ! { [ -s "$out/results.tsv" ] && [ -s "$out/selected.tsv" ]; }; then
	die "MUTATE_AGAIN: no earlier run in $out (run make mutate first)"
fi
need_applied
scratch_lock
if [ -n "${MUTATE_AGAIN:-}" ]; then
	python3 "$WB/mutate.py" left "$out" "$OUT/mutants" >"$out/again.txt"
	awk -F'\t' 'NR == FNR { a[$1] = 1; next } ($1 in a)' "$out/again.txt" "$out/selected.tsv" \
		>"$out/queue.tsv"
	awk -F'\t' 'NR == FNR { a[$1] = 1; next } !($1 in a)' "$out/again.txt" "$out/results.tsv" \
		>"$out/kept.tsv"
	mv "$out/kept.tsv" "$out/results.tsv"
	log "mutate: again the $(wc -l <"$out/queue.tsv") mutants that no assertion killed, results in $out"
else
	rm -rf "$out"
	mkdir -p "$out"
	"$WB/mutate.py" gen "$TREE" "$out/patches" ${MUTATE_ONLY:+--only "$MUTATE_ONLY"}
	awk -F'\t' -v modes=" $modes " '{ split($2, m, ","); if (index(modes, " " m[1] " ")) print }' \
		"$out/patches/index.tsv" >"$out/selected.tsv"
	if [ -n "${MUTATE_SAMPLE:-}" ]; then
		shuf -n "$MUTATE_SAMPLE" --random-source=<(yes "${MUTATE_SEED:-1}") "$out/selected.tsv" \
			>"$out/sample.tsv"
		mv "$out/sample.tsv" "$out/selected.tsv"
	fi
	sort -t $'\t' -k2,2 -k1,1 -s -o "$out/selected.tsv" "$out/selected.tsv"
	[ -s "$out/selected.tsv" ] || die "no mutant selected (MUTATE_ONLY=${MUTATE_ONLY:-} MUTATE_MODES=$modes)"
	log "mutate: $(wc -l <"$out/selected.tsv") mutants (of $(wc -l <"$out/patches/index.tsv")), results in $out"
	: >"$out/results.tsv"
	cp "$out/selected.tsv" "$out/queue.tsv"
fi

# The object a .c file's mutant changes, in the mode's scratch build.
object() { # MODE FILE
	local karch=$1
	[ "$karch" = um ] || karch=x86_64
	case $2 in *.c) echo "$WORK/build/scratch-$karch/${2%.c}.o" ;; esac
}
declare -A base baselined
# The baseline run of MODE, once, and the objects it built (for the
# "same object" test): it must be green.
baseline() { # MODE
	local f obj rc=0
	[ -z "${baselined[$1]:-}" ] || return 0
	baselined[$1]=1
	log "mutate: the $1 baseline (no mutant)"
	"$WB/mutant.sh" --baseline "$1" >"$out/baseline.$1.txt" 2>&1 || rc=$?
	[ "$rc" -eq 1 ] || die "the $1 baseline is not green: $(tail -n 1 "$out/baseline.$1.txt")"
	for f in $(awk -F'\t' '{ print $3 }' "$out/selected.tsv" | sort -u); do
		obj=$(object "$1" "$f")
		[ -z "$obj" ] || [ -n "${base[$obj]:-}" ] || base[$obj]=$(sha256sum <"$obj" 2>/dev/null || echo none)
	done
}
# One pass: each mutant of $1 (name, modes, file) in the first of its
# modes; a survivor with modes left goes to $2 with the rest.
pass() { # QUEUE NEXT
	local name modes file mode rest obj start rc line secs same
	: >"$2"
	while IFS=$'\t' read -r name modes file _; do
		mode=${modes%%,*} rest=${modes#"$mode"} rest=${rest#,}
		baseline "$mode"
		obj=$(object "$mode" "$file")
		start=$(date +%s.%N)
		rc=0
		line=$("$WB/mutant.sh" "$out/patches/$name.patch" "$mode" </dev/null 2>&1 | tail -n 1) || rc=$?
		secs=$(echo "$(date +%s.%N) - $start" | bc)
		same=-
		if [ -n "$obj" ] && [ -f "$obj" ]; then
			same=no
			[ "$(sha256sum <"$obj")" != "${base[$obj]}" ] || same=yes
		fi
		printf '%s [%.0f s%s]\n' "$line" "$secs" "$([ "$same" = yes ] && echo ', same object')" >&2
		if [ "$rc" -eq 1 ] && [ "$same" != yes ] && [ -n "$rest" ]; then
			printf '%s\t%s\t%s\n' "$name" "$rest" "$file" >>"$2"
			secs_before[$name]=$secs
			continue
		fi
		secs=$(echo "$secs + ${secs_before[$name]:-0}" | bc)
		printf '%s\t%s\t%s\t%.1f\t%s\n' "$name" "$mode" "$rc" "$secs" "$same" >>"$out/results.tsv"
	done <"$1"
}
declare -A secs_before
while [ -s "$out/queue.tsv" ]; do
	pass "$out/queue.tsv" "$out/next.tsv"
	sort -t $'\t' -k2,2 -s "$out/next.tsv" >"$out/queue.tsv"
done
rm -f "$out/queue.tsv" "$out/next.tsv"
python3 "$WB/mutate.py" report "$out" "$OUT/mutants"
