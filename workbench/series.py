#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the overlay + series/ into git commits, and back.

  series.py apply TREE      commit series/ + overlay onto TREE's baseline
  series.py refresh TREE    regenerate series/ + overlay from TREE's commits
  series.py compare TREE REV  check that baseline..REV reproduces the overlay
  series.py cover MAIL      fill format-patch's cover letter from series/
  series.py headers MAIL TO CC  put To:/Cc: before a mail's Subject:

The overlay is this repository's top level. A plain file is a new kernel
file at its kernel path; FILE.patch holds changes to the kernel file FILE as
unified diffs, one section per series patch that touches it, each section
introduced by a '# mm-errors series: <entry>' line (git apply skips such
lines). series/NN-slug is one patch: a 'Subject:' header, a 'Files:' header
listing the overlay paths it adds or patches, a blank line, the body.
series/00-cover-letter is the cover letter.
"""

import hashlib
import os
import re
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERIES = os.path.join(TOP, 'series')
COVER = '00-cover-letter'
TAG = '# mm-errors series: '
# Top-level names that belong to the workbench, not to the kernel overlay.
NOT_OVERLAY = {'.ci', '.git', 'ci', '.gitignore', 'Makefile', 'README.md', 'bench',
               'out', 'series', 'work', 'workbench'}
BASE_REF = 'refs/mm-errors/base'
APPLIED_REF = 'refs/mm-errors/applied'
BRANCH = 'mm-errors'


class Error(Exception):
    pass


def git(tree, *args, env=None, input=None, check=True):
    p = subprocess.run(['git', '-C', tree] + list(args), input=input,
                       capture_output=True, text=True, env=env)
    if check and p.returncode:
        raise Error('git %s failed:\n%s' % (' '.join(args), p.stderr.strip()))
    return p.stdout


def slug(subject):
    s = re.sub(r'[^a-z0-9]+', '-', subject.lower()).strip('-')
    return s[:52].rstrip('-')


class Entry:
    def __init__(self, name, subject, files, body):
        self.name, self.subject, self.files, self.body = name, subject, files, body

    @classmethod
    def load(cls, name):
        with open(os.path.join(SERIES, name)) as f:
            text = f.read()
        head, _, body = text.partition('\n\n')
        subject, files, key = None, [], None
        for line in head.splitlines():
            if line.startswith((' ', '\t')) and key == 'files':
                files += line.split()
                continue
            key, _, value = line.partition(':')
            key = key.strip().lower()
            if key == 'subject':
                subject = value.strip()
            elif key == 'files':
                files += value.split()
            else:
                raise Error('series/%s: unknown header %r' % (name, line))
        if not subject:
            raise Error('series/%s: no Subject: header' % name)
        return cls(name, subject, files, body.strip('\n'))

    def text(self):
        lines = ['Subject: ' + self.subject]
        if self.name != COVER:
            lines.append('Files:')
            lines += [' ' + f for f in self.files]
        return '\n'.join(lines) + '\n\n' + self.body.strip('\n') + '\n'


def load_series(allow_empty=False):
    names = sorted(n for n in os.listdir(SERIES) if re.match(r'\d\d-', n))
    entries = [Entry.load(n) for n in names if n != COVER]
    if not entries and not allow_empty:
        raise Error('series/ has no patch entries')
    return entries


def overlay_files():
    """Every overlay file in this repository (tracked or not, not ignored)."""
    out = git(TOP, 'ls-files', '-z', '--cached', '--others', '--exclude-standard')
    files = set()
    for path in out.split('\0'):
        if path and path.split('/')[0] not in NOT_OVERLAY and os.path.isfile(os.path.join(TOP, path)):
            files.add(path)
    return files


def sections(path):
    """The sections of an overlay .patch file: {entry name: diff text}."""
    with open(os.path.join(TOP, path)) as f:
        text = f.read()
    result, name = {}, None
    for line in text.splitlines(keepends=True):
        if line.startswith(TAG):
            name = line[len(TAG):].strip()
            result[name] = ''
        elif name is None:
            raise Error('%s: text before the first %r line' % (path, TAG.strip()))
        else:
            result[name] += line
    return result


def check_overlay(entries):
    listed = set()
    names = {e.name for e in entries}
    for e in entries:
        for f in e.files:
            if not os.path.isfile(os.path.join(TOP, f)):
                raise Error('series/%s lists %s, which does not exist' % (e.name, f))
            listed.add(f)
            if f.endswith('.patch') and e.name not in sections(f):
                raise Error('series/%s lists %s, which has no section for it' % (e.name, f))
    for f in sorted(listed):
        if f.endswith('.patch'):
            for name in sections(f):
                if name not in names:
                    raise Error('%s has a section for %s, which is not in series/' % (f, name))
    stray = overlay_files() - listed
    if stray:
        raise Error('overlay files not listed in any series/ entry: %s' % ' '.join(sorted(stray)))


def identity():
    env = dict(os.environ)
    name = env.get('GIT_COMMITTER_NAME') or git(TOP, 'config', 'user.name', check=False).strip()
    email = env.get('GIT_COMMITTER_EMAIL') or git(TOP, 'config', 'user.email', check=False).strip()
    if not name or not email:
        raise Error('no git identity for the Signed-off-by: set it with\n'
                    '  git config --global user.name "Your Name"\n'
                    '  git config --global user.email you@example.org')
    for who in ('AUTHOR', 'COMMITTER'):
        env.setdefault('GIT_%s_NAME' % who, name)
        env.setdefault('GIT_%s_EMAIL' % who, email)
    return env, '%s <%s>' % (name, email)


def digest(entries, ident):
    h = hashlib.sha256(ident.encode())
    for e in entries:
        h.update(e.text().encode())
        for f in e.files:
            with open(os.path.join(TOP, f), 'rb') as fp:
                h.update(f.encode() + b'\0' + fp.read())
    return h.hexdigest()


def apply(tree):
    entries = load_series()
    check_overlay(entries)
    env, ident = identity()
    stamp = os.path.join(tree, '.git', 'mm-errors-applied')
    base = git(tree, 'rev-parse', BASE_REF).strip()
    applied = git(tree, 'rev-parse', '-q', '--verify', APPLIED_REF, check=False).strip()
    head = git(tree, 'rev-parse', 'HEAD').strip()
    if git(tree, 'status', '--porcelain', '--untracked-files=no'):
        raise Error('%s has uncommitted changes: commit them and run "make refresh",\n'
                    'or drop them with: git -C %s reset --hard' % (tree, tree))
    if head != (applied or base):
        raise Error('%s: HEAD has commits that are not in the overlay.\n'
                    'Save them with "make refresh", or drop them with:\n'
                    '  git -C %s reset --hard %s' % (tree, tree, APPLIED_REF if applied else BASE_REF))
    want = digest(entries, ident)
    if applied and os.path.exists(stamp) and open(stamp).read().strip() == want + ' ' + applied:
        print('series unchanged: %d patches already applied on %s' % (len(entries), base[:12]))
        return

    index = os.path.join(tree, '.git', 'mm-errors-index')
    ienv = dict(env, GIT_INDEX_FILE=index)
    parent = base
    try:
        for e in entries:
            git(tree, 'read-tree', parent, env=ienv)
            for f in e.files:
                if f.endswith('.patch'):
                    diff = sections(f)[e.name]
                    p = subprocess.run(['git', '-C', tree, 'apply', '--cached', '-v', '-'],
                                       input=diff, capture_output=True, text=True, env=ienv)
                    if p.returncode:
                        detail = '\n'.join('  ' + l for l in p.stderr.splitlines()
                                           if not l.startswith('Checking patch'))
                        raise Error('series/%s: %s does not apply to %s (baseline %s):\n%s'
                                    % (e.name, f, tree, base[:12], detail))
                else:
                    sha = git(tree, 'hash-object', '-w', os.path.join(TOP, f)).strip()
                    mode = '100755' if os.access(os.path.join(TOP, f), os.X_OK) else '100644'
                    git(tree, 'update-index', '--add', '--cacheinfo', '%s,%s,%s' % (mode, sha, f),
                        env=ienv)
            t = git(tree, 'write-tree', env=ienv).strip()
            msg = e.subject + '\n\n' + e.body + '\n\nSigned-off-by: ' + ident + '\n'
            parent = git(tree, 'commit-tree', t, '-p', parent, input=msg, env=env).strip()
    finally:
        if os.path.exists(index):
            os.unlink(index)
    # Only files that differ are rewritten, so unchanged files keep their
    # timestamps and the next build stays incremental.
    git(tree, 'checkout', '-q', '-B', BRANCH, parent)
    git(tree, 'update-ref', APPLIED_REF, parent)
    with open(stamp, 'w') as f:
        f.write(want + ' ' + parent + '\n')
    print('applied %d patches on %s: %s' % (len(entries), base[:12], parent[:12]))


def export(tree, rev, dest):
    """Write the overlay and series/ entries for baseline..rev into dest."""
    base = git(tree, 'rev-parse', BASE_REF).strip()
    commits = git(tree, 'rev-list', '--reverse', '--topo-order', '%s..%s' % (base, rev)).split()
    if not commits:
        raise Error('no commits between the baseline and %s' % rev)
    touches, changes = {}, []
    for i, c in enumerate(commits):
        parents = git(tree, 'rev-list', '--parents', '-n1', c).split()[1:]
        if len(parents) != 1:
            raise Error('commit %s is a merge: the series must be linear' % c[:12])
        st = git(tree, 'diff-tree', '-r', '--no-renames', '--name-status', '-z', parents[0], c)
        fields = st.split('\0')
        names = {fields[j + 1]: fields[j] for j in range(0, len(fields) - 1, 2)}
        changes.append((c, parents[0], names))
        for path in names:
            touches.setdefault(path, []).append(i)

    def in_base(path):
        return subprocess.run(['git', '-C', tree, 'cat-file', '-e', '%s:%s' % (base, path)],
                              capture_output=True).returncode == 0

    plain = {p for p, idx in touches.items()
             if len(idx) == 1 and changes[idx[0]][2][p] == 'A' and not in_base(p)}
    entries, patches, used = [], {}, set()
    for i, (c, parent, names) in enumerate(changes):
        msg = git(tree, 'log', '-1', '--format=%B', c).rstrip('\n').split('\n')
        body = msg[2:] if len(msg) > 1 and msg[1] == '' else msg[1:]
        while body and (body[-1].startswith('Signed-off-by:') or not body[-1].strip()):
            body.pop()
        name = '%02d-%s' % (i + 1, slug(msg[0]))
        if name in used:
            raise Error('two patches would be named series/%s' % name)
        used.add(name)
        files = []
        for path in sorted(names):
            if path.split('/')[0] in NOT_OVERLAY:
                raise Error('%s touches %s, which the overlay cannot hold' % (c[:12], path))
            if path in plain:
                files.append(path)
                continue
            diff = git(tree, 'diff', '--no-renames', '--no-ext-diff', parent, c, '--', path)
            diff = ''.join(l for l in diff.splitlines(keepends=True) if not l.startswith('index '))
            patches.setdefault(path + '.patch', []).append(TAG + name + '\n' + diff)
            files.append(path + '.patch')
        entries.append(Entry(name, msg[0], files, '\n'.join(body)))

    for e in entries:
        with open(os.path.join(dest, 'series', e.name), 'w') as f:
            f.write(e.text())
    for path in plain:
        out = os.path.join(dest, path)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        blob = subprocess.run(['git', '-C', tree, 'show', '%s:%s' % (commits[-1], path)],
                              capture_output=True, check=True).stdout
        with open(out, 'wb') as f:
            f.write(blob)
        mode = git(tree, 'ls-tree', commits[-1], '--', path).split()[0]
        os.chmod(out, 0o755 if mode == '100755' else 0o644)
    for path, parts in patches.items():
        out = os.path.join(dest, path)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(out, 'w') as f:
            f.write(''.join(parts))
    return entries


def refresh(tree):
    old = load_series(allow_empty=True)
    rev = git(tree, 'rev-parse', 'HEAD').strip()
    if git(tree, 'status', '--porcelain', '--untracked-files=no'):
        raise Error('%s has uncommitted changes: commit them first (git -C %s commit -a)'
                    % (tree, tree))
    with tempfile.TemporaryDirectory() as tmp:
        os.mkdir(os.path.join(tmp, 'series'))
        entries = export(tree, rev, tmp)
        for e in old:
            os.unlink(os.path.join(SERIES, e.name))
            for f in e.files:
                if os.path.exists(os.path.join(TOP, f)):
                    os.unlink(os.path.join(TOP, f))
        subprocess.run(['cp', '-a', tmp + '/.', TOP], check=True)
    # The overlay now describes rev: record it as applied.
    git(tree, 'update-ref', APPLIED_REF, rev)
    stamp = os.path.join(tree, '.git', 'mm-errors-applied')
    if os.path.exists(stamp):
        os.unlink(stamp)
    print('refreshed %d patches from %s into the overlay' % (len(entries), rev[:12]))


def compare(tree, rev):
    entries = load_series()
    check_overlay(entries)
    with tempfile.TemporaryDirectory() as tmp:
        os.mkdir(os.path.join(tmp, 'series'))
        export(tree, rev, tmp)
        p = subprocess.run(['diff', '-ru', '--exclude=' + COVER,
                            os.path.join(TOP, 'series'), os.path.join(tmp, 'series')],
                           capture_output=True, text=True)
        diffs = p.stdout
        listed = sorted({f for e in entries for f in e.files})
        for f in listed:
            p = subprocess.run(['diff', '-u', os.path.join(TOP, f), os.path.join(tmp, f)],
                               capture_output=True, text=True)
            diffs += p.stdout + p.stderr
    if diffs:
        raise Error('the series does not reproduce the overlay:\n' + diffs)
    print('the %d patches reproduce the overlay exactly' % len(entries))


def cover(path):
    """Put series/00-cover-letter into format-patch's cover letter."""
    e = Entry.load(COVER)
    with open(path) as f:
        text = f.read()
    if '*** SUBJECT HERE ***' not in text or '*** BLURB HERE ***' not in text:
        raise Error('%s: no cover letter placeholders' % path)
    text = text.replace('*** SUBJECT HERE ***', e.subject, 1)
    text = text.replace('*** BLURB HERE ***', e.body, 1)
    with open(path, 'w') as f:
        f.write(text)


