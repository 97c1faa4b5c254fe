#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print the results table: suite x arch -> passed/failed/skipped and
in-kernel time, then the wall time of every phase. Exit 1 when a suite the
series enables failed, crashed or did not run on an arch.

Inputs (all under $OUT): kunit/<arch>.json (kunit.py --json),
kunit/<arch>.raw.log (the kernel's console, printk timestamps on) and
timings.tsv (phase, seconds, exit code). The report is also written to
$OUT/report.md, and the suites' in-kernel times to $OUT/kunit-times.tsv
(arch, suite, ms).
"""

import json
import os
import re
import subprocess
import sys

LIB = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib.sh')
# Set by main() from lib.sh, the one place that sets them.
OUT = TREE = None
ARCHES, SELFTESTS = [], []
KUNITCONFIGS = {}  # arch -> the kunitconfigs kunit.py gets there

TS = re.compile(r'^\[\s*(\d+\.\d+)\]\s?(.*)$')
# Lines that must never appear in the log of a KUnit run.
BAD_LOG = re.compile(r'(kernel BUG at|BUG: |Oops|WARNING: CPU|Kernel panic|UBSAN:|KASAN:)')


def expected_suites(arch):
    """Suites of the test objects that the series' kunitconfigs enable on arch."""
    symbols = []
    for kc in KUNITCONFIGS.get(arch, []):
        path = os.path.join(TREE, kc)
        if os.path.isdir(path):
            path = os.path.join(path, '.kunitconfig')
        with open(path) as f:
            symbols += re.findall(r'^(CONFIG_\w+)=[ym]', f.read(), re.M)
    suites = []
    for sym in symbols:
        grep = subprocess.run(['git', '-C', TREE, 'grep', '-F', '-e', '-$(%s)' % sym,
                               '--', '*Makefile', '*Kbuild'], capture_output=True, text=True)
        for line in grep.stdout.splitlines():
            mk, _, rule = line.partition(':')
            # A negative compile test directory, as lib/test_fortify/.
            m = re.match(r'subdir-\$\(%s\)\s*\+=\s*(\S+)' % sym, rule)
            if m:
                name = os.path.basename(m.group(1))
                suites.append(name[len('test_'):] if name.startswith('test_') else name)
                suites[-1] += ' (compile)'
                continue
            if not rule.startswith('obj-'):
                continue
            for obj in re.findall(r'([\w/-]+)\.o\b', rule.partition('=')[2]):
                src = os.path.join(TREE, os.path.dirname(mk), obj + '.c')
                if not os.path.exists(src):
                    continue
                with open(src) as f:
                    text = f.read()
                for block in re.findall(r'struct kunit_suite \w+ = \{(.*?)\n\};', text, re.S):
                    m = re.search(r'\.name\s*=\s*"([^"]+)"', block)
                    if m and m.group(1) not in suites:
                        suites.append(m.group(1))
    return suites


def leaves(group):
    for case in group.get('test_cases', []):
        yield case
    for sub in group.get('sub_groups', []):
        yield from leaves(sub)


def parse_arch(arch, compile_suites):
    """{suite: {'pass','fail','skip','ms','ok'}} and the bad log lines.

    compile_suites: the negative compile tests the series enables; other
    such logs in the build tree (test_fortify, say) are not ours.
    """
    res = {}
    jpath = os.path.join(OUT, 'kunit', arch + '.json')
    if os.path.exists(jpath):
        with open(jpath) as f:
            try:
                top = json.load(f)
            except ValueError:
                top = {}
        for suite in top.get('sub_groups', []):
            r = res.setdefault(suite['name'], {'pass': 0, 'fail': 0, 'skip': 0,
                                               'ms': None, 'ok': None})
            for case in leaves(suite):
                key = {'PASS': 'pass', 'SKIP': 'skip'}.get(case['status'], 'fail')
                r[key] += 1
    # Negative compile tests: one "PASS|FAIL|SKIP <case>..." line per case,
    # a FAIL followed by the compiler's output, indented.
    prefix = arch + '.'
    for name in sorted(os.listdir(os.path.join(OUT, 'kunit'))):
        if not (name.startswith(prefix) and name.endswith('.compile.log')):
            continue
        suite = name[len(prefix):-len('.compile.log')] + ' (compile)'
        if suite not in compile_suites:
            continue
        r = res.setdefault(suite, {'pass': 0, 'fail': 0, 'skip': 0, 'ms': None,
                                   'ok': True, 'log': []})
        with open(os.path.join(OUT, 'kunit', name)) as f:
            for line in f:
                verdict = line.split(' ', 1)[0]
                if verdict in ('PASS', 'FAIL', 'SKIP'):
                    r[verdict.lower()] += 1
                if verdict == 'FAIL' or (line.startswith('    ') and r['log']):
                    r['log'].append(line.rstrip('\n'))
        r['ok'] = not r['fail']
    bad = []
    lpath = os.path.join(OUT, 'kunit', arch + '.raw.log')
    if os.path.exists(lpath):
        start, testing = {}, False
        with open(lpath, errors='replace') as f:
            for line in f:
                m = TS.match(line.rstrip('\n'))
                ts, text = (float(m.group(1)), m.group(2)) if m else (None, line.rstrip('\n'))
                # Judge the log from the first test on: the KUnit kernels'
                # boot is not ours (UML warns about virtio PCI, for one).
                testing = testing or 'KTAP version' in text
                if testing and BAD_LOG.search(text):
                    bad.append(text.strip())
                s = re.match(r'^    # Subtest: (\S+)$', text)
                if s and ts is not None:
                    start[s.group(1)] = ts
                e = re.match(r'^(not ok|ok) \d+ (\S+)', text)
                if e and e.group(2) in res:
                    r = res[e.group(2)]
                    r['ok'] = e.group(1) == 'ok'
                    if ts is not None and e.group(2) in start:
                        r['ms'] = (ts - start[e.group(2)]) * 1000
    return res, bad


def load_settings():
    """OUT, TREE, ARCHES, the kunitconfigs per arch and the series' kselftest targets."""
    global OUT, TREE, ARCHES, SELFTESTS
    script = ('. "$0" && printf "%s\\n" "$OUT" "$TREE" "$ARCHES" && '
              '{ series_selftests 2>/dev/null || :; } | paste -sd" " && '
              'for a in $ARCHES; do echo "$a $(kunitconfigs "$a" | paste -sd" ")"; done')
    res = subprocess.run(['bash', '-c', script, LIB], capture_output=True, text=True)
    if res.returncode:
        sys.exit(res.stderr.strip() or 'mm-errors: error: cannot read %s' % LIB)
    lines = res.stdout.split('\n') + [''] * 4
    OUT, TREE, arches, selftests = lines[:4]
    ARCHES, SELFTESTS = arches.split(), selftests.split()
    for line in lines[4:]:
        if line.split():
            KUNITCONFIGS[line.split()[0]] = line.split()[1:]


def parse_vm():
    """Rows for the kselftests run in the VM, from $OUT/vm/<pass>.tap.

    {(binary, pass): {'pass','fail','skip','ok','log'}}; a root pass must
    not skip anything.
    """
    res = {}
    listing = os.path.join(OUT, 'vm', 'kselftest-list.txt')
    binaries = []
    if os.path.exists(listing):
        with open(listing) as f:
            binaries = [l.strip().replace(':', '/') for l in f if l.strip()]
    for who in ('root', 'nobody'):
        for b in binaries:
            res[(b, who)] = None
        path = os.path.join(OUT, 'vm', who + '.tap')
        if not os.path.exists(path):
            continue
        cur = None
        with open(path, errors='replace') as f:
            for line in f:
                line = line.rstrip('\n')
                m = re.match(r'^# selftests: (\S+): (\S+)$', line)
                if m:
                    cur = m.group(1) + '/' + m.group(2)
                    res[(cur, who)] = {'pass': 0, 'fail': 0, 'skip': 0, 'ok': None,
                                       'ms': None, 'log': []}
                    continue
                if cur is None:
                    continue
                r = res[(cur, who)]
                m = re.match(r'^# (not ok|ok) \d+ (.*)$', line)
                if m:
                    if m.group(1) == 'not ok':
                        r['fail'] += 1
                        r['log'].append(line)
                    elif re.search(r'# SKIP', m.group(2)):
                        r['skip'] += 1
                    else:
                        r['pass'] += 1
                elif re.match(r'^# # .*(FAIL|Expected|TIMEOUT)', line):
                    r['log'].append(line)
                m = re.match(r'^(not ok|ok) \d+ selftests: \S+: (\S+)', line)
                if m:
                    r['ok'] = m.group(1) == 'ok'
                    if who == 'root' and r['skip']:
                        r['ok'] = False
                        r['log'].append('# a root pass must not skip')
                    cur = None
    return res


def main():
    load_settings()
    lines, failed = [], []
    arches = ARCHES
    try:
        expected = {a: expected_suites(a) for a in arches}
    except OSError as e:
        print('mm-errors: error: cannot read the series kunitconfig: %s' % e, file=sys.stderr)
        return 1
    suites = []
    for a in arches:
        suites += [s for s in expected[a] if s not in suites]
    compile_suites = {s for s in suites if s.endswith(' (compile)')}
    results = {a: parse_arch(a, compile_suites) for a in arches}
    ran = [a for a in arches if os.path.exists(os.path.join(OUT, 'kunit', a + '.raw.log'))]
    for a in arches:
        for s in results[a][0]:
            if s not in suites:
                suites.append(s)
    header = ['suite'] + arches
    rows = []
    vm_totals = {'pass': 0, 'fail': 0, 'skip': 0}
    for s in suites:
        row = [s]
        for a in arches:
            r = results[a][0].get(s)
            if r is None and s not in expected[a]:
                row.append('-')
                continue
            if r is None or r['ok'] is None:
                row.append('MISSING')
                failed.append('%s on %s did not run or crashed' % (s, a))
                continue
            ms = ' %.0f ms' % r['ms'] if r['ms'] is not None else ''
            row.append('%d/%d/%d%s' % (r['pass'], r['fail'], r['skip'], ms))
            if r['fail'] or not r['ok']:
                failed.append('%s failed on %s' % (s, a))
                failed += ['  ' + line for line in r.get('log', [])]
        rows.append(row)
    if 'x86_64' in arches and SELFTESTS:
        vm = parse_vm()
        if not vm:
            vm = {('kselftests', 'root'): None}
        for (b, who), r in sorted(vm.items(), key=lambda kv: (kv[0][1] != 'root', kv[0])):
            name = '%s (vm, %s)' % (b, who)
            row = [name] + ['-' if a != 'x86_64' else '' for a in arches]
            i = arches.index('x86_64') + 1
            if r is None or r['ok'] is None:
                row[i] = 'MISSING'
                failed.append('%s did not run or crashed' % name)
            else:
                row[i] = '%d/%d/%d' % (r['pass'], r['fail'], r['skip'])
                for k in ('pass', 'fail', 'skip'):
                    vm_totals[k] += r[k]
                if not r['ok'] or r['fail']:
                    failed.append('%s failed' % name)
                    failed += ['  ' + l for l in r['log']]
            rows.append(row)
    logrow = ['kernel log']
    vm_dmesg = os.path.join(OUT, 'vm', 'dmesg.log')
    for a in arches:
        bad = results[a][1]
        if a == 'x86_64' and os.path.exists(vm_dmesg):
            with open(vm_dmesg, errors='replace') as f:
                bad = bad + ['vm: ' + l.strip() for l in f if BAD_LOG.search(l)]
        logrow.append('-' if a not in ran else 'clean' if not bad else '%d bad lines' % len(bad))
        for b in bad[:5]:
            failed.append('%s log: %s' % (a, b))
    rows.append(logrow)
    lines += table(header, rows)
    lines.append('')
    # In-kernel time of each KUnit suite, for make bench.
    with open(os.path.join(OUT, 'kunit-times.tsv'), 'w') as f:
        for a in ran:
            for s in suites:
                r = results[a][0].get(s)
                if r and r['ms'] is not None:
                    f.write('%s\t%s\t%.1f\n' % (a, s, r['ms']))
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
    totals = [sum(r[k] for a in arches for r in results[a][0].values()) + vm_totals[k]
              for k in ('pass', 'fail', 'skip')]
    missing = sum(1 for f in failed if f.endswith('did not run or crashed'))
    print('total: %d passed, %d failed, %d skipped'
          % (totals[0], totals[1] + missing, totals[2]))
    return 1 if failed else 0


def table(header, rows):
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    fmt = lambda r: '| ' + ' | '.join(str(c).ljust(w) for c, w in zip(r, widths)) + ' |'
    return [fmt(header), '|' + '|'.join('-' * (w + 2) for w in widths) + '|'] + [fmt(r) for r in rows]


if __name__ == '__main__':
    sys.exit(main())
