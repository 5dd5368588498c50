#!/usr/bin/env python3
"""Writes a directory tree, plus extra files, directories, symlinks and character devices, as
a cpio archive in the "newc" format the kernel unpacks.

usage: mkcpio.py DIR OUT.cpio [--add DEST=SRC]... [--dir DEST=MODE]... [--symlink DEST=TARGET]...
                 [--chardev DEST=MAJOR:MINOR:MODE]...

  DIR                   a tree that goes in as it is: directories, regular files and symlinks,
                        with their permission bits
  --add DEST=SRC        the regular file SRC at DEST (its permission bits), replacing DIR's
  --dir DEST=MODE       a directory at DEST with octal MODE (e.g. tmp=1777), replacing DIR's
  --symlink DEST=TARGET a symlink at DEST whose target is TARGET (not checked), replacing DIR's
  --chardev DEST=MAJOR:MINOR:MODE
                        a character device node at DEST (decimal numbers, octal MODE), e.g.
                        dev/console=5:1:600: Linux gives init a console only if the archive
                        holds /dev/console; ringlet makes its own /dev and accepts a node
                        that agrees with it (kernel/fs/initramfs.c)

DEST is relative to the archive's root.  Parents that nothing else names are made 0755.

The archive is deterministic, so the same inputs always give the same bytes (and the same
ISO): entries in sorted order, parents before children, every mtime 0, owner and group 0
(root), inode numbers counted from 1.  Anything else in DIR (a device, a FIFO) is an error:
devices are named on the command line, never copied from the host.  The archive ends with
TRAILER!!! and is padded with NULs to a multiple of 512 bytes, as cpio(1) pads its output.
"""
import argparse
import os
import stat
import sys


def header(ino, mode, nlink, size, namesize, rdev=(0, 0)):
    fields = [ino, mode, 0, 0, nlink, 0, size, 0, 0, rdev[0], rdev[1], namesize, 0]
    return b'070701' + b''.join(b'%08x' % f for f in fields)


def pad4(data):
    return data + b'\0' * (-len(data) % 4)


def entry(ino, mode, name, data=b'', rdev=(0, 0)):
    # Header and name are padded together (the header is 110 bytes), then the data.
    encoded = name.encode() + b'\0'
    return pad4(header(ino, mode, 1, len(data), len(encoded), rdev) + encoded) + pad4(data)


def walk(top):
    """Every path under top, relative, parents first (os.walk lists symlinks to directories
    among dirs, but does not follow them)."""
    for root, dirs, files in os.walk(top):
        rel = os.path.relpath(root, top)
        for name in dirs + files:
            yield os.path.normpath(os.path.join(rel, name))


def tree_entries(top):
    """{relative path: (mode, data)} for DIR."""
    out = {}
    for rel in walk(top):
        path = os.path.join(top, rel)
        st = os.lstat(path)
        perms = stat.S_IMODE(st.st_mode)
        if stat.S_ISLNK(st.st_mode):
            out[rel] = (stat.S_IFLNK | 0o777, os.readlink(path).encode())
        elif stat.S_ISDIR(st.st_mode):
            out[rel] = (stat.S_IFDIR | perms, b'')
        elif stat.S_ISREG(st.st_mode):
            with open(path, 'rb') as f:
                out[rel] = (stat.S_IFREG | perms, f.read())
        else:
            sys.exit(f'mkcpio: {path}: only directories, regular files and symlinks can go in')
    return out


def split_pair(text, what):
    dest, sep, value = text.partition('=')
    dest = os.path.normpath(dest.strip('/'))
    if not sep or not value or dest in ('.', '') or dest.startswith('..'):
        sys.exit(f'mkcpio: --{what} {text!r}: expected DEST=VALUE with DEST inside the archive')
    return dest, value


def chardev(spec):
    """(DEST, mode, (major, minor)) from DEST=MAJOR:MINOR:MODE."""
    dest, value = split_pair(spec, 'chardev')
    try:
        major, minor, mode = value.split(':')
        return dest, stat.S_IFCHR | int(mode, 8), (int(major), int(minor))
    except ValueError:
        sys.exit(f'mkcpio: --chardev {spec!r}: expected DEST=MAJOR:MINOR:MODE')


def build(top, adds=(), dirs=(), symlinks=(), chardevs=()):
    """The archive's bytes."""
    entries = tree_entries(top)
    rdevs = {}
    for spec in adds:
        dest, src = split_pair(spec, 'add')
        with open(src, 'rb') as f:
            entries[dest] = (stat.S_IFREG | stat.S_IMODE(os.stat(src).st_mode), f.read())
    for spec in dirs:
        dest, mode = split_pair(spec, 'dir')
        entries[dest] = (stat.S_IFDIR | int(mode, 8), b'')
    for spec in symlinks:
        dest, target = split_pair(spec, 'symlink')
        entries[dest] = (stat.S_IFLNK | 0o777, target.encode())
    for spec in chardevs:
        dest, mode, rdevs[dest] = chardev(spec)
        entries[dest] = (mode, b'')
    for path in list(entries):
        parent = os.path.dirname(path)
        while parent and parent not in entries:
            entries[parent] = (stat.S_IFDIR | 0o755, b'')
            parent = os.path.dirname(parent)
        if parent and not stat.S_ISDIR(entries[parent][0]):
            sys.exit(f'mkcpio: {path}: its parent {parent} is not a directory')
    archive = bytearray()
    # Sorted by path components: a parent always sorts before its children.
    for ino, rel in enumerate(sorted(entries, key=lambda p: p.split('/')), start=1):
        mode, data = entries[rel]
        archive += entry(ino, mode, rel, data, rdevs.get(rel, (0, 0)))
    archive += entry(0, 0, 'TRAILER!!!')
    archive += b'\0' * (-len(archive) % 512)
    return bytes(archive)


def main(argv):
    ap = argparse.ArgumentParser(usage=__doc__.splitlines()[3][len('usage: '):])
    ap.add_argument('dir')
    ap.add_argument('out')
    ap.add_argument('--add', action='append', default=[])
    ap.add_argument('--dir', dest='dirs', action='append', default=[])
    ap.add_argument('--symlink', action='append', default=[])
    ap.add_argument('--chardev', action='append', default=[])
    args = ap.parse_args(argv[1:])
    data = build(args.dir, args.add, args.dirs, args.symlink, args.chardev)
    tmp = args.out + '.tmp'
    with open(tmp, 'wb') as f:
        f.write(data)
    os.replace(tmp, args.out)


if __name__ == '__main__':
    main(sys.argv)
