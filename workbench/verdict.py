#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# The one place where the workbench decides what passed: every run (make
# run, make check, each mutant, the module and crash passes) is judged here.
#
#   verdict.py [--tree TREE] [--json FILE] kunit ARCH LOG [--build-dir DIR]
#   verdict.py [--tree TREE] [--json FILE] kselftest DIR
#   verdict.py [--tree TREE] [--json FILE] vm ARCH DIR [--build-dir DIR]
#   verdict.py [--tree TREE] [--json FILE] crash DIR [--table FILE] [--tests FILE]
#   verdict.py --json FILE --stage NAME [--arch ARCH] begin | stage RC [LOG]
#
# TREE is the kernel tree that was built (default: $TREE, else the
# workbench's work/linux).
#
# Each prints what is red, one line each, writes the results as JSON if
# asked, and exits 0 when everything expected ran and is green, 1 when
# something is red and 2 on bad input. A stage of make run writes its
# verdict as $OUT/verdicts/<stage>.json (lib.sh's stage_begin and
# stage_end): begin writes a red one at its start, which the stage's own
# replaces when it ends; stage turns a check's exit code into one.
#
# KTAP (KUnit's, and the TAP inside a kselftest run) is read with the
# kernel's own tools/testing/kunit/kunit_parser.py, from the tree under
# test. The suites a run must contain are declared once, by the series'
# kunitconfigs (expected_suites()).

import argparse
import dataclasses
import json
import os
import re
import subprocess
import sys
from typing import Dict, Iterable, List, Optional, Sequence

WB = os.path.dirname(os.path.abspath(__file__))

# Lines that must never appear in the kernel log of a test run. 7.3 prints
# a warning as "WARNING: <file>:<line> at <function>, CPU#<n>: ...", older
# kernels as "WARNING: CPU: <n> PID: ...": both start "WARNING: ".
BAD_LOG = re.compile(r'(kernel BUG at|BUG: |Oops|WARNING: |Kernel panic|UBSAN:|KASAN:)')
PRINTK_TIME = re.compile(r'^\[\s*(\d+\.\d+)\]\s?(.*)$')
SUBTEST = re.compile(r'^    # Subtest: (\S+)$')
TOP_RESULT = re.compile(r'^(?:not )?ok \d+ (\S+)')
# run_kselftest.sh: "# selftests: <target>: <binary>", the binary's own TAP
# prefixed with "# ", then "[not ]ok N selftests: <target>: <binary>".
KSFT_START = re.compile(r'^# selftests: (\S+): (\S+)$')
KSFT_END = re.compile(r'^(not ok|ok) \d+ selftests: (\S+): (\S+)(.*)$')
# A negative compile test's log: one "PASS|FAIL|SKIP <case>..." line per
# case, a FAIL followed by the compiler's output, indented.
COMPILE_LINE = re.compile(r'^(PASS|FAIL|SKIP) (\S+)')


@dataclasses.dataclass
class Result:
	"""What one suite, test binary, compile-test directory or crash type did.

	ran is False when its own result line never came (it did not run, or
	the kernel died under it); red lists what failed, one entry each.
	"""
	name: str
	kind: str
	passed: int = 0
	failed: int = 0
	skipped: int = 0
	ran: bool = False
	ms: Optional[float] = None
	red: List[str] = dataclasses.field(default_factory=list)
	log: List[str] = dataclasses.field(default_factory=list)

	@property
	def green(self) -> bool:
		return self.ran and not self.red

	def cell(self) -> str:
		if not self.ran:
			return 'MISSING'
		ms = ' %.0f ms' % self.ms if self.ms is not None else ''
		return '%d/%d/%d%s' % (self.passed, self.failed, self.skipped, ms)


@dataclasses.dataclass
class Expected:
	"""A suite the series enables: kind is 'kunit' or 'compile'; a compile
	test's log is at log_path in the build directory; module names the
	module a KUnit suite is built as ('' when it is built in); source is
	the suite's file in the tree."""
	name: str
	kind: str
	log_path: str = ''
	module: str = ''
	source: str = ''


@dataclasses.dataclass
class Verdict:
	results: List[Result]
	bad_log: List[str] = dataclasses.field(default_factory=list)
	stage: str = ''
	arch: str = ''

	@property
	def green(self) -> bool:
		return all(r.green for r in self.results) and not self.bad_log

	def red(self) -> List[str]:
		out = []
		for r in self.results:
			if not r.ran:
				out.append('%s: did not run or crashed' % r.name)
			out += r.red
		out += ['kernel log: ' + line for line in self.bad_log]
		return out

	def to_json(self) -> Dict[str, object]:
		return {'stage': self.stage, 'arch': self.arch,
			'green': self.green, 'red': self.red(),
			'results': [dataclasses.asdict(r) for r in self.results],
			'bad_log': self.bad_log}


def use_kunit_parser(tree: str) -> None:
	"""Import kunit_parser from the kernel tree under test."""
	path = os.path.join(tree, 'tools', 'testing', 'kunit')
	if not os.path.exists(os.path.join(path, 'kunit_parser.py')):
		raise FileNotFoundError('no tools/testing/kunit/kunit_parser.py in %s' % tree)
	if path not in sys.path:
		sys.path.insert(0, path)


