#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
"""Boot Debian's arm64 kernel through the linux-boot stub under QEMU.

The run is judged by the lines the stub and the initramfs print, never by
QEMU's exit status:
  EFIVMAP-LINUX-STUB: layout=... rt=N vas=VA:PA:PAGES,...   (the stub)
  EFIVMAP-LINUX: PASS stage=N ... rt=N vas=...              (each kernel)
A pass needs every expected stage's PASS line, with the runtime layout
each kernel found equal to the one the stub gave SetVirtualAddressMap.
On failure the kernel's own log excerpt is printed.

  run.py --cache DIR --efi linux-boot.efi --loader efivmap-kexec
         [--firmware edk2|uboot|none] [--strategy optimal|linux]
         [--next none|ours|kexec-tools] [--refuse] [--omit image|initrd]
         [--expect pass|stub-fail|kernel-fail] [--mem 1G] [--timeout S]
         [--no-secure-boot-prop] [--el2]

--el2 gives the machine EL2 (virtualization=on): the firmware starts the
stub at EL2, and each kernel must report that it started at EL2 (and so
installed its hyp stub) for the run to pass.

Two negative controls in which the kernel finds no EFI and the run must
fail: --firmware none boots the kernel straight from QEMU, without UEFI,
and --no-secure-boot-prop has the stub leave out linux,uefi-secure-boot,
without which Debian's kernels ignore the UEFI properties.
"""
import argparse
import fcntl
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
QEMU = os.environ.get('QEMU', 'qemu-system-aarch64')
EDK2_CODE = os.environ.get('EDK2_CODE', '/usr/share/AAVMF/AAVMF_CODE.fd')
EDK2_VARS = os.environ.get('EDK2_VARS', '/usr/share/AAVMF/AAVMF_VARS.fd')
UBOOT_BIN = os.environ.get('UBOOT_BIN',
                           '/usr/lib/u-boot/qemu_arm64/u-boot.bin')
READELF = os.environ.get('READELF', 'aarch64-linux-gnu-readelf')

RE_STUB = re.compile(r'EFIVMAP-LINUX-STUB: layout=(\S+) rt=(\d+) vas=(\S*)')
RE_PASS = re.compile(r'EFIVMAP-LINUX: PASS stage=(\d+) .*rt=(\d+) vas=(\S*)')


def die(msg):
    print('FAIL: ' + msg)
    sys.exit(1)


def needed_libs(root, exe):
    """The shared libraries @exe needs, found under @root, recursively."""
    dirs = ['lib/aarch64-linux-gnu', 'usr/lib/aarch64-linux-gnu']
    todo, found = [exe], {}
    while todo:
        out = subprocess.run([READELF, '-d', todo.pop()], check=True,
                             capture_output=True, text=True).stdout
        for name in re.findall(r'\(NEEDED\)\s+Shared library: \[(.+)\]', out):
            if name in found:
                continue
            for d in dirs:
                p = os.path.join(root, d, name)
                if os.path.exists(p):
                    found[name] = os.path.realpath(p)
                    todo.append(found[name])
                    break
            else:
                die('%s needs %s, which the fetched packages lack' %
                    (exe, name))
    return found


def build_initramfs(cache, loader):
    """Kernel, busybox, our loader, kexec-tools and its libraries."""
    out = os.path.join(cache, 'initramfs.cpio')
    inputs = [os.path.join(HERE, 'init'), os.path.join(HERE, 'mkinitramfs.py'),
              loader, os.path.join(cache, 'Image')]
    if os.path.exists(out) and all(os.path.getmtime(out) >=
                                   os.path.getmtime(i) for i in inputs):
        return out
    root = os.path.join(cache, 'rootfs')
    mods = os.path.join(cache, 'modules')
    efivarfs = None
    for dirpath, _, files in os.walk(mods):
        if 'efivarfs.ko' in files:
            efivarfs = os.path.join(dirpath, 'efivarfs.ko')
    if not efivarfs:
        die('the kernel package has no efivarfs.ko (uncompressed)')
    kexec = os.path.join(root, 'sbin', 'kexec')
    entries = ['init=' + os.path.join(HERE, 'init'),
               'bin/busybox=' + os.path.join(root, 'bin', 'busybox'),
               'bin/efivmap-kexec=' + loader,
               'sbin/kexec=' + kexec,
               'lib/efivarfs.ko=' + efivarfs,
               'Image=' + os.path.join(cache, 'Image'),
               'lib/ld-linux-aarch64.so.1=@aarch64-linux-gnu/' +
               'ld-linux-aarch64.so.1',
               'lib/aarch64-linux-gnu/ld-linux-aarch64.so.1=' +
               os.path.realpath(os.path.join(root, 'lib',
                                             'ld-linux-aarch64.so.1'))]
    for name, path in sorted(needed_libs(root, kexec).items()):
        entries.append('lib/aarch64-linux-gnu/%s=%s' % (name, path))
    subprocess.run([sys.executable, os.path.join(HERE, 'mkinitramfs.py'),
                    out] + entries, check=True)
    return out


