#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# LAVA jobs for the series, in the shapes LKFT and KernelCI run:
#
#   kselftest-<device>.yaml   test-definitions' kselftest.yaml with
#                             TST_CMDFILES=mm-errors (KernelCI's kselftest-mm
#                             contract), on a ramdisk with a shell;
#   kunit-<device>.yaml       the built-in KUnit suites at boot, one result
#                             per suite and case of the series from a
#                             monitors: test (expected: every one of them);
#   lkdtm-<TYPE>-<device>.yaml  one crash type at boot
#                             (lkdtm.cpoint_name=DIRECT), green when the text
#                             of its selftests/lkdtm/tests.txt line (an
#                             extended regex, ignoring case, as run.sh greps
#                             it) is followed, before the panic, by the
#                             type's own function in a call trace or by
#                             LKDTM's "of type <TYPE> registered"; QEMU
#                             only;
#   devices/qemu-<arch>.jinja2  device dictionaries for LAVA's qemu device
#                             type (TCG), for a lab or a local lava-run.
# make check (lava-check.sh) compares the jobs for the example parameters
# with ci/lava/, validates them with LAVA's lava-schema.py and replays the
# monitors on the run's own logs (--replay); ci/lava/README.md says more.
#
# Devices: qemu-x86_64, qemu-arm64 and a board (u-boot, TFTP; its device type
# is a parameter). URLs are templates in which {arch} is x86_64 or arm64.
#
#   lava.py [--tree TREE] [--out DIR] --kernel-url T --rootfs-url T
#           --kselftest-url T --dtb-url T [--board DEVICE_TYPE]
#           [--testdefs URL] [--config T] [--device DEVICE]...
#   lava.py [--tree TREE] --golden DIR   the example parameters of
#                            ci/lava/README.md (make check compares them)
#   lava.py --replay JOB LOG  LOG through JOB's monitors as LAVA reads a
#                            QEMU console; exit 1 if a result is not pass
#                            or skip, or an expected one is missing
# --config (a template: {arch}) is the .config of the kernel the jobs boot:
# the KUnit monitors then expect only the suites that it builds in (not the
# =m ones) and the cases whose #if conditions it meets. Without it, the
# kernel is the kunitconfigs' alone (every suite built in, no other option).

import argparse
import functools
import glob
import os
import re
import subprocess
import sys
from typing import Dict, List, Optional, Sequence, Set, Tuple

import yaml

import verdict

WB = os.path.dirname(os.path.abspath(__file__))
TESTDEFS = 'https://github.com/Linaro/test-definitions.git'
EXAMPLE = {'kernel_url': 'https://artifacts.example/mm-errors/{arch}/{image}',
	   'rootfs_url': 'https://artifacts.example/rootfs/debian-bookworm/{arch}/rootfs.cpio.gz',
	   'kselftest_url': 'https://artifacts.example/mm-errors/{arch}/kselftest.tar.gz',
	   'dtb_url': 'https://artifacts.example/mm-errors/arm64/dtbs/broadcom/bcm2711-rpi-4-b.dtb',
	   'board': 'bcm2711-rpi-4-b', 'testdefs': TESTDEFS}

# Per device: LAVA device type, arch, kernel image name, console, context.
DEVICES = {
	'qemu-x86_64': {'device_type': 'qemu', 'arch': 'x86_64', 'image': 'bzImage',
			'console': 'ttyS0', 'context': {'arch': 'amd64', 'memory': 2048}},
	'qemu-arm64': {'device_type': 'qemu', 'arch': 'arm64', 'image': 'Image',
		       'console': 'ttyAMA0',
		       'context': {'arch': 'arm64', 'machine': 'virt', 'cpu': 'max',
				   'memory': 2048}},
	'board': {'device_type': None, 'arch': 'arm64', 'image': 'Image', 'console': '',
		  'context': {}},
}

# Timeouts in minutes. The kselftest run takes 2 to 10 s in the
# workbench's TCG VMs (README.md), kselftest.sh's unpacking and
# parse-output.py a few more; a KUnit boot 1 to 8 s of guest time; a crash
# type under 3 s. LAVA's deploy and boot have their own.
TIMEOUTS = {'kselftest': 15, 'kunit': 10, 'lkdtm': 5}

