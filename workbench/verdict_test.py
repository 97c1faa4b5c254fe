#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Tests for verdict.py, in the manner of tools/testing/kunit/kunit_tool_test.py:
# each verdict on a small log written the way the kernel writes it.
#   verdict_test.py [TREE]   (TREE: the kernel tree whose kunit_parser.py is
#                             used; default $TREE, else work/linux)

import contextlib
import io
import os
import re
import sys
import tempfile
import unittest
from typing import List

import verdict

KUNIT_GREEN = '''\
[    0.100000] KTAP version 1
[    0.100000] 1..2
[    0.100000]     KTAP version 1
[    0.100000]     # Subtest: alpha
[    0.100000]     1..2
[    0.100000]     ok 1 alpha_one
[    0.100000]     ok 2 alpha_two # SKIP not on this arch
[    0.112000] ok 1 alpha
[    0.112000]     KTAP version 1
[    0.112000]     # Subtest: beta
[    0.112000]     1..1
[    0.112000]         KTAP version 1
[    0.112000]         # Subtest: beta_param
[    0.112000]         ok 1 p0
[    0.112000]         ok 2 p1
[    0.112000]     # beta_param: pass:2 fail:0 skip:0 total:2
[    0.112000]     ok 1 beta_param
[    0.130000] ok 2 beta
'''

KSFT = '''\
TAP version 13
1..2
# timeout set to 45
# selftests: t: first
# TAP version 13
# 1..2
# # Starting 2 tests from 1 test cases.
# ok 1 fix.one
# ok 2 fix.two # SKIP needs root
ok 1 selftests: t: first
# selftests: t: second
# TAP version 13
# 1..1
# ok 1 fix.three
not ok 2 selftests: t: second # TIMEOUT 45 seconds
'''


def lines(text: str) -> List[str]:
	return text.splitlines(keepends=True)


class KunitTest(unittest.TestCase):
	def test_green_counts_and_times(self) -> None:
		res = verdict.parse_kunit(lines(KUNIT_GREEN))
		self.assertEqual(res['alpha'].cell(), '1/0/1 12 ms')
		self.assertEqual(res['beta'].cell(), '2/0/0 18 ms')
		self.assertTrue(res['alpha'].green and res['beta'].green)

	def test_failed_case_is_red_with_its_log(self) -> None:
		text = KUNIT_GREEN.replace('    ok 1 alpha_one', '    # alpha_one: EXPECTATION FAILED at x.c:1\n'
					   '[    0.100000]     not ok 1 alpha_one')
		text = text.replace('ok 1 alpha\n', 'not ok 1 alpha\n')
		res = verdict.parse_kunit(lines(text))
		self.assertFalse(res['alpha'].green)
		self.assertEqual(res['alpha'].red, ['alpha.alpha_one'])
		self.assertEqual(res['alpha'].failed, 1)
		self.assertIn('# alpha_one: EXPECTATION FAILED at x.c:1', res['alpha'].log)

	def test_failed_parameter_is_red(self) -> None:
		text = KUNIT_GREEN.replace('ok 2 p1', 'not ok 2 p1')
		res = verdict.parse_kunit(lines(text))
		self.assertEqual(res['beta'].red, ['beta.beta_param.p1'])

	def test_crash_mid_suite(self) -> None:
		cut = KUNIT_GREEN.split('[    0.112000]     KTAP version 1')[0]
		crashed = cut.replace('ok 1 alpha\n', 'BUG: kernel NULL pointer dereference\n')
		v = verdict.judge_kunit([verdict.Expected('alpha', 'kunit'),
					 verdict.Expected('beta', 'kunit')], lines(crashed), {})
		self.assertFalse(v.green)
		self.assertFalse(v.results[1].ran)
		self.assertIn('beta: did not run or crashed', v.red())
		self.assertTrue(any('NULL pointer' in r for r in v.red()))

	def test_missing_expected_suite(self) -> None:
		v = verdict.judge_kunit([verdict.Expected('gamma', 'kunit')], lines(KUNIT_GREEN), {})
		self.assertEqual(v.red()[0], 'gamma: did not run or crashed')
		# The suites that ran unexpectedly are judged and shown too.
		self.assertEqual([r.name for r in v.results], ['gamma', 'alpha', 'beta'])

	def test_no_log_at_all(self) -> None:
		v = verdict.judge_kunit([verdict.Expected('alpha', 'kunit')], None, {})
		self.assertFalse(v.green)

	def test_warning_during_tests_is_red(self) -> None:
		text = KUNIT_GREEN.replace('[    0.112000] ok 1 alpha',
					   '[    0.110000] WARNING: CPU: 0 PID: 1 at mm/vmalloc.c:3985\n'
					   '[    0.112000] ok 1 alpha')
		v = verdict.judge_kunit([verdict.Expected('alpha', 'kunit')], lines(text), {})
		self.assertEqual(v.bad_log, ['WARNING: CPU: 0 PID: 1 at mm/vmalloc.c:3985'])
		self.assertFalse(v.green)

	def test_warning_in_73_format_is_red(self) -> None:
		text = KUNIT_GREEN.replace('[    0.112000] ok 1 alpha',
					   '[    0.110000] WARNING: ../../linux/mm/vmalloc.c:3985 at '
					   '__vmalloc_noprof+0x64/0x80, CPU#0: swapper/0/1\n'
					   '[    0.112000] ok 1 alpha')
		v = verdict.judge_kunit([verdict.Expected('alpha', 'kunit')], lines(text), {})
		self.assertEqual(len(v.bad_log), 1)

	def test_warning_before_tests_is_not_ours(self) -> None:
		text = '[    0.010000] WARNING: CPU: 0 PID: 1 at boot\n' + KUNIT_GREEN
		v = verdict.judge_kunit([], lines(text), {})
		self.assertTrue(v.green)


