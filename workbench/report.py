#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print the results table: suite x arch -> passed/failed/skipped and
in-kernel time, then the wall time of every phase. Every stage judged
itself when it ended (verdict.py) and wrote its verdict as JSON; this only
lays those out, and exits 1 when one of them is red or never came.

  report.py [VERDICTS [OUT]]

VERDICTS (default $OUT/verdicts) holds <stage>[.<arch>].json and the order
the stages began in; OUT (default $OUT, else out/) the phases' wall times,
timings.tsv. The report is also written to $OUT/report.md, and the suites'
in-kernel times to $OUT/kunit-times.tsv (arch, suite, ms).
"""

import json
import os
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load(verdicts):
	"""The stages' verdicts, in the order they began."""
	try:
		with open(os.path.join(verdicts, 'order')) as f:
			names = [line.strip() for line in f if line.strip()]
	except OSError:
		sys.exit('mm-errors: error: no verdicts in %s: run make run first' % verdicts)
	out = []
	for name in names:
		try:
			with open(os.path.join(verdicts, name)) as f:
				out.append(json.load(f))
		except (OSError, ValueError) as e:
			out.append({'stage': name, 'arch': '', 'green': False, 'results': [],
				    'red': ['%s: no verdict (%s)' % (name, e)], 'bad_log': []})
	return out


def cell(r):
	if not r['ran']:
		return 'MISSING'
	ms = ' %.0f ms' % r['ms'] if r['ms'] is not None else ''
	return '%d/%d/%d%s' % (r['passed'], r['failed'], r['skipped'], ms)


def main(argv):
	out_dir = argv[1] if len(argv) > 1 else os.environ.get('OUT') or os.path.join(TOP, 'out')
	verdicts = argv[0] if argv else os.path.join(out_dir, 'verdicts')
	stages = load(verdicts)
	per_arch = [v for v in stages if v['arch']]
	arches = list(dict.fromkeys(v['arch'] for v in per_arch))
	cells = {}  # row name -> {arch: cell}
	for v in per_arch:
		for r in v['results']:
			# A suite built as a module shares its row with the built-in
			# runs of the other arches, marked (m).
			if r['name'].endswith(' (module)'):
				cells.setdefault(r['name'][:-len(' (module)')], {})[v['arch']] = cell(r) + ' (m)'
			else:
				cells.setdefault(r['name'], {})[v['arch']] = cell(r)
	rows = [[name] + [c.get(a, '-') for a in arches] for name, c in cells.items()]
	logrow = ['kernel log']
	for a in arches:
		vs = [v for v in per_arch if v['arch'] == a]
		bad = set(line for v in vs for line in v['bad_log'])
		ran = any(r['ran'] for v in vs for r in v['results'])
		logrow.append('-' if not ran else 'clean' if not bad else '%d bad lines' % len(bad))
	rows.append(logrow)
	lines = table(['suite'] + arches, rows) + ['']
	with open(os.path.join(out_dir, 'kunit-times.tsv'), 'w') as f:
		for v in per_arch:
			for r in v['results']:
				if v['stage'] == 'kunit' and r['ms'] is not None:
					f.write('%s\t%s\t%.1f\n' % (v['arch'], r['name'], r['ms']))
	lines.append('cells: passed/failed/skipped, in-kernel time of the suite (printk'
		     ' timestamps; UML\'s clock ticks in 10 ms steps); (m): built as a module,'
		     ' loaded in the VM')
	lines.append('')
	tpath = os.path.join(out_dir, 'timings.tsv')
	if os.path.exists(tpath):
		prow = []
		with open(tpath) as f:
			for line in f:
				name, secs, rc = line.rstrip('\n').split('\t')
				prow.append([name, '%s s' % secs, 'ok' if rc == '0' else 'FAILED (%s)' % rc])
		lines += table(['phase', 'wall time', 'result'], prow)
	text = '\n'.join(lines) + '\n'
	with open(os.path.join(out_dir, 'report.md'), 'w') as f:
		f.write(text)
	sys.stdout.write(text)
	failed = []
	for v in stages:
		where = ' on %s' % v['arch'] if v['arch'] else ''
		failed += ['%s%s' % (line, where) for line in v['red']]
		for r in v['results']:
			if r['red'] or not r['ran']:
				failed += ['  ' + line for line in r['log'] if line.strip() not in
					   (l.strip() for l in r['red'])]
	for f in dict.fromkeys(failed):
		print('FAILED: ' + f)
	results = [r for v in per_arch for r in v['results']]
	print('total: %d passed, %d failed, %d skipped, %d did not run'
	      % (sum(r['passed'] for r in results), sum(r['failed'] for r in results),
		 sum(r['skipped'] for r in results), sum(not r['ran'] for r in results)))
	return 1 if failed or not all(v['green'] for v in stages) else 0


def table(header, rows):
	widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
	fmt = lambda r: '| ' + ' | '.join(str(c).ljust(w) for c, w in zip(r, widths)) + ' |'
	return [fmt(header), '|' + '|'.join('-' * (w + 2) for w in widths) + '|'] + \
		[fmt(r) for r in rows]


if __name__ == '__main__':
	sys.exit(main(sys.argv[1:]))
