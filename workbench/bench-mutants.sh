#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Detection power: run the controls in bench/controls, which must survive,
# then every mutant in bench/mutants (or those named) with
# mutant.sh on each arch its "# arch:" line names, one kernel build at a time,
# and write out/bench/mutants.md and out/bench/mutants.json. Fails if a
# mutant survives, does not apply or does not build.
. "$(dirname "$0")/lib.sh"
need_applied
scratch_lock
mkdir -p "$OUT/bench"
if [ $# -eq 0 ]; then
	set -- "$TOP"/bench/mutants/*.patch
fi
# One run per arch that a mutant's "# arch:" line names, grouped by arch
# so that each scratch build directory is reused.
list=$(for m; do
	arches=$(sed -n 's/^# arch: //p' "$m" | head -n 1)
	[ -n "$arches" ] || die "$m has no '# arch:' line"
	for a in $arches; do
		printf '%s\t%s\n' "$a" "$m"
	done
done | sort)
results=$OUT/bench/mutants.tsv
: >"$results"

# First the controls (bench/controls/): patches that change no behaviour.
# mutant.sh must report each as survived on every arch its "# arch:" line
# names, or a survivor could go unreported as something else.
controls=$OUT/bench/controls.tsv
: >"$controls"
for c in "$TOP"/bench/controls/*.patch; do
	[ -f "$c" ] || continue
	for arch in $(sed -n 's/^# arch: //p' "$c" | head -n 1); do
		start=$(date +%s)
		rc=0
		out=$("$WB/mutant.sh" "$c" "$arch" 2>&1 | tail -n 1) || rc=$?
		printf '%s\n' "$out" >&2
		verdict=survived
		[ "$rc" -eq 1 ] || verdict="NOT survived: ${out#*: }"
		printf '%s\t%s\t%s\t%s\n' "$(basename "$c" .patch)" "$arch" "$verdict" \
			"$(($(date +%s) - start))" >>"$controls"
	done
done
while IFS=$'\t' read -r arch m; do
	start=$(date +%s)
	# mutant.sh's exit code is the verdict; what was red is in the
	# JSON that verdict.py wrote for the run.
	rc=0
	out=$("$WB/mutant.sh" "$m" "$arch" 2>&1 | tail -n 1) || rc=$?
	secs=$(($(date +%s) - start))
	printf '%s\n' "$out" >&2
	by=
	case $rc in
	0)
		verdict=killed
		by=$(python3 -c 'import json, sys
red = [r.split(": ")[0] if ": did not" not in r else r
       for r in json.load(open(sys.argv[1]))["red"]]
print(", ".join(dict.fromkeys(red))[:300])' \
			"$OUT/mutants/$(basename "$m" .patch).$arch.json")
		;;
	1) verdict=survived ;;
	2) verdict="does not apply" ;;
	3) verdict="does not build" ;;
	*) verdict="not judged (exit $rc)" ;;
	esac
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(basename "$m" .patch)" \
		"$(sed -n '1s/^# //p' "$m")" "$arch" "$verdict" "$by" "$secs" >>"$results"
done <<<"$list"
python3 - "$results" "$OUT/bench" "$controls" <<'PY'
import json, sys
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1]) if l.strip()]
controls = [l.rstrip('\n').split('\t') for l in open(sys.argv[3]) if l.strip()]
keys = ['mutant', 'description', 'arch', 'verdict', 'killed_by', 'seconds']
data = [dict(zip(keys, r)) for r in rows]
for d in data:
    d['seconds'] = int(d['seconds'])
json.dump(data, open(sys.argv[2] + '/mutants.json', 'w'), indent=2)
with open(sys.argv[2] + '/mutants.md', 'w') as f:
    f.write('| mutant | description | arch | verdict | killed by | s |\n|---|---|---|---|---|---|\n')
    for d in data:
        f.write('| %s | %s | %s | %s | %s | %d |\n' % (
            d['mutant'], d['description'], d['arch'], d['verdict'],
            d['killed_by'].replace('|', '\\|'), d['seconds']))
    killed = sum(d['verdict'] == 'killed' for d in data)
    f.write('\n%d of %d mutants killed, %d s in all\n' % (
        killed, len(data), sum(d['seconds'] for d in data)))
    if controls:
        f.write('\n| control | arch | verdict | s |\n|---|---|---|---|\n')
        for name, arch, verdict, secs in controls:
            f.write('| %s | %s | %s | %s |\n' % (name, arch, verdict, secs))
print(open(sys.argv[2] + '/mutants.md').read())
PY
! grep -qv $'\tkilled\t' "$results" || die "some mutants were not killed (above)"
! grep -q $'\tNOT survived' "$controls" ||
	die "a control patch was not reported as survived: the mutant runner cannot report a survivor (above)"