def _parse_ktap(lines: Iterable[str]):  # -> kunit_parser.Test
	import kunit_parser
	import kunit_printer
	return kunit_parser.parse_run_tests(lines, kunit_printer.null_printer)


def _leaves(test, path: str):  # (kunit_parser.Test, str) -> Iterable
	if not test.subtests:
		yield path, test
	for sub in test.subtests:
		# kunit_parser names a case whose result never came ''.
		yield from _leaves(sub, path + '.' + (sub.name or '<not reached>'))


def _fill(r: Result, test) -> None:
	"""Counts and red cases of r from a kunit_parser.Test and its subtests."""
	from kunit_parser import TestStatus
	for name, leaf in _leaves(test, r.name):
		if leaf is test and test.status == TestStatus.NO_TESTS:
			continue
		if leaf.status == TestStatus.SUCCESS:
			r.passed += 1
		elif leaf.status == TestStatus.SKIPPED:
			r.skipped += 1
		else:
			r.failed += 1
			crashed = leaf.status == TestStatus.TEST_CRASHED
			red = name + (' (crashed)' if crashed else '')
			if red not in r.red:
				r.red.append(red)
			r.log += [l.strip() for l in leaf.log if l.strip()]
	r.ran = test.status != TestStatus.TEST_CRASHED or bool(test.subtests)
	if not test.ok_status() and not r.red:
		r.red.append(r.name + ': not ok')


def parse_kunit(lines: Sequence[str]) -> Dict[str, Result]:
	"""One Result per suite of a KUnit run's console output."""
	res = {}
	for suite in _parse_ktap(lines).subtests:
		r = Result(suite.name, 'kunit')
		_fill(r, suite)
		res[r.name] = r
	for name, ms in suite_times(lines).items():
		if name in res:
			res[name].ms = ms
	return res


def suite_spans(lines: Iterable[str], names: Iterable[str]) -> List[str]:
	"""The KTAP header and the lines of the named suites, from each one's
	"# Subtest:" line to its result line."""
	out, on, want = [], '', set(names)
	for line in lines:
		m = PRINTK_TIME.match(line.rstrip('\n'))
		text = m.group(2) if m else line.rstrip('\n')
		if text.startswith(('KTAP version', '1..')) and not on:
			out.append(line)
			continue
		s = SUBTEST.match(text)
		if s and s.group(1) in want:
			on = s.group(1)
		if on:
			out.append(line)
			e = TOP_RESULT.match(text)
			if e and e.group(1) == on:
				on = ''
	return out


def suite_times(lines: Iterable[str]) -> Dict[str, float]:
	"""In-kernel time of each suite in ms, from the printk timestamps."""
	start, times = {}, {}
	for line in lines:
		m = PRINTK_TIME.match(line.rstrip('\n'))
		if not m:
			continue
		ts, text = float(m.group(1)), m.group(2)
		s = SUBTEST.match(text)
		if s:
			start[s.group(1)] = ts
		e = TOP_RESULT.match(text)
		if e and e.group(1) in start:
			times[e.group(1)] = (ts - start[e.group(1)]) * 1000
	return times


def parse_compile(lines: Iterable[str], name: str) -> Result:
	"""A negative compile test directory's combined log."""
	r = Result(name, 'compile')
	in_fail = False
	for line in lines:
		line = line.rstrip('\n')
		m = COMPILE_LINE.match(line)
		if m:
			r.ran = True
			in_fail = m.group(1) == 'FAIL'
			if m.group(1) == 'PASS':
				r.passed += 1
			elif m.group(1) == 'SKIP':
				r.skipped += 1
			else:
				r.failed += 1
				r.red.append('%s.%s' % (name, m.group(2).rstrip(':')))
				r.log.append(line)
		elif in_fail and line.startswith('    '):
			r.log.append(line)
	return r


SKIP_LINE = re.compile(r'^\s*ok \d+ \S+ # SKIP ?(.*)$')


def parse_kselftest(lines: Iterable[str], allow_skip: Optional[str] = '') -> Dict[str, Result]:
	"""One Result per test binary ("target/binary") of a run_kselftest.sh run.

	A binary's own TAP is read with kunit_parser; its "not ok" line from
	the runner (a timeout, an exit status) is red even when every case
	passed. allow_skip is a regex that every skip reason must match ('':
	any skip); with None (a root pass with swap) a skip is red.
	"""
	res: Dict[str, Result] = {}
	blocks: Dict[str, List[str]] = {}
	cur = None
	for line in lines:
		line = line.rstrip('\n')
		m = KSFT_START.match(line)
		if m:
			cur = m.group(1) + '/' + m.group(2)
			blocks[cur] = []
			continue
		m = KSFT_END.match(line)
		if m and cur == m.group(2) + '/' + m.group(3):
			r = Result(cur, 'kselftest')
			test = _parse_ktap(blocks[cur])
			if test.subtests:
				_fill(r, test)
			r.ran = True
			if m.group(1) == 'not ok':
				r.red.append('%s: %s%s' % (cur, m.group(1), m.group(4)))
			if allow_skip is None and r.skipped:
				r.red.append('%s: %d skipped in a pass that must not skip' % (cur, r.skipped))
			elif allow_skip:
				for l in blocks[cur]:
					sk = SKIP_LINE.match(l)
					if sk and not re.match(allow_skip, sk.group(1)):
						r.red.append('%s: skipped in a pass that may skip only "%s": %s'
							     % (cur, allow_skip, sk.group(1)))
			res[cur] = r
			cur = None
		elif cur is not None and line.startswith('#'):
			blocks[cur].append(line[2:] if line.startswith('# ') else line[1:])
	return res


