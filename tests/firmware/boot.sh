#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
#
# Boot the example stub once under QEMU and judge the run by the lines the
# stub prints, never by QEMU's exit status (QEMU exits 0 either way).
#
#   boot.sh --firmware edk2|uboot --efi BOOTAA64.EFI [--mem 1G] [--cpu CPU]
#           [--el2] [--expect pass|fault] [--fault-step N] [--timeout SECONDS]
#           [--log FILE] [--show] [--require TEXT ...] [--require-re ERE ...]
#           [--require-same TEXT1 TEXT2] [key=value ...]
#
# Every key=value goes into \efivmap.cfg on the boot volume (see
# examples/efi-stub/cfg.h). --expect fault is for the negative controls:
# the run passes only if the stub reported an exception or a failed
# runtime call, and never a PASS; with --fault-step N the failure must
# also have happened in step N of the stub (9: the runtime calls).
# --el2 gives the machine EL2 (-machine virt,virtualization=on): both
# firmwares then run, and start the stub, at EL2.
# Each --require TEXT must appear in what the stub printed, so a test can
# insist on the path taken (which switch, say), not only on the result;
# each --require-re ERE likewise, as an extended regular expression.
# --require-same TEXT1 TEXT2: the word after TEXT1 (its first occurrence)
# must be the word after TEXT2, e.g. the VA a test corrupted and the VA
# a check named.
# Missing QEMU or firmware files fail the run with a plain message: a
# firmware test must never pass by skipping.
set -u

fw=edk2 mem=1G cpu=cortex-a57 efi= expect=pass tmo=30 log= show=0 cfg= fstep=
machine=virt
req= reqre= same1= same2=
while [ $# -gt 0 ]; do
	case "$1" in
	--firmware) fw=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--cpu) cpu=$2; shift 2 ;;
	--el2) machine=virt,virtualization=on; shift ;;
	--efi) efi=$2; shift 2 ;;
	--expect) expect=$2; shift 2 ;;
	--fault-step) fstep=$2; shift 2 ;;
	--timeout) tmo=$2; shift 2 ;;
	--log) log=$2; shift 2 ;;
	--show) show=1; shift ;;
	--require) req="$req$2
"; shift 2 ;;
	--require-re) reqre="$reqre$2
"; shift 2 ;;
	--require-same) same1=$2; same2=$3; shift 3 ;;
	*=*) cfg="$cfg$1
"; shift ;;
	*) echo "boot.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done

fail() {
	echo "FAIL: $*"
	exit 1
}

: "${QEMU:=qemu-system-aarch64}"
: "${EDK2_CODE:=/usr/share/AAVMF/AAVMF_CODE.fd}"
: "${EDK2_VARS:=/usr/share/AAVMF/AAVMF_VARS.fd}"
: "${UBOOT_BIN:=/usr/lib/u-boot/qemu_arm64/u-boot.bin}"

command -v "$QEMU" >/dev/null 2>&1 ||
	fail "$QEMU not found (Debian: apt-get install qemu-system-arm)"
command -v timeout >/dev/null 2>&1 || fail "timeout (coreutils) not found"
[ -n "$efi" ] && [ -f "$efi" ] || fail "stub image '$efi' not found"
case "$fw" in
edk2)
	[ -f "$EDK2_CODE" ] && [ -f "$EDK2_VARS" ] ||
		fail "EDK2 firmware $EDK2_CODE / $EDK2_VARS missing" \
			"(Debian: apt-get install qemu-efi-aarch64)"
	;;
uboot)
	[ -f "$UBOOT_BIN" ] ||
		fail "U-Boot $UBOOT_BIN missing" \
			"(Debian: apt-get install u-boot-qemu)"
	command -v fdtput >/dev/null 2>&1 ||
		fail "fdtput missing" \
			"(Debian: apt-get install device-tree-compiler)"
	;;
*)
	fail "unknown firmware '$fw'"
	;;
esac

tmp=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/esp/EFI/BOOT"
cp "$efi" "$tmp/esp/EFI/BOOT/BOOTAA64.EFI"
printf '%s' "$cfg" > "$tmp/esp/efivmap.cfg"
[ -n "$log" ] || log=$tmp/console.log

set -- -M "$machine" -cpu "$cpu" -m "$mem" -nographic -no-reboot -nic none \
	-drive "if=none,id=hd0,format=raw,readonly=on,file=fat:$tmp/esp" \
	-device virtio-blk-pci,drive=hd0
