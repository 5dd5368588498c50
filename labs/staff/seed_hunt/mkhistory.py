#!/usr/bin/env python3
"""Staff only: build lab seed_hunt's history, a repository whose log hides the seed's bug.

    python3 labs/staff/seed_hunt/mkhistory.py --tree SKEL --out REPO --key KEY
            [--seed N] [--commits 40] [--verify-build]

SKEL is lab seed_hunt's exported skeleton (`scripts/mklab.py --lab seed_hunt --out SKEL`),
whose files.c retires the last fixed-file generation with the seed's shape: a confirm hook
that signals teardown.  The generator undoes that one line to get the correct tree, commits
it, and then adds about --commits small commits of the kind a project's log is made of
(comments reworded, static helpers renamed with every use, includes sorted, docs edited),
exactly one of which puts the seed's line back, next to a harmless edit, under a bland
message.  The tree at the last commit is SKEL again, apart from those harmless edits.

The key (the bad commit's hash and subject) goes to KEY, which must lie outside REPO: it is
what labs/staff/seed_hunt/grade_key.py checks a student's answer against.  Everything is
deterministic for a given SKEL and --seed (fixed authors and dates), so the staff can rebuild
a class's repository and its key.  --verify-build builds every commit with the tree's own
Makefile (-Werror) in a scratch worktree and stops at the first that does not build.
"""
import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

FILES_C = 'kernel/uring/files.c'
BASE = 'tests/clang-format-base'
GOOD = '\tpercpu_ref_kill(&data->cur->refs);\n'
BAD = '\tpercpu_ref_kill_and_confirm(&data->cur->refs, io_gen_release);\n'
RETIRE = 'static void io_files_retire(struct fixed_file_data *data)\n{\n'

AUTHORS = [('Ada Byron', 'ada@ringlet.example'), ('Brian Kern', 'bk@ringlet.example'),
           ('Chen Wei', 'chenw@ringlet.example'), ('Dana Okafor', 'dana@ringlet.example'),
           ('Emil Varga', 'emil@ringlet.example')]

# Static helpers used in one file only: (file, old name, new name).
RENAMES = [
    ('kernel/uring/files.c', 'io_files_put_one', 'io_files_put_removed'),
    ('kernel/uring/files.c', 'io_gen_alloc', 'io_gen_new'),
    ('kernel/uring/files.c', 'io_files_fill', 'io_files_fill_slots'),
    ('kernel/uring/files.c', 'io_files_table_free', 'io_files_free_table'),
    ('kernel/uring/setup.c', 'io_region_alloc', 'io_region_create'),
    ('kernel/uring/setup.c', 'io_region_free', 'io_region_destroy'),
    ('kernel/uring/ops.c', 'io_op_is_read', 'io_op_reads'),
    ('kernel/uring/ops.c', 'io_op_needs_file', 'io_op_takes_file'),
    ('kernel/uring/timeout.c', 'io_timeout_claim', 'io_timeout_try_claim'),
    ('kernel/uring/io_wq.c', 'io_wq_has_work', 'io_wq_work_pending'),
    ('kernel/rcu/rcu.c', 'cblist_empty', 'cblist_is_empty'),
    ('kernel/rcu/rcu.c', 'wakeme_after_rcu', 'rcu_wake_waiter'),
    ('lib/vsnprintf.c', 'put_chars', 'emit_chars'),
    ('lib/debugobjects.c', 'bucket_of', 'odebug_bucket'),
]

# Comment rewordings in C files (only inside comment lines) and in docs' prose.
C_WORDING = [('whole', 'entire'), ('at once', 'immediately'), ('must not', 'may not'),
             ('so that', 'so'), ('the caller', 'its caller'), ('Frees', 'Releases'),
             ('is done', 'has finished'), ('right after', 'just after'), ('e.g.', 'for example'),
             ('i.e.', 'that is'), ("doesn't", 'does not'), ("isn't", 'is not'),
             ("can't", 'cannot'), ("won't", 'will not')]
MD_WORDING = [('for example', 'e.g.'), ('whole', 'entire'), ('at once', 'immediately'),
              ('so that', 'so'), ('which is why', 'hence'), ('a little', 'slightly'),
              ("doesn't", 'does not'), ("isn't", 'is not'), ("can't", 'cannot')]
