#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
#
# Build the example stub and boot it once on EDK2 under QEMU, showing what
# it did: the memory map, the layout given to SetVirtualAddressMap, the
# translation-table statistics, the runtime calls through the new mapping
# and the kexec stages.
#
#   examples/efi-stub/demo.sh [--firmware edk2|uboot] [--mem 1G]
#                             [--build DIR] [key=value ...]
#
# key=value pairs go to the stub (see cfg.h), e.g. strategy=linux,
# va_bits=39, verbose=1 (dump the tables). On Debian, missing packages are
# installed when run as root; otherwise their names are printed.
set -eu

src=$(cd "$(dirname "$0")/../.." && pwd)
build=$src/build-efi-stub
fw=edk2 mem=1G
while [ $# -gt 0 ]; do
	case "$1" in
	--firmware) fw=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--build) build=$2; shift 2 ;;
	*) break ;;
	esac
done

pkgs="meson ninja-build gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu
qemu-system-arm qemu-efi-aarch64 u-boot-qemu device-tree-compiler"
missing=
for p in $pkgs; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null |
		grep -q 'ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" -eq 0 ]; then
		echo "== installing:$missing"
		apt-get update -qq
		# shellcheck disable=SC2086
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends $missing >/dev/null
	else
		echo "demo: please install:$missing" >&2
		exit 1
	fi
fi

echo "== fetching gnu-efi and libfdt for aarch64"
opts=$("$src/tests/firmware/fetch-arm64-deps.sh" "$build-deps" | tail -n 1)

echo "== building the stub"
if [ ! -f "$build/build.ninja" ]; then
	# shellcheck disable=SC2086
	meson setup "$build" "$src" \
		--cross-file "$src/cross/aarch64-linux-gnu.txt" \
		$opts -Dfirmware_tests=enabled >/dev/null
fi
ninja -C "$build" -j2 examples/efi-stub/BOOTAA64.EFI >/dev/null

echo "== booting it on $fw with $mem of RAM"
"$src/tests/firmware/boot.sh" --firmware "$fw" --mem "$mem" \
	--efi "$build/examples/efi-stub/BOOTAA64.EFI" \
	--log "$build/demo-$fw.log" "$@" >/dev/null || true
# The firmware's own messages come first; show the stub's part.
tr -d '\r' < "$build/demo-$fw.log" | sed -n '/^efivmap example stub/,$p' |
	sed 's/\x1b\[[0-9;=]*[a-zA-Z]//g'
grep -q 'EFIVMAP-RESULT: PASS' "$build/demo-$fw.log"
