#!/bin/sh
# Build the libFuzzer targets in a build directory of their own and run
# each for SECONDS. Fails when any target crashes; prints the executions
# per target. Every target starts from the committed corpus
# (tests/fuzz/corpus/<target>), seeds generated from the real maps and at
# the edges (fuzz-seeds), and the raw files of tests/data, reproducers
# included. What a run finds grows in the build directory; --merge folds
# it into the committed corpus, minimized, so the next run starts there.
#
# usage: tests/fuzz/run.sh [SECONDS]         (default 30)
#        tests/fuzz/run.sh --merge           (after a run)
# env:   FUZZ_BUILD=DIR       build directory (default build-fuzz)
#        FUZZ_TARGETS="..."   a subset of: text plan pt mat fdt
#        FUZZ_JOBS=N          ninja jobs (default 2)
# A crash leaves its input in DIR/fuzz-artifacts; replay it with
#        DIR/tests/fuzz/fuzz_<target> DIR/fuzz-artifacts/<file>
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
merge=false
if [ "${1:-}" = --merge ]; then
	merge=true
	shift
fi
seconds=${1:-30}
build=${FUZZ_BUILD:-$top/build-fuzz}
jobs=${FUZZ_JOBS:-2}

if [ ! -f "$build/build.ninja" ]; then
	CC=clang meson setup "$build" "$top" -Dfuzz=enabled \
		-Db_sanitize=address,undefined -Db_lundef=false -Dasserts=true \
		-Dc_args=-fsanitize=fuzzer-no-link -Dwerror=false \
		-Dtests=disabled -Dexamples=false -Dbench=false \
		-Dfirmware_tests=disabled -Defi_stub=disabled >/dev/null
fi
# Keep going past a target that does not build: the others still run,
# and the missing one is reported as a failure below.
if ! ninja -C "$build" -j "$jobs" -k 0 >"$build/fuzz-build.log" 2>&1; then
	echo "fuzz: build errors (see $build/fuzz-build.log):"
	grep -E 'error:|undefined reference' "$build/fuzz-build.log" |
		sort -u | head -n 20
fi

fz="$build/tests/fuzz"
seeds="$build/fuzz-seeds"
corpus="$build/fuzz-corpus"
art="$build/fuzz-artifacts"
rm -rf "$seeds"
mkdir -p "$seeds/fdt" "$corpus" "$art"
"$fz/fuzz-seeds" "$top/tests/data" "$seeds"

# FDT seeds: trees carrying the UEFI properties as Linux's stub and Xen
# write them, one without, and QEMU's own virt tree when QEMU is there.
seed_dts() {
	# seed_dts NAME: a tree from stdin, behind an all-zero header
	dtc -q -I dts -O dtb -o "$seeds/fdt/$1.dtb" - &&
	{ printf '\000\000\000\000\000\000\000\000'
	  cat "$seeds/fdt/$1.dtb"; } >"$seeds/fdt/$1"
	rm -f "$seeds/fdt/$1.dtb"
}
if command -v dtc >/dev/null 2>&1; then
	seed_dts chosen <<-EOF
	/dts-v1/;
	/ {
		#address-cells = <2>;
		#size-cells = <2>;
		chosen {
			linux,uefi-system-table = /bits/ 64 <0x7fe20018>;
			linux,uefi-mmap-start = /bits/ 64 <0x7c400000>;
			linux,uefi-mmap-size = <0x540>;
			linux,uefi-mmap-desc-size = <0x30>;
			linux,uefi-mmap-desc-ver = <1>;
			bootargs = "efi=debug";
		};
	};
	EOF
	seed_dts xen <<-EOF
	/dts-v1/;
	/ {
		#address-cells = <2>;
		#size-cells = <2>;
		hypervisor {
			uefi {
				xen,uefi-system-table = /bits/ 64 <0x7fe20018>;
				xen,uefi-mmap-start = <0x7c400000>;
				xen,uefi-mmap-size = <0x540>;
				xen,uefi-mmap-desc-size = <0x30>;
				xen,uefi-mmap-desc-ver = <1>;
			};
		};
		chosen { };
	};
	EOF
	seed_dts plain <<-EOF
	/dts-v1/;
	/ { chosen { bootargs = "console=ttyAMA0"; }; };
	EOF
