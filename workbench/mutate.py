#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Operator mutants of what the series guards (workbench/mutate.tsv), and
the mutation score of a run of them (mutate.sh).

  mutate.py gen TREE OUTDIR [--only REGEX]
  mutate.py report DIR MUTANTS_DIR
  mutate.py left DIR MUTANTS_DIR

For each function or macro of mutate.tsv in the kernel tree TREE, every
one-line mutant that the classic operators give, each a patch in OUTDIR
(<file>.<symbol>.<n>.patch) that mutant.sh applies, with its mode and what
it changes in its first lines. OUTDIR/index.tsv lists them (patch, mode,
file, symbol, operator, line number, the mutated line or, for stmt,
"removes <the statement>"). Operators, on the code of a line (comments,
strings and the text of messages are masked first):

  rel     < <= > >= == != to its opposite     neg   if/while (C) to (!(C))
  logic   && <-> ||                           arith a + b <-> a - b, a * b <-> a / b
  const   an integer literal +1 and -1        bit   a | b <-> a & b
  term    one term of a | or + chain dropped  stmt  a call or assignment removed
  ret     return X to return 0 and return 1
  zero    x = <call or value> to x = 0, for a local declared without an
          initializer: removing the assignment would leave x undefined

The lines that continue a message's call (its arguments) are not mutated.

Which of them compile is not known here: the runner (mutate.sh) builds
each, and one that does not compile leaves the score, counted.