def bad_log_lines(lines: Iterable[str], after: str = '') -> List[str]:
	"""Kernel-log lines that report a bug, from the first line containing
	after on (the whole log if after is empty)."""
	bad, on = [], not after
	for line in lines:
		m = PRINTK_TIME.match(line.rstrip('\n'))
		text = m.group(2) if m else line.rstrip('\n')
		on = on or after in text
		if on and BAD_LOG.search(text):
			bad.append(text.strip())
	return bad


# LKDTM's own word that a crash type did not do what it should.
CRASH_FAIL = 'lkdtm: FAIL:'


def judge_crash(lines: Iterable[str], name: str, expect: Sequence[str]) -> Result:
	"""A deliberate crash: green when every expected text is in the log, in
	order (as LKDTM's tests.txt asks one text of each crash type), and
	LKDTM printed no "FAIL:"."""
	r = Result(name, 'crash', ran=True)
	want = list(expect)
	tail: List[str] = []
	for line in lines:
		tail = (tail + [line.rstrip('\n')])[-20:]
		if CRASH_FAIL in line:
			r.red.append('%s: %s' % (name, line[line.index(CRASH_FAIL):].strip()))
		while want and want[0] in line:
			line = line[line.index(want[0]) + len(want[0]):]
			want.pop(0)
	if want:
		r.red.append('%s: no "%s" in the log' % (name, want[0]))
	if r.red:
		r.failed = 1
		r.log = tail
	else:
		r.passed = 1
	return r


def crash_types(table: str) -> List[List[str]]:
	"""The rows of workbench/crash.tsv: a crash type, then its texts."""
	rows = []
	for line in read_lines(table) or []:
		if line.strip() and not line.startswith('#'):
			rows.append(line.rstrip('\n').split('\t'))
	if not rows:
		raise OSError('no crash types in %s' % table)
	return rows


def tests_txt(path: str) -> Dict[str, str]:
	"""selftests/lkdtm/tests.txt as run.sh reads it: type -> expectation
	(the text after the first space; commented-out types left out)."""
	out = {}
	for line in read_lines(path) or []:
		line = line.rstrip('\n')
		if line and not line.startswith('#'):
			name, _, expect = line.partition(' ')
			out[name] = expect
	return out


def run_sh_sees(expect: str, lines: Sequence[str]) -> bool:
	"""selftests/lkdtm/run.sh's own check of a log: grep -E -qi "$expect",
	"call trace:" when tests.txt gives no text."""
	p = subprocess.run(['grep', '-E', '-qi', '-e', expect or 'call trace:'],
			   input=''.join(lines), text=True)
	if p.returncode > 1:
		raise RuntimeError('grep -E cannot use the tests.txt expectation %r' % expect)
	return p.returncode == 0


def judge_run_sh(name: str, expect: str, log: Sequence[str],
		 others: Dict[str, Sequence[str]]) -> Result:
	"""A crash type judged as upstream's run.sh judges it: its tests.txt
	expectation matches its own log, and matches none of the other types'
	logs (whole boot logs that lack its text), so that it can fail."""
	r = Result('%s (run.sh)' % name, 'crash', ran=True)
	if not run_sh_sees(expect, log):
		r.red.append('%s (run.sh): missing \'%s\'' % (name, expect or 'call trace:'))
	# Without a text, run.sh expects any call trace: a crash type of that
	# kind is told apart by crash.tsv's texts, not by run.sh.
	for other, lines in sorted(others.items()) if expect else []:
		if run_sh_sees(expect, lines):
			r.red.append('%s (run.sh): \'%s\' also matches the log of %s, which lacks the text'
				     % (name, expect, other))
	if r.red:
		r.failed = 1
	else:
		r.passed = 1
	return r


def judge_crashes(crash_dir: str, table: str = '', tests: str = '') -> Verdict:
	"""Every crash type of the table, from crash_dir/<TYPE>.log (crash.sh),
	and, for each type that the tree's selftests/lkdtm/tests.txt (TESTS)
	lists, run.sh's verdict on the same log."""
	results = []
	rows = crash_types(table or os.path.join(WB, 'crash.tsv'))
	logs = {row[0]: read_lines(os.path.join(crash_dir, row[0] + '.log')) for row in rows}
	for row in rows:
		name = '%s (crash)' % row[0]
		log = logs[row[0]]
		results.append(judge_crash(log, name, row[1:]) if log is not None
			       else Result(name, 'crash'))
	expects = tests_txt(tests) if tests else {}
	for row in rows:
		log = logs[row[0]]
		if row[0] not in expects:
			continue
		if log is None:
			results.append(Result('%s (run.sh)' % row[0], 'crash'))
			continue
		others = {t: l for t, l in logs.items()
			  if t != row[0] and l is not None and expects.get(t) != expects[row[0]]}
		results.append(judge_run_sh(row[0], expects[row[0]], log, others))
	return Verdict(results)