# A KTAP result line of one of NAMES: "ok N name", "not ok N name" or "ok
# N name # SKIP reason", at depth 0 (a suite) or 1 (a case; parameters, at
# depth 2, are not results of their own). The lookahead sets result to SKIP,
# "not ok" or "ok"; the line must be complete (a partly received one does
# not match). A QEMU console through LAVA's pty ends lines in \r\n or
# \r\r\n.
KTAP_PATTERN = (r'\n(?:\[[^\]\r\n]*\] )?(?: {4})?'
		r'(?=(?:ok \d+ \S+ # )?(?P<result>SKIP|not ok|ok))'
		r'(?:not )?ok \d+ (?P<test_case_id>%s)(?: # [^\r\n]*)?(?=\r*\n)')
KTAP_FIXUP = {'ok': 'pass', 'not ok': 'fail', 'SKIP': 'skip'}
# kunit_shutdown= (halt here, reboot for kunit.py) ends the run with
# kernel/reboot.c's line; "# Totals:" ends each suite, not the run.
KUNIT_END = 'reboot: (?:System halted|Restarting system|Power down)'
PANIC = 'Kernel panic - not syncing'
LKDTM_EVIDENCE = {'lkdtm_': 'pass', 'Crash point DIRECT of type ': 'pass'}
# LAVA's QEMU connection (lava_dispatcher/shell.py): pexpect reads up to
# 2000 characters at a time and searches the last 4000.
QEMU_WINDOW = 2000


def lava_case(name: str) -> str:
	"""A case name as LAVA's monitor records it (lowercase, \\W+ -> _)."""
	return re.sub(r'\W+', '_', name.strip().lower())


def suite_cases(text: str, suite: str) -> Optional[List[Tuple[str, List[str]]]]:
	"""The cases of suite in a C file, each with the #if conditions around
	its KUNIT_CASE line (None when the file defines no such suite)."""
	for block in verdict.suite_blocks(text):
		if not re.search(r'\.name\s*=\s*"%s"' % re.escape(suite), block):
			continue
		arr = re.search(r'\.test_cases\s*=\s*(\w+)', block)
		body = re.search(r'struct kunit_case %s\[\] = \{(.*?)\n\};' % arr.group(1),
				 text, re.S) if arr else None
		out: List[Tuple[str, List[str]]] = []
		# Per #if level, the condition of each branch so far.
		levels: List[List[str]] = []
		for line in (body.group(1) if body else '').splitlines():
			m = re.match(r'\s*#\s*(ifdef|ifndef|if|elif|else|endif)\b\s*(.*?)\s*$', line)
			if m and m.group(1) == 'endif':
				levels.pop()
			elif m:
				cond = {'ifdef': 'defined({})', 'ifndef': '!defined({})',
					'else': '1'}.get(m.group(1), '{}').format(m.group(2))
				if m.group(1).startswith('if'):
					levels.append([])
				levels[-1].append(cond)
			conds = ['(%s)' % ') && !('.join(lv[-1:] + lv[:-1]) for lv in levels]
			out += [(c, conds) for c in re.findall(r'KUNIT_CASE\w*\(\s*(\w+)', line)]
		return out
	return None


def cpp_true(cond: str, config: Set[str]) -> bool:
	"""An #if condition made of CONFIG_ symbols, defined(), IS_ENABLED(),
	!, && and ||, with the symbols of config set."""
	expr = re.sub(r'(?:defined|IS_ENABLED|IS_BUILTIN|IS_MODULE)\s*\(\s*(\w+)\s*\)|(\bCONFIG_\w+)',
		      lambda m: ' %s ' % ((m.group(1) or m.group(2)) in config), cond)
	expr = re.sub(r'\b1\b', ' True ', expr)
	expr = re.sub(r'!(?!=)', ' not ', expr.replace('&&', ' and ').replace('||', ' or '))
	if not re.fullmatch(r'(\s|\(|\)|True|False|and|or|not)*', expr):
		raise RuntimeError('cannot decide "#if %s" around a KUnit case' % cond)
	return bool(eval(expr))  # pylint: disable=eval-used


def git_show(tree: str, ref: str, path: str) -> str:
	p = subprocess.run(['git', '-C', tree, 'show', '%s:%s' % (ref, path)],
			   capture_output=True, text=True, check=False)
	return p.stdout if p.returncode == 0 else ''