class AllTestsTest(unittest.TestCase):
	"""A KUNIT_ALL_TESTS run (nommu): only the expected suites' lines count."""
	def test_warning_in_another_suite_is_not_ours(self) -> None:
		text = KUNIT_GREEN.replace('[    0.112000] ok 2 beta'.replace('2 beta', '1 alpha'),
					   '[    0.110000] WARNING: lib/math/int_log.c:63 at intlog2\n'
					   '[    0.112000] ok 1 alpha')
		v = verdict.judge_kunit([verdict.Expected('beta', 'kunit')], lines(text), {},
					all_tests=True)
		self.assertEqual(v.bad_log, [])
		self.assertTrue(v.green, v.red())
		self.assertEqual([r.name for r in v.results],
				 ['beta', 'the other 1 suites KUNIT_ALL_TESTS built (ran to the end)'])
		self.assertEqual(v.results[1].cell(), '1/0/1 12 ms'.split()[0])
		# The same warning inside an expected suite is red.
		v = verdict.judge_kunit([verdict.Expected('alpha', 'kunit')], lines(text), {},
					all_tests=True)
		self.assertEqual(len(v.bad_log), 1)

	def test_run_cut_short(self) -> None:
		cut = KUNIT_GREEN.split('[    0.112000]     KTAP version 1')[0]
		v = verdict.judge_kunit([verdict.Expected('alpha', 'kunit')], lines(cut), {},
					all_tests=True)
		self.assertFalse(v.green)
		self.assertIn('the run stopped after 1 of 2 suites', v.red())


class CompileTest(unittest.TestCase):
	LOG = 'PASS a-ok\nFAIL b-bad: compiled\n    x.c:1: error\nSKIP c-other\nPASS d\n'

	def test_counts_and_failure_log(self) -> None:
		r = verdict.parse_compile(lines(self.LOG), 'fix (compile)')
		self.assertEqual((r.passed, r.failed, r.skipped), (2, 1, 1))
		self.assertEqual(r.red, ['fix (compile).b-bad'])
		self.assertEqual(r.log, ['FAIL b-bad: compiled', '    x.c:1: error'])

	def test_empty_log_did_not_run(self) -> None:
		v = verdict.judge_kunit([verdict.Expected('fix (compile)', 'compile', 'x')],
					lines(KUNIT_GREEN), {'fix (compile)': []})
		self.assertEqual(v.red()[0], 'fix (compile): did not run or crashed')

	def test_missing_log_did_not_run(self) -> None:
		v = verdict.judge_kunit([verdict.Expected('fix (compile)', 'compile', 'x')],
					lines(KUNIT_GREEN), {})
		self.assertFalse(v.green)


