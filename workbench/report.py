#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print the results table: suite x arch -> passed/failed/skipped and
in-kernel time, then the wall time of every phase. Exit 1 when a suite the
series enables failed, crashed or did not run on an arch. What passed is
decided by verdict.py; this only lays it out.

Inputs: $OUT/kunit/<arch>.raw.log (the kernel's console, printk
timestamps on), the negative compile tests' logs in $WORK/build/<arch>,
$OUT/vm/ (vm.sh), $OUT/crash/ and $OUT/crash-i386/ (crash.sh) and
$OUT/timings.tsv (phase, seconds, exit code). The report is also written to
$OUT/report.md, and the suites' in-kernel times to $OUT/kunit-times.tsv
(arch, suite, ms).
"""

import os
import subprocess
import sys

import verdict

# Set by main() from lib.sh, the one place that sets them.
OUT = TREE = WORK = ''
ARCHES: list = []
SELFTESTS: list = []


def load_settings():
	"""OUT, TREE, ARCHES and the series' kselftest targets, from lib.sh."""
	global OUT, TREE, WORK, ARCHES, SELFTESTS
	script = ('. "$0" && printf "%s\\n" "$OUT" "$TREE" "$WORK" "$ARCHES" && '
		  '{ series_selftests 2>/dev/null || :; } | paste -sd" "')
	res = subprocess.run(['bash', '-c', script, os.path.join(verdict.WB, 'lib.sh')],
			     capture_output=True, text=True)
	if res.returncode:
		sys.exit(res.stderr.strip() or 'mm-errors: error: cannot read workbench/lib.sh')
	lines = res.stdout.split('\n') + [''] * 5
	OUT, TREE, WORK = lines[0], lines[1], lines[2]
	ARCHES, SELFTESTS = lines[3].split(), lines[4].split()


def judge_arch(arch):
	"""The verdict on arch's KUnit run: the console log kunit.sh kept in
	$OUT/kunit, the compile tests' logs in the arch's build directory (as
	mutant.sh judges them), the module pass of the VM for the suites its
	.config builds as modules; and whether the run left a log at all."""
	bdir = os.path.join(WORK, 'build', arch)
	expected = verdict.expected_suites(TREE, verdict.kunitconfigs(arch),
					   os.path.join(bdir, '.config'))
	logs = {e.name: verdict.read_lines(os.path.join(bdir, e.log_path))
		for e in expected if e.kind == 'compile'}
	raw = verdict.read_lines(os.path.join(OUT, 'kunit', arch + '.raw.log'))
	build_log = verdict.read_lines(os.path.join(OUT, 'kunit', arch + '.build.log'))
	return verdict.judge_kunit(expected, raw, logs, os.path.join(OUT, 'vm'),
				   build_log), raw is not None


def main():
	load_settings()
	try:
		verdict.use_kunit_parser(TREE)
		judged = {a: judge_arch(a) for a in ARCHES}
	except (OSError, RuntimeError) as e:
		print('mm-errors: error: cannot judge the run: %s' % e, file=sys.stderr)
		return 1
	# The VM passes and the crash VMs on x86_64 and i386: each a verdict
	# whose results fill one arch's column.
	more = []
	vms = {}
	for a, sub in (('x86_64', 'vm'), ('i386', 'vm-i386')):
		if a in ARCHES and SELFTESTS:
			vms[a] = verdict.judge_vm(os.path.join(OUT, sub))
			more.append((a, vms[a]))
	for a, sub in (('x86_64', 'crash'), ('i386', 'crash-i386')):
		if a in ARCHES:
			more.append((a, verdict.judge_crashes(os.path.join(OUT, sub), tests=os.path.join(
				TREE, 'tools/testing/selftests/lkdtm/tests.txt'))))
	cells = {}  # row name -> {arch: cell}
	failed = []
	for a, v in [(a, judged[a][0]) for a in ARCHES] + more:
		for r in v.results:
			# A suite built as a module shares its row with the built-in
			# runs of the other arches, marked (m).
			if r.name.endswith(' (module)'):
				cells.setdefault(r.name[:-len(' (module)')], {})[a] = r.cell() + ' (m)'
			else:
				cells.setdefault(r.name, {})[a] = r.cell()
			failed += ['  ' + line for line in r.log if not r.green]
		failed += ['%s on %s' % (line, a) for line in v.red()]
	rows = [[name] + [c.get(a, '-') for a in ARCHES] for name, c in cells.items()]
	logrow = ['kernel log']
	for a in ARCHES:
		bad = set(judged[a][0].bad_log + (vms[a].bad_log if a in vms else []))
		logrow.append('-' if not judged[a][1] else
			      'clean' if not bad else '%d bad lines' % len(bad))
	rows.append(logrow)
	lines = table(['suite'] + ARCHES, rows) + ['']
	# In-kernel time of each KUnit suite, for make bench.
	with open(os.path.join(OUT, 'kunit-times.tsv'), 'w') as f:
		for a in ARCHES:
			for r in judged[a][0].results:
				if r.ms is not None:
					f.write('%s\t%s\t%.1f\n' % (a, r.name, r.ms))
	lines.append('cells: passed/failed/skipped, in-kernel time of the suite (printk'
		     ' timestamps; UML\'s clock ticks in 10 ms steps); (m): built as a module,'
		     ' loaded in the VM')
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
	results = [r for a in ARCHES for r in judged[a][0].results] + \
		[r for _, v in more for r in v.results]
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