@functools.lru_cache(maxsize=None)
def kunit_names(tree: str, arch: str, dot_config: Optional[str]) -> List[str]:
	"""What the KUnit job expects on arch: the series' own suites (those
	the series adds) with their cases, and the cases it adds to upstream's
	suites, in source order. Upstream's own cases are left out: several
	are compiled only with options the kunitconfigs do not set (slub's
	test_kmalloc_nolock_and_friends_* need PERF_EVENTS or KPROBES and
	SMP), and LAVA fails a case it expects and does not see as well as one
	it sees and does not expect. Suites built as modules do not run at boot
	and are left out; cases are kept when their #if conditions hold in
	dot_config (without one, in the kunitconfigs)."""
	configs = verdict.kunitconfigs(arch)
	config = (verdict.config_symbols(dot_config) if dot_config else
		  set(verdict.kunitconfig_symbols(tree, configs)))
	base = verdict._lib_sh('echo "$BASE_REF"')[0]
	suites = [e for e in verdict.expected_suites(tree, configs, dot_config)
		  if e.kind == 'kunit' and not e.module]
	if not suites:
		raise RuntimeError('no KUnit suite of the series in %s (is it the kernel git tree '
				   'with the series applied?)' % tree)
	out: List[str] = []
	for e in suites:
		with open(os.path.join(tree, e.source)) as f:
			cases = suite_cases(f.read(), e.name) or []
		old = suite_cases(git_show(tree, base, e.source), e.name)
		own = [(c, conds) for c, conds in cases if old is None or c not in dict(old)]
		if old is None:
			out.append(e.name)
		out += [c for c, conds in own if all(cpp_true(x, config) for x in conds)]
	dups = sorted({lava_case(n) for n in out if [lava_case(x) for x in out].count(lava_case(n)) > 1})
	if dups:
		raise RuntimeError('KUnit names that LAVA cannot tell apart: %s' % ', '.join(dups))
	return out


def job(name: str, dev: str, p: Dict[str, str], timeout: int,
	actions: List[Dict[str, object]], extra_context: Optional[Dict[str, object]] = None) -> Dict:
	d = DEVICES[dev]
	j: Dict[str, object] = {
		'device_type': d['device_type'] or p['board'],
		'job_name': 'mm-errors %s (%s)' % (name, dev),
		'timeouts': {'job': {'minutes': timeout}, 'connection': {'minutes': 2}},
		'priority': 'medium',
		'visibility': 'public',
	}
	ctx = dict(d['context'], **(extra_context or {}))
	if ctx:
		j['context'] = ctx
	j['actions'] = actions
	return j


def url(p: Dict[str, str], key: str, dev: str) -> str:
	d = DEVICES[dev]
	return p[key].format(arch=d['arch'], image=d['image'])


def deploy_boot(dev: str, p: Dict[str, str], cmdline: str, shell: bool) -> List[Dict]:
	"""Deploy and boot: QEMU from tmpfs (-kernel, -initrd), a board by
	TFTP and u-boot's ramdisk commands, its kernel arguments in the job's
	extra_kernel_args. With shell, the ramdisk is logged in to as root;
	without, QEMU gets no ramdisk (a crash boot ends at the root mount) and
	nothing waits for a prompt, so a monitor sees the whole boot log."""
	d = DEVICES[dev]
	login = {'prompts': ['root@(.*):[/~]#'],
		 'auto_login': {'login_prompt': 'login:', 'username': 'root'}} if shell else {}
	if d['device_type'] == 'qemu':
		args = ' '.join(filter(None, ['console=' + d['console'], cmdline,
					      'root=/dev/ram0' if shell else '']))
		images: Dict[str, object] = {'kernel': {
			'image_arg': '-kernel {kernel} -append "%s"' % args,
			'url': url(p, 'kernel_url', dev)}}
		if shell:
			images['ramdisk'] = {'image_arg': '-initrd {ramdisk}',
					     'url': url(p, 'rootfs_url', dev), 'compression': 'gz'}
		dep: Dict[str, object] = {'to': 'tmpfs', 'timeout': {'minutes': 5}, 'images': images}
		boot: Dict[str, object] = {'method': 'qemu', 'media': 'tmpfs'}
	else:
		dep = {'to': 'tftp', 'timeout': {'minutes': 5},
		       'kernel': {'url': url(p, 'kernel_url', dev), 'type': 'image'},
		       'ramdisk': {'url': url(p, 'rootfs_url', dev), 'compression': 'gz'},
		       'dtb': {'url': p['dtb_url']}}
		boot = {'method': 'u-boot', 'commands': 'ramdisk'}
	if shell:
		dep['os'] = 'debian'
	boot.update({'timeout': {'minutes': 5}}, **login)
	return [{'deploy': dep}, {'boot': boot}]