class KselftestTest(unittest.TestCase):
	def test_binaries(self) -> None:
		res = verdict.parse_kselftest(lines(KSFT))
		self.assertEqual(res['t/first'].cell(), '1/0/1')
		self.assertTrue(res['t/first'].green)
		# Every case passed, but the runner killed it.
		self.assertEqual(res['t/second'].cell(), '1/0/0')
		self.assertEqual(res['t/second'].red, ['t/second: not ok # TIMEOUT 45 seconds'])

	def test_root_must_not_skip(self) -> None:
		res = verdict.parse_kselftest(lines(KSFT), allow_skip=None)
		self.assertFalse(res['t/first'].green)

	def test_skips_by_reason(self) -> None:
		reason = re.search(r'# SKIP ?(.*)', KSFT).group(1)
		res = verdict.parse_kselftest(lines(KSFT), allow_skip=re.escape(reason[:4]))
		self.assertTrue(res['t/first'].green)
		res = verdict.parse_kselftest(lines(KSFT), allow_skip='no swap')
		self.assertFalse(res['t/first'].green)

	def test_failed_case(self) -> None:
		text = KSFT.replace('# ok 1 fix.one', '# # x.c:10:one:Expected 1 (1) == 2 (2)\n'
				    '# not ok 1 fix.one').replace('ok 1 selftests: t: first',
								  'not ok 1 selftests: t: first # exit=1')
		r = verdict.parse_kselftest(lines(text))['t/first']
		self.assertEqual(r.failed, 1)
		self.assertEqual(r.red[0], 't/first.fix.one')
		self.assertIn('# x.c:10:one:Expected 1 (1) == 2 (2)', r.log)

	def test_binary_cut_short(self) -> None:
		res = verdict.parse_kselftest(lines(KSFT.split('# selftests: t: second')[0]))
		self.assertNotIn('t/second', res)

	def test_vm_passes(self) -> None:
		with tempfile.TemporaryDirectory() as d:
			with open(os.path.join(d, 'kselftest-list.txt'), 'w') as f:
				f.write('t:first\nt:second\nt:third\n')
			for who in ('root', 'nobody', 'root-swap'):
				with open(os.path.join(d, who + '.tap'), 'w') as f:
					f.write(KSFT)
			with open(os.path.join(d, 'dmesg.log'), 'w') as f:
				f.write('[    1.0] Oops: general protection fault\n')
			# root left everything as it was, nobody did not, and the
			# swap pass's state never came.
			with open(os.path.join(d, 'state-root.tap'), 'w') as f:
				f.write('')
			with open(os.path.join(d, 'state-nobody.tap'), 'w') as f:
				f.write('-vm/overcommit_memory 0\n+vm/overcommit_memory 1\n')
			v = verdict.judge_vm(d, ['root', 'nobody', 'root-swap'])
		names = [r.name for r in v.results if not r.green]
		state = 'sysctls and cgroups as before (vm, %s)'
		self.assertEqual(names, ['t/first (vm, root)', 't/second (vm, root)',
					 't/third (vm, root)', 't/second (vm, nobody)',
					 't/third (vm, nobody)', state % 'nobody',
					 't/first (vm, root, swap)',
					 't/second (vm, root, swap)', 't/third (vm, root, swap)',
					 state % 'root, swap'])
		self.assertEqual(v.results[-5].red, [state % 'nobody' + ': -vm/overcommit_memory 0',
						     state % 'nobody' + ': +vm/overcommit_memory 1'])
		self.assertEqual(v.bad_log, ['Oops: general protection fault'])

	def test_32bit_skips(self) -> None:
		"""A 32-bit root pass may skip what needs swap or more address
		space than it has, and nothing else."""
		allow = dict((p[0], p[2]) for p in verdict.VM_PASSES)['root32']
		tap = KSFT.replace('# ok 1 fix.one', '# ok 1 fix.one # SKIP no free range of '
				   '3221225472 bytes in this 32-bit process')
		found = verdict.parse_kselftest(lines(tap), allow)
		self.assertEqual(found['t/first'].red,
				 ['t/first: skipped in a pass that may skip only "%s": needs root' % allow])
		found = verdict.parse_kselftest(lines(tap.replace('needs root', 'no swap (SwapTotal 0 kB)')),
						allow)
		self.assertEqual(found['t/first'].red, [])


	def test_only_some_passes(self) -> None:
		with tempfile.TemporaryDirectory() as d:
			with open(os.path.join(d, 'kselftest-list.txt'), 'w') as f:
				f.write('t:first\n')
			with open(os.path.join(d, 'nobody.tap'), 'w') as f:
				f.write(KSFT)
			with open(os.path.join(d, 'state-nobody.tap'), 'w') as f:
				f.write('\n')
			v = verdict.judge_vm(d, ['nobody'])
		self.assertEqual([(r.name, r.green) for r in v.results],
				 [('t/first (vm, nobody)', True),
				  ('sysctls and cgroups as before (vm, nobody)', True)])


