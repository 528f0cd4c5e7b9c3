#!/bin/sh
# The whole test suite, from a fresh Debian 12 machine: installs what is
# missing, builds once (aarch64 library + stub, host tests and tools in one
# cross build directory), runs every suite, then the host tests again under
# ASan+UBSan and a short smoke run of every fuzzer.
#
# usage: tests/run.sh            (from the source tree)
# env:   FUZZ_SECONDS=N          per fuzz target (default 30; 0 skips fuzzing)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
fuzz_seconds=${FUZZ_SECONDS:-30}
results=

tests/deps.sh all

step() {
	echo
	echo "=== $1"
}

record() {
	# record NAME STATUS
	results="$results$1=$2 "
}

step "build (aarch64 library and stub, host tests and tools)"
# Configure fetches gnu-efi and libfdt for aarch64 itself (see
# tests/firmware/fetch-arm64-deps.sh) when the firmware tests are enabled.
if [ ! -f build/build.ninja ]; then
	meson setup build --cross-file cross/aarch64-linux-gnu.txt \
		-Dfirmware_tests=enabled -Dlinux_tests=enabled -Dfdt=enabled \
		-Dtests=enabled
fi
ninja -C build -j2

step "tests: unit, freestanding, cli, property, firmware, linux"
if meson test -C build --print-errorlogs --num-processes 2; then
	record main ok
else
	record main FAILED
fi

step "host tests under ASan+UBSan"
if [ ! -f build-asan/build.ninja ]; then
	meson setup build-asan -Db_sanitize=address,undefined \
		-Db_lundef=false -Dfdt=enabled -Dtests=enabled -Dasserts=true
fi
if ninja -C build-asan -j2 &&
   ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
   meson test -C build-asan --suite unit --suite property --suite cli \
	--suite corpus \
	--print-errorlogs \
	--num-processes 2; then
	record sanitizers ok
else
	record sanitizers FAILED
fi

if [ "$fuzz_seconds" -gt 0 ] && [ -f tests/fuzz/run.sh ]; then
	step "fuzz smoke, ${fuzz_seconds}s per target"
	if tests/fuzz/run.sh "$fuzz_seconds"; then
		record fuzz ok
	else
		record fuzz FAILED
	fi
fi

echo
pass=0 fail=0
for r in $results; do
	echo "  $r"
	case $r in *=ok) pass=$((pass + 1)) ;; *) fail=$((fail + 1)) ;; esac
done
echo "suites: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