def board_args(dev: str, cmdline: str) -> Dict[str, object]:
	"""A board's kernel arguments go in the job's context."""
	return {'extra_kernel_args': cmdline} if DEVICES[dev]['device_type'] != 'qemu' else {}


def kselftest_job(dev: str, p: Dict[str, str]) -> Dict:
	test = {'test': {'timeout': {'minutes': 10}, 'definitions': [{
		'from': 'git', 'repository': p['testdefs'],
		'path': 'automated/linux/kselftest/kselftest.yaml',
		'name': 'kselftest-mm-errors',
		'parameters': {'TESTPROG_URL': url(p, 'kselftest_url', dev),
			       'TST_CMDFILES': 'mm-errors', 'SKIP_INSTALL': 'true',
			       'SKIPFILE': '', 'KSELFTEST_PATH': '/opt/kselftests/mm-errors/'}}]}}
	return job('kselftest', dev, p, TIMEOUTS['kselftest'],
		   deploy_boot(dev, p, '', True) + [test])


def kunit_job(dev: str, p: Dict[str, str], names: List[str]) -> Dict:
	test = {'test': {'timeout': {'minutes': 5}, 'monitors': [{
		'name': 'kunit-mm-errors', 'start': 'KTAP version 1', 'end': KUNIT_END,
		'pattern': KTAP_PATTERN % '|'.join(re.escape(n) for n in names),
		'fixupdict': KTAP_FIXUP, 'expected': [lava_case(n) for n in names]}]}}
	return job('kunit', dev, p, TIMEOUTS['kunit'],
		   deploy_boot(dev, p, 'kunit_shutdown=halt', False) + [test],
		   board_args(dev, 'kunit_shutdown=halt'))


def lkdtm_job(dev: str, p: Dict[str, str], crash: str, expect: str) -> Dict:
	"""run.sh greps the log for the expectation (grep -E -i, line by line;
	"call trace:" without one). Here the monitor starts at it, and its one
	result is the type's function lkdtm_<TYPE> in a call trace, or LKDTM's
	"Crash point DIRECT of type <TYPE> registered", after it and before the
	panic that ends every crash boot (a surviving type panics at the
	missing root): a type that did nothing, or not this, leaves its case
	failed. Start and pattern match a line each: pexpect searches only the
	last 4000 characters, and SLAB_POISON_OVERWRITE's call trace comes
	2800 after its "Poison overwritten". KUnit stays off (kunit.enable=0),
	as in crash.sh."""
	test = {'test': {'timeout': {'minutes': 2}, 'monitors': [{
		'name': 'lkdtm-%s' % crash.lower(), 'start': '(?i-s:%s)' % (expect or 'call trace:'),
		'end': PANIC, 'pattern': r'(?P<result>%s)(?P<test_case_id>%s)\b'
		% ('|'.join(LKDTM_EVIDENCE), crash), 'fixupdict': LKDTM_EVIDENCE,
		'expected': [lava_case(crash)]}]}}
	return job('lkdtm %s' % crash, dev, p, TIMEOUTS['lkdtm'],
		   deploy_boot(dev, p, 'kunit.enable=0 lkdtm.cpoint_name=DIRECT '
			       'lkdtm.cpoint_type=%s' % crash, False) + [test])


def device_dict(dev: str) -> str:
	"""A device dictionary for LAVA's qemu device type: the job's arch,
	TCG (as the workbench's VMs; a lab with KVM drops no_kvm), user
	networking."""
	d = DEVICES[dev]
	lines = ["{% extends 'qemu.jinja2' %}", "{%% set arch = '%s' %%}" % d['context']['arch'],
		 "{%% set memory = %d %%}" % d['context']['memory'],
		 '{% set no_kvm = True %}', "{% set netdevice = 'user' %}"]
	lines += ["{%% set %s = '%s' %%}" % (k, d['context'][k]) for k in ('machine', 'cpu')
		  if k in d['context']]
	return '{# Generated by workbench/lava.py; do not edit. #}\n' + '\n'.join(lines) + '\n'


