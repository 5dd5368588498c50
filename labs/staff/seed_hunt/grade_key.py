#!/usr/bin/env python3
"""Staff only: checks the commit a student named in answers-seed_hunt.txt against the key.

    python3 labs/staff/seed_hunt/grade_key.py --key KEY ANSWERS

KEY is the file mkhistory.py wrote for that student's repository: the bad commit's full hash,
a space, its subject.  The handout asks for a line `first bad commit: <hash>` (git bisect's own
words); the hash may be abbreviated to 7 or more hex digits, as `git log --oneline` prints it.
Prints one verdict line and exits 0 when the answer names the key's commit, 1 when it names
another or none.  This is not part of the score grade.py prints: the staff add it by hand, with
the written explanation.
"""
import argparse
import re
import sys

LINE = re.compile(r'^\s*first bad commit:\s*([0-9a-fA-F]{7,40})\b', re.I | re.M)


def verdict(key_text, answers_text):
    """(ok, message) for an answers file against a key file's text."""
    parts = key_text.strip().split(' ', 1)
    if not parts or not re.fullmatch(r'[0-9a-f]{40}', parts[0]):
        raise ValueError('the key is not "<40-digit hash> <subject>"')
    key_hash, subject = parts[0], parts[1] if len(parts) > 1 else ''
    named = LINE.findall(answers_text)
    if not named:
        return False, 'no "first bad commit: <hash>" line in the answers'
    if len(set(h.lower() for h in named)) > 1:
        return False, f'several commits named ({", ".join(named)}): one answer only'
    h = named[0].lower()
    if key_hash.startswith(h):
        return True, f'first bad commit {h}: correct ({subject})'
    return False, f'first bad commit {h}: wrong (the key is {key_hash[:12]} {subject})'


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--key', required=True)
    ap.add_argument('answers')
    a = ap.parse_args()
    with open(a.key) as f:
        key_text = f.read()
    try:
        with open(a.answers) as f:
            answers = f.read()
    except FileNotFoundError:
        answers = ''
    ok, msg = verdict(key_text, answers)
    print(f'seed_hunt key: {msg}')
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