MODULES_TAP = '''\
MM-ERRORS-VM-BEGIN modules
load alpha_kunit rc=0
suite alpha_kunit alpha
unload alpha_kunit rc=0
load beta_kunit rc=1
unload beta_kunit rc=1
left beta_kunit slab cache beta_cache
'''


class ModuleTest(unittest.TestCase):
	def judge(self, build_log: List[str]) -> verdict.Verdict:
		exp = [verdict.Expected('alpha', 'kunit', module='alpha_kunit'),
		       verdict.Expected('beta', 'kunit', module='beta_kunit')]
		with tempfile.TemporaryDirectory() as d:
			with open(os.path.join(d, 'modules.tap'), 'w') as f:
				f.write(MODULES_TAP)
			with open(os.path.join(d, 'kunit-alpha.tap'), 'w') as f:
				f.write(KUNIT_GREEN.split('[    0.112000]     KTAP')[0])
			with open(os.path.join(d, 'kmemleak.tap'), 'w') as f:
				f.write('unreferenced object 0xffff888003 (size 64):\n  comm "modprobe"\n')
			return verdict.judge_modules(exp, d, build_log)

	def test_suites_load_unload_leftovers(self) -> None:
		v = self.judge([])
		self.assertEqual([(r.name, r.green) for r in v.results],
				 [('alpha (module)', True), ('beta (module)', False),
				  ('alpha_kunit.ko (modprobe, rmmod)', True),
				  ('beta_kunit.ko (modprobe, rmmod)', False), ('modpost', True),
				  ('kmemleak (kselftests)', False)])
		self.assertIn('beta_kunit.ko (modprobe, rmmod): modprobe rc=1', v.red())
		self.assertIn('beta_kunit.ko (modprobe, rmmod): left behind: slab cache beta_cache',
			      v.red())
		self.assertIn('kmemleak (kselftests): unreferenced object 0xffff888003 (size 64):',
			      v.red())

	def test_modpost_warning_is_red(self) -> None:
		v = self.judge(['WARNING: modpost: missing MODULE_DESCRIPTION() in x.o'])
		self.assertIn('modpost: WARNING: modpost: missing MODULE_DESCRIPTION() in x.o',
			      v.red())

	def test_no_module_pass(self) -> None:
		v = verdict.judge_modules([verdict.Expected('alpha', 'kunit', module='alpha_kunit')],
					  None)
		self.assertEqual(v.red(), ['alpha (module): did not run or crashed',
					   'alpha_kunit.ko (modprobe, rmmod): did not run or crashed'])


	LEAK = ['unreferenced object 0xffff888003b34c80 (size 200):\n',
		'  backtrace (crc b8b4bdba):\n', '    kmem_cache_alloc_noprof+0x39d/0x590\n',
		'    0xffffffffc0200e97\n', '    kunit_try_run_case+0x1ab/0x490\n']

	def test_leak_on_purpose_is_green(self) -> None:
		saved = verdict.module_function
		verdict.module_function = lambda bdir, mod, bases, addr: \
			'test_leak_destroy' if addr - bases[0] == 0xe97 else ''
		try:
			r = verdict.judge_kmemleak('k', self.LEAK * 2, 'slub_kunit', [0xffffffffc0200000])
			self.assertTrue(r.green)
			self.assertIn('2 objects leaked on purpose by test_leak_destroy', r.log[0])
			r = verdict.judge_kmemleak('k', self.LEAK, 'other_kunit', [0xffffffffc0200000])
			self.assertEqual(r.red, ['k: unreferenced object 0xffff888003b34c80 (size 200): '
						 '(in test_leak_destroy)'])
		finally:
			verdict.module_function = saved

	def test_leak_that_cannot_be_placed_is_red(self) -> None:
		r = verdict.judge_kmemleak('k', self.LEAK, 'slub_kunit', [0xffffffffc0200000])
		self.assertFalse(r.green)