def _lib_sh(script: str) -> List[str]:
	res = subprocess.run(['bash', '-c', '. "$0" && ' + script, os.path.join(WB, 'lib.sh')],
			     capture_output=True, text=True, check=False)
	if res.returncode:
		raise RuntimeError(res.stderr.strip() or 'cannot read workbench/lib.sh')
	return res.stdout.split()


def kunitconfigs(arch: str) -> List[str]:
	"""The kunitconfigs the workbench gives kunit.py on arch (lib.sh)."""
	return _lib_sh('kunitconfigs "%s"' % arch)


def kunitconfig_symbols(tree: str, configs: Sequence[str]) -> List[str]:
	"""The symbols these kunitconfigs set to y or m."""
	symbols: List[str] = []
	for kc in configs:
		path = os.path.join(tree, kc)
		if os.path.isdir(path):
			path = os.path.join(path, '.kunitconfig')
		with open(path) as f:
			symbols += re.findall(r'^(CONFIG_\w+)=[ym]', f.read(), re.M)
	return symbols


def kconfig_depends(tree: str, sym: str) -> List[str]:
	"""The "depends on" expressions of SYM's Kconfig entry in tree."""
	grep = subprocess.run(['git', '-C', tree, 'grep', '-n', '-E',
			       '^(menu)?config %s$' % sym[len('CONFIG_'):], '--', '*Kconfig*'],
			      capture_output=True, text=True, check=False)
	deps: List[str] = []
	for hit in grep.stdout.splitlines():
		path, lineno = hit.split(':')[:2]
		for line in (read_lines(os.path.join(tree, path)) or [])[int(lineno):]:
			if re.match(r'(menu)?config |choice|endmenu|endif|if |menu |source ', line):
				break
			m = re.match(r'\s+depends on\s+(.*)', line)
			if m:
				deps.append(m.group(1).strip())
	return deps


def config_symbols(dot_config: Optional[str], values: str = 'ym') -> set:
	"""The symbols a .config sets to one of values (y, m)."""
	text = ''.join(read_lines(dot_config) or []) if dot_config else ''
	return set(re.findall(r'^(CONFIG_\w+)=[%s]$' % values, text, re.M))


def not_selectable(tree: str, configs: Sequence[str], dot_config: str,
		   arch: str) -> Dict[str, Result]:
	"""On a nommu kernel (ARCH-nommu), which builds what KUNIT_ALL_TESTS
	selects rather than the kunitconfigs: one row per kunitconfig symbol
	that its .config does not have. Green when the symbol's Kconfig entry
	depends on MMU, which such a kernel lacks; red otherwise (the suite
	then stays expected and is MISSING too). Symbol -> row."""
	have = config_symbols(dot_config)
	out = {}
	for sym in kunitconfig_symbols(tree, configs):
		if sym in have:
			continue
		deps = kconfig_depends(tree, sym)
		r = Result('%s not selectable (%s)' % (sym, arch), 'kconfig', ran=True)
		if any(re.search(r'\bMMU\b', d) for d in deps):
			r.passed = 1
			r.log.append('depends on ' + ' && '.join(deps))
		else:
			r.failed = 1
			r.red.append('%s: not in the .config of %s, and its Kconfig entry does not '
				     'depend on MMU' % (sym, arch))
		out[sym] = r
	return out


def suite_blocks(text: str) -> List[str]:
	"""The initialisers of the struct kunit_suite definitions in a C file."""
	return re.findall(r'struct kunit_suite \w+ = \{(.*?)\n\};', text, re.S)


def expected_suites(tree: str, configs: Sequence[str],
		    dot_config: Optional[str] = None,
		    skip: Sequence[str] = ()) -> List[Expected]:
	"""The suites a run with these kunitconfigs must contain: the KUnit
	suites of the objects their symbols enable, and the negative compile
	test directories (subdir-$(CONFIG_...), as lib/test_fortify/). A
	symbol that the build's .config (dot_config) sets to m is a module;
	the symbols in skip are left out (not_selectable())."""
	modular = config_symbols(dot_config, 'm')
	symbols = [s for s in kunitconfig_symbols(tree, configs) if s not in skip]
	out: List[Expected] = []
	for sym in symbols:
		grep = subprocess.run(['git', '-C', tree, 'grep', '-F', '-e', '-$(%s)' % sym,
				       '--', '*Makefile', '*Kbuild'],
				      capture_output=True, text=True, check=False)
		for line in grep.stdout.splitlines():
			mk, _, rule = line.partition(':')
			m = re.match(r'subdir-\$\(%s\)\s*\+=\s*(\S+)' % sym, rule)
			if m:
				sub = m.group(1).rstrip('/')
				name = os.path.basename(sub)
				name = name[len('test_'):] if name.startswith('test_') else name
				log = os.path.join(os.path.dirname(mk), sub,
						   'test_%s.log' % os.path.basename(sub))
				out.append(Expected(name + ' (compile)', 'compile', log))
				continue
			if not rule.startswith('obj-'):
				continue
			for obj in re.findall(r'([\w/-]+)\.o\b', rule.partition('=')[2]):
				src = os.path.join(tree, os.path.dirname(mk), obj + '.c')
				if not os.path.exists(src):
					continue
				with open(src) as f:
					text = f.read()
				for block in suite_blocks(text):
					m = re.search(r'\.name\s*=\s*"([^"]+)"', block)
					if m and m.group(1) not in [e.name for e in out]:
						mod = os.path.basename(obj) if sym in modular else ''
						out.append(Expected(m.group(1), 'kunit', module=mod,
							    source=os.path.relpath(src, tree)))
	return out