def prepare(cache, loader):
    """Fetch and build once, even with tests running in parallel."""
    os.makedirs(cache, exist_ok=True)
    with open(os.path.join(cache, '.lock'), 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        r = subprocess.run(['sh', os.path.join(HERE, 'fetch.sh'), cache])
        if r.returncode:
            die('fetching the Debian packages failed (see above); the '
                'Linux tests need network access or a filled cache')
        return build_initramfs(cache, loader)


def place(src, dst):
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def qemu_args(a, tmp, image, initramfs, bootargs):
    machine = 'virt,acpi=off' + (',virtualization=on' if a.el2 else '')
    args = [QEMU, '-M', machine, '-cpu', 'cortex-a57', '-m', a.mem,
            '-nographic', '-no-reboot', '-nic', 'none']
    if a.firmware == 'none':
        return args + ['-kernel', image, '-initrd', initramfs,
                       '-append', bootargs]
    esp = os.path.join(tmp, 'esp')
    os.makedirs(os.path.join(esp, 'EFI', 'BOOT'))
    shutil.copyfile(a.efi, os.path.join(esp, 'EFI', 'BOOT', 'BOOTAA64.EFI'))
    if a.omit != 'image':
        place(image, os.path.join(esp, 'Image'))
    if a.omit != 'initrd':
        place(initramfs, os.path.join(esp, 'initramfs.cpio'))
    with open(os.path.join(esp, 'efivmap-linux.cfg'), 'w') as f:
        f.write('strategy=%s\nbootargs=%s\n' % (a.strategy, bootargs))
        if a.no_secure_boot_prop:
            f.write('secure_boot_prop=0\n')
    args += ['-drive', 'if=none,id=hd0,format=raw,readonly=on,file=fat:' +
             esp, '-device', 'virtio-blk-pci,drive=hd0']
    if a.firmware == 'edk2':
        for f in (EDK2_CODE, EDK2_VARS):
            if not os.path.exists(f):
                die('EDK2 firmware %s missing (Debian: qemu-efi-aarch64)' % f)
        return args + [
            '-drive', 'if=pflash,format=raw,readonly=on,file=' + EDK2_CODE,
            '-drive', 'if=pflash,format=raw,snapshot=on,file=' + EDK2_VARS,
            '-boot', 'menu=on,splash-time=0']
    if not os.path.exists(UBOOT_BIN):
        die('U-Boot %s missing (Debian: u-boot-qemu)' % UBOOT_BIN)
    # QEMU's own DT plus /config/bootdelay = 0, or U-Boot waits 2 s.
    dtb = os.path.join(tmp, 'virt.dtb')
    subprocess.run(args + ['-bios', UBOOT_BIN, '-machine', 'dumpdtb=' + dtb],
                   check=True, capture_output=True, stdin=subprocess.DEVNULL)
    subprocess.run(['fdtput', '-c', dtb, '/config'], check=True)
    subprocess.run(['fdtput', '-t', 'i', dtb, '/config', 'bootdelay', '0'],
                   check=True)
    return args + ['-bios', UBOOT_BIN, '-dtb', dtb]


def boot(args, timeout, done):
    """Run QEMU, return (console lines, seconds, timed out)."""
    start = time.monotonic()
    p = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines, part, timed_out, grace = [], b'', False, None
    while True:
        now = time.monotonic()
        if now - start > timeout:
            timed_out = True
            break
        if grace is not None and now > grace:
            break
        r, _, _ = select.select([p.stdout], [], [], 0.5)
        if not r:
            if p.poll() is not None:
                break
            continue
        chunk = os.read(p.stdout.fileno(), 65536)
        if not chunk:
            break
        part += chunk
        *full, part = part.split(b'\n')
        for raw in full:
            line = raw.decode('utf-8', 'replace').replace('\r', '')
            lines.append(line)
            if grace is None and done(line, lines):
                grace = time.monotonic() + 3
    if part:
        lines.append(part.decode('utf-8', 'replace').replace('\r', ''))
    if p.poll() is None:
        p.kill()
    p.wait()
    return lines, time.monotonic() - start, timed_out


def excerpt(lines):
    efi = [l for l in lines if re.search(r'efi|EFI|Firmware Bug|FW_BUG', l)]
    return ('---- kernel/firmware lines mentioning EFI ----\n' +
            '\n'.join(efi[-40:]) + '\n---- last 40 console lines ----\n' +
            '\n'.join(lines[-40:]) + '\n----')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--cache', required=True)
    ap.add_argument('--efi')
    ap.add_argument('--loader', required=True)
    ap.add_argument('--firmware', default='edk2',
                    choices=['edk2', 'uboot', 'none'])
    ap.add_argument('--strategy', default='optimal',
                    choices=['optimal', 'linux'])
    ap.add_argument('--next', default='none',
                    choices=['none', 'ours', 'kexec-tools'])
    ap.add_argument('--refuse', action='store_true')
    ap.add_argument('--omit', choices=['image', 'initrd'])
    ap.add_argument('--no-secure-boot-prop', action='store_true')
    ap.add_argument('--expect', default='pass',
                    choices=['pass', 'stub-fail', 'kernel-fail'])
    ap.add_argument('--mem', default='1G')
    ap.add_argument('--timeout', type=int, default=150)
    ap.add_argument('--show', action='store_true')
    ap.add_argument('--el2', action='store_true')
    a = ap.parse_args()
    if a.firmware != 'none' and not (a.efi and os.path.exists(a.efi)):
        die('stub image %r not found' % a.efi)
    if not shutil.which(QEMU):
        die('%s not found (Debian: qemu-system-arm)' % QEMU)

    cache = os.path.abspath(a.cache)
    initramfs = prepare(cache, os.path.abspath(a.loader))
    image = os.path.join(cache, 'Image')
    bootargs = ('console=ttyAMA0 panic=-1 retain_initrd efivmap.stage=1 '
                'efivmap.fw=%s efivmap.next=%s efivmap.refuse=%d' %
                (a.firmware, a.next, 1 if a.refuse else 0))
    stages = 2 if a.next != 'none' else 1
    desc = '%s%s %s next=%s%s%s%s' % (
        a.firmware, ' el2' if a.el2 else '', a.strategy, a.next,
        ' refuse' if a.refuse else '',
        ' omit=' + a.omit if a.omit else '',
        ' no-secure-boot-prop' if a.no_secure_boot_prop else '')

    def done(line, lines):
        if 'EFIVMAP-LINUX-STUB: FAIL' in line:
            return True
        if 'end of kernel log' in line or 'Kernel panic' in line:
            return True
        return len([l for l in lines if RE_PASS.search(l)]) >= stages

    with tempfile.TemporaryDirectory() as tmp:
        args = qemu_args(a, tmp, image, initramfs, bootargs)
        lines, secs, timed_out = boot(args, a.timeout, done)
    if a.show:
        print('\n'.join(lines))
    log = '\n'.join(lines)
    stub = RE_STUB.search(log)
    passes = {}
    for l in lines:
        m = RE_PASS.search(l)
        if m:
            passes[int(m.group(1))] = (m.group(2), m.group(3))
    kfail = [l for l in lines if 'EFIVMAP-LINUX: FAIL' in l]
    sfail = [l for l in lines if 'EFIVMAP-LINUX-STUB: FAIL' in l]
    why = None
    if a.expect == 'stub-fail':
        want = {'image': '\\Image', 'initrd': '\\initramfs.cpio'}.get(a.omit)
        if not sfail:
            why = 'the stub reported no failure'
        elif want and want + ':' not in sfail[0]:
            why = 'the stub did not name %s: %s' % (want, sfail[0])
        elif 'returning to the firmware' not in sfail[0]:
            why = 'the stub did not return to the firmware: ' + sfail[0]
        elif any('ExitBootServices, then' in l for l in lines):
            why = 'the stub got as far as ExitBootServices'
        if not why:
            print('ok: %s: %s (%.1fs)' % (desc, sfail[0], secs))
            return 0
    elif a.expect == 'kernel-fail':
        if passes:
            why = 'the negative control passed: the test cannot fail'
        elif not kfail:
            why = 'no FAIL line from the kernel'
        if not why:
            print('ok: %s failed as it must: %s (%.1fs)' %
                  (desc, kfail[0], secs))
            print(excerpt(lines))
            return 0
    else:
        if sfail:
            why = sfail[0]
        elif kfail:
            why = kfail[0]
        elif a.firmware != 'none' and not stub:
            why = 'no layout line from the stub'
        elif a.el2 and len([l for l in lines if 'started at EL2' in l]) < \
                stages:
            why = ('not every kernel says it started at EL2 (%d of %d)' %
                   (len([l for l in lines if 'started at EL2' in l]),
                    stages))
        else:
            for s in range(1, stages + 1):
                if s not in passes:
                    why = 'no PASS line from stage %d' % s
                    break
                if stub and passes[s] != (stub.group(2), stub.group(3)):
                    why = ('stage %d saw rt=%s vas=%s, the stub set rt=%s '
                           'vas=%s' % (s, passes[s][0], passes[s][1],
                                       stub.group(2), stub.group(3)))
                    break
        if not why:
            print('ok: %s: %d kernel(s) saw the stub\'s %s layout, rt=%s '
                  'vas=%s (%.1fs)' % (desc, stages, stub.group(1),
                                      stub.group(2), stub.group(3), secs))
            return 0
    if timed_out:
        why += ' (timed out after %ds)' % a.timeout
    print(excerpt(lines))
    die('%s: %s' % (desc, why))


if __name__ == '__main__':
    sys.exit(main())