class TeardownTest(unittest.TestCase):
	TAP = '''\
# fx.one: 40 system call stops
ok 1 - fx.one: killed at system call stop 3 of 40 (state changed when killed)
ok 2 - fx.one: ended before the kill at system call stop 39 of 40
# fx: 2 runs, 1 killed, 1 of them while the state was changed, 0 not restored
# gx.two: 9 system call stops
not ok 1 - gx.two: killed at system call stop 4 of 9: not restored: /proc/sys/vm/x
# gx: 1 runs, 1 killed, 0 of them while the state was changed, 1 not restored
'''

	def test_runs(self) -> None:
		v = verdict.judge_teardown(lines(self.TAP))
		self.assertEqual([(r.name, r.passed, r.failed, r.skipped, r.green) for r in v.results],
				 [('fx (SIGKILL, teardown)', 1, 0, 1, True),
				  ('gx (SIGKILL, teardown)', 0, 1, 0, False)])

	def test_cut_short(self) -> None:
		v = verdict.judge_teardown(lines(self.TAP.split('# fx: 2 runs')[0]))
		self.assertFalse(v.green)


class CrashTest(unittest.TestCase):
	CONSOLE = ('lkdtm: Performing direct entry WRITE_RO\n'
		   'BUG: unable to handle page fault for address: ffffc90000010000\n'
		   '#PF: supervisor write access in kernel mode\n'
		   'BUG lkdtm-heap-poison (Not tainted): Object corrupt\n')

	def test_expected_texts_in_order(self) -> None:
		r = verdict.judge_crash(lines(self.CONSOLE), 'WRITE_RO',
					['Performing direct entry', '#PF: supervisor write access'])
		self.assertTrue(r.green)

	def test_two_texts_in_one_line(self) -> None:
		r = verdict.judge_crash(lines(self.CONSOLE), 'X', ['BUG lkdtm-heap-poison (',
								   'Object corrupt'])
		self.assertTrue(r.green)
		r = verdict.judge_crash(lines(self.CONSOLE), 'X', ['Object corrupt',
								   'BUG lkdtm-heap-poison ('])
		self.assertFalse(r.green)

	def test_missing_text(self) -> None:
		r = verdict.judge_crash(lines(self.CONSOLE), 'WRITE_RO',
					['#PF: supervisor write access', 'Performing direct entry'])
		self.assertFalse(r.green)
		self.assertEqual(r.red, ['WRITE_RO: no "Performing direct entry" in the log'])

	def test_lkdtm_fail_is_red(self) -> None:
		text = self.CONSOLE + '[    1.0] lkdtm: FAIL: survived bad write\n'
		r = verdict.judge_crash(lines(text), 'WRITE_RO', ['Performing direct entry'])
		self.assertEqual(r.red, ['WRITE_RO: lkdtm: FAIL: survived bad write'])

	def test_crash_dir(self) -> None:
		with tempfile.TemporaryDirectory() as d:
			table = os.path.join(d, 'crash.tsv')
			with open(table, 'w') as f:
				f.write('# comment\nWRITE_RO\tPerforming direct entry WRITE_RO\n'
					'OTHER\tanything\n')
			with open(os.path.join(d, 'WRITE_RO.log'), 'w') as f:
				f.write(self.CONSOLE)
			v = verdict.judge_crashes(d, table)
		self.assertEqual([(r.name, r.green) for r in v.results],
				 [('WRITE_RO (crash)', True), ('OTHER (crash)', False)])
		self.assertEqual(v.red(), ['OTHER (crash): did not run or crashed'])


