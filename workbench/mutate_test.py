#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Tests for mutate.py: which mutants a line gives, and which it must not.

import unittest

import mutate


def ops(line, is_macro=False):
	code = mutate.mask(line)
	return sorted((op, line[:s] + new + line[e:]) for op, s, e, new in
		      mutate.mutants_of_line(code, is_macro))


class MutateTest(unittest.TestCase):
	def test_condition(self) -> None:
		got = ops('\tif (a < b && c)')
		self.assertIn(('rel', '\tif (a >= b && c)'), got)
		self.assertIn(('logic', '\tif (a < b || c)'), got)
		self.assertIn(('neg', '\tif (!(a < b && c))'), got)

	def test_strings_comments_and_messages_stay(self) -> None:
		self.assertEqual(ops('\tx = 1; /* 2 < 3 */'), [('const', '\tx = 0; /* 2 < 3 */'),
							     ('const', '\tx = 2; /* 2 < 3 */'),
							     ('stmt', '\t; /* 2 < 3 */')])
		# A message keeps its arguments; only the whole statement goes.
		self.assertEqual(ops('\tpr_err("%d < %d\\n", a + 1, b);'), [('stmt', '\t;')])

	def test_message_arguments_and_uninitialized_locals(self) -> None:
		lines = ['static int f(int a)\n', '{\n', '\tint x, *y;\n', '\tstruct ctl_table t;\n',
			 '\tint r = 0;\n',
			 '\tpr_err("%d %d\\n",\n', '\t       a + 1, a - 1);\n',
			 '\tx = g(a);\n', '\tr = x;\n', '\treturn r;\n', '}\n']
		self.assertEqual(mutate.message_lines(lines, 0, 10), {6})
		self.assertEqual(mutate.uninitialized_locals(lines, 2, 10),
				 {'x': True, 'y': True, 't': False})
		# '*p = x;' is code, ' * text' a comment's line.
		self.assertEqual(mutate.mask('\t*p = x;'), '\t*p = x;')
		self.assertEqual(mutate.mask('\t * a < b').strip(), '')

	def test_no_relation_in_arrows_or_shifts(self) -> None:
		got = ops('\tp->x = a << 2;')
		self.assertFalse([o for o in got if o[0] == 'rel'])

	def test_chain_term_dropped(self) -> None:
		got = ops('#define M (A | B | C)', is_macro=True)
		self.assertIn(('term', '#define M (A | C)'), got)
		self.assertIn(('term', '#define M (A | B)'), got)
		self.assertIn(('bit', '#define M (A & B | C)'), got)

	def test_return_and_declarations(self) -> None:
		self.assertEqual([o for o in ops('\treturn a + b;') if o[0] == 'ret'],
				 [('ret', '\treturn 0;'), ('ret', '\treturn 1;')])
		# A declaration is not a statement to remove: it would not compile.
		self.assertFalse([o for o in ops('\tunsigned long x = f(y);') if o[0] == 'stmt'])

	def test_longest_definition(self) -> None:
		lines = ['static inline int f(int a) { return 1; }\n', '\n',
			 'static int f(int a)\n', '{\n', '\treturn a;\n', '}\n']
		self.assertEqual(mutate.span(lines, 'f'), (2, 5))

	def test_classify(self) -> None:
		eq = {('f', 'return 2;'): ('equivalent', 'callers test !f()')}
		c = mutate.classify
		self.assertEqual(c('m', 'um', '1', 'no', 'f', 'return  2;', eq, '/none'),
				 ('equivalent', 'callers test !f()'))
		self.assertEqual(c('m', 'um', '1', 'no', 'f', 'return 0;', eq, '/none'), ('survived', ''))
		self.assertEqual(c('m', 'um', '1', 'yes', 'f', 'return 0;', eq, '/none')[0], 'equivalent')
		self.assertEqual(c('m', 'um', '3', 'no', 'f', 'return 0;', eq, '/none'), ('no build', ''))
		# Killed by the build (no verdict JSON): a compile-time assertion.
		self.assertEqual(c('m', 'um', '0', '-', 'f', 'return 0;', eq, '/none'), ('assertion', ''))


if __name__ == '__main__':
	unittest.main()