def generate(tree: str, p: Dict[str, str], config: str = '',
	     devices: Sequence[str] = tuple(DEVICES)) -> Dict[str, str]:
	"""File name -> text: the jobs and the device dictionaries."""
	expects = verdict.tests_txt(os.path.join(tree, 'tools/testing/selftests/lkdtm/tests.txt'))
	jobs: Dict[str, Dict] = {}
	files: Dict[str, str] = {}
	for dev in devices:
		d = DEVICES[dev]
		dot_config = config.format(arch=d['arch']) if config else None
		if dot_config and not os.path.exists(dot_config):
			raise OSError('no %s (--config): build the %s kernel first, or say LAVA_CONFIG= '
				      '(--config \'\') for a kernel built from the kunitconfigs alone'
				      % (dot_config, d['arch']))
		jobs['kselftest-%s.yaml' % dev] = kselftest_job(dev, p)
		jobs['kunit-%s.yaml' % dev] = kunit_job(dev, p, kunit_names(tree, d['arch'], dot_config))
		if d['device_type'] != 'qemu':
			continue
		files['devices/%s.jinja2' % dev] = device_dict(dev)
		for row in verdict.crash_types(os.path.join(WB, 'crash.tsv')):
			if row[0] not in expects:
				raise RuntimeError('crash type %s (workbench/crash.tsv) is not in '
						   'selftests/lkdtm/tests.txt' % row[0])
			jobs['lkdtm-%s-%s.yaml' % (row[0], dev)] = lkdtm_job(dev, p, row[0], expects[row[0]])
	for name, j in jobs.items():
		files[name] = '# Generated by workbench/lava.py; do not edit.\n' + yaml.safe_dump(
			j, sort_keys=False, default_flow_style=False, width=4096)
	return files


def write(files: Dict[str, str], out: str) -> None:
	"""The files into out, in place of the ones lava.py wrote there before."""
	for old in glob.glob(os.path.join(out, '*.yaml')) + glob.glob(os.path.join(out, 'devices', '*')):
		with open(old) as f:
			if 'Generated by workbench/lava.py' in f.readline():
				os.remove(old)
	for name, text in sorted(files.items()):
		os.makedirs(os.path.dirname(os.path.join(out, name)), exist_ok=True)
		with open(os.path.join(out, name), 'w') as f:
			f.write(text)


def ktap_results(lines: Sequence[str]) -> Dict[str, str]:
	"""Suite and case -> pass, skip or fail, as kunit.py's parser reads
	the KTAP of a console log."""
	from kunit_parser import TestStatus
	out = {}
	for suite in verdict._parse_ktap(lines).subtests:
		for t in [suite] + suite.subtests:
			out[lava_case(t.name)] = {TestStatus.SUCCESS: 'pass',
						  TestStatus.SKIPPED: 'skip'}.get(t.status, 'fail')
	return out


def replay(job_file: str, log: str, tree: str, chunk: int = 0) -> int:
	"""LOG through the job's monitors as lava_dispatcher's
	TestMonitorAction reads a QEMU console (actions/test/monitor.py,
	2026.10), with pexpect's own matching and LAVA's window: lines ending
	in \\r\\r\\n (the guest's \\r\\n through the pty of LAVA's QEMU), read
	a line at a time as from a serial console (or CHUNK characters at a
	time, 2000 at most); wait for start, then take the earliest of end and
	pattern until end; a case not seen but expected, or seen and not
	expected, fails, and so does the end of the log before end. Prints one
	line per result and exits 1 unless every one is pass or skip and, for
	KUnit, what kunit.py's parser reads in the same log (TREE's)."""
	import pexpect
	import pexpect.spawnbase

	class Console(pexpect.spawnbase.SpawnBase):
		def __init__(self, chunks: List[str]):
			super().__init__(maxread=QEMU_WINDOW, searchwindowsize=2 * QEMU_WINDOW,
					 encoding='utf-8', codec_errors='replace')
			self.chunks = iter(chunks)
			self.pending = ''

		def read_nonblocking(self, size: int = 1, timeout: Optional[float] = None) -> str:
			self.pending = self.pending or next(self.chunks, '')
			if not self.pending:
				self.flag_eof = True
				raise pexpect.EOF('end of the log')
			data, self.pending = self.pending[:size], self.pending[size:]
			return data

	with open(job_file) as f:
		monitors = [m for a in yaml.safe_load(f)['actions']
			    for m in a.get('test', {}).get('monitors', [])]
	with open(log, errors='replace') as f:
		text = f.read().replace('\r', '')
	console = text.replace('\n', '\r\r\n')
	size = min(chunk, QEMU_WINDOW)
	con = Console(re.findall(r'.{1,%d}' % size, console, re.S) if size else
		      console.splitlines(keepends=True))
	bad = 0
	for m in monitors:
		report: Dict[str, str] = {}
		expected = m.get('expected') or []
		eof = 0
		try:
			con.expect([m['start']])
		except pexpect.EOF:
			print('%s: no start %r' % (m['name'], m['start']))
			expected = expected or ['<start>']
		else:
			while True:
				i = con.expect([pexpect.EOF, m['end'], m['pattern']])
				if i == 0:
					print('%s: the log ends before %r (LAVA: "lava test monitoring '
					      'reached end of file")' % (m['name'], m['end']))
					eof = 1
				if i < 2:
					break
				g = con.match.groupdict()
				res = (m.get('fixupdict') or {}).get(g.get('result'), g.get('result'))
				case = lava_case(g.get('test_case_id') or '')
				report[case] = res if case in expected or not expected else 'fail'
		missing = [c for c in expected if c not in report]
		report.update((c, 'fail') for c in missing)
		for case, res in report.items():
			print('%s %s %s%s' % (m['name'], case, res,
					      ' (expected, not seen)' if case in missing else ''))
		n = sum(r not in ('pass', 'skip') for r in report.values()) + eof
		if m['name'].startswith('kunit'):
			verdict.use_kunit_parser(tree)
			ktap = ktap_results(text.splitlines(keepends=True))
			for case, res in report.items():
				if case in ktap and ktap[case] != res:
					print('%s %s: %s here, %s for kunit.py' % (m['name'], case, res, ktap[case]))
					n += 1
		bad += n
		print('# %s: %d results, %d pass, %d skip, %d fail (%d of them not seen)'
		      % (m['name'], len(report), sum(r == 'pass' for r in report.values()),
			 sum(r == 'skip' for r in report.values()), n, len(missing)))
	return 1 if bad else 0