report reads DIR/patches/index.tsv, DIR/results.tsv (mutate.sh: patch, mode,
mutant.sh's exit code, seconds, whether the object is the baseline's) and
each run's verdict in MUTANTS_DIR (<patch>.<mode>.json), and writes
DIR/report.md and DIR/report.json. A mutant is killed by an assertion when
a test case, compile test, kselftest case or crash text that ran is red;
killed otherwise when only a crash, a hang, a runner's "not ok" or the
kernel's own WARNING went red. Equivalent: its object is the baseline's,
or mutate-equivalent.tsv argues so. score = killed by an assertion /
(all - equivalent - does not compile).
"""

import argparse
import difflib
import json
import math
import os
import re
import sys

WB = os.path.dirname(os.path.abspath(__file__))


def mask(line):
	"""LINE with comments and string/char literals replaced by spaces (same
	length), so that operators never change them; and whether a block
	comment is still open at its end is not tracked: kernel block comments
	that span lines start their lines with ' *'."""
	out = list(line)
	i, n = 0, len(line)
	while i < n:
		c = line[i]
		if line.startswith('//', i):
			out[i:] = ' ' * (n - i)
			break
		if line.startswith('/*', i):
			j = line.find('*/', i + 2)
			j = n if j < 0 else j + 2
			out[i:j] = ' ' * (j - i)
			i = j
			continue
		if c in '"\'':
			j = i + 1
			while j < n and line[j] != c:
				j += 2 if line[j] == '\\' else 1
			j = min(j + 1, n)
			out[i + 1:j - 1] = ' ' * max(0, j - 1 - (i + 1))
			i = j
			continue
		i += 1
	s = ''.join(out)
	stripped = s.lstrip()
	# ' * text' and ' */' are a block comment's lines; '*p = x;' is code.
	if re.match(r'\*(\s|/|$)', stripped) or stripped.startswith('#include'):
		return ' ' * len(s)
	return s


def span(lines, name):
	"""(first, last) line indexes of the definition of function or macro
	NAME: a #define and its continuation lines, or a function from the line
	that names it at the start of a definition to its closing brace. Of
	several (a stub for another configuration), the longest."""
	found = list(spans(lines, name))
	return max(found, key=lambda se: se[1] - se[0]) if found else None


def body_start(lines, first):
	"""The first line after a function's signature: after its '{'."""
	j = first
	while '{' not in mask(lines[j]):
		j += 1
	return j + 1


def spans(lines, name):
	define = re.compile(r'^#\s*define\s+%s\b' % re.escape(name))
	func = re.compile(r'^(?!\s)(?!#)[^;=]*\b%s\s*\(' % re.escape(name))
	for i, line in enumerate(lines):
		if define.match(line):
			j = i
			while lines[j].rstrip('\n').endswith('\\'):
				j += 1
			yield i, j
			continue
		if func.match(line) or (re.match(r'^%s\s*\(' % re.escape(name), line)):
			# A prototype ends with ';' before any '{'.
			j = i
			while j < len(lines) and '{' not in mask(lines[j]):
				if ';' in mask(lines[j]):
					break
				j += 1
			if j >= len(lines) or '{' not in mask(lines[j]):
				continue
			start = i
			# The return type may be on the line before (check_bytes_and_report).
			if i > 0 and re.match(r'^(static\s+)?(inline\s+)?[a-z_ ]+\**\s*$', lines[i - 1]):
				start = i - 1
			depth = 0
			for k in range(j, len(lines)):
				m = mask(lines[k])
				depth += m.count('{') - m.count('}')
				if depth == 0 and '}' in m:
					yield start, k
					break


REL = {'<': '>=', '>': '<=', '<=': '>', '>=': '<', '==': '!=', '!=': '=='}
REL_RE = re.compile(r'(?<![<>=!\-])(<=|>=|==|!=|<|>)(?![<>=])')
TYPE_START = re.compile(r'^\s*(const|unsigned|signed|int|long|char|bool|size_t|gfp_t|u8|u16|'
			r'u32|u64|struct|enum|void|static|unsigned long|pgprot_t|pte_t|pmd_t|'
			r'phys_addr_t|ssize_t|loff_t|slab_flags_t|unsigned int)\b')
MESSAGE = re.compile(r'\b(pr_\w+|printk|WARN\w*|slab_err|slab_bug|slab_fix|object_err|'
		     r'print_\w+|dump_stack|pr_cont|seq_printf|BUILD_BUG_ON\w*)\s*\(')


def mutants_of_line(code, is_macro):
	"""(operator, start, end, replacement) for one masked line."""
	out = []
	if MESSAGE.search(code):
		# A message's arguments are its text: only the statement goes.
		pass
	else:
		for m in REL_RE.finditer(code):
			op = m.group(1)
			# '<' and '>' of '->' or of an #include are not relations.
			if op in '<>' and (code[m.start() - 1:m.start()] == '-' or
					   code[m.end():m.end() + 1] == '-'):
				continue
			if op in '<>' and re.search(r'\w\s*<\s*\w+\s*>', code):
				continue
			out.append(('rel', m.start(), m.end(), REL[op]))
		for m in re.finditer(r'&&|\|\|', code):
			out.append(('logic', m.start(), m.end(), '||' if m.group() == '&&' else '&&'))
		for m in re.finditer(r'(?<=[\w)\]]) ([+\-*/]) (?=[\w(])', code):
			swap = {'+': '-', '-': '+', '*': '/', '/': '*'}[m.group(1)]
			out.append(('arith', m.start(1), m.end(1), swap))
		for m in re.finditer(r'(?<=[\w)\]]) ([|&]) (?=[\w(~])', code):
			out.append(('bit', m.start(1), m.end(1), '&' if m.group(1) == '|' else '|'))
		for m in re.finditer(r'(?<![\w.])(0x[0-9a-fA-F]+|\d+)([uUlL]*)(?![\w.])', code):
			val = int(m.group(1), 0)
			for d in (1, -1):
				if val + d < 0:
					continue
				new = (hex(val + d) if m.group(1).startswith('0x') else str(val + d))
				out.append(('const', m.start(1), m.end(1), new))
		# Drop one term of a | or + chain: " | TERM" up to the next
		# operator of the chain or the end of the expression.
		for m in re.finditer(r' ([|+]) ', code):
			j, depth = m.end(), 0
			while j < len(code):
				c = code[j]
				if c in '([':
					depth += 1
				elif c in ')]':
					if depth == 0:
						break
					depth -= 1
				elif depth == 0 and (c in ';,?:\\' or code.startswith(' %s ' % m.group(1), j)
						     or code.startswith(' |', j) or code.startswith(' &', j)):
					break
				j += 1
			if code[m.end():j].strip():
				out.append(('term', m.start(), j, ''))
		if not is_macro:
			m = re.match(r'^(\s*)(if|while)\s*\((.*)\)\s*(\{?)\s*$', code)
			if m and balanced(m.group(3)):
				s = code.index('(', len(m.group(1))) + 1
				e = s + len(m.group(3))
				out.append(('neg', s, e, '!(%s)' % code[s:e]))
			m = re.match(r'^(\s*)return\s+(.+);\s*$', code)
			if m and m.group(2).strip() not in ('0', '1') and balanced(m.group(2)):
				s = code.index('return') + len('return ')
				e = code.rindex(';')
				for v in ('0', '1'):
					out.append(('ret', s, e, v))
	if not is_macro:
		m = re.match(r'^(\s*)(\w[\w.>\-\[\]]*\s*(\(.*\)|[-+|&]?=[^=].*));\s*$', code)
		if m and balanced(m.group(2)) and not TYPE_START.match(code) and \
				not re.match(r'^\s*(return|break|continue|goto)\b', code) and \
				not re.match(r'^\s*\w+\s+\**\w+\s*=', code):
			out.append(('stmt', len(m.group(1)), len(code.rstrip()), ';'))
	return out


def message_lines(lines, first, last):
	"""Indexes of the lines that continue a message call begun on an earlier
	line (its format's arguments), which are text like the format."""
	out, depth = set(), 0
	for i in range(first, last + 1):
		code = mask(lines[i].rstrip('\n'))
		if depth > 0:
			out.add(i)
			depth += code.count('(') - code.count(')')
			continue
		m = MESSAGE.search(code)
		if m:
			rest = code[m.start():]
			depth = max(0, rest.count('(') - rest.count(')'))
	return out


DECL = re.compile(r'^\s*((?:const\s+)?(?:unsigned\s+|signed\s+)?(?:struct\s+)?\w+(?:\s+\w+)?)\s+'
		  r'(\**\w+(?:\s*,\s*\**\w+)*)\s*;\s*$')
SCALAR = re.compile(r'^(const\s+)?((unsigned|signed)\s+)?(int|long|long long|short|char|bool|'
		    r'size_t|ssize_t|loff_t|gfp_t|u8|u16|u32|u64|s8|s16|s32|s64|'
		    r'unsigned|slab_flags_t|phys_addr_t|vm_flags_t)$')


def uninitialized_locals(lines, body, last):
	"""The locals a function declares without an initializer, each with
	whether 0 can be assigned to it (a pointer or a scalar, not a struct):
	removing an assignment to one leaves it undefined."""
	out = {}
	for i in range(body, last + 1):
		code = mask(lines[i].rstrip('\n'))
		m = DECL.match(code)
		if m and TYPE_START.match(code) and not re.match(r'^\s*(return|goto)\b', code):
			for n in m.group(2).split(','):
				n = n.strip()
				out[n.lstrip('*')] = n.startswith('*') or bool(SCALAR.match(m.group(1)))
	return out


def balanced(s):
	depth = 0
	for c in s:
		depth += {'(': 1, ')': -1}.get(c, 0)
		if depth < 0:
			return False
	return depth == 0


def targets():
	with open(os.path.join(WB, 'mutate.tsv')) as f:
		for line in f:
			if line.startswith('#') or not line.strip():
				continue
			cols = line.rstrip('\n').split('\t')
			yield cols[0], cols[1], cols[2], cols[3] if len(cols) > 3 else ''


def main(argv):
	p = argparse.ArgumentParser(prog='mutate.py')
	sub = p.add_subparsers(dest='cmd', required=True)
	g = sub.add_parser('gen', help='write the mutants of mutate.tsv in TREE to OUTDIR')
	g.add_argument('tree')
	g.add_argument('outdir')
	g.add_argument('--only', default='', help='only symbols matching this regex')
	r = sub.add_parser('report', help='the score of a mutate.sh run in DIR')
	r.add_argument('dir')
	r.add_argument('mutants')
	a = sub.add_parser('left', help='the mutants of a run in DIR that no assertion killed')
	a.add_argument('dir')
	a.add_argument('mutants')
	args = p.parse_args(argv)
	if args.cmd == 'report':
		return report(args.dir, args.mutants)
	if args.cmd == 'left':
		return left(args.dir, args.mutants)
	return generate(args)


def equivalents():
	"""(symbol, mutated line) -> (class, reason) from mutate-equivalent.tsv."""
	out = {}
	with open(os.path.join(WB, 'mutate-equivalent.tsv')) as f:
		for line in f:
			if line.startswith('#') or not line.strip():
				continue
			cls, sym, mutated, reason = line.rstrip('\n').split('\t')
			out[(sym, ' '.join(mutated.split()))] = (cls, reason)
	return out


NOT_ASSERTION = re.compile(r'\(crashed\)$|: not ok|did not run|: exit code')


def by_assertion(verdict_json):
	"""Whether a red run was red by a test's own check."""
	try:
		with open(verdict_json) as f:
			v = json.load(f)
	except (OSError, ValueError):
		return False
	return any(not NOT_ASSERTION.search(line) for r in v['results'] if r['ran']
		   for line in r['red'])


def wilson(k, n, z=1.96):
	if n == 0:
		return 0.0, 0.0
	p = k / n
	d = 1 + z * z / n
	c = (p + z * z / (2 * n)) / d
	h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
	return max(0.0, c - h), min(1.0, c + h)


def classify(name, mode, rc, same, sym, mutated, eq, mutants_dir):
	"""The class of one run (COLS) and why, from mutant.sh's exit code."""
	if rc == '3':
		return 'no build', ''
	if rc == '0':
		js = os.path.join(mutants_dir, '%s.%s.json' % (name, mode))
		cls = 'assertion' if by_assertion(js) or not os.path.exists(js) else 'other'
		if same == 'yes':
			return cls, 'killed although its object is the baseline\'s: a flaky test?'
		return cls, ''
	if rc == '1':
		if same == 'yes':
			return 'equivalent', 'same object code as the baseline (%s)' % mode
		return eq.get((sym, ' '.join(mutated.split())), ('survived', ''))
	return 'no build', 'mutant.sh exited %s' % rc


def runs(d, mutants_dir):
	"""The number of mutants generated in DIR, and one row per run of
	DIR/results.tsv, classified."""
	index = {}
	with open(os.path.join(d, 'patches', 'index.tsv')) as f:
		for line in f:
			c = line.rstrip('\n').split('\t')
			if len(c) >= 7:
				index[c[0]] = c
	eq = equivalents()
	rows = []
	with open(os.path.join(d, 'results.tsv')) as f:
		for line in f:
			name, mode, rc, secs, same = line.rstrip('\n').split('\t')
			_, _, path, sym, op, lineno, mutated = index[name]
			cls, why = classify(name, mode, rc, same, sym, mutated, eq, mutants_dir)
			rows.append(dict(name=name, mode=mode, file=path, symbol=sym, op=op,
					 line=int(lineno), mutated=mutated, result=cls, why=why,
					 seconds=float(secs)))
	return len(index), rows


def left(d, mutants_dir):
	"""The mutants of a run that no assertion killed, for MUTATE_AGAIN."""
	for r in runs(d, mutants_dir)[1]:
		if r['result'] in ('survived', 'other'):
			print(r['name'])
	return 0


COLS = ['assertion', 'other', 'survived', 'equivalent', 'unobservable', 'no build']


def report(d, mutants_dir):
	total, rows = runs(d, mutants_dir)
	with open(os.path.join(d, 'report.json'), 'w') as f:
		json.dump(rows, f, indent=1)
	per = {}
	for r in rows:
		per.setdefault((r['file'], r['symbol']), {c: 0 for c in COLS})[r['result']] += 1
	out = ['| function | killed by an assertion | killed otherwise | survived | equivalent '
	       '| not observable | does not compile | score |', '|---' * 8 + '|']

	def score(c):
		n = sum(c.values()) - c['equivalent'] - c['no build'] - c['unobservable']
		return c['assertion'], n

	for (path, sym), c in sorted(per.items()):
		k, n = score(c)
		out.append('| %s (%s) | %s | %s |' % (sym, path, ' | '.join(str(c[x]) for x in COLS),
						   '%.0f %%' % (100.0 * k / n) if n else '-'))
	allc = {x: sum(c[x] for c in per.values()) for x in COLS}
	k, n = score(allc)
	out.append('| **all** | %s | **%s** |' % (' | '.join(str(allc[x]) for x in COLS),
						 '%.1f %%' % (100.0 * k / n) if n else '-'))
	lo, hi = wilson(k, n)
	out.append('')
	out.append('%d of the %d generated mutants ran; score %d/%d%s (95 %% Wilson interval '
		   '%.1f-%.1f %%).' % (len(rows), total, k, n,
				       '' if len(rows) == total else ', a sample', 100 * lo, 100 * hi))
	by_mode = {}
	for r in rows:
		# A header's mutant rebuilds what includes it: its own cost.
		kind = ' header' if r['file'].endswith('.h') else ''
		by_mode.setdefault(r['mode'] + kind, []).append(r['seconds'])
	out.append('Cost per mutant: ' + ', '.join(
		'%s %.0f s (%d runs)' % (m, sum(v) / len(v), len(v)) for m, v in sorted(by_mode.items())))
	left = [r for r in rows if r['result'] in ('survived', 'other', 'equivalent', 'unobservable')
		or r['why']]
	if left:
		out += ['', '| mutant | result | change | why |', '|---|---|---|---|']
		for r in left:
			out.append('| %s | %s | %s:%d `%s` | %s |' % (r['name'], r['result'], r['file'],
								r['line'], r['mutated'].replace('|', '\\|'),
								r['why']))
	text = '\n'.join(out) + '\n'
	with open(os.path.join(d, 'report.md'), 'w') as f:
		f.write(text)
	sys.stdout.write(text)
	return 0 if allc['survived'] == 0 else 1


def generate(args):
	index = []
	files = {}  # patch name -> text; written once every target is found
	for mode, path, sym, filt in targets():
		if args.only and not re.search(args.only, sym):
			continue
		try:
			with open(os.path.join(args.tree, path)) as f:
				lines = f.readlines()
		except OSError:
			sys.exit('mm-errors: error: no %s in %s: mutate.tsv does not fit this tree'
				 % (path, args.tree))
		where = span(lines, sym)
		if where is None:
			sys.exit('mm-errors: error: no %s in %s of %s: mutate.tsv does not fit this tree'
				 % (sym, path, args.tree))
		first, last = where
		is_macro = lines[first].lstrip().startswith('#')
		body = first if is_macro else body_start(lines, first)
		n = 0
		seen = set()
		text = message_lines(lines, first, last)
		uninit = {} if is_macro else uninitialized_locals(lines, body, last)
		for i in range(first, last + 1):
			code = mask(lines[i].rstrip('\n'))
			if filt and not re.search(filt, code):
				continue
			if (not is_macro and i < body) or i in text:
				continue
			assign = re.match(r'^\s*(\w+)\s*=(?!=)', code)
			for op, s, e, new in mutants_of_line(code, is_macro):
				if op == 'stmt' and assign and assign.group(1) in uninit:
					# Its only value would be undefined: the call or
					# value goes, the assignment of 0 stays.
					if not uninit[assign.group(1)]:
						continue
					op, s, new = 'zero', assign.end(), ' 0;'
				old = lines[i].rstrip('\n')
				mutated = old[:s] + new + old[e:]
				if mutated == old or (i, mutated) in seen:
					continue
				seen.add((i, mutated))
				n += 1
				name = '%s.%s.%d' % (path.replace('/', '_'), sym, n)
				diff = difflib.unified_diff(lines, lines[:i] + [mutated + '\n'] + lines[i + 1:],
							    'a/' + path, 'b/' + path)
				what = 'removes ' + old.strip() if op == 'stmt' else mutated.strip()
				files[name] = '# %s %s:%d (%s): %s\n# mode: %s\n%s' % (
					op, path, i + 1, sym, what, mode, ''.join(diff))
				index.append('\t'.join([name, mode, path, sym, op, str(i + 1),
							 ' '.join(what.split())]))
		if n == 0:
			sys.exit('mm-errors: error: no mutant of %s in %s: check mutate.tsv' % (sym, path))
	os.makedirs(args.outdir, exist_ok=True)
	for name, text in files.items():
		with open(os.path.join(args.outdir, name + '.patch'), 'w') as f:
			f.write(text)
	with open(os.path.join(args.outdir, 'index.tsv'), 'w') as f:
		f.write('\n'.join(index) + '\n')
	print('%d mutants of %d functions and macros in %s' %
	      (len(index), len({l.split('\t')[3] for l in index}), args.outdir))
	return 0


if __name__ == '__main__':
	sys.exit(main(sys.argv[1:]))
