#!/bin/sh
# The core library must link into a freestanding image with nothing left
# undefined, and its sources may include nothing but the env header chain.
# usage: check.sh SRCDIR LIBEFIVMAP.a LD NM SIZE
set -eu
src=$1 lib=$2 ld=$3 nm=$4 size=$5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail=0
# 1. Includes: only efivmap headers and internal headers; env.h alone may
#    include the three freestanding C headers. The optional FDT module
#    (src/fdt*) is the one exception: it is built separately, against
#    libfdt, and never linked into the core.
bad=$(grep -rn '#[[:space:]]*include' "$src/src" "$src/include/efivmap" \
	--include='*.c' --include='*.h' |
      grep -v '^[^:]*/src/arch/' |
      grep -v '^[^:]*/src/fdt[^/]*\.[ch]:' |
      grep -vE '#[[:space:]]*include[[:space:]]*"(efivmap/[a-z_]+\.h|[a-z_]+\.h|internal\.h)"' |
      grep -vE '^[^:]*/include/efivmap/env\.h:[0-9]+:#include <std(int|def|bool)\.h>' || true)
if [ -n "$bad" ]; then
	echo "FAIL: includes outside the env header:"
	echo "$bad"
	fail=1
fi

# 2. Link every object together; nothing may stay undefined.
"$ld" -r --whole-archive "$lib" -o "$tmp/all.o"
undef=$("$nm" -u "$tmp/all.o")
if [ -n "$undef" ]; then
	echo "FAIL: undefined symbols in the linked library:"
	echo "$undef"
	fail=1
fi

# 3. No mutable globals: .data and .bss stay empty. Constant pointer
#    tables land in .data.rel.ro, which is read-only once relocated.
rw=$(LC_ALL=C "$size" -A "$tmp/all.o" |
     awk '($1 ~ /^\.(data|bss)/) && ($1 !~ /^\.data\.rel\.ro/) && $2 != 0')
if [ -n "$rw" ]; then
	echo "FAIL: writable data sections:"
	echo "$rw"
	"$nm" "$tmp/all.o" | awk '$2 ~ /^[BbDdCc]$/'
	fail=1
fi

[ $fail -eq 0 ] && echo "freestanding: 1 passed, 0 failed" && exit 0
echo "freestanding: 0 passed, 1 failed"
exit 1