def read_lines(path: str) -> Optional[List[str]]:
	try:
		with open(path, errors='replace') as f:
			return f.readlines()
	except OSError:
		return None


def judge_kunit(expected: Sequence[Expected], log: Optional[Sequence[str]],
		compile_logs: Dict[str, Optional[List[str]]],
		modules_dir: Optional[str] = None,
		build_log: Optional[Sequence[str]] = None,
		build_dir: Optional[str] = None,
		all_tests: bool = False) -> Verdict:
	"""A KUnit run: every expected suite ran and is green, the compile tests
	too, and the kernel log from the first test on is clean (the boot is
	not ours: UML warns about virtio PCI, for one). Suites that ran but
	were not expected are judged too. Suites built as modules are judged
	from the module pass of vm.sh in modules_dir (judge_modules); without
	one, they are left to the VM's verdict (judge_vm_stage).

	A run of every test KUNIT_ALL_TESTS selects (all_tests) holds the
	other subsystems' suites, some of which warn on purpose: there the
	kernel log is judged inside the expected suites only, and the others
	count as one row that is green when the run reached its last suite."""
	if all_tests:
		names = {e.name for e in expected}
		# kunit_parser names a suite whose result never came ''.
		found = {n: r for n, r in parse_kunit(log or []).items() if n}
		ran = [r for n, r in found.items() if n not in names]
		top = _parse_ktap(log or [])
		rest = Result('the other %d suites KUNIT_ALL_TESTS built (ran to the end)'
			      % len(ran), 'kunit', passed=sum(r.passed for r in ran),
			      failed=sum(r.failed for r in ran), skipped=sum(r.skipped for r in ran),
			      ran=bool(found) and top.expected_count == len(found))
		if not rest.ran and found:
			rest.red.append('the run stopped after %d of %s suites'
					% (len(found), top.expected_count))
		v = judge_kunit(expected, suite_spans(log or [], names),
				compile_logs, modules_dir, build_log, build_dir)
		v.results = [r for r in v.results if r.name in names or r.kind != 'kunit'] + [rest]
		return v
	found = parse_kunit(log or [])
	results = []
	for e in expected:
		if e.kind == 'compile':
			clog = compile_logs.get(e.name)
			results.append(parse_compile(clog, e.name) if clog is not None
				       else Result(e.name, 'compile'))
		elif not e.module:
			results.append(found.pop(e.name, Result(e.name, 'kunit')))
	results += found.values()
	v = Verdict(results, bad_log_lines(log or [], after='KTAP version'))
	if modules_dir is not None and any(e.module for e in expected):
		m = judge_modules([e for e in expected if e.module], modules_dir, build_log,
				  build_dir)
		v.results += m.results
		v.bad_log += m.bad_log
	return v


# Leaks a test makes on purpose: (module, function) -> why. Each is a
# kmemleak report only when that function is the test's frame of it.
KMEMLEAK_EXPECTED = {
	('slub_kunit', 'test_leak_destroy'):
		'lib/tests/slub_kunit.c destroys a cache that still holds an object, on '
		'purpose; kmem_cache_destroy() then unlinks the cache and returns without '
		'freeing it (mm/slab_common.c)',
}
KMEMLEAK_OBJECT = re.compile(r'^unreferenced object')
KMEMLEAK_RAW_FRAME = re.compile(r'^\s+(0x[0-9a-f]+)$')


def module_function(build_dir: Optional[str], mod: str, bases: Sequence[int],
		    addr: int) -> str:
	"""The function of module MOD at ADDR, which kmemleak printed as a bare
	address because the module was gone by then: ADDR less the .text
	address of one of its loads (BASES), looked up in the .ko of the build
	directory with addr2line. '' when it cannot be told."""
	if not build_dir:
		return ''
	ko = ''
	for line in read_lines(os.path.join(build_dir, 'modules.order')) or []:
		if os.path.basename(line.strip()) == mod + '.o':
			ko = os.path.join(build_dir, line.strip()[:-2] + '.ko')
	names = set()
	for base in set(bases):
		if ko and 0 <= addr - base < 1 << 20:
			out = subprocess.run(['addr2line', '-f', '-e', ko, hex(addr - base)],
					     capture_output=True, text=True, check=False).stdout
			if out and not out.startswith('??'):
				names.add(out.split()[0])
	return names.pop() if len(names) == 1 else ''


