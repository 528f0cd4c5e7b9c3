#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
"""Write an uncompressed newc cpio archive (a Linux initramfs).

usage: mkinitramfs.py OUT ENTRY...
  DEST=SRC       the file SRC at DEST (mode taken from SRC)
  DEST=@TARGET   a symbolic link DEST -> TARGET
  DEST/=SRCDIR   the tree SRCDIR under DEST (files and symbolic links)
Parent directories are created as needed. Owner is root, times are 0, so
the same inputs give the same bytes.
"""
import os
import stat
import sys


class Cpio:
    def __init__(self, out):
        self.out = out
        self.ino = 1
        self.dirs = set()

    def _entry(self, name, mode, data, nlink=1):
        name_b = name.encode() + b'\0'
        hdr = '070701' + ''.join('%08x' % v for v in (
            self.ino, mode, 0, 0, nlink, 0, len(data), 0, 0, 0, 0,
            len(name_b), 0))
        self.ino += 1
        self.out.write(hdr.encode() + name_b)
        self.out.write(b'\0' * ((4 - (110 + len(name_b)) % 4) % 4))
        self.out.write(data)
        self.out.write(b'\0' * ((4 - len(data) % 4) % 4))

    def dir(self, path):
        path = path.strip('/')
        if not path or path in self.dirs:
            return
        self.dir(os.path.dirname(path))
        self.dirs.add(path)
        self._entry(path, stat.S_IFDIR | 0o755, b'', 2)

    def file(self, dest, src):
        dest = dest.strip('/')
        self.dir(os.path.dirname(dest))
        st = os.lstat(src)
        if stat.S_ISLNK(st.st_mode):
            self.link(dest, os.readlink(src))
            return
        with open(src, 'rb') as f:
            data = f.read()
        self._entry(dest, stat.S_IFREG | (st.st_mode & 0o777), data)

    def link(self, dest, target):
        dest = dest.strip('/')
        self.dir(os.path.dirname(dest))
        self._entry(dest, stat.S_IFLNK | 0o777, target.encode())

    def tree(self, dest, src):
        for root, dirs, files in os.walk(src):
            dirs.sort()
            rel = os.path.relpath(root, src)
            base = dest if rel == '.' else os.path.join(dest, rel)
            self.dir(base)
            for d in dirs:
                p = os.path.join(root, d)
                if os.path.islink(p):
                    self.link(os.path.join(base, d), os.readlink(p))
            for f in sorted(files):
                self.file(os.path.join(base, f), os.path.join(root, f))

    def close(self):
        self.ino = 0
        self._entry('TRAILER!!!', 0, b'')


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    tmp = argv[1] + '.tmp'
    with open(tmp, 'wb') as out:
        c = Cpio(out)
        for spec in argv[2:]:
            dest, sep, src = spec.partition('=')
            if not sep:
                sys.exit('mkinitramfs: bad entry %r' % spec)
            if dest.endswith('/'):
                c.tree(dest, src)
            elif src.startswith('@'):
                c.link(dest, src[1:])
            else:
                c.file(dest, src)
        c.close()
    os.replace(tmp, argv[1])


if __name__ == '__main__':
    main(sys.argv)