C_DIRS = ['kernel/uring', 'kernel/uring/tests', 'kernel/rcu', 'lib', 'lib/tests', 'kernel/mm',
          'kernel/sched', 'kernel/fs']
MD_FILES = ['docs/uring.md', 'docs/percpu_ref.md', 'docs/fs.md', 'docs/user.md', 'README.md',
            'docs/layout.md', 'docs/address-spaces.md']

BAD_SUBJECTS = [
    ('io_uring: tidy the fixed-file retire path',
     'Unregister and teardown share io_files_retire().  Mark the retired generation done\n'
     'from the kill itself, and say in its comment what the caller waits for.'),
    ('files.c: retire the last generation in one call',
     'The kill\'s confirmation already tells us the generation is dead, so let it mark\n'
     'the generation done.  Reword the helper\'s comment to match.'),
    ('io_uring: clarify io_files_retire',
     'Reword the comment, and let the kill report the retired generation as done.'),
]


def git(repo, *args, env=None, capture=False):
    e = dict(os.environ, **(env or {}))
    r = subprocess.run(['git', '-C', repo] + list(args), env=e, check=True, text=True,
                       stdout=subprocess.PIPE if capture else subprocess.DEVNULL)
    return r.stdout.strip() if capture else None


def read(repo, path):
    with open(os.path.join(repo, path)) as f:
        return f.read()


def write(repo, path, text):
    with open(os.path.join(repo, path), 'w') as f:
        f.write(text)


def word(phrase):
    """A phrase as a whole word (it may end in a full stop, as "e.g." does)."""
    return r'(?<![\w.])' + re.escape(phrase) + r'(?![\w])'


def c_files(repo):
    out = []
    for d in C_DIRS:
        full = os.path.join(repo, d)
        if os.path.isdir(full):
            out += sorted(os.path.join(d, n) for n in os.listdir(full) if n.endswith('.c'))
    return out


def comment_edits(repo, rng):
    """Candidate (path, line number, old, new) rewordings of C comment lines."""
    cands = []
    for path in c_files(repo):
        for n, line in enumerate(read(repo, path).split('\n')):
            s = line.strip()
            if not (s.startswith('* ') or s.startswith('/* ')) or '"' in line:
                continue
            for old, new in C_WORDING:
                if re.search(word(old), line):
                    cands.append((path, n, old, new))
    rng.shuffle(cands)
    return cands


def md_edits(repo, rng):
    cands = []
    for path in MD_FILES:
        if not os.path.exists(os.path.join(repo, path)):
            continue
        fence = False
        for n, line in enumerate(read(repo, path).split('\n')):
            if line.lstrip().startswith('```'):
                fence = not fence
            if fence or line.startswith('|') or line.startswith('#') or '`' in line:
                continue
            for old, new in MD_WORDING:
                if re.search(word(old), line):
                    cands.append((path, n, old, new))
    rng.shuffle(cands)
    return cands


def include_sorts(repo):
    """Adjacent quoted includes out of alphabetical order (not the first include)."""
    cands = []
    for path in c_files(repo):
        lines = read(repo, path).split('\n')
        inc = [i for i, l in enumerate(lines) if l.startswith('#include "')]
        for a, b in zip(inc[1:], inc[2:]):
            if b == a + 1 and lines[a] > lines[b]:
                cands.append((path, a))
                break	# one pair per file: a second swap could undo the first
    return cands


def too_wide(line):
    """Wider than .clang-format's 100 columns (tabs 8 wide): make check would refuse it."""
    return len(line.expandtabs(8)) > 100


def apply_line_edit(repo, edit):
    path, n, old, new = edit
    lines = read(repo, path).split('\n')
    if not re.search(word(old), lines[n]):
        return False
    lines[n] = re.sub(word(old), new, lines[n], count=1)
    if path.endswith('.c') and too_wide(lines[n]):
        return False
    write(repo, path, '\n'.join(lines))
    return True


