#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# The local LAVA run of lava-run.sh: a device file for a job, and LAVA's
# own results of a job compared with the workbench's verdict on the same
# kernel.
#
#   lava-results.py device JOB TEMPLATES DICT
#       LAVA's device configuration for JOB on stdout: lava.py's device
#       dictionary DICT rendered with lava-server's device-type templates
#       in TEMPLATES and the job's context, as a LAVA server renders it.
#   lava-results.py [--tree TREE] kunit JOB LAVA_LOG RAW_LOG
#       LAVA's results of the KUnit job against the workbench's KUnit log
#       of the same kernel (kunit.py's test.log), case by case: the suites
#       and cases that the job's monitor expects.
#   lava-results.py [--tree TREE] lkdtm JOB LAVA_LOG CRASH_LOG
#       LAVA's result of an LKDTM job against the workbench's verdict on
#       the crash VM log of the same type (crash.sh).
#
# LAVA_LOG is lava-run's output: one YAML mapping per line; its "results"
# lines are LAVA's results (lava-run without a server writes no other
# record of them; its result.yaml holds the job's own result only): they
# are written to results.yaml next to it, the console lines LAVA received
# to console.log. The
# monitor's expected: list is checked here: lava-run 2023.01 (bookworm)
# ignores it, later LAVA records a missing expected case as a failure.
# Each prints what it compared and exits 0 when LAVA and the workbench
# agree, 1 when they do not and 2 on bad input.

import argparse
import collections
import os
import sys
from typing import Dict, List, Sequence, Tuple

import yaml

import lava
import verdict

Loader = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)
# What a boot under KVM prints; under TCG x86 has no hypervisor.
KVM = 'Hypervisor detected: KVM'


def read_job(path: str) -> Dict:
	with open(path) as f:
		return yaml.safe_load(f)


def monitor(job: Dict) -> Dict:
	for action in job['actions']:
		if 'test' in action and 'monitors' in action['test']:
			return action['test']['monitors'][0]
	raise RuntimeError('the job has no monitors: test')


def read_log(path: str) -> Tuple[List[Dict], List[str]]:
	"""LAVA's results and the console lines (as LAVA received them) of a
	lava-run log; the results are also written to results.yaml and the
	console to console.log next to it."""
	results, console = [], []
	lines = verdict.read_lines(path)
	if lines is None:
		raise OSError('no lava-run log %s' % path)
	for line in lines:
		if not line.startswith('{'):
			continue
		rec = yaml.load(line, Loader=Loader)
		if rec.get('lvl') == 'results':
			results.append(rec['msg'])
		elif rec.get('lvl') in ('target', 'feedback') and isinstance(rec.get('msg'), str):
			console.append(rec['msg'])
	with open(os.path.join(os.path.dirname(path), 'results.yaml'), 'w') as f:
		yaml.safe_dump(results, f, sort_keys=False)
	with open(os.path.join(os.path.dirname(path), 'console.log'), 'w') as f:
		f.write(''.join(line + '\n' for line in console))
	return results, console


def job_result(results: Sequence[Dict]) -> str:
	return next((r['result'] for r in results
		     if r.get('definition') == 'lava' and r.get('case') == 'job'), 'missing')


def cases(results: Sequence[Dict], definition: str) -> List[Tuple[str, str]]:
	return [(r['case'], r['result']) for r in results if r.get('definition') == definition]


def device(job_path: str, templates: str, dict_path: str) -> int:
	import jinja2
	job = read_job(job_path)
	env = jinja2.Environment(loader=jinja2.FileSystemLoader([os.path.dirname(dict_path),
								 templates]),
				 autoescape=False, trim_blocks=True)
	text = env.get_template(os.path.basename(dict_path)).render(**job.get('context', {}))
	# LAVA's qemu type adds "-cpu host -enable-kvm" unless no_kvm is set
	# (qemu.jinja2), and lava-run then checks only that /dev/kvm exists.
	# Nested KVM hangs here: QEMU must run TCG.
	if '-enable-kvm' in text:
		raise RuntimeError('%s asks for KVM: set no_kvm' % dict_path)
	sys.stdout.write(text)
	return 0


def ktap_results(raw: Sequence[str]) -> List[Tuple[str, str]]:
	"""Each suite's and case's result in the workbench's KUnit log, read
	with kunit_parser, as LAVA's monitor names them: the suites and their
	cases (KTAP depth 0 and 1; the parameters of a case, depth 2, are not
	matched by the monitor's pattern)."""
	from kunit_parser import TestStatus
	word = {TestStatus.SUCCESS: 'pass', TestStatus.SKIPPED: 'skip'}
	out = []
	for suite in verdict._parse_ktap(raw).subtests:
		for case in suite.subtests:
			out.append((lava.lava_case(case.name), word.get(case.status, 'fail')))
		out.append((lava.lava_case(suite.name), word.get(suite.status, 'fail')))
	return out


