#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# LAVA jobs for the series, in the shapes LKFT and KernelCI run:
#
#   kselftest-<device>.yaml   test-definitions' kselftest.yaml with
#                             TST_CMDFILES=mm-errors (KernelCI's kselftest-mm
#                             contract), on a ramdisk with a shell;
#   kunit-<device>.yaml       the built-in KUnit suites at boot, one result
#                             per suite and case from a monitors: test, with
#                             every case of the series expected;
#   lkdtm-<TYPE>-<device>.yaml  one crash type at boot
#                             (lkdtm.cpoint_name=DIRECT), green when the text
#                             of its selftests/lkdtm/tests.txt line (an
#                             extended regex, ignoring case, as run.sh greps
#                             it) follows the kernel command line that names
#                             the type, before the panic; QEMU only.
# A draft: not yet validated with lava-schema.py nor run with lava-run.
#
# Devices: qemu-x86_64, qemu-arm64 and a board (u-boot, TFTP; its device type
# is a parameter). URLs are templates in which {arch} is x86_64 or arm64.
#
#   lava.py [--tree TREE] [--out DIR] --kernel-url T --rootfs-url T
#           --kselftest-url T [--dtb-url T] [--board DEVICE_TYPE]
#           [--testdefs URL]
#   lava.py --golden DIR     the jobs with the example parameters of
#                            ci/lava/README (make check compares them)

import argparse
import os
import re
import sys
from typing import Dict, List, Sequence

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

# A KTAP result line: "ok N name", "not ok N name" or "ok N name # SKIP
# reason", at any depth. The lookahead sets result to SKIP, "not ok" or
# "ok"; the line must be complete (a partly received one does not match).
KTAP_PATTERN = (r'\n(?:\[[^\]\r\n]*\] )?(?: {4})?'
		r'(?=(?:ok \d+ [^\s#]+ # )?(?P<result>SKIP|not ok|ok))'
		r'(?:not )?ok \d+ (?P<test_case_id>[^\s#]+)(?: # SKIP[^\r\n]*)?(?=\r?\n)')
KTAP_FIXUP = {'ok': 'pass', 'not ok': 'fail', 'SKIP': 'skip'}
PANIC = 'Kernel panic - not syncing'


def lava_case(name: str) -> str:
	"""A case name as LAVA's monitor records it (lowercase, \\W+ -> _)."""
	return re.sub(r'\W+', '_', name.strip().lower())


def kunit_cases(tree: str, suites: Sequence[verdict.Expected]) -> List[str]:
	"""The series' suites and the cases of each, from their sources."""
	out: List[str] = []
	for e in suites:
		out.append(e.name)
		with open(os.path.join(tree, e.source)) as f:
			text = f.read()
		for block in verdict.suite_blocks(text):
			if not re.search(r'\.name\s*=\s*"%s"' % re.escape(e.name), block):
				continue
			arr = re.search(r'\.test_cases\s*=\s*(\w+)', block)
			body = re.search(r'struct kunit_case %s\[\] = \{(.*?)\n\};' % arr.group(1),
					 text, re.S) if arr else None
			out += re.findall(r'KUNIT_CASE\w*\(\s*(\w+)', body.group(1) if body else '')
	return out


def job(name: str, dev: str, p: Dict[str, str], timeout: int,
	actions: List[Dict[str, object]], extra_context: Dict[str, object] = None) -> Dict:
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


def kunit_job(dev: str, p: Dict[str, str], cases: List[str]) -> Dict:
	test = {'test': {'timeout': {'minutes': 5}, 'monitors': [{
		'name': 'kunit-mm-errors', 'start': 'KTAP version 1',
		'end': '# Totals: pass:', 'pattern': KTAP_PATTERN, 'fixupdict': KTAP_FIXUP,
		'expected': [lava_case(c) for c in cases]}]}}
	return job('kunit', dev, p, TIMEOUTS['kunit'],
		   deploy_boot(dev, p, 'kunit_shutdown=halt', False) + [test],
		   board_args(dev, 'kunit_shutdown=halt'))