fi
if command -v qemu-system-aarch64 >/dev/null 2>&1 &&
   command -v dtc >/dev/null 2>&1 &&
   qemu-system-aarch64 -M virt,dumpdtb="$seeds/fdt/qemu.dtb" \
	-cpu cortex-a57 -nographic -nodefaults -net none >/dev/null 2>&1; then
	# QEMU pads the blob to 1 MiB; dtc packs it.
	dtc -q -I dtb -O dtb -o "$seeds/fdt/qemu.packed" "$seeds/fdt/qemu.dtb"
	{ printf '\017\000\000\000\000\000\000\000'
	  cat "$seeds/fdt/qemu.packed"; } >"$seeds/fdt/qemu"
	rm -f "$seeds/fdt/qemu.dtb" "$seeds/fdt/qemu.packed"
fi

targets=${FUZZ_TARGETS:-"text plan pt mat fdt"}
committed="$top/tests/fuzz/corpus"

if $merge; then
	# Minimize what the committed corpus, this build's corpus and the
	# seeds cover into a fresh committed corpus.
	for t in $targets; do
		exe="$fz/fuzz_$t"
		[ -x "$exe" ] || continue
		new="$build/fuzz-merged/$t"
		rm -rf "$new"
		mkdir -p "$new" "$committed/$t" "$seeds/$t"
		"$exe" -merge=1 -max_len=262144 -timeout=20 "$new" \
			"$committed/$t" "$corpus/$t" "$seeds/$t" \
			>"$build/fuzz-merge-$t.log" 2>&1 ||
			{ tail -n 20 "$build/fuzz-merge-$t.log"; exit 1; }
		rm -rf "$committed/$t"
		mv "$new" "$committed/$t"
		echo "$t: $(ls "$committed/$t" | wc -l) inputs"
	done
	exit 0
fi
failed=0
total=0
printf '%-6s %12s %10s %8s  %s\n' target executions exec/s corpus result
for t in $targets; do
	exe="$fz/fuzz_$t"
	if [ ! -x "$exe" ]; then
		# Without libfdt there is no FDT target; anything else that
		# did not build is a failure.
		if [ "$t" = fdt ] && [ ! -d "$fz/fuzz_fdt.p" ]; then
			printf '%-6s %12s %10s %8s  %s\n' "$t" - - - \
				"skipped (no libfdt)"
			continue
		fi
		printf '%-6s %12s %10s %8s  %s\n' "$t" - - - "NOT BUILT"
		failed=1
		continue
	fi
	seed_dirs="$committed/$t $top/tests/data"
	[ -d "$seeds/$t" ] && seed_dirs="$seed_dirs $seeds/$t"
	mkdir -p "$corpus/$t"
	log="$build/fuzz-$t.log"
	if UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	   ASAN_OPTIONS=detect_leaks=1 \
	   "$exe" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
		-max_len=262144 -print_final_stats=1 \
		-artifact_prefix="$art/$t-" \
		"$corpus/$t" $seed_dirs >"$log" 2>&1; then
		result=ok
	else
		result=CRASH
		failed=1
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" |
		tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" |
	       tail -n 1)
	size=$(ls "$corpus/$t" | wc -l)
	printf '%-6s %12s %10s %8s  %s\n' "$t" "${execs:--}" "${rate:--}" \
		"$size" "$result"
	total=$((total + ${execs:-0}))
	if [ "$result" != ok ]; then
		echo "--- $log (last 40 lines)"
		tail -n 40 "$log"
		echo "---"
	fi
done
echo "total executions: $total"
exit $failed