def rename(repo, r):
    path, old, new = r
    full = os.path.join(repo, path)
    if not os.path.exists(full):
        return False
    text = read(repo, path)
    if not re.search(r'^static .*\b' + old + r'\(', text, re.M) or re.search(r'\b' + new + r'\b', text):
        return False
    if any(too_wide(line) for line in re.sub(r'\b' + old + r'\b', new, text).split('\n')
           if re.search(r'\b' + new + r'\b', line)):
        return False
    users = subprocess.run(['grep', '-rlw', old, '--exclude-dir=.git', '--exclude-dir=build', '.'],
                           cwd=repo, text=True, stdout=subprocess.PIPE).stdout.split()
    if users != ['./' + path]:
        return False	# used elsewhere (a doc, a test's expected report): not a local rename
    write(repo, path, re.sub(r'\b' + old + r'\b', new, text))
    return True


def plan(repo, rng, count):
    """The harmless changes, as (kind, payload, subject), in commit order."""
    short = lambda p: os.path.basename(p)
    changes = []
    for r in RENAMES:
        changes.append(('rename', r, f'{short(r[0])}: rename {r[1]}() to {r[2]}()'))
    for path, a in include_sorts(repo)[:4]:
        changes.append(('sort', (path, a), f'{short(path)}: sort the includes'))
    subjects_c = ['{f}: reword a comment', '{f}: comment wording', '{f}: clearer comment',
                  '{f}: tighten a comment']
    subjects_md = ['{f}: wording', '{f}: reads better', '{f}: reword a sentence']
    seen = set()
    for e in comment_edits(repo, rng)[:18]:
        if (e[0], e[1]) in seen:
            continue
        seen.add((e[0], e[1]))
        subj = rng.choice(subjects_c).format(f=short(e[0]))
        if '/tests/' in e[0]:
            subj = f'{short(e[0])}: say what the test checks more plainly'
        changes.append(('line', e, subj))
    for e in md_edits(repo, rng)[:10]:
        if (e[0], e[1]) in seen:
            continue
        seen.add((e[0], e[1]))
        changes.append(('line', e, rng.choice(subjects_md).format(f=e[0])))
    rng.shuffle(changes)
    return changes[:count]


def apply(repo, change):
    kind, payload, _ = change
    if kind == 'rename':
        return rename(repo, payload)
    if kind == 'line':
        return apply_line_edit(repo, payload)
    path, a = payload
    lines = read(repo, path).split('\n')
    if not (lines[a].startswith('#include "') and lines[a + 1].startswith('#include "')):
        return False
    lines[a], lines[a + 1] = lines[a + 1], lines[a]
    write(repo, path, '\n'.join(lines))
    return True


def apply_bad(repo):
    """The seed's line back in io_files_retire, with its comment reworded next to it."""
    text = read(repo, FILES_C)
    start = text.index(RETIRE)
    end = text.index('\n}\n', start) + 1
    body = text[start:end]
    assert body.count(GOOD) == 1, 'io_files_retire has changed: update mkhistory.py'
    text = text[:start] + body.replace(GOOD, BAD) + text[end:]
    old_comment = (' * Retires the current generation and installs none, so the last release\n'
                   ' * signals data->done.  uring_lock held, or no request left (teardown).\n')
    new_comment = (' * Retires the current generation and installs none; data->done is\n'
                   ' * signalled once the last generation is done.  uring_lock held, or no\n'
                   ' * request left (teardown).\n')
    if old_comment in text:
        text = text.replace(old_comment, new_comment, 1)
    write(repo, FILES_C, text)


class Clock:
    """Deterministic author and commit dates: a weekday working rhythm from a fixed start."""

    def __init__(self, rng):
        self.rng, self.t = rng, 1764583200	# 2025-12-01 10:00 UTC

    def next(self):
        self.t += self.rng.randint(600, 4 * 3600)
        return f'{self.t} +0000'


def commit(repo, subject, body, rng, clock):
    name, mail = rng.choice(AUTHORS)
    date = clock.next()
    env = {'GIT_AUTHOR_NAME': name, 'GIT_AUTHOR_EMAIL': mail, 'GIT_AUTHOR_DATE': date,
           'GIT_COMMITTER_NAME': name, 'GIT_COMMITTER_EMAIL': mail, 'GIT_COMMITTER_DATE': date}
    git(repo, 'add', '-A')
    msg = subject + ('\n\n' + body if body else '')
    git(repo, 'commit', '-q', '--no-verify', '-m', msg, env=env)
    return git(repo, 'rev-parse', 'HEAD', capture=True)


