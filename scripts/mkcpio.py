#!/usr/bin/env python3
"""Writes a directory tree as a cpio archive in the "newc" format the kernel unpacks.

usage: mkcpio.py DIR OUT.cpio

The archive is deterministic, so the same tree always gives the same bytes
(and the same ISO): entries in sorted order, parents before children, every
mtime 0, owner and group 0 (root), inode numbers counted from 1.  Only
directories and regular files go in, with their permission bits; anything
else in DIR is an error, because the kernel could not make it anyway
(kernel/fs/initramfs.c).  The archive ends with TRAILER!!! and is padded
with NULs to a multiple of 512 bytes, as cpio(1) pads its output.
"""
import os
import stat
import sys


def header(ino, mode, nlink, size, namesize):
    fields = [ino, mode, 0, 0, nlink, 0, size, 0, 0, 0, 0, namesize, 0]
    return b'070701' + b''.join(b'%08x' % f for f in fields)


def pad4(data):
    return data + b'\0' * (-len(data) % 4)


def entry(ino, mode, name, data=b''):
    # Header and name are padded together (the header is 110 bytes), then the data.
    encoded = name.encode() + b'\0'
    return pad4(header(ino, mode, 1, len(data), len(encoded)) + encoded) + pad4(data)


def walk(top):
    """Every path under top, relative, sorted, parents first."""
    for root, dirs, files in os.walk(top):
        dirs.sort()
        rel = os.path.relpath(root, top)
        for name in sorted(dirs + files):
            yield os.path.normpath(os.path.join(rel, name))


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__.splitlines()[2])
    top, out = argv[1], argv[2]
    archive = bytearray()
    for ino, rel in enumerate(sorted(walk(top)), start=1):
        path = os.path.join(top, rel)
        st = os.lstat(path)
        perms = stat.S_IMODE(st.st_mode)
        if stat.S_ISDIR(st.st_mode):
            archive += entry(ino, stat.S_IFDIR | perms, rel)
        elif stat.S_ISREG(st.st_mode):
            with open(path, 'rb') as f:
                archive += entry(ino, stat.S_IFREG | perms, rel, f.read())
        else:
            sys.exit(f'mkcpio: {path}: only directories and regular files can go in')
    archive += entry(0, 0, 'TRAILER!!!')
    archive += b'\0' * (-len(archive) % 512)
    tmp = out + '.tmp'
    with open(tmp, 'wb') as f:
        f.write(archive)
    os.replace(tmp, out)


if __name__ == '__main__':
    main(sys.argv)