class RunShTest(unittest.TestCase):
	"""tests.txt lines judged as selftests/lkdtm/run.sh judges them."""
	POISON = 'x\n[    0.4] [Poison overwritten] 0x...-0x... @offset=8\n'
	OTHER = 'Linux version 7.3\nlkdtm: Performing direct entry WRITE_RO\n'

	def judge(self, tests: str) -> List:
		with tempfile.TemporaryDirectory() as d:
			for name, text in (('tests.txt', tests), ('crash.tsv', 'POISON\tx\nOTHER\tx\n'),
					   ('POISON.log', self.POISON), ('OTHER.log', self.OTHER)):
				with open(os.path.join(d, name), 'w') as f:
					f.write(text)
			v = verdict.judge_crashes(d, os.path.join(d, 'crash.tsv'),
						  os.path.join(d, 'tests.txt'))
		return [(r.name, r.green) for r in v.results if r.name.endswith('(run.sh)')]

	def test_extended_regex_ignoring_case(self) -> None:
		self.assertEqual(self.judge('POISON poison overwritten\n#OTHER x\n'),
				 [('POISON (run.sh)', True)])
		self.assertEqual(self.judge('POISON Poison over.*@offset\n'),
				 [('POISON (run.sh)', True)])

	def test_bracket_is_a_character_class(self) -> None:
		# "[Poison overwritten]" matches any log with one of its letters.
		self.assertEqual(self.judge('POISON [Poison overwritten]\n'),
				 [('POISON (run.sh)', False)])

	def test_missing_text_and_default(self) -> None:
		self.assertEqual(self.judge('POISON Object corrupt\n'), [('POISON (run.sh)', False)])
		# No text: run.sh expects a call trace, and there is none.
		self.assertEqual(self.judge('OTHER\n'), [('OTHER (run.sh)', False)])


class CommandLineTest(unittest.TestCase):
	def test_exit_codes_and_json(self) -> None:
		with tempfile.TemporaryDirectory() as d:
			with open(os.path.join(d, 'T.log'), 'w') as f:
				f.write(CrashTest.CONSOLE)
			for name, text in (('green', '#PF:'), ('red', 'kernel BUG at')):
				with open(os.path.join(d, name + '.tsv'), 'w') as f:
					f.write('T\t%s\n' % text)
			out = os.path.join(d, 'v.json')
			with contextlib.redirect_stdout(io.StringIO()), \
			     contextlib.redirect_stderr(io.StringIO()):
				self.check_exit_codes(d, out)
			with open(out) as f:
				self.assertIn('"green": true', f.read())

	def check_exit_codes(self, d: str, out: str) -> None:
		green, red = os.path.join(d, 'green.tsv'), os.path.join(d, 'red.tsv')
		self.assertEqual(verdict.main(['--json', out, 'crash', d, '--table', green]), 0)
		self.assertEqual(verdict.main(['crash', d, '--table', red]), 1)
		self.assertEqual(verdict.main(['crash', os.path.join(d, 'none'), '--table', red]), 1)
		self.assertEqual(verdict.main(['crash', d, '--table', os.path.join(d, 'no')]), 2)


