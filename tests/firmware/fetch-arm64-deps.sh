#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
#
# Fetch and unpack the aarch64 parts the example stub links against:
# gnu-efi (crt0, linker script, libefi, headers) and libfdt (libfdt.a and
# headers), from Debian's arm64 packages. Debian's amd64 gnu-efi has no
# aarch64 files. Nothing is installed: the packages are only unpacked into
# DIR (default: ./arm64-deps), which a CI cache can keep.
#
#   fetch-arm64-deps.sh [DIR]
#
# Adding the arm64 architecture and running apt-get update need root; the
# download itself does not. With EFIVMAP_ARM64_DEBS set to a directory
# holding gnu-efi_*_arm64.deb and libfdt-dev_*_arm64.deb, those are used
# instead of the network. The last line printed is the meson options.
set -eu

die() {
	echo "fetch-arm64-deps: $*" >&2
	exit 1
}

dir=${1:-arm64-deps}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
root=$dir/root

have() {
	[ -f "$root/usr/lib/crt0-efi-aarch64.o" ] &&
	[ -f "$root/usr/lib/elf_aarch64_efi.lds" ] &&
	[ -f "$root/usr/include/efi/efi.h" ] &&
	[ -f "$root/usr/lib/aarch64-linux-gnu/libfdt.a" ] &&
	[ -f "$root/usr/include/libfdt.h" ]
}

if ! have; then
	debs=$dir/debs
	mkdir -p "$debs"
	if [ -n "${EFIVMAP_ARM64_DEBS:-}" ]; then
		cp "$EFIVMAP_ARM64_DEBS"/gnu-efi_*_arm64.deb \
		   "$EFIVMAP_ARM64_DEBS"/libfdt-dev_*_arm64.deb "$debs"/
	else
		command -v apt-get >/dev/null 2>&1 ||
			die "apt-get not found; set EFIVMAP_ARM64_DEBS"
		sudo=
		[ "$(id -u)" -eq 0 ] || sudo=sudo
		if ! dpkg --print-foreign-architectures | grep -qx arm64; then
			$sudo dpkg --add-architecture arm64
		fi
		pkgs="gnu-efi:arm64 libfdt-dev:arm64"
		# shellcheck disable=SC2086
		if ! (cd "$debs" && apt-get download $pkgs) >/dev/null 2>&1
		then
			$sudo apt-get update -qq
			# shellcheck disable=SC2086
			(cd "$debs" && apt-get download $pkgs)
		fi
	fi
	rm -rf "$root"
	mkdir -p "$root"
	for deb in "$debs"/gnu-efi_*_arm64.deb \
		   "$debs"/libfdt-dev_*_arm64.deb; do
		[ -f "$deb" ] || die "$deb missing"
		dpkg -x "$deb" "$root"
	done
	have || die "the unpacked packages lack the expected files"
fi
echo "-Dgnu_efi=$root/usr -Dlibfdt_aarch64=$root/usr/lib/aarch64-linux-gnu"