def verify_build(repo, log):
    """Builds every commit in a scratch worktree; returns the first that fails, or None."""
    work = tempfile.mkdtemp(prefix='seed_hunt-verify-')
    try:
        git(repo, 'worktree', 'add', '-q', '--detach', os.path.join(work, 'w'), log[0])
        w = os.path.join(work, 'w')
        for h in log:
            git(w, 'checkout', '-q', h)
            r = subprocess.run(['make', '-j2'], cwd=w, stdout=subprocess.DEVNULL,
                               stderr=subprocess.STDOUT)
            print(f'mkhistory: build {h[:12]}: {"ok" if r.returncode == 0 else "FAILED"}',
                  flush=True)
            if r.returncode:
                return h
        return None
    finally:
        git(repo, 'worktree', 'remove', '--force', os.path.join(work, 'w'))
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--tree', required=True, help="lab seed_hunt's exported skeleton")
    ap.add_argument('--out', required=True, help='the repository to create (must not exist)')
    ap.add_argument('--key', required=True, help='where the sealed key goes (outside --out)')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--commits', type=int, default=40)
    ap.add_argument('--verify-build', action='store_true')
    a = ap.parse_args()
    out, key = os.path.abspath(a.out), os.path.abspath(a.key)
    if os.path.exists(out):
        sys.exit(f'mkhistory: {out} exists')
    if os.path.commonpath([out, key]) == out or os.path.commonpath([os.path.abspath(a.tree), key]) \
            == os.path.abspath(a.tree):
        sys.exit('mkhistory: the key must lie outside the tree and the repository')
    skel = read(a.tree, FILES_C)
    if skel.count(BAD) != 1 or os.path.exists(os.path.join(a.tree, 'labs', 'staff')):
        sys.exit(f'mkhistory: {a.tree} is not lab seed_hunt\'s skeleton (no seed line in '
                 f'{FILES_C}, or staff files present)')
    rng = random.Random(a.seed)
    clock = Clock(rng)
    shutil.copytree(a.tree, out, ignore=shutil.ignore_patterns('build', '.git'), symlinks=True)
    write(out, FILES_C, skel.replace(BAD, GOOD))
    git(out, 'init', '-q', '-b', 'main')
    log = [commit(out, 'ringlet: the course tree', 'Every lab solved; the starting point of '
                  'this term\'s history.', rng, clock)]
    # make check's clang-format baseline must be a commit of this history: its first.
    base = read(out, BASE)
    write(out, BASE, re.sub(r'^[0-9a-f]{40}$', log[0], base, count=1, flags=re.M))
    log.append(commit(out, 'tests/clang-format-base: this history\'s first commit',
                      'The old baseline is not in this repository, and make check needs one.',
                      rng, clock))
    changes = plan(out, rng, a.commits)
    bad_at = rng.randint(len(changes) // 4, 3 * len(changes) // 4)
    bad = None
    for i, ch in enumerate(changes):
        if i == bad_at:
            apply_bad(out)
            subject, body = rng.choice(BAD_SUBJECTS)
            log.append(commit(out, subject, body, rng, clock))
            bad = (log[-1], subject)
        if apply(out, ch):
            log.append(commit(out, ch[2], '', rng, clock))
    if bad is None:	# a tree with nothing harmless to change
        apply_bad(out)
        subject, body = rng.choice(BAD_SUBJECTS)
        log.append(commit(out, subject, body, rng, clock))
        bad = (log[-1], subject)
    with open(key, 'w') as f:
        f.write(f'{bad[0]} {bad[1]}\n')
    os.chmod(key, 0o600)
    print(f'mkhistory: {len(log)} commits in {out}; key in {key}')
    if a.verify_build:
        failed = verify_build(out, log)
        if failed:
            sys.exit(f'mkhistory: commit {failed} does not build')
        print('mkhistory: every commit builds')


if __name__ == '__main__':
    main()