def headers(path, to, cc):
    """Put To: and Cc: (comma-separated, duplicates dropped, Cc without the
    To addresses) before the Subject: of a format-patch mail."""
    def split(text, skip=()):
        out = []
        for a in (x.strip() for x in text.split(',')):
            if a and a not in out and a not in skip:
                out.append(a)
        return out
    to_list = split(to)
    cc_list = split(cc, to_list)
    with open(path) as f:
        text = f.read()
    head, sep, body = text.partition('\n\n')
    if not sep or '\nSubject: ' not in head:
        raise Error('%s: no mail header' % path)
    lines = [l for l in head.split('\n') if not l.startswith(('To: ', 'Cc: '))]
    i = next(n for n, l in enumerate(lines) if l.startswith('Subject: '))
    add = ['To: ' + ',\n    '.join(to_list)] if to_list else []
    add += ['Cc: ' + ',\n    '.join(cc_list)] if cc_list else []
    lines[i:i] = add
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + sep + body)


def main(argv):
    try:
        if len(argv) == 3 and argv[1] == 'apply':
            apply(argv[2])
        elif len(argv) == 3 and argv[1] == 'refresh':
            refresh(argv[2])
        elif len(argv) == 5 and argv[1] == 'headers':
            headers(argv[2], argv[3], argv[4])
        elif len(argv) == 3 and argv[1] == 'cover':
            cover(argv[2])
        elif len(argv) == 4 and argv[1] == 'compare':
            compare(argv[2], argv[3])
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except Error as e:
        print('mm-errors: error: %s' % e, file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
