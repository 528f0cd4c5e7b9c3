#!/bin/sh
# The benchmark: regenerates tests/bench/README-table.md and
# tests/bench/results.json and prints PASS or FAIL for each target.
# Everything is counted (tables, entries, instructions, bytes), nothing is
# timed, so the numbers are the same on every run of the same sources.
#
# usage: tests/bench/run.sh
# env:   BENCH_BUILD=DIR   native build directory (default build-bench)
#        BENCH_SIZES="..." synthetic sizes for callgrind
#                          (default 64 128 256 ... 16384)
# needs: meson, ninja, a C compiler, valgrind, aarch64-linux-gnu-gcc,
#        python3
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
here="$top/tests/bench"
build=${BENCH_BUILD:-$top/build-bench}
sizes=${BENCH_SIZES:-"64 128 256 512 1024 2048 4096 8192 16384"}

if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" "$top" -Dbench=true -Dtests=disabled \
		-Dexamples=false -Dfirmware_tests=disabled \
		-Defi_stub=disabled >/dev/null
fi
ninja -C "$build" -j 2 tests/bench/bench >/dev/null
bench="$build/tests/bench/bench"
work="$build/bench-out"
rm -rf "$work"
mkdir -p "$work/phases" "$work/cross"

echo "bench: tables and TLB entries for every map"
"$bench" maps "$top/tests/data" >"$work/maps.jsonl"

echo "bench: instructions per phase (callgrind)"
for n in $sizes; do
	for phase in text parse plan build; do
		valgrind -q --tool=callgrind \
			--toggle-collect="bench_phase_$phase" \
			--callgrind-out-file="$work/phases/callgrind.$phase.$n" \
			"$bench" phase "$n" >"$work/phases/phase.$n.json"
	done
	# The same map sorted by address, for comparison only.
	for phase in parse plan build; do
		valgrind -q --tool=callgrind \
			--toggle-collect="bench_phase_$phase" \
			--callgrind-out-file="$work/phases/callgrind.${phase}_sorted.$n" \
			"$bench" phase "$n" sorted >/dev/null
	done
done

echo "bench: aarch64 code size and stack"
python3 "$here/codesize.py" "$top/src" "$work/cross" >"$work/code.json"

# report.py exits 1 when a target fails; the README is updated either way.
status=0
python3 "$here/report.py" "$work/maps.jsonl" "$work/phases" \
	"$work/code.json" "$here/results.json" "$here/README-table.md" ||
	status=$?

# The targets table also stands in the top README, between markers.
python3 - "$here/README-table.md" "$top/README.md" <<'PY'
import sys
table, readme = sys.argv[1], sys.argv[2]
t = open(table).read()
start = t.index('#### Targets')
end = t.index('####', start + 4)
block = t[start:end].replace('#### Targets\n', '').strip() + '\n'
r = open(readme).read()
b, e = '<!-- bench-targets:begin -->\n', '<!-- bench-targets:end -->'
if b in r and e in r:
    r = r[:r.index(b) + len(b)] + block + r[r.index(e):]
    open(readme, 'w').write(r)
PY
exit $status