class StageTest(unittest.TestCase):
	"""Each stage writes its verdict; report.py only lays them out."""

	def run_report(self, d: str):
		import report  # pylint: disable=import-outside-toplevel
		out = io.StringIO()
		with contextlib.redirect_stdout(out):
			rc = report.main([d, d])
		return rc, out.getvalue()

	def test_begin_is_red_until_the_stage_ends(self) -> None:
		with tempfile.TemporaryDirectory() as d:
			f = os.path.join(d, 'docs.json')
			with open(os.path.join(d, 'order'), 'w') as o:
				o.write('docs.json\n')
			self.assertEqual(verdict.main(['--json', f, '--stage', 'docs', 'begin']), 0)
			rc, text = self.run_report(d)
			self.assertEqual(rc, 1)
			self.assertIn('FAILED: docs: did not run or crashed', text)
			with contextlib.redirect_stdout(io.StringIO()):
				self.assertEqual(verdict.main(['--json', f, '--stage', 'docs', 'stage', '0']), 0)
			self.assertEqual(self.run_report(d)[0], 0)
			with contextlib.redirect_stdout(io.StringIO()):
				self.assertEqual(verdict.main(['--json', f, '--stage', 'docs', 'stage', '2']), 1)
			self.assertIn('FAILED: docs: exit code 2', self.run_report(d)[1])

	def test_a_bad_line_is_printed_once(self) -> None:
		"""The module pass and the kselftests of one VM share its kernel
		log: its bad line is one line of the report, in one column."""
		with tempfile.TemporaryDirectory() as d:
			with open(os.path.join(d, 'kselftest-list.txt'), 'w') as f:
				f.write('t:first\n')
			with open(os.path.join(d, 'passes'), 'w') as f:
				f.write('modules nobody\n')
			with open(os.path.join(d, 'nobody.tap'), 'w') as f:
				f.write(KSFT)
			with open(os.path.join(d, 'state-nobody.tap'), 'w') as f:
				f.write('\n')
			with open(os.path.join(d, 'modules.tap'), 'w') as f:
				f.write(MODULES_TAP.split('load beta')[0])
			with open(os.path.join(d, 'kunit-alpha.tap'), 'w') as f:
				f.write(KUNIT_GREEN.split('[    0.112000]     KTAP')[0])
			with open(os.path.join(d, 'dmesg.log'), 'w') as f:
				f.write('[    1.0] WARNING: CPU: 0 PID: 1 at mm/slub.c:1 x\n')
			saved = verdict.expected_suites
			verdict.expected_suites = lambda *a, **k: [
				verdict.Expected('alpha', 'kunit', module='alpha_kunit')]
			try:
				v = verdict.judge_vm_stage('', 'x86_64', d, build_dir=d, build_log=[])
			finally:
				verdict.expected_suites = saved
			v.stage, v.arch = 'vm', 'x86_64'
			with open(os.path.join(d, 'vm.x86_64.json'), 'w') as f:
				f.write(__import__('json').dumps(v.to_json()))
			with open(os.path.join(d, 'order'), 'w') as f:
				f.write('vm.x86_64.json\n')
			rc, text = self.run_report(d)
		self.assertEqual(rc, 1)
		self.assertEqual([r.name for r in v.results],
				 ['alpha (module)', 'alpha_kunit.ko (modprobe, rmmod)', 'modpost',
				  't/first (vm, nobody)', 'sysctls and cgroups as before (vm, nobody)'])
		self.assertEqual(text.count('WARNING: CPU: 0 PID: 1'), 1)
		self.assertIn('| alpha                ', text.replace('(m)', ''))
		self.assertRegex(text, r'\| kernel log +\| 1 bad lines +\|')


if __name__ == '__main__':
	tree = sys.argv.pop(1) if len(sys.argv) > 1 and not sys.argv[1].startswith('-') else \
		os.environ.get('TREE') or os.path.join(os.path.dirname(verdict.WB), 'work', 'linux')
	verdict.use_kunit_parser(tree)
	unittest.main()