def judge_kmemleak(name: str, lines: Sequence[str], mod: str = '',
		   bases: Sequence[int] = (), build_dir: Optional[str] = None) -> Result:
	"""A kmemleak report: every unreferenced object is red, unless its
	first frame in MOD is a function of KMEMLEAK_EXPECTED."""
	r = Result(name, 'module', ran=True)
	entries: List[List[str]] = []
	for line in lines:
		if KMEMLEAK_OBJECT.match(line) or line.startswith('no /sys'):
			entries.append([line.strip()])
		elif entries:
			entries[-1].append(line.rstrip())
	expected: Dict[str, int] = {}
	for e in entries:
		func = ''
		for frame in e[1:]:
			m = KMEMLEAK_RAW_FRAME.match(frame)
			if m:
				func = module_function(build_dir, mod, bases, int(m.group(1), 16))
				break
		if (mod, func) in KMEMLEAK_EXPECTED:
			expected[func] = expected.get(func, 0) + 1
		else:
			r.red.append('%s: %s%s' % (name, e[0], ' (in %s)' % func if func else ''))
			r.log += e
	for func, n in expected.items():
		r.log.append('%d objects leaked on purpose by %s: %s' %
			     (n, func, KMEMLEAK_EXPECTED[(mod, func)]))
	r.passed, r.failed = (0, 1) if r.red else (1, 0)
	return r


MODPOST = re.compile(r'^(WARNING|ERROR): modpost: ')
MODULE_LINE = re.compile(r'^(load|unload|suite|left|text) (\S+) ?(.*)$')


def judge_modules(expected: Sequence[Expected], vm_dir: Optional[str],
		  build_log: Optional[Sequence[str]] = None,
		  build_dir: Optional[str] = None) -> Verdict:
	"""The module pass of vm-init.sh: each module loads with modprobe and
	unloads with rmmod (rc 0), leaves nothing behind, and its suites'
	KTAP, read from debugfs, is green; modpost printed nothing about the
	build (build_log, when given); the VM's kernel log is clean."""
	lines = read_lines(os.path.join(vm_dir, 'modules.tap')) if vm_dir else None
	mods: Dict[str, Result] = {}
	for e in expected:
		mods.setdefault(e.module, Result('%s.ko (modprobe, rmmod)' % e.module, 'module'))
	for line in lines or []:
		m = MODULE_LINE.match(line)
		if not m:
			continue
		what, mod, rest = m.groups()
		r = mods.setdefault(mod, Result('%s.ko (modprobe, rmmod)' % mod, 'module'))
		if what == 'text':
			continue
		if what in ('load', 'unload'):
			if rest != 'rc=0':
				r.red.append('%s: %s %s' % (r.name, 'modprobe' if what == 'load' else 'rmmod', rest))
			r.ran = r.ran or what == 'unload'
		elif what == 'left':
			r.red.append('%s: left behind: %s' % (r.name, rest))
	for r in mods.values():
		r.passed, r.failed = (1, 0) if r.green else (0, 1)
	results: List[Result] = []
	for e in expected:
		name = '%s (module)' % e.name
		ktap = read_lines(os.path.join(vm_dir, 'kunit-%s.tap' % e.name)) if vm_dir else None
		r = parse_kunit(ktap).get(e.name) if ktap else None
		if r is None:
			r = Result(e.name, 'kunit')
		r.name = name
		r.red = [name + x[len(e.name):] if x.startswith(e.name) else x for x in r.red]
		results.append(r)
	results += mods.values()
	if build_log is not None:
		mp = Result('modpost', 'module', ran=True)
		mp.red = ['modpost: ' + l for l in build_log if MODPOST.match(l)]
		mp.passed, mp.failed = (0, 1) if mp.red else (1, 0)
		results.append(mp)
	# debug.sh: kmemleak after each module's rounds, and after everything.
	for mod in mods:
		leaks = read_lines(os.path.join(vm_dir, 'kmemleak-%s.tap' % mod)) if vm_dir else None
		if leaks is not None:
			bases = [int(l.split()[2], 16) for l in lines or []
				 if l.startswith('text %s ' % mod)]
			results.append(judge_kmemleak('kmemleak (%s.ko)' % mod, leaks, mod, bases,
						      build_dir))
	leaks = read_lines(os.path.join(vm_dir, 'kmemleak.tap')) if vm_dir else None
	if leaks is not None:
		results.append(judge_kmemleak('kmemleak (kselftests)', leaks))
	dmesg = read_lines(os.path.join(vm_dir, 'dmesg.log')) if vm_dir else None
	return Verdict(results, bad_log_lines(dmesg or []))


# The passes of vm-init.sh: (file name, row label, skips allowed).
# Per pass, the skips it may have: as root without swap only the cases that
# need swap (the swap pass runs them), and as a 32-bit program also those
# that need more address space than it has; as nobody, and on a host that
# starts in overcommit mode 2, any with a reason; as root with swap none.
NO_SWAP = r'no swap \(SwapTotal 0 kB\)'
VM_PASSES = (('root', 'root', NO_SWAP), ('nobody', 'nobody', ''),
	     ('root32', 'root, 32-bit', NO_SWAP + r'|\d+ bytes do not fit in a 32-bit'
	      r'|no free range of \d+ bytes in this 32-bit process'),
	     ('nobody32', 'nobody, 32-bit', ''),
	     ('root-mode2', 'root, host in mode 2', ''),
	     ('root-swap', 'root, swap', None))


