#!/bin/sh
# Install what a fresh Debian 12 lacks for building and testing libefivmap.
# Safe to run again: it only calls apt-get when something is missing.
# usage: tests/deps.sh [core|firmware|all]
set -eu
want=${1:-all}

core="meson ninja-build pkg-config gcc libc6-dev libcmocka-dev libfdt-dev
      device-tree-compiler python3 gcc-aarch64-linux-gnu
      binutils-aarch64-linux-gnu"
firmware="qemu-system-arm qemu-efi-aarch64 u-boot-qemu mtools dosfstools
          libc6-dev-arm64-cross"
extra="clang llvm libclang-rt-14-dev valgrind"

case $want in
core) pkgs=$core ;;
firmware) pkgs="$core $firmware" ;;
all) pkgs="$core $firmware $extra" ;;
*) echo "usage: $0 [core|firmware|all]" >&2; exit 2 ;;
esac

missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	sudo=
elif command -v sudo >/dev/null 2>&1; then
	sudo=sudo
else
	echo "deps: need root (or sudo) to install:$missing" >&2
	exit 1
fi
echo "deps: installing$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
	--no-install-recommends $missing >/dev/null