def lkdtm_job(dev: str, p: Dict[str, str], crash: str, expect: str) -> Dict:
	"""run.sh greps the log for the expectation (grep -E -i; "call trace:"
	without one): here it must come after LKDTM starts the type and before
	the panic that ends every crash boot (a surviving type panics at the
	missing root), so a type that did nothing leaves its case failed."""
	pattern = (r'(?P<result>Kernel command line):[^\n]*lkdtm\.cpoint_type=(?P<test_case_id>%s)\b'
		   r'(?:(?!%s)[\s\S])*?(?i:%s)' % (crash, PANIC, expect or 'call trace:'))
	test = {'test': {'timeout': {'minutes': 2}, 'monitors': [{
		'name': 'lkdtm-%s' % crash.lower(), 'start': 'Linux version',
		'end': PANIC, 'pattern': pattern, 'fixupdict': {'Kernel command line': 'pass'},
		'expected': [lava_case(crash)]}]}}
	return job('lkdtm %s' % crash, dev, p, TIMEOUTS['lkdtm'],
		   deploy_boot(dev, p, 'lkdtm.cpoint_name=DIRECT lkdtm.cpoint_type=%s' % crash,
			       False) + [test])


def generate(tree: str, p: Dict[str, str]) -> Dict[str, Dict]:
	"""File name -> job."""
	expects = verdict.tests_txt(os.path.join(tree, 'tools/testing/selftests/lkdtm/tests.txt'))
	jobs = {}
	for dev in DEVICES:
		jobs['kselftest-%s.yaml' % dev] = kselftest_job(dev, p)
		suites = [e for e in verdict.expected_suites(
			tree, verdict.kunitconfigs(DEVICES[dev]['arch'])) if e.kind == 'kunit']
		jobs['kunit-%s.yaml' % dev] = kunit_job(dev, p, kunit_cases(tree, suites))
		if DEVICES[dev]['device_type'] != 'qemu':
			continue
		for row in verdict.crash_types(os.path.join(WB, 'crash.tsv')):
			jobs['lkdtm-%s-%s.yaml' % (row[0], dev)] = lkdtm_job(dev, p, row[0],
									     expects.get(row[0], ''))
	return jobs


def write(jobs: Dict[str, Dict], out: str) -> None:
	os.makedirs(out, exist_ok=True)
	for name, j in sorted(jobs.items()):
		with open(os.path.join(out, name), 'w') as f:
			f.write('# Generated by workbench/lava.py; do not edit.\n')
			yaml.safe_dump(j, f, sort_keys=False, default_flow_style=False, width=4096)


def main(argv: Sequence[str]) -> int:
	ap = argparse.ArgumentParser(prog='lava.py', description='Write the LAVA jobs.')
	ap.add_argument('--tree', default=os.environ.get('TREE') or
			os.path.join(os.path.dirname(WB), 'work', 'linux'))
	ap.add_argument('--out', help='write the jobs here')
	ap.add_argument('--golden', metavar='DIR', help='the jobs with the example parameters')
	for k in ('kernel_url', 'rootfs_url', 'kselftest_url', 'dtb_url', 'board', 'testdefs'):
		ap.add_argument('--' + k.replace('_', '-'), dest=k)
	args = ap.parse_args(argv)
	if args.golden:
		p, out = dict(EXAMPLE), args.golden
	else:
		p = {k: getattr(args, k) or '' for k in EXAMPLE}
		p['testdefs'] = p['testdefs'] or TESTDEFS
		p['board'] = p['board'] or EXAMPLE['board']
		missing = [k for k in ('kernel_url', 'rootfs_url', 'kselftest_url', 'dtb_url')
			   if not p[k]]
		if missing or not args.out:
			print('mm-errors: error: say --out and where the lab downloads the artefacts: %s '
			      '(templates; {arch} is x86_64 or arm64, {image} bzImage or Image)'
			      % ', '.join('--' + m.replace('_', '-') for m in missing), file=sys.stderr)
			return 2
		out = args.out
	try:
		verdict.use_kunit_parser(args.tree)
		write(generate(args.tree, p), out)
	except (OSError, RuntimeError) as e:
		print('mm-errors: error: %s' % e, file=sys.stderr)
		return 2
	return 0


if __name__ == '__main__':
	sys.exit(main(sys.argv[1:]))