def compare_kunit(args: argparse.Namespace) -> int:
	job = read_job(args.job)
	mon = monitor(job)
	results, console = read_log(args.lava_log)
	raw = verdict.read_lines(args.raw_log)
	if raw is None:
		raise OSError('no workbench KUnit log %s' % args.raw_log)
	verdict.use_kunit_parser(args.tree)
	want = mon.get('expected', [])
	theirs = cases(results, mon['name'])
	names = set(want) | {c for c, _ in theirs}
	ours = [(c, r) for c, r in ktap_results(raw) if c in names]
	bad = []
	print('LAVA: job %s, %d results of %s (%s)' % (
		job_result(results), len(theirs), mon['name'],
		', '.join('%s %d' % kv for kv in sorted(collections.Counter(r for _, r in theirs).items()))))
	print('workbench: %d suites and cases of those (the job expects %d) in %s (%s)' % (
		len(ours), len(want), args.raw_log,
		', '.join('%s %d' % kv for kv in sorted(collections.Counter(r for _, r in ours).items()))))
	if job_result(results) != 'pass':
		bad.append('LAVA: the job did not finish: %s' % job_result(results))
	if any(KVM in line for line in console):
		bad.append('LAVA: the guest ran under KVM ("%s")' % KVM)
	only_lava = collections.Counter(theirs) - collections.Counter(ours)
	only_ours = collections.Counter(ours) - collections.Counter(theirs)
	for (case, res), n in sorted(only_lava.items()):
		bad.append('LAVA has %s %s (x%d), the workbench does not' % (case, res, n))
	for (case, res), n in sorted(only_ours.items()):
		bad.append('the workbench has %s %s (x%d), LAVA does not' % (case, res, n))
	# expected: as LAVA >= 2026.01 checks it (lava-run 2023.01 ignores it).
	seen = {c for c, _ in theirs}
	for c in want:
		if c not in seen:
			bad.append('LAVA: expected case %s is missing' % c)
	for line in bad:
		print(line)
	print('LAVA and the workbench %s' % ('disagree' if bad else 'agree, case by case'))
	return 1 if bad else 0


def compare_lkdtm(args: argparse.Namespace) -> int:
	job = read_job(args.job)
	mon = monitor(job)
	results, console = read_log(args.lava_log)
	log = verdict.read_lines(args.crash_log)
	if log is None:
		raise OSError('no crash VM log %s' % args.crash_log)
	crash = os.path.basename(args.crash_log)[:-len('.log')]
	expect = verdict.tests_txt(os.path.join(
		args.tree, 'tools/testing/selftests/lkdtm/tests.txt')).get(crash, '')
	rows = {row[0]: row[1:] for row in verdict.crash_types(os.path.join(verdict.WB, 'crash.tsv'))}
	theirs = dict(cases(results, mon['name']))
	want = mon.get('expected', [lava.lava_case(crash)])
	lava_green = job_result(results) == 'pass' and all(theirs.get(c) == 'pass' for c in want)
	run_sh = verdict.run_sh_sees(expect, log)
	tsv = verdict.judge_crash(log, crash, rows.get(crash, [])).green if crash in rows else None
	print('LAVA: job %s, %s: %s' % (job_result(results), mon['name'],
				       ', '.join('%s %s' % (c, theirs.get(c, 'missing')) for c in want)))
	print('workbench on %s: run.sh\'s check (%s) %s, crash.tsv\'s texts %s' % (
		args.crash_log, expect or 'call trace:', 'pass' if run_sh else 'fail',
		{True: 'pass', False: 'fail', None: 'not listed'}[tsv]))
	bad = []
	if any(KVM in line for line in console):
		bad.append('LAVA: the guest ran under KVM ("%s")' % KVM)
	if lava_green != run_sh:
		bad.append('LAVA %s %s, run.sh\'s check %s it' % (
			'passes' if lava_green else 'fails', crash, 'passes' if run_sh else 'fails'))
	for line in bad:
		print(line)
	print('LAVA and the workbench %s' % ('disagree' if bad else 'agree'))
	return 1 if bad else 0


def main(argv: Sequence[str]) -> int:
	ap = argparse.ArgumentParser(prog='lava-results.py', description=__doc__)
	ap.add_argument('--tree', default=os.environ.get('TREE') or
			os.path.join(os.path.dirname(verdict.WB), 'work', 'linux'))
	sub = ap.add_subparsers(dest='cmd', required=True)
	d = sub.add_parser('device')
	d.add_argument('job')
	d.add_argument('templates')
	d.add_argument('dict')
	k = sub.add_parser('kunit')
	k.add_argument('job')
	k.add_argument('lava_log')
	k.add_argument('raw_log')
	c = sub.add_parser('lkdtm')
	c.add_argument('job')
	c.add_argument('lava_log')
	c.add_argument('crash_log')
	args = ap.parse_args(argv)
	try:
		if args.cmd == 'device':
			return device(args.job, args.templates, args.dict)
		if args.cmd == 'kunit':
			return compare_kunit(args)
		return compare_lkdtm(args)
	except (OSError, RuntimeError, KeyError, yaml.YAMLError) as e:
		print('mm-errors: error: %s' % e, file=sys.stderr)
		return 2


if __name__ == '__main__':
	sys.exit(main(sys.argv[1:]))