def judge_vm(vm_dir: str, passes: Optional[Sequence[str]] = None) -> Verdict:
	"""The kselftest passes of vm.sh (those named in passes, or in the
	passes file vm.sh wrote, or all of VM_PASSES), every binary of
	kselftest-list.txt in each, and what each left changed; the VM's
	kernel log clean."""
	if passes is None:
		asked = read_lines(os.path.join(vm_dir, 'passes'))
		passes = asked[0].split() if asked else None
	listing = read_lines(os.path.join(vm_dir, 'kselftest-list.txt')) or []
	binaries = [l.strip().replace(':', '/') for l in listing if l.strip()]
	results = []
	if not binaries:
		results.append(Result('kselftests (vm)', 'kselftest'))
	for who, label, allow_skip in VM_PASSES:
		if passes is not None and who not in passes:
			continue
		found = parse_kselftest(read_lines(os.path.join(vm_dir, who + '.tap')) or [],
					allow_skip=allow_skip)
		for b in binaries:
			r = found.pop(b, Result(b, 'kselftest'))
			r.name = '%s (vm, %s)' % (b, label)
			r.red = [r.name + x[len(b):] if x.startswith(b) else x for x in r.red]
			results.append(r)
		results.append(judge_state(label, read_lines(os.path.join(vm_dir, 'state-%s.tap' % who))))
	return Verdict(results, bad_log_lines(read_lines(os.path.join(vm_dir, 'dmesg.log')) or []))


def judge_state(label: str, diff: Optional[Sequence[str]]) -> Result:
	"""What a pass left changed (vm-init.sh's state(): the vm sysctls and
	the cgroups, as "-before"/"+after" lines): nothing."""
	r = Result('sysctls and cgroups as before (vm, %s)' % label, 'state', ran=diff is not None)
	r.red = ['%s: %s' % (r.name, l.strip()) for l in diff or [] if l[:1] in ('-', '+')]
	r.passed, r.failed = (0, 1) if r.red else (1, 0)
	return r


TEARDOWN_RUN = re.compile(r'^(not ok|ok) \d+ - (.*)$')
TEARDOWN_SUM = re.compile(r'^# (\S+): (\d+) runs, (\d+) killed, (\d+) of them while the state was changed')


def judge_teardown(lines: Iterable[str]) -> Verdict:
	"""The teardown pass (bench/proofs/teardown-sigkill.c): per test
	binary, every run ended with the global state back, and the summary
	came. Each test process must really have been killed: a run where
	none was left to kill counts as skipped."""
	results: List[Result] = []
	r: Optional[Result] = None
	for line in lines:
		m = TEARDOWN_RUN.match(line)
		if m:
			if r is None or r.ran:
				r = Result('?', 'teardown')
				results.append(r)
			if m.group(1) == 'not ok':
				r.failed += 1
				r.red.append(m.group(2))
			elif 'killed' in m.group(2):
				r.passed += 1
			else:
				r.skipped += 1
			continue
		m = TEARDOWN_SUM.match(line)
		if m and r is not None and not r.ran:
			r.name = '%s (SIGKILL, teardown)' % os.path.basename(m.group(1))
			r.ran = True
			r.red = ['%s: %s' % (r.name, x) for x in r.red]
	return Verdict(results)


def judge_vm_stage(tree: str, arch: str, vm_dir: str, build_dir: Optional[str] = None,
		   build_log: Optional[Sequence[str]] = None) -> Verdict:
	"""What vm.sh judges when it ends: the kselftest passes it ran
	(judge_vm); with its module pass, the suites the build's .config makes
	modules, their loads and unloads and modpost (judge_modules); with its
	teardown pass, each fixture's SIGKILLs (judge_teardown). The VM's
	kernel log is judged once."""
	asked = read_lines(os.path.join(vm_dir, 'passes'))
	passes = asked[0].split() if asked else None
	v = judge_vm(vm_dir, passes)
	if build_dir and (passes is None or 'modules' in passes):
		exp = [e for e in expected_suites(tree, kunitconfigs(arch),
						  os.path.join(build_dir, '.config')) if e.module]
		if exp:
			v.results = judge_modules(exp, vm_dir, build_log, build_dir).results + v.results
	if passes is not None and 'teardown' in passes:
		v.results += judge_teardown(read_lines(os.path.join(vm_dir, 'teardown.tap')) or []).results
	return v


def judge_stage(name: str, rc: int, log: str = '') -> Verdict:
	"""A check of make check (checkpatch, the robot, the docs build, ...):
	the check decides by its exit code and prints what is wrong itself."""
	r = Result(name, 'stage', ran=True)
	r.passed, r.failed = (1, 0) if rc == 0 else (0, 1)
	if rc:
		r.red.append('%s: exit code %d%s' % (name, rc, ', see ' + log if log else ''))
	return Verdict([r])