case "$fw" in
edk2)
	set -- "$@" \
		-drive "if=pflash,format=raw,readonly=on,file=$EDK2_CODE" \
		-drive "if=pflash,format=raw,snapshot=on,file=$EDK2_VARS" \
		-boot menu=on,splash-time=0
	;;
uboot)
	# QEMU's own device tree plus /config/bootdelay = 0, or U-Boot
	# waits two seconds for a key before booting.
	"$QEMU" "$@" -bios "$UBOOT_BIN" -machine "dumpdtb=$tmp/virt.dtb" \
		>"$tmp/dumpdtb.log" 2>&1 </dev/null ||
		fail "QEMU could not dump its device tree:" \
			"$(cat "$tmp/dumpdtb.log")"
	fdtput -c "$tmp/virt.dtb" /config &&
		fdtput -t i "$tmp/virt.dtb" /config bootdelay 0 ||
		fail "fdtput on the device tree failed"
	set -- "$@" -bios "$UBOOT_BIN" -dtb "$tmp/virt.dtb"
	;;
esac

start=$(date +%s)
timeout -k 2 "$tmo" "$QEMU" "$@" </dev/null >"$log" 2>&1
rc=$?
secs=$(( $(date +%s) - start ))
[ "$show" = 1 ] && tr -d '\r' < "$log"

result=$(tr -d '\r' < "$log" | sed -n 's/^.*EFIVMAP-RESULT: //p' | tail -n 1)
faults=$(tr -d '\r' < "$log" | grep -c 'EFIVMAP-FAULT')
desc="$fw machine=$machine cpu=$cpu mem=$mem $(printf '%s' "$cfg" | tr '\n' ' ')"
why=
case "$expect" in
pass)
	case "$result" in
	PASS*) [ "$faults" -eq 0 ] || why="a fault was reported" ;;
	"") why="no result line" ;;
	*) why="result: $result" ;;
	esac
	;;
fault)
	case "$result" in
	PASS*) why="the negative control passed: the test cannot fail" ;;
	FAULT* | FAIL*)
		case "$fstep:$result" in
		:* | *"step=$fstep "* | *"step=$fstep") ;;
		*) why="failed, but not in step $fstep: $result" ;;
		esac
		;;
	"") why="no result line: nothing was detected or reported" ;;
	*) why="unexpected result: $result" ;;
	esac
	;;
*)
	fail "unknown --expect '$expect'"
	;;
esac
if [ -z "$why" ] && [ -n "$req" ]; then
	while IFS= read -r line; do
		[ -z "$line" ] && continue
		tr -d '\r' < "$log" | grep -qF -- "$line" ||
			why="${why:+$why; }no line with '$line'"
	done <<-EOF
	$req
	EOF
fi
if [ -z "$why" ] && [ -n "$reqre" ]; then
	while IFS= read -r line; do
		[ -z "$line" ] && continue
		tr -d '\r' < "$log" | grep -qE -- "$line" ||
			why="${why:+$why; }no line matching '$line'"
	done <<-EOF
	$reqre
	EOF
fi
# The word after a marker, from its first occurrence (empty if none).
word_after() {
	tr -d '\r' < "$log" | grep -F -- "$1" | head -n 1 |
		awk -v m="$1" '{ i = index($0, m); s = substr($0, i + length(m));
			sub(/^[ \t]+/, "", s); split(s, w, /[ \t,;()]/);
			print w[1] }'
}
if [ -z "$why" ] && [ -n "$same1" ]; then
	w1=$(word_after "$same1") w2=$(word_after "$same2")
	[ -n "$w1" ] && [ "$w1" = "$w2" ] ||
		why="'$same1' gives '$w1' but '$same2' gives '$w2'"
fi
[ "$rc" -eq 124 ] && [ -z "$result" ] && why="$why (timed out after ${tmo}s)"
# Every run ends by powering off, after a failure too (at EL2 that takes
# the right PSCI conduit): a run that had to be killed fails.
[ "$rc" -eq 124 ] && [ -n "$result" ] &&
	why="${why:+$why; }no power-off within ${tmo}s after the result"

# A failure shows the whole console, firmware messages included; a pass
# only what the stub printed (the map, layout, tables and calls).
if [ -n "$why" ]; then
	[ "$show" = 1 ] || tr -d '\r' < "$log"
	fail "$desc: $why"
fi
[ "$show" = 1 ] ||
	tr -d '\r' < "$log" | sed -n '/^efivmap example stub/,$p'
echo "ok: $desc: expected $expect, got '$result' (${secs}s)"