def main(argv: Sequence[str]) -> int:
	ap = argparse.ArgumentParser(prog='lava.py', description='Write the LAVA jobs.')
	top = os.path.dirname(WB)
	ap.add_argument('--tree', default=os.environ.get('TREE') or
			os.path.join(os.environ.get('WORK') or os.path.join(top, 'work'), 'linux'))
	ap.add_argument('--out', default=os.path.join(os.environ.get('OUT') or
						       os.path.join(top, 'out'), 'lava'),
			help='write the jobs here (default: $OUT/lava)')
	ap.add_argument('--golden', metavar='DIR', help='the jobs with the example parameters')
	ap.add_argument('--config', default='', help='the kernel .config (template, {arch})')
	ap.add_argument('--device', action='append', choices=list(DEVICES),
			help='only this device (again for more)')
	ap.add_argument('--replay', nargs=2, metavar=('JOB', 'LOG'))
	ap.add_argument('--chunk', type=int, default=0,
			help='replay: read this many characters at a time, not a line')
	for k in ('kernel_url', 'rootfs_url', 'kselftest_url', 'dtb_url', 'board', 'testdefs'):
		ap.add_argument('--' + k.replace('_', '-'), dest=k)
	args = ap.parse_args(argv)
	if args.replay:
		try:
			return replay(*args.replay, args.tree, args.chunk)
		except (OSError, KeyError, ImportError, yaml.YAMLError) as e:
			print('mm-errors: error: cannot replay %s on %s: %s' % (*args.replay, e),
			      file=sys.stderr)
			return 2
	if args.golden:
		p, out = dict(EXAMPLE), args.golden
	else:
		p = {k: getattr(args, k) or '' for k in EXAMPLE}
		p['testdefs'] = p['testdefs'] or TESTDEFS
		p['board'] = p['board'] or EXAMPLE['board']
		missing = [k for k in ('kernel_url', 'rootfs_url', 'kselftest_url', 'dtb_url')
			   if not p[k]]
		if missing:
			print('mm-errors: error: say where the lab downloads the artefacts: %s (make lava '
			      '%s; templates in which {arch} is x86_64 or arm64, {image} bzImage or Image)'
			      % (', '.join('--' + m.replace('_', '-') for m in missing),
				 ' '.join('%s=...' % m.upper() for m in missing)), file=sys.stderr)
			return 2
		out = args.out
	try:
		verdict.use_kunit_parser(args.tree)
		files = generate(args.tree, p, args.config, args.device or tuple(DEVICES))
		write(files, out)
	except (OSError, RuntimeError) as e:
		print('mm-errors: error: %s' % e, file=sys.stderr)
		return 2
	if not args.golden:
		print('==> lava: %d jobs and %d device dictionaries in %s'
		      % (sum(n.endswith('.yaml') for n in files),
			 sum(n.endswith('.jinja2') for n in files), out), file=sys.stderr)
	return 0


if __name__ == '__main__':
	sys.exit(main(sys.argv[1:]))