def _finish(v: Verdict, json_path: Optional[str], quiet: bool = False) -> int:
	if json_path:
		tmp = json_path + '.tmp'
		with open(tmp, 'w') as f:
			json.dump(v.to_json(), f, indent=1)
		os.replace(tmp, json_path)
	for line in [] if quiet else v.red():
		print(line)
	return 0 if v.green else 1


def main(argv: Sequence[str]) -> int:
	p = argparse.ArgumentParser(prog='verdict.py', description='Judge a test run.')
	p.add_argument('--tree', default=os.environ.get('TREE') or
		       os.path.join(os.path.dirname(WB), 'work', 'linux'),
		       help='the kernel tree that was built')
	p.add_argument('--json', help='write the results here')
	p.add_argument('--stage', default='', help='the stage of make run the verdict is of')
	p.add_argument('--arch', default='', help='the arch whose column its results fill')
	sub = p.add_subparsers(dest='cmd', required=True)
	vm = sub.add_parser('vm', help='vm.sh\'s result directory: every pass it ran')
	vm.add_argument('vm_arch')
	vm.add_argument('dir')
	vm.add_argument('--build-dir', help='the kernel\'s build directory (its modules)')
	vm.add_argument('--build-log', help='the build\'s output, for modpost\'s warnings')
	sub.add_parser('begin', help='a red verdict: the stage has started, not ended')
	st = sub.add_parser('stage', help='a check that decides by its exit code')
	st.add_argument('rc', type=int)
	st.add_argument('log', nargs='?', default='')
	k = sub.add_parser('kunit', help='a kunit.py run: its console log and build directory')
	k.add_argument('arch')
	k.add_argument('log')
	k.add_argument('--build-dir', help='the build directory: its .config, the compile tests\' logs')
	k.add_argument('--modules', help='the vm.sh result directory with the module pass')
	k.add_argument('--build-log', help='the build\'s output, for modpost\'s warnings')
	s = sub.add_parser('kselftest', help='the VM kselftest passes in a vm.sh result directory')
	s.add_argument('dir')
	s.add_argument('--passes', help='judge only these passes (comma-separated: root,nobody)')
	t = sub.add_parser('teardown', help='the teardown pass of vm.sh in DIR (teardown.tap)')
	t.add_argument('dir')
	c = sub.add_parser('crash', help='the crash VM logs of crash.sh in DIR')
	c.add_argument('dir')
	c.add_argument('--table', default='', help='the crash types (default: workbench/crash.tsv)')
	c.add_argument('--tests', default='', help='selftests/lkdtm/tests.txt (default: the tree\'s)')
	args = p.parse_args(argv)
	try:
		if args.cmd == 'kunit':
			use_kunit_parser(args.tree)
			dot_config = os.path.join(args.build_dir, '.config') if args.build_dir else None
			nommu = args.arch.endswith('-nommu')
			if nommu and not dot_config:
				raise RuntimeError('a nommu run is judged by its .config: say --build-dir')
			configs = kunitconfigs(args.arch)
			unsel = not_selectable(args.tree, configs, dot_config, args.arch) if nommu else {}
			exp = expected_suites(args.tree, configs, dot_config,
					      [sym for sym, r in unsel.items() if r.passed])
			logs = {e.name: read_lines(os.path.join(args.build_dir, e.log_path))
				for e in exp if e.kind == 'compile' and args.build_dir}
			v = judge_kunit(exp, read_lines(args.log), logs, args.modules,
					read_lines(args.build_log) if args.build_log else None,
					args.build_dir, all_tests=nommu)
			v.results += unsel.values()
		elif args.cmd == 'vm':
			use_kunit_parser(args.tree)
			v = judge_vm_stage(args.tree, args.vm_arch, args.dir, args.build_dir,
					   read_lines(args.build_log) if args.build_log else None)
		elif args.cmd == 'begin':
			if not args.json or not args.stage:
				raise RuntimeError('begin needs --json and --stage')
			v = Verdict([Result(args.stage, 'stage')])
			v.stage, v.arch = args.stage, args.arch
			_finish(v, args.json, quiet=True)
			return 0
		elif args.cmd == 'stage':
			v = judge_stage(args.stage or 'stage', args.rc, args.log)
		elif args.cmd == 'kselftest':
			use_kunit_parser(args.tree)
			v = judge_vm(args.dir, args.passes.split(',') if args.passes else None)
		elif args.cmd == 'teardown':
			v = judge_teardown(read_lines(os.path.join(args.dir, 'teardown.tap')) or [])
			if not v.results:
				raise RuntimeError('no teardown runs in %s' % args.dir)
		else:
			v = judge_crashes(args.dir, args.table, args.tests or os.path.join(
				args.tree, 'tools/testing/selftests/lkdtm/tests.txt'))
	except (OSError, RuntimeError) as e:
		print('mm-errors: error: %s' % e, file=sys.stderr)
		return 2
	v.stage, v.arch = args.stage, args.arch
	return _finish(v, args.json)


if __name__ == '__main__':
	sys.exit(main(sys.argv[1:]))
