#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
#
# Fetch and unpack what the Linux tests boot: Debian's arm64 cloud kernel
# (the newest linux-image-*-cloud-arm64 the archive offers), busybox-static,
# and kexec-tools with the libraries it links against. Nothing is
# installed: packages are only unpacked into DIR, which a CI cache can keep.
#
#   fetch.sh DIR
#
# Results, once present, are not fetched again:
#   DIR/Image          the kernel (uncompressed arm64 Image)
#   DIR/modules/       its lib/modules tree
#   DIR/config         its build configuration
#   DIR/rootfs/        busybox, kexec-tools and their arm64 libraries
# Adding the arm64 architecture and apt-get update need root.
set -eu

dir=${1:?usage: fetch.sh DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
debs=$dir/debs
mkdir -p "$debs"

fail() {
	echo "fetch: $*" >&2
	exit 1
}

[ -f "$dir/Image" ] && [ -d "$dir/modules" ] &&
	[ -x "$dir/rootfs/bin/busybox" ] && [ -x "$dir/rootfs/sbin/kexec" ] &&
	exit 0

command -v apt-get >/dev/null 2>&1 || fail "apt-get not found"
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	$sudo dpkg --add-architecture arm64
	$sudo apt-get update -qq
fi

# The kernel by name pattern: versions move, so take the highest ABI number
# of the signed or unsigned cloud flavour.
kernel_pkg() {
	apt-cache search --names-only '^linux-image-[0-9.]+-[0-9]+-cloud-arm64' |
		cut -d' ' -f1 |
		grep -E '^linux-image-[0-9.]+-[0-9]+-cloud-arm64(-unsigned)?$' |
		sort -V | tail -n 1
}
kpkg=$(kernel_pkg)
if [ -z "$kpkg" ]; then
	$sudo apt-get update -qq
	kpkg=$(kernel_pkg)
fi
[ -n "$kpkg" ] || fail "no linux-image-*-cloud-arm64 package in the archive"

pkgs="$kpkg:arm64 busybox-static:arm64 kexec-tools:arm64 libc6:arm64
      zlib1g:arm64 libxenmisc4.17:arm64 libxentoolcore1:arm64
      libxenstore4:arm64 libxencall1:arm64 libxenforeignmemory1:arm64
      libxendevicemodel1:arm64 libxengnttab1:arm64 libxenevtchn1:arm64
      libxentoollog1:arm64 libxenhypfs1:arm64 libyajl2:arm64
      liblzma5:arm64 libzstd1:arm64 libuuid1:arm64 libnl-3-200:arm64
      libnl-route-3-200:arm64"
# Each package on its own, so a library the current kexec-tools no longer
# needs (or that was renamed) does not stop the rest.
for p in $pkgs; do
	name=${p%%:*}
	ls "$debs/${name}"_*_arm64.deb >/dev/null 2>&1 && continue
	(cd "$debs" && apt-get download -q "$p" >/dev/null 2>&1) ||
		echo "fetch: could not download $p" >&2
done
ls "$debs/${kpkg}"_*_arm64.deb >/dev/null 2>&1 ||
	fail "download of $kpkg failed"

rm -rf "$dir/x" "$dir/rootfs" "$dir/modules"
mkdir -p "$dir/x" "$dir/rootfs"
dpkg -x "$(ls "$debs/${kpkg}"_*_arm64.deb | tail -n 1)" "$dir/x"
img=$(ls "$dir"/x/boot/vmlinuz-* | head -n 1)
[ -f "$img" ] || fail "$kpkg has no boot/vmlinuz-*"
cp "$img" "$dir/Image"
cp "$dir"/x/boot/config-* "$dir/config"
mv "$dir"/x/lib/modules/* "$dir/modules"
rm -rf "$dir/x"

for deb in "$debs"/*_arm64.deb; do
	case $(basename "$deb") in linux-image-*) continue ;; esac
	dpkg -x "$deb" "$dir/rootfs"
done
[ -x "$dir/rootfs/bin/busybox" ] || fail "busybox-static did not unpack"
[ -x "$dir/rootfs/sbin/kexec" ] || fail "kexec-tools did not unpack"
echo "fetch: $kpkg, busybox-static, kexec-tools in $dir"
