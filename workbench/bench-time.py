#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Summarise the timing runs of bench-time.sh.

    bench-time.py RESULTS_DIR TOUCHED_FILE

RESULTS_DIR holds <kind>-<n>.tsv (phase, seconds, exit code; kind is cold,
warm or touch) and <kind>-<n>.kunit.tsv (arch, suite, in-kernel ms, from
report.py). Writes time.md and time.json next to RESULTS_DIR: per phase and
kind, one figure, or min / median / max over the runs; then the goals.
"""

import json
import os
import platform
import re
import statistics
import subprocess
import sys

from report import table

KINDS = ('cold', 'warm', 'touch')
# (what, seconds, kinds the figure is taken from, how to get it)
GOALS = [
    ('cold make check', 20 * 60, ('cold',), 'make check'),
    ('warm make check', 60, ('warm',), 'make check'),
    ('VM boot + kselftests (qemu wall time)', 60, KINDS, 'vm: qemu (boot, tests, reboot)'),
]


def read_tsv(path, order=None):
    """{key: sum of values} of a file of KEY, [...,] VALUE[, EXIT_CODE]
    lines: timings.tsv (phase, seconds, exit code) or kunit-times.tsv
    (arch, suite, ms). A failed phase ends the benchmark. Keys are appended
    to order as they first appear."""
    sums = {}
    with open(path) as f:
        for line in f:
            cols = line.rstrip('\n').split('\t')
            if path.endswith('.kunit.tsv'):
                key, value = cols[0], cols[2]
            else:
                key, value, rc = cols
                if rc != '0':
                    raise SystemExit('%s: phase "%s" failed (exit %s)' % (path, key, rc))
            sums[key] = sums.get(key, 0.0) + float(value)
            if order is not None and key not in order:
                order.append(key)
    return sums


def load(resdir):
    """{kind: [{phase: seconds}]}, {kind: [{arch: in-kernel ms}]}, phases."""
    runs, kunit = {k: [] for k in KINDS}, {k: [] for k in KINDS}
    names = sorted(os.listdir(resdir), key=lambda n: [int(t) if t.isdigit() else t
                                                       for t in re.split(r'(\d+)', n)])
    order = []
    for name in names:
        m = re.match(r'^(cold|warm|touch)-\d+(\.kunit)?\.tsv$', name)
        if not m:
            continue
        path = os.path.join(resdir, name)
        if m.group(2):
            kunit[m.group(1)].append(read_tsv(path))
        else:
            runs[m.group(1)].append(read_tsv(path, order))
    # The total last.
    order.remove('make check')
    return runs, kunit, order + ['make check']


def figure(samples, unit='s', fmt='%.1f'):
    if not samples:
        return '-'
    if len(samples) == 1:
        return (fmt + ' %s') % (samples[0], unit)
    return (fmt + ' / ' + fmt + ' / ' + fmt + ' %s (%d)') % (
        min(samples), statistics.median(samples), max(samples), unit, len(samples))


def stats(samples):
    if not samples:
        return None
    return {'n': len(samples), 'min': min(samples), 'median': statistics.median(samples),
            'max': max(samples), 'samples': samples}


def main(resdir, touched):
    runs, kunit, order = load(resdir)
    arches = []
    for kind in KINDS:
        for r in kunit[kind]:
            arches += [a for a in r if a not in arches]
    rows, data = [], {'phases': {}, 'kunit_in_kernel_ms': {}, 'goals': []}
    for phase in order:
        cells = [phase]
        data['phases'][phase] = {}
        for kind in KINDS:
            samples = [r[phase] for r in runs[kind] if phase in r]
            cells.append(figure(samples))
            data['phases'][phase][kind] = stats(samples)
        rows.append(cells)
    for arch in arches:
        cells = ['in-kernel time of the KUnit suites, ' + arch]
        data['kunit_in_kernel_ms'][arch] = {}
        for kind in KINDS:
            samples = [r[arch] for r in kunit[kind] if arch in r]
            cells.append(figure(samples, 'ms', '%.0f'))
            data['kunit_in_kernel_ms'][arch][kind] = stats(samples)
        rows.append(cells)

    goals = []
    for what, limit, kinds, phase in GOALS:
        samples = [r[phase] for k in kinds for r in runs[k] if phase in r]
        if samples:
            goals.append((what, max(samples), limit, 's'))
    for arch in arches:
        samples = [r[arch] for k in KINDS for r in kunit[k] if arch in r]
        goals.append(('in-kernel time of all KUnit suites, ' + arch, max(samples), 1000, 'ms'))

    commit = subprocess.run(['git', 'log', '-1', '--format=%h %s'], capture_output=True,
                            text=True, cwd=os.path.dirname(os.path.abspath(__file__))).stdout.strip()
    cpu = ''
    with open('/proc/cpuinfo') as f:
        m = re.search(r'^model name\s*:\s*(.*)$', f.read(), re.M)
        cpu = m.group(1) if m else platform.machine()
    head = ['phase', 'cold', 'warm', 'after touching ' + touched]
    lines = ['# make check: time to verdict', '',
             'Commit %s; %d CPUs (%s).' % (commit, os.cpu_count(), cpu), '',
             'cold: fresh clone, empty work/ and ccache; the phases under a minute with a',
             'cold state of their own (get kernel, apply, VM, docs) were rerun cold. warm:',
             'make check again, nothing changed. touch: after `touch work/linux/%s`.' % touched,
             'A cell is one figure, or min / median / max (runs).', '']
    lines += table(head, rows)
    lines += ['', '## Goals', '']
    grows = []
    for what, worst, limit, unit in goals:
        ok = worst <= limit
        data['goals'].append({'goal': what, 'worst': worst, 'limit': limit, 'unit': unit,
                              'met': ok})
        grows.append([what, '<= %g %s' % (limit, unit), '%.1f %s' % (worst, unit),
                      'met' if ok else 'MISSED'])
    lines += table(['goal', 'limit', 'slowest run', 'verdict'], grows)
    crows = []
    data['ccache'] = {}
    for name in sorted(os.listdir(resdir)):
        if not name.endswith('.ccache'):
            continue
        with open(os.path.join(resdir, name)) as f:
            text = f.read()
        hits = re.search(r'^\s*Hits:\s*(\d+)\s*/\s*(\d+)', text, re.M)
        if hits:
            h, n = int(hits.group(1)), int(hits.group(2))
            run = name[:-len('.ccache')]
            data['ccache'][run] = {'hits': h, 'cacheable': n}
            crows.append([run, str(n), str(h), '%.1f %%' % (100.0 * h / n) if n else '-'])
    if crows:
        lines += ['', '## ccache', '']
        lines += table(['run', 'cacheable compiles', 'hits', 'hit rate'], crows)
    text = '\n'.join(lines) + '\n'
    parent = os.path.dirname(os.path.abspath(resdir))
    with open(os.path.join(parent, 'time.md'), 'w') as f:
        f.write(text)
    with open(os.path.join(parent, 'time.json'), 'w') as f:
        json.dump(data, f, indent=2)
    sys.stdout.write(text)
    return 0


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit('usage: bench-time.py RESULTS_DIR TOUCHED_FILE')
    sys.exit(main(sys.argv[1], sys.argv[2]))
