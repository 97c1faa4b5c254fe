#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print the results table: suite x arch -> passed/failed/skipped and
in-kernel time, then the wall time of every phase. Exit 1 when a suite the
series enables failed, crashed or did not run on an arch. What passed is
decided by verdict.py; this only lays it out.

Inputs (all under $OUT): kunit/<arch>.raw.log (the kernel's console,
printk timestamps on), kunit/<arch>.<name>.compile.log (the negative
compile tests), vm/ (vm.sh) and timings.tsv (phase, seconds, exit code). The report is also written to
$OUT/report.md, and the suites' in-kernel times to $OUT/kunit-times.tsv
(arch, suite, ms).
"""

import os
import subprocess
import sys

import verdict

# Set by main() from lib.sh, the one place that sets them.
OUT = TREE = ''
ARCHES: list = []
SELFTESTS: list = []


def load_settings():
	"""OUT, TREE, ARCHES and the series' kselftest targets, from lib.sh."""
	global OUT, TREE, ARCHES, SELFTESTS
	script = ('. "$0" && printf "%s\\n" "$OUT" "$TREE" "$ARCHES" && '
		  '{ series_selftests 2>/dev/null || :; } | paste -sd" "')
	res = subprocess.run(['bash', '-c', script, os.path.join(verdict.WB, 'lib.sh')],
			     capture_output=True, text=True)
	if res.returncode:
		sys.exit(res.stderr.strip() or 'mm-errors: error: cannot read workbench/lib.sh')
	lines = res.stdout.split('\n') + [''] * 4
	OUT, TREE = lines[0], lines[1]
	ARCHES, SELFTESTS = lines[2].split(), lines[3].split()


def judge_arch(arch):
	"""The verdict on arch's KUnit run as kunit.sh left it in $OUT/kunit."""
	expected = verdict.expected_suites(TREE, verdict.kunitconfigs(arch))
	logs = {}
	for e in expected:
		if e.kind == 'compile':
			name = os.path.basename(e.log_path)[len('test_'):-len('.log')]
			logs[e.name] = verdict._read(os.path.join(OUT, 'kunit', '%s.%s.compile.log'
								   % (arch, name)))
	raw = verdict._read(os.path.join(OUT, 'kunit', arch + '.raw.log'))
	return expected, verdict.judge_kunit(expected, raw, logs), raw is not None


def main():
	load_settings()
	try:
		verdict.use_kunit_parser(TREE)
		judged = {a: judge_arch(a) for a in ARCHES}
	except (OSError, RuntimeError) as e:
		print('mm-errors: error: cannot judge the run: %s' % e, file=sys.stderr)
		return 1
	suites = []
	for a in ARCHES:
		suites += [r.name for r in judged[a][1].results if r.name not in suites]
	rows, failed = [], []
	for s in suites:
		row = [s]
		for a in ARCHES:
			expected, v, _ = judged[a]
			r = next((r for r in v.results if r.name == s), None)
			row.append('-' if r is None else r.cell())
		rows.append(row)
	for a in ARCHES:
		failed += ['%s on %s' % (line, a) for line in judged[a][1].red()]
		for r in judged[a][1].results:
			failed += ['  ' + line for line in r.log if not r.green]
	vms = []
	if 'x86_64' in ARCHES and SELFTESTS:
		vm = verdict.judge_vm(os.path.join(OUT, 'vm'))
		vms.append(vm)
		i = ARCHES.index('x86_64') + 1
		for r in vm.results:
			row = [r.name] + ['-' if a != 'x86_64' else '' for a in ARCHES]
			row[i] = r.cell()
			rows.append(row)
		failed += vm.red()
		for r in vm.results:
			failed += ['  ' + line for line in r.log if not r.green]
	crash_rows = {}
	for a, sub in (('x86_64', 'crash'), ('i386', 'crash-i386')):
		if a not in ARCHES:
			continue
		crash = verdict.judge_crashes(os.path.join(OUT, sub))
		for r in crash.results:
			row = crash_rows.setdefault(r.name, [r.name] + ['-'] * len(ARCHES))
			row[ARCHES.index(a) + 1] = r.cell()
		failed += ['%s on %s' % (line, a) for line in crash.red()]
		for r in crash.results:
			failed += ['  ' + line for line in r.log if not r.green]
		vms.append(crash)
	rows += crash_rows.values()
	logrow = ['kernel log']
	for a in ARCHES:
		bad = judged[a][1].bad_log + (['vm: ' + l for l in vms[0].bad_log]
					      if a == 'x86_64' and vms and vms[0].bad_log else [])
		logrow.append('clean' if not bad else '%d bad lines' % len(bad)
			      if judged[a][2] else '-')
	rows.append(logrow)
	lines = table(['suite'] + ARCHES, rows) + ['']
	# In-kernel time of each KUnit suite, for make bench.
	with open(os.path.join(OUT, 'kunit-times.tsv'), 'w') as f:
		for a in ARCHES:
			for r in judged[a][1].results:
				if r.ms is not None:
					f.write('%s\t%s\t%.1f\n' % (a, r.name, r.ms))
	lines.append('cells: passed/failed/skipped, in-kernel time of the suite (printk'
		     ' timestamps; UML\'s clock ticks in 10 ms steps)')
	lines.append('')
	tpath = os.path.join(OUT, 'timings.tsv')
	if os.path.exists(tpath):
		prow = []
		with open(tpath) as f:
			for line in f:
				name, secs, rc = line.rstrip('\n').split('\t')
				prow.append([name, '%s s' % secs, 'ok' if rc == '0' else 'FAILED (%s)' % rc])
		lines += table(['phase', 'wall time', 'result'], prow)
	text = '\n'.join(lines) + '\n'
	with open(os.path.join(OUT, 'report.md'), 'w') as f:
		f.write(text)
	sys.stdout.write(text)
	for f in failed:
		print('FAILED: ' + f)
	results = [r for a in ARCHES for r in judged[a][1].results] + \
		[r for v in vms for r in v.results]
	print('total: %d passed, %d failed, %d skipped, %d did not run'
	      % (sum(r.passed for r in results), sum(r.failed for r in results),
		 sum(r.skipped for r in results), sum(not r.ran for r in results)))
	return 1 if failed else 0


def table(header, rows):
	widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
	fmt = lambda r: '| ' + ' | '.join(str(c).ljust(w) for c, w in zip(r, widths)) + ' |'
	return [fmt(header), '|' + '|'.join('-' * (w + 2) for w in widths) + '|'] + \
		[fmt(r) for r in rows]


if __name__ == '__main__':
	sys.exit(main())
