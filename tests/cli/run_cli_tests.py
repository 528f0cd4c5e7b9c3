#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
"""Drive the real efivmap binary on the real maps in tests/data.

Usage: run_cli_tests.py CASE --efivmap BIN --data DIR --golden DIR [--update]

Cases:
  usage        exit code 2 and a hint for every kind of bad usage
  errors       exit code 1 with the file, line or descriptor named
  golden       stdout of a few commands equals tests/cli/golden/*.out
  vmap         --strategy linux reproduces the captured SVAM inputs exactly
  all-maps     every map, every strategy and granule: exit 0 with valid
               JSON and verify ok, or exit 1 with an honest message
  stdin        '-' reads stdin and gives the same result as the file
  emit-tables  the emitted pool image, walked here independently, maps
               exactly the runtime regions with sane descriptor bits
  mat          a Memory Attributes Table removes every W+X page, and
               thousands of unsorted entries are planned in time
  compare      --compare linux: optimal never costs more than Linux
  repro        the inputs of tests/data/repro: refused or planned right
  1tib-region-fast  a 1 TiB runtime region at 4K plans in a few seconds
               with the walk check ok: verification costs per leaf
  defects      every map defect Linux maps anyway: a finding, verify ok,
               and --strict refusing what the library refused before
  variants     the pasted variants of tests/data/variants: read to their
               header's counts, findings shown in text and JSON, --strict

--update rewrites the golden files instead of comparing.
"""
import argparse
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import time

HEX = re.compile(r"^0x[0-9a-f]+$")
GRANULES = {"4k": 0x1000, "16k": 0x4000, "64k": 0x10000}
STRATEGIES = ["optimal", "linux", "flat"]
SZ_64K = 0x10000


class Failure(Exception):
    pass


class Runner:
    def __init__(self, efivmap, data):
        self.efivmap = efivmap
        self.data = data
        self.checks = 0
        self.failures = []

    def run(self, args, stdin=None, timeout=60):
        """Runs efivmap in the data directory; returns (rc, out, err)."""
        p = subprocess.run([self.efivmap] + args, cwd=self.data,
                           input=stdin, capture_output=True, timeout=timeout)
        return (p.returncode, p.stdout.decode("utf-8", "replace"),
                p.stderr.decode("utf-8", "replace"))

    def check(self, cond, what):
        self.checks += 1
        if not cond:
            self.failures.append(what)
        return cond

    def run_json(self, args, what):
        rc, out, err = self.run(args + ["--json"])
        try:
            doc = json.loads(out)
        except ValueError as e:
            self.check(False, f"{what}: stdout is not JSON ({e}); "
                       f"rc {rc}, stderr {err.strip()!r}")
            return rc, None, err
        self.check(True, what)
        return rc, doc, err


# ---- helpers ------------------------------------------------------------

def all_maps(data):
    """Every text map, and every raw capture with its stride."""
    maps = []
    for sub in ["", "captured"]:
        d = os.path.join(data, sub)
        for name in sorted(os.listdir(d)):
            rel = os.path.join(sub, name) if sub else name
            if name.endswith(".txt") and name != "README.md":
                maps.append((rel, []))
            elif name.endswith(".bin"):
                txt = os.path.join(d, name[:-4] + ".txt")
                size = desc_size_of(txt)
                if size:
                    maps.append((rel, ["--desc-size", str(size)]))
    return maps


def desc_size_of(txt):
    try:
        with open(txt) as f:
            for line in f:
                m = re.match(r"#\s*desc_size\s+(\d+)", line)
                if m:
                    return int(m.group(1))
    except OSError:
        pass
    return None


def capture_rows(path):
    """The descriptor rows of a capture: lists of ints."""
    rows = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                rows.append([int(x, 0) for x in line.split()])
    return rows


def is_mat(rel):
    return rel.endswith("-mat.txt") or rel.endswith("-mat.bin")


def check_schema(r, doc, what):
    """The documented, stable keys and their types."""
    def need(obj, key, kind, where):
        ok = isinstance(obj, dict) and key in obj
        if ok and kind == "hex":
            ok = isinstance(obj[key], str) and HEX.match(obj[key])
        elif ok and kind is int:
            ok = isinstance(obj[key], int) and not isinstance(obj[key], bool)
        elif ok:
            ok = isinstance(obj[key], kind)
        r.check(ok, f"{what}: {where}.{key} missing or not {kind}")
        return ok

    for key, kind in [("format", str), ("descriptors", int),
                      ("desc_size", int), ("runtime", int)]:
        need(doc.get("input"), key, kind, "input")
    lay = doc.get("layout")
    need(lay, "strategy", str, "layout")
    if need(lay, "regions", list, "layout"):
        for i, reg in enumerate(lay["regions"]):
            for key, kind in [("type", int), ("phys", "hex"),
                              ("virt", "hex"), ("pages", int),
                              ("attribute", "hex")]:
                need(reg, key, kind, f"layout.regions[{i}]")
    pt = doc.get("pagetable")
    for key, kind in [("granule", int), ("va_bits", int), ("tables", int),
                      ("table_bytes", int), ("leaf_entries", int),
                      ("tlb_entries", int), ("wx_pages", int),
                      ("ttbr0", "hex"), ("tcr", "hex"), ("mair", "hex"),
                      ("pool_base", "hex")]:
        need(pt, key, kind, "pagetable")
    ver = doc.get("verify")
    need(ver, "ok", bool, "verify")
    if need(ver, "problems", list, "verify"):
        r.check(all(isinstance(p, str) for p in ver["problems"]),
                f"{what}: verify.problems holds non-strings")


def check_plan(r, doc, what, strategy, granule):
    """Facts every successful plan must show."""
    check_schema(r, doc, what)
    regs = doc["layout"]["regions"]
    pt = doc["pagetable"]
    r.check(doc["verify"]["ok"] is True and not doc["verify"]["problems"],
            f"{what}: verify not ok: {doc['verify']['problems']}")
    r.check(len(regs) == doc["input"]["runtime"],
            f"{what}: {len(regs)} regions for "
            f"{doc['input']['runtime']} runtime descriptors")
    r.check(doc["layout"]["strategy"] == strategy,
            f"{what}: strategy {doc['layout']['strategy']}")
    r.check(pt["granule"] == granule, f"{what}: granule {pt['granule']}")
    r.check(pt["table_bytes"] == pt["tables"] * granule,
            f"{what}: table_bytes != tables * granule")
    r.check(pt["tlb_entries"] <= pt["leaf_entries"],
            f"{what}: more TLB entries than leaves")
    r.check(pt["ttbr0"] == pt["pool_base"],
            f"{what}: TTBR0 {pt['ttbr0']} is not the pool base")
    idx = [reg.get("index", i) for i, reg in enumerate(regs)]
    r.check(idx == sorted(idx), f"{what}: regions not in input order")
    for reg in regs:
        phys, virt = int(reg["phys"], 16), int(reg["virt"], 16)
        r.check((phys - virt) % SZ_64K == 0,
                f"{what}: VA {reg['virt']} not congruent to PA "
                f"{reg['phys']} modulo 64 KiB")
        if strategy == "flat":
            r.check(phys == virt, f"{what}: flat VA != PA at {reg['phys']}")


def check_error(r, rc, err, rel, what):
    """A refusal must be exit 1 with one message naming the file."""
    r.check(rc == 1, f"{what}: exit {rc}, stderr {err.strip()!r}")
    lines = [l for l in err.splitlines() if l.strip()]
    r.check(lines and lines[0].startswith(f"efivmap: {rel}: "),
            f"{what}: message does not name the file: {err.strip()!r}")


# ---- cases --------------------------------------------------------------

def case_usage(r, args):
    cases = [
        ([], "no command"),
        (["frobnicate"], "unknown command"),
        (["plan"], "plan without a file"),
        (["parse"], "parse without a file"),
        (["plan", "--granule", "8k", "x"], "bad granule"),
        (["plan", "--strategy", "best", "x"], "bad strategy"),
        (["plan", "--va-bits", "60", "x"], "va-bits too large"),
        (["plan", "--va-bits", "lots", "x"], "va-bits not a number"),
        (["plan", "--bogus", "x"], "unknown option"),
        (["plan", "--json=yes", "x"], "value for a flag"),
        (["plan", "--seed"], "missing value"),
        (["plan", "a", "b"], "two files"),
        (["plan", "--granule", "64k", "--pool-base", "0x1000", "x"],
         "pool base not granule aligned"),
        (["plan", "--compare", "windows", "x"], "unknown comparison"),
        (["plan", "--desc-size", "44", "x"], "bad desc-size"),
        (["parse", "--format", "vms", "x"], "unknown format"),
    ]
    cases.append((["plan", "--strategy", "keep", "--va-bits", "30", "x"],
                  "va-bits too small"))
    for argv, what in cases:
        rc, out, err = r.run(argv)
        r.check(rc == 2, f"usage {what}: exit {rc}, want 2")
        r.check("efivmap" in err and out == "",
                f"usage {what}: message belongs on stderr: {err!r}")
    for argv in (["--help"], ["help"], ["plan", "--help"],
                 ["parse", "--help"]):
        rc, out, err = r.run(argv)
        r.check(rc == 0 and out.startswith("Usage: efivmap"),
                f"{' '.join(argv)}: exit {rc}")
    rc, out, err = r.run(["fdt", "--help"])
    r.check(rc in (0, 2), f"fdt --help: exit {rc}")


def case_option_forms(r, args):
    """--opt=value, --flag=value and "--" behave the same in every command."""
    capture = os.path.join(r.data, "captured", "edk2-aavmf-1G-ebs.txt")
    rc, spaced, err = r.run(["plan", "--va-bits", "39", capture])
    rc2, joined, err2 = r.run(["plan", "--va-bits=39", capture])
    r.check(rc == 0 and rc2 == 0 and spaced == joined,
            f"plan --va-bits=39: exit {rc2}, same output: {spaced == joined}")
    rc, out, err = r.run(["plan", "--", capture])
    r.check(rc == 0 and out == r.run(["plan", capture])[1],
            f"plan -- FILE: exit {rc}: {err}")
    if r.run(["fdt", "--help"])[0] != 0:
        return  # built without libfdt: plan alone
    tmp = tempfile.mkdtemp(prefix="efivmap-cli-")
    spaced_dtb = os.path.join(tmp, "spaced.dtb")
    joined_dtb = os.path.join(tmp, "joined.dtb")
    rc, out, err = r.run(["fdt", "set", "--empty", "--system-table",
                          "0x1000", "--mmap-start", "0x80000000",
                          "--mmap-size", "480", "--desc-size", "48",
                          spaced_dtb])
    rc2, out2, err2 = r.run(["fdt", "set", "--empty", "--system-table=0x1000",
                             "--mmap-start=0x80000000", "--mmap-size=480",
                             "--desc-size=48", joined_dtb])
    with open(spaced_dtb, "rb") as a, open(joined_dtb, "rb") as b:
        r.check(rc == 0 and rc2 == 0 and a.read() == b.read(),
                f"fdt set --opt=value: exit {rc2}: {err2}")
    rc, spaced, err = r.run(["fdt", "get", "--va-bits", "40", joined_dtb])
    rc2, joined, err2 = r.run(["fdt", "get", "--va-bits=40", joined_dtb])
    r.check(rc == 0 and rc2 == 0 and spaced == joined and
            "linux,uefi-system-table 0x0000000000001000" in joined,
            f"fdt get --va-bits=40: exit {rc2}: {err2}")
    rc, out, err = r.run(["fdt", "get", "--", joined_dtb])
    r.check(rc == 0 and out == joined, f"fdt get -- DTB: exit {rc}: {err}")
    # The same usage errors, word for word, in plan and in fdt.
    for argv, what, want in (
            (["plan", "--json=yes", capture], "plan flag=value",
             "--json takes no value"),
            (["fdt", "set", "--empty=yes", "--system-table", "1",
              joined_dtb], "fdt flag=value", "--empty takes no value"),
            (["plan", "--va-bits=lots", capture], "plan value not a number",
             "--va-bits: 'lots' is not a number"),
            (["fdt", "get", "--va-bits=lots", joined_dtb],
             "fdt value not a number", "--va-bits: 'lots' is not a number"),
            (["plan", "--bogus=1", capture], "plan unknown option=value",
             "unknown option '--bogus=1'"),
            (["fdt", "get", "--bogus=1", joined_dtb],
             "fdt unknown option=value", "unknown option '--bogus=1'")):
        rc, out, err = r.run(argv)
        r.check(rc == 2 and out == "" and want in err,
                f"{what}: exit {rc}, want 2 and {want!r}: {err!r}")


def case_errors(r, args):
    tmp = tempfile.mkdtemp(prefix="efivmap-cli-")

    def write(name, content, mode="w"):
        path = os.path.join(tmp, name)
        with open(path, mode) as f:
            f.write(content)
        return path

    def expect(argv, path, want, what):
        rc, out, err = r.run(argv + [path])
        check_error(r, rc, err, path, what)
        r.check(re.search(want, err) is not None,
                f"{what}: message {err.strip()!r} lacks /{want}/")
        return err

    missing = os.path.join(tmp, "no-such-map.txt")
    for cmd in ("parse", "plan"):
        expect([cmd], missing, "cannot open", f"{cmd} missing file")

    shell = ("Type       Start            End              # Pages"
             "          Attributes\n")
    good = ("Available  0000000040000000-0000000040FFFFFF "
            "0000000000001000 000000000000000F\n")
    bad_range = ("RT_Data    0000000041000000-0000000040FFFFFF "
                 "0000000000000010 800000000000000F\n")
    p = write("range.txt", shell + good + bad_range)
    for cmd in ("parse", "plan"):
        expect([cmd], p, r"line 3\b", f"{cmd} end below start")

    overlap = ("RT_Data    0000000040800000-000000004080FFFF "
               "0000000000000010 800000000000000F\n")
    p = write("overlap.txt", shell + good + overlap)
    # Linux maps a runtime region inside another region anyway: tolerated
    # and said, with its place; --strict refuses it as before.
    for cmd in ("parse", "plan"):
        rc, out, err = r.run([cmd, p])
        r.check(rc == 0 and re.search(r"line 3, descriptor 1: .*"
                                      r"\[overlap-runtime-other, none\]",
                                      out) is not None,
                f"{cmd} overlap tolerated: exit {rc}, {out!r} {err!r}")
        expect([cmd, "--strict"], p, r"line 3, descriptor 1\b",
               f"{cmd} --strict overlap")

    # No runtime regions: an empty layout and a root table, not an error.
    p = write("no-runtime.txt", shell + good)
    rc, doc, err = r.run_json(["plan", p], "no runtime regions")
    if r.check(rc == 0 and doc, f"no runtime regions: exit {rc}: {err}"):
        r.check(doc["layout"]["regions"] == [] and
                doc["pagetable"]["tables"] == 1 and
                doc["pagetable"]["leaf_entries"] == 0 and
                doc["verify"]["ok"], f"no runtime regions: {doc}")

    p = write("empty.txt", "nothing to see here\n")
    expect(["plan"], p, "format", "no descriptor lines")

    p = write("raw.bin", b"\x07" + b"\0" * 47, "wb")
    expect(["plan"], p, "--desc-size", "binary without --desc-size")
    capture = os.path.join(r.data, "captured", "edk2-aavmf-1G-ebs.txt")
    expect(["plan", "--desc-size", "48"], capture, "drop --desc-size",
           "text with --desc-size")
    p = write("short.bin", b"\0" * 50, "wb")
    expect(["plan", "--desc-size", "48"], p, "raw descriptor array",
           "raw size not a multiple of desc_size")

    # A plan that cannot be: PA above 2^36 with VA = PA and 36 VA bits.
    sl28 = os.path.join(r.data, "kontron-sl28-ls1028a-uboot.txt")
    err = expect(["plan", "--strategy", "flat", "--va-bits", "36"], sl28,
                 r"layout: line \d+, descriptor \d+", "flat beyond va-bits")
    rc, doc, err = r.run_json(["plan", "--strategy", "flat", "--va-bits",
                               "36", sl28], "flat beyond va-bits json")
    if doc is not None:
        e = doc.get("error", {})
        r.check(rc == 1 and e.get("stage") == "layout" and
                isinstance(e.get("descriptor"), int) and
                isinstance(e.get("line"), int),
                f"json error object: {doc.get('error')}")
    # A window too small for the runtime regions.
    expect(["plan", "--va-base", "0x20000000", "--va-limit", "0x20010000"],
           capture, "layout", "window too small")


def golden_cases():
    return [
        ("parse-huawei-d05", ["parse", "huawei-d05.txt"]),
        ("parse-uboot-64k",
         ["parse", "qemu-virt-arm64-uboot-efi-64k.txt"]),
        ("parse-edk2-vmap", ["parse", "captured/edk2-aavmf-1G-vmap.txt"]),
        ("plan-edk2-aavmf-1G", ["plan", "captured/edk2-aavmf-1G-ebs.txt"]),
        ("plan-edk2-aavmf-1G-linux-mat",
         ["plan", "--strategy", "linux", "--mat",
          "captured/edk2-aavmf-1G-mat.txt",
          "captured/edk2-aavmf-1G-ebs.txt"]),
        ("plan-uboot-4G-compare",
         ["plan", "--compare", "linux", "captured/uboot-qemu_arm64-4G-ebs.txt"]),
        ("plan-sl28-64k", ["plan", "--granule", "64k",
                           "kontron-sl28-ls1028a-uboot.txt"]),
        ("plan-rpi4-uboot-json", ["plan", "--json", "rpi4-uboot-efi.txt"]),
        ("plan-x86-ami-16k-seed",
         ["plan", "--granule", "16k", "--seed", "0x1234", "--va-bits", "39",
          "x86-ami-aptio4-desktop-hackintosh-guide.txt"]),
    ]


def case_golden(r, args):
    for name, argv in golden_cases():
        rc, out, err = r.run(argv)
        path = os.path.join(args.golden, name + ".out")
        if args.update:
            with open(path, "w") as f:
                f.write(out)
            print(f"updated {path} (exit {rc})")
            continue
        r.check(rc == 0, f"golden {name}: exit {rc}: {err.strip()}")
        if not os.path.exists(path):
            r.check(False, f"golden {name}: {path} missing (run with "
                    "--update after checking the output by hand)")
            continue
        with open(path) as f:
            want = f.read()
        if not r.check(out == want, f"golden {name}: output differs"):
            import difflib
            sys.stdout.writelines(difflib.unified_diff(
                want.splitlines(True), out.splitlines(True),
                f"golden/{name}.out", "efivmap " + " ".join(argv)))


def case_vmap(r, args):
    """Linux's layout must be the SVAM input real firmware accepted."""
    cap = os.path.join(args.data, "captured")
    found = 0
    for name in sorted(os.listdir(cap)):
        if not name.endswith("-vmap.txt"):
            continue
        ebs = name.replace("-vmap.txt", "-ebs.txt")
        if not os.path.exists(os.path.join(cap, ebs)):
            continue
        found += 1
        want = capture_rows(os.path.join(cap, name))
        rc, doc, err = r.run_json(["plan", "--strategy", "linux",
                                   "captured/" + ebs], f"vmap {ebs}")
        if not r.check(rc == 0 and doc, f"vmap {ebs}: exit {rc} {err}"):
            continue
        got = [[reg["type"], int(reg["phys"], 16), reg["pages"],
                int(reg["attribute"], 16), int(reg["virt"], 16)]
               for reg in doc["layout"]["regions"]]
        r.check(got == want, f"vmap {ebs}: layout differs from {name}:\n"
                f"  got  {got}\n  want {want}")
        # The text output carries the same lines, in the capture format.
        rc, out, err = r.run(["plan", "--strategy", "linux",
                              "captured/" + ebs])
        with open(os.path.join(cap, name)) as f:
            lines = [l.rstrip("\n") for l in f
                     if l.strip() and not l.startswith("#")]
        r.check(all(l in out.splitlines() for l in lines),
                f"vmap {ebs}: text SVAM section differs from {name}")
        # A kexec loader keeps the handed-over layout and maps it.
        rc, doc, err = r.run_json(["plan", "--strategy", "keep",
                                   "captured/" + name], f"keep {name}")
        if r.check(rc == 0 and doc, f"keep {name}: exit {rc} {err}"):
            check_plan(r, doc, f"keep {name}", "keep", 0x1000)
            got = [[reg["type"], int(reg["phys"], 16), reg["pages"],
                    int(reg["attribute"], 16), int(reg["virt"], 16)]
                   for reg in doc["layout"]["regions"]]
            r.check(got == want, f"keep {name}: VAs changed")
    r.check(found >= 4, f"only {found} vmap captures found")


def case_all_maps(r, args):
    maps = all_maps(args.data)
    r.check(len(maps) >= 40, f"only {len(maps)} maps found")
    for rel, extra in maps:
        rc, out, err = r.run(["parse"] + extra + [rel])
        if rc == 0:
            r.check(out.rstrip().endswith("# valid"),
                    f"parse {rel}: no verdict line")
        else:
            check_error(r, rc, err, rel, f"parse {rel}")
        parse_ok = rc == 0
        combos = [(s, g) for s in STRATEGIES for g in GRANULES]
        for strategy, gname in combos + [("keep", "4k")]:
            gsize = GRANULES[gname]
            what = f"plan {rel} --strategy {strategy} --granule {gname}"
            argv = ["plan", "--strategy", strategy, "--granule", gname]
            rc, doc, err = r.run_json(argv + extra + [rel], what)
            if doc is None:
                continue
            if rc == 0:
                check_plan(r, doc, what, strategy, gsize)
                r.check(parse_ok, f"{what}: planned a map parse "
                        "rejects")
            else:
                check_error(r, rc, err, rel, what)
                r.check("error" in doc,
                        f"{what}: failed without an error object")
        # The text output agrees with the JSON on success.
        rc_text, out, err = r.run(["plan"] + extra + [rel])
        rc_json, doc, _ = r.run_json(["plan"] + extra + [rel],
                                     f"plan {rel}")
        r.check(rc_text == rc_json, f"plan {rel}: text exit {rc_text}, "
                f"json exit {rc_json}")
        if rc_text == 0:
            r.check("\nverify: ok" in out, f"plan {rel}: text not ok")


def case_stdin(r, args):
    for rel in ["huawei-d05.txt", "captured/uboot-qemu_arm64-1G-ebs.txt"]:
        with open(os.path.join(args.data, rel), "rb") as f:
            content = f.read()
        rc1, doc1, _ = r.run_json(["plan", rel], f"stdin {rel} file")
        rc, out, err = r.run(["plan", "--json", "-"], stdin=content)
        r.check(rc == rc1 == 0, f"stdin {rel}: exit {rc}/{rc1}: {err}")
        doc2 = json.loads(out)
        r.check(doc2["input"].pop("file") == "<stdin>",
                f"stdin {rel}: input.file")
        doc1["input"].pop("file")
        r.check(doc1 == doc2, f"stdin {rel}: stdin plan differs")
        rc, out, err = r.run(["parse", "-"], stdin=content)
        r.check(rc == 0 and "efi:   0x" in out, f"stdin parse {rel}: {rc}")
    # The raw array through stdin too.
    rel = "captured/edk2-aavmf-4G-ebs.bin"
    with open(os.path.join(args.data, rel), "rb") as f:
        content = f.read()
    rc, out, err = r.run(["plan", "--desc-size", "48", "-"], stdin=content)
    r.check(rc == 0, f"stdin raw {rel}: exit {rc}: {err}")
    # parse output reads back to the same map.
    rc, listing, err = r.run(["parse", "huawei-d05.txt"])
    rc, out, err = r.run(["plan", "--json", "-"], stdin=listing.encode())
    rc1, doc1, _ = r.run_json(["plan", "huawei-d05.txt"], "plan direct")
    doc = json.loads(out)
    r.check(doc["layout"] == doc1["layout"] and
            doc["pagetable"] == doc1["pagetable"],
            "parse output read back plans differently")


# -- an independent AArch64 table walker over the emitted image ----------

class Image:
    def __init__(self, blob, base, granule, va_bits):
        self.blob, self.base, self.g = blob, base, granule
        self.shift = granule.bit_length() - 1
        self.bits = self.shift - 3
        self.va_bits = va_bits
        level = 3
        covered = self.shift + self.bits
        while covered < va_bits:
            level -= 1
            covered += self.bits
        self.start = level

    def level_shift(self, level):
        return self.shift + (3 - level) * self.bits

    def entries(self, pa, level):
        off = pa - self.base
        if off < 0 or off + self.g > len(self.blob) or off % self.g:
            raise Failure(f"table PA {pa:#x} outside the emitted pool")
        n = self.g // 8
        if level == self.start:
            n = 1 << (self.va_bits - self.level_shift(level))
        for i in range(n):
            yield i, int.from_bytes(self.blob[off + 8 * i:off + 8 * i + 8],
                                    "little")

    def leaves(self, root):
        """(va, size, pa, desc) for every leaf; an explicit stack."""
        oa_mask = ((1 << 48) - 1)
        out = []
        stack = [(root, self.start, 0)]
        while stack:
            pa, level, va0 = stack.pop()
            for i, d in self.entries(pa, level):
                if not d & 1:
                    continue
                va = va0 + (i << self.level_shift(level))
                if level < 3 and d & 2:
                    stack.append((d & oa_mask & ~(self.g - 1), level + 1, va))
                    continue
                if level == 3 and not d & 2:
                    raise Failure(f"reserved level-3 descriptor at {va:#x}")
                size = 1 << self.level_shift(level)
                out.append((va, size, d & oa_mask & ~(size - 1), d))
        out.sort()
        return out


def check_image(r, doc, blob, what):
    pt = doc["pagetable"]
    g = pt["granule"]
    r.check(len(blob) == pt["tables"] * g,
            f"{what}: image is {len(blob)} bytes for {pt['tables']} tables")
    img = Image(blob, int(pt["pool_base"], 16), g, pt["va_bits"])
    try:
        leaves = img.leaves(int(pt["ttbr0"], 16) & ((1 << 48) - 1))
    except Failure as e:
        r.check(False, f"{what}: {e}")
        return
    wx = 0
    for va, size, pa, d in leaves:
        af, ng = d >> 10 & 1, d >> 11 & 1
        ap1, ro, pxn, uxn = d >> 6 & 1, d >> 7 & 1, d >> 53 & 1, d >> 54 & 1
        r.check(af and ng and uxn and not ap1,
                f"{what}: leaf {va:#x} lacks AF/nG/UXN or is EL0 readable")
        if not ro and not pxn:
            wx += size // 0x1000
    r.check(wx == pt["wx_pages"], f"{what}: {wx} W+X pages in the image, "
            f"JSON says {pt['wx_pages']}")
    # Every byte of every region maps to its PA ...
    starts = [l[0] for l in leaves]
    import bisect
    for reg in doc["layout"]["regions"]:
        virt, phys = int(reg["virt"], 16), int(reg["phys"], 16)
        end = virt + reg["pages"] * 0x1000
        va = virt
        while va < end:
            k = bisect.bisect_right(starts, va) - 1
            if k < 0 or not leaves[k][0] <= va < leaves[k][0] + leaves[k][1]:
                r.check(False, f"{what}: VA {va:#x} not mapped")
                break
            lva, lsize, lpa, _ = leaves[k]
            if not r.check(lpa + (va - lva) == phys + (va - virt),
                           f"{what}: VA {va:#x} maps to "
                           f"{lpa + (va - lva):#x}, want "
                           f"{phys + (va - virt):#x}"):
                break
            va = lva + lsize
    # ... and nothing else is mapped.
    spans = sorted((int(x["virt"], 16) & ~(g - 1),
                    (int(x["virt"], 16) + x["pages"] * 0x1000 + g - 1)
                    & ~(g - 1)) for x in doc["layout"]["regions"])
    for va, size, pa, d in leaves:
        r.check(any(a <= va and va + size <= b for a, b in spans),
                f"{what}: leaf {va:#x}+{size:#x} outside every region")
    r.checks += 1


def case_emit_tables(r, args):
    tmp = tempfile.mkdtemp(prefix="efivmap-cli-")
    out_path = os.path.join(tmp, "pool.bin")
    for rel, extra in all_maps(args.data):
        for strategy, gname, more in [("optimal", "4k", []),
                                      ("optimal", "16k", []),
                                      ("optimal", "64k", []),
                                      ("linux", "4k", ["--linux-policy"]),
                                      ("optimal", "4k",
                                       ["--pool-base", "0x4000000000",
                                        "--va-bits", "39"])]:
            what = f"emit {rel} {strategy} {gname} {' '.join(more)}"
            if os.path.exists(out_path):
                os.unlink(out_path)
            rc, doc, err = r.run_json(
                ["plan", "--strategy", strategy, "--granule", gname,
                 "--emit-tables", out_path] + more + extra + [rel], what)
            if rc != 0 or doc is None:
                r.check(not os.path.exists(out_path),
                        f"{what}: failed plan wrote tables")
                continue
            with open(out_path, "rb") as f:
                check_image(r, doc, f.read(), what)
            if "--pool-base" in more:
                r.check(doc["pagetable"]["pool_base"] == "0x4000000000",
                        f"{what}: pool base not honoured")


def case_mat(r, args):
    ebs = "captured/edk2-aavmf-1G-ebs.txt"
    for gname in GRANULES:
        rc, plain, err = r.run_json(["plan", "--granule", gname, ebs],
                                    f"no mat {gname}")
        r.check(rc == 0 and plain["pagetable"]["wx_pages"] > 0,
                f"no mat {gname}: runtime code should be RWX")
        for mat in ["captured/edk2-aavmf-1G-mat.txt",
                    "captured/edk2-aavmf-1G-mat.bin"]:
            what = f"mat {mat} {gname}"
            rc, doc, err = r.run_json(["plan", "--granule", gname,
                                       "--mat", mat, ebs], what)
            if not r.check(rc == 0 and doc, f"{what}: exit {rc}: {err}"):
                continue
            r.check(doc["pagetable"]["wx_pages"] == 0,
                    f"{what}: {doc['pagetable']['wx_pages']} W+X pages")
            r.check(doc["mat"]["entries"] == 21 and
                    doc["mat"]["ignored"] == 0, f"{what}: {doc['mat']}")
            r.check(doc["verify"]["ok"], f"{what}: not verified")
    # The whole configuration table: 16-byte header, then the entries.
    with open(os.path.join(args.data, "captured/edk2-aavmf-1G-mat.bin"),
              "rb") as f:
        entries = f.read()
    tmp = tempfile.mkdtemp(prefix="efivmap-cli-")
    for version in (1, 2):
        table = os.path.join(tmp, f"mat-v{version}.bin")
        with open(table, "wb") as f:
            f.write(struct.pack("<IIII", version, len(entries) // 48, 48, 0)
                    + entries)
        what = f"whole MAT v{version}"
        rc, doc, err = r.run_json(["plan", "--mat", table, ebs], what)
        if r.check(rc == 0 and doc, f"{what}: exit {rc}: {err}"):
            r.check(doc["mat"]["version"] == version and
                    doc["mat"]["entries"] == 21 and
                    doc["pagetable"]["wx_pages"] == 0, f"{what}: {doc['mat']}")
    # Raw entries next to a map of another stride (U-Boot's 40 bytes).
    what = "raw MAT, 40-byte map"
    rc, doc, err = r.run_json(["plan", "--mat",
                               "captured/edk2-aavmf-1G-mat.bin",
                               "captured/uboot-qemu_arm64-1G-ebs.txt"], what)
    if r.check(rc == 0 and doc, f"{what}: exit {rc}: {err}"):
        r.check(doc["mat"]["entries"] == 21 and
                doc["mat"]["ignored"] == 21, f"{what}: {doc['mat']}")
    # A MAT from another boot does not fit: entries are reported, not fatal.
    what = "mat of another map"
    rc, doc, err = r.run_json(["plan", "--mat",
                               "captured/edk2-aavmf-1G-mat.txt",
                               "captured/edk2-aavmf-4G-ebs.txt"], what)
    if r.check(rc == 0 and doc, f"{what}: exit {rc}: {err}"):
        r.check(doc["mat"]["ignored"] > 0 and doc["verify"]["ok"],
                f"{what}: {doc['mat']}")
    # 3000 entries in reverse order in one region: the old search was
    # cubic and took minutes. Now it is well under a second.
    what = "mat of 3000 reverse-ordered entries"
    try:
        rc, out, err = r.run(["plan", "--mat", "repro/mat_unsorted_3000.bin",
                              "repro/rt_code_big.txt"], timeout=20)
    except subprocess.TimeoutExpired:
        r.check(False, f"{what}: no result in 20 s")
    else:
        r.check(rc == 0 and "3000 entries, 0 ignored" in out and
                re.search(r"^verify: ok", out, re.M),
                f"{what}: exit {rc}: {err.strip()!r}")


def case_compare(r, args):
    for rel, extra in all_maps(args.data):
        if is_mat(rel):
            continue
        what = f"compare {rel}"
        rc, doc, err = r.run_json(["plan", "--compare", "linux"] + extra +
                                  [rel], what)
        if rc != 0 or doc is None:
            continue
        lx = doc.get("compare", {}).get("linux", {})
        if "error" in lx:
            continue
        pt = doc["pagetable"]
        r.check(lx.get("verified") is True, f"{what}: linux not verified")
        r.check(pt["tables"] <= lx["tables"],
                f"{what}: optimal needs {pt['tables']} tables, "
                f"linux {lx['tables']}")
        r.check(pt["tlb_entries"] <= lx["tlb_entries"],
                f"{what}: optimal needs {pt['tlb_entries']} TLB entries, "
                f"linux {lx['tlb_entries']}")
    rc, out, err = r.run(["plan", "--compare", "linux",
                          "captured/edk2-aavmf-4G-ebs.txt"])
    r.check(rc == 0 and "Compared with Linux" in out and
            "TLB entries" in out, f"compare text: exit {rc}")


def case_repro(r, args):
    """Inputs from a hostile-input review (tests/data/repro)."""
    # A runtime region ending at 2^64 never fits a window: refused,
    # never a layout that its own check rejects.
    for name in ("wrap0.txt", "wrap1000.txt"):
        rel = os.path.join("repro", name)
        for strategy in STRATEGIES:
            rc, out, err = r.run(["plan", "--strategy", strategy, rel])
            check_error(r, rc, err, rel, f"plan_region_ending_at_2_64 "
                        f"{name} {strategy}")
    rel = os.path.join("repro", "wrap0.txt")
    rc, out, err = r.run(["parse", rel])
    r.check(rc == 1 and "does not fit 64 bits" in err,
            f"parse 2^52 pages: exit {rc}, {err.strip()!r}")
    # Tables must lie below 2^pa_bits: a pool across 4 GiB is refused.
    rel = os.path.join("repro", "rt_small.txt")
    rc, doc, err = r.run_json(["plan", "--pa-bits", "32", "--pool-base",
                               "0xffffe000", rel],
                              "plan_pool_beyond_pa_bits")
    if doc is not None:
        e = doc.get("error", {})
        r.check(rc == 1 and e.get("stage") == "tables" and
                "pa_bits" in e.get("message", ""),
                f"plan_pool_beyond_pa_bits: exit {rc}, {e}")
    rc, doc, err = r.run_json(["plan", "--pa-bits", "32", "--pool-base",
                               "0xfff00000", rel], "pool just below 4 GiB")
    r.check(rc == 0 and doc and doc["verify"]["ok"],
            f"pool just below 4 GiB: exit {rc}, {err.strip()!r}")
    # A WB and a UC-only runtime page in one 64 KiB frame: OPTIMAL and
    # LINUX give them separate VA frames and build at 16K and 64K; FLAT
    # (VA = PA) cannot and names the second region.
    rel = "repro/mixed_frame.txt"
    for gname in ["16k", "64k"]:
        for strategy in STRATEGIES:
            what = f"plan {rel} --strategy {strategy} --granule {gname}"
            argv = ["plan", "--strategy", strategy, "--granule", gname, rel]
            rc, doc, err = r.run_json(argv, what)
            if strategy == "flat":
                check_error(r, rc, err, rel, what)
                r.check("descriptor 1 at 0x40001000" in err and
                        "64 KiB page" in err, f"{what}: {err.strip()!r}")
                continue
            if r.check(rc == 0 and doc is not None,
                       f"{what}: exit {rc}, {err.strip()!r}"):
                check_plan(r, doc, what, strategy, GRANULES[gname])
                va = [int(x["virt"], 16) >> 16
                      for x in doc["layout"]["regions"]]
                r.check(len(set(va)) == 2, f"{what}: one VA frame")
            rc, out, err = r.run(argv)
            r.check(rc == 0 and "\nverify: ok" in out,
                    f"{what} (text): exit {rc}, {err.strip()!r}")
def case_1tib_region_fast(r, args):
    # 2^28 pages in 1 GiB blocks, next to a region that starts one page
    # past a block boundary (pages, 2 MiB blocks and a contiguous run).
    big = 1 << 40
    lines = [
        "efi:   0x000040000000-0x00004fffffff [Conventional Memory|   |  |"
        "  |  |  |  |  |  |   |WB|  |  |  ]",
        "efi:   0x010000000000-0x01ffffffffff [Runtime Data       |RUN|  |"
        "  |  |  |  |  |  |   |WB|  |  |  ]",
        "efi:   0x020000001000-0x0200023fffff [Runtime Code       |RUN|  |"
        "  |  |  |  |  |  |   |WB|  |  |  ]",
    ]
    pages = big // 0x1000 + 0x23ff000 // 0x1000
    with tempfile.TemporaryDirectory(prefix="efivmap-cli-") as tmp:
        path = os.path.join(tmp, "1tib.txt")
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        for extra in ([], ["--no-contiguous"]):
            what = f"plan 1 TiB region {' '.join(extra)}".strip()
            t0 = time.monotonic()
            rc, doc, err = r.run_json(["plan", "--granule", "4k",
                                       "--va-limit", "4T"] + extra + [path],
                                      what)
            secs = time.monotonic() - t0
            if not r.check(rc == 0 and doc, f"{what}: exit {rc}: {err}"):
                continue
            check_plan(r, doc, what, "optimal", 0x1000)
            r.check(doc["verify"]["pages_walked"] == pages,
                    f"{what}: {doc['verify']['pages_walked']} pages "
                    f"walked, want {pages}")
            r.check(doc["pagetable"]["mapped_bytes"] >= big,
                    f"{what}: mapped {doc['pagetable']['mapped_bytes']}")
            r.check(secs < 5, f"{what}: took {secs:.2f} s (limit 5 s)")


def variant_header(path):
    """(descriptors, runtime) from a variant's '# Descriptors:' line."""
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\xff\xfe":
        raw = raw[2:].decode("utf-16-le").encode()
    m = re.search(rb"# Descriptors: (\d+)[^;]*; runtime: (\d+)", raw)
    return (int(m.group(1)), int(m.group(2))) if m else (None, None)


def case_variants(r, args):
    """Every variant users paste (tests/data/variants)."""
    sub = "variants"
    names = sorted(n for n in os.listdir(os.path.join(args.data, sub))
                   if n.endswith(".txt"))
    r.check(len(names) >= 7, f"variants: only {names}")
    for name in names:
        rel = os.path.join(sub, name)
        count, runtime = variant_header(os.path.join(args.data, rel))
        rc, out, err = r.run(["parse", rel])
        m = re.search(r"(\d+) descriptors, .* (\d+) runtime", out)
        r.check(rc == 0 and m and (int(m.group(1)), int(m.group(2))) ==
                (count, runtime), f"parse {rel}: exit {rc}, header "
                f"{(count, runtime)}, got {m and m.groups()} {err.strip()!r}")
        rc, doc, err = r.run_json(["plan", rel], f"plan {rel}")
        if r.check(rc == 0 and doc, f"plan {rel}: exit {rc}: {err}"):
            check_plan(r, doc, f"plan {rel}", "optimal", 0x1000)
            r.check(isinstance(doc.get("findings"), list),
                    f"plan {rel}: no findings array")
    # A raw EDK2-stride array: a runtime MMIO descriptor off 4 KiB and two
    # overlapping boot-services descriptors, which nothing maps.
    rel = "variants/edk2-stride-unaligned-mmio.bin"
    rc, doc, err = r.run_json(["plan", "--desc-size", "48", rel], f"plan {rel}")
    if r.check(rc == 0 and doc, f"plan {rel}: exit {rc}: {err}"):
        check_plan(r, doc, f"plan {rel}", "optimal", 0x1000)
        r.check([(x["class"], x["descriptor"]) for x in doc["findings"]] ==
                [("start-unaligned", 0), ("overlap-other", 6)],
                f"plan {rel}: findings {doc['findings']}")
    rc, out, err = r.run(["plan", "--strict", "--desc-size", "48", rel])
    r.check(rc == 1 and "descriptor 0 at 0x1e60400" in err,
            f"plan --strict {rel}: exit {rc}, {err.strip()!r}")
    # 3.14 without attributes: runtime inferred, said so, refusable.
    rel = "variants/linux-3.14-arm64.txt"
    rc, doc, err = r.run_json(["plan", rel], "inferred json")
    if doc:
        f = doc["findings"]
        r.check([(x["class"], x["repair"], x["descriptor"], x["line"])
                 for x in f] == [("runtime-inferred", "inferred", 6, 13),
                                 ("runtime-inferred", "inferred", 7, 14),
                                 ("runtime-inferred", "inferred", 9, 16)]
                and f[0]["address"] == "0xfe600000" and
                doc["input"]["rt_inferred"] == 3, f"inferred json: {f}")
    rc, doc, err = r.run_json(["parse", rel], "inferred parse json")
    if r.check(rc == 0 and doc, f"parse --json {rel}: exit {rc}: {err}"):
        d = doc["descriptors"]
        r.check(len(d) == 12 and doc["valid"] is True and
                d[7]["attribute"] == "0x8000000000000008" and
                len(doc["findings"]) == 3 and
                doc["findings"][1]["line"] == 14, f"parse json: {doc}")
    rc, out, err = r.run(["parse", rel])
    r.check(out.count("[runtime-inferred, inferred]") == 3 and
            "line 14, descriptor 7: Runtime Code" in out,
            f"inferred text: {out}")
    for cmd in ("parse", "plan"):
        rc, out, err = r.run([cmd, "--strict", rel])
        check_error(r, rc, err, rel, f"{cmd} --strict inferred")
        r.check("line 13, descriptor 6" in err, f"strict: {err!r}")
    # A map printed twice is read once.
    rel = "variants/linux-repeated-arm64.txt"
    rc, doc, err = r.run_json(["plan", rel], "repeated json")
    if doc:
        r.check(doc["input"]["descriptors"] == 7 and
                doc["input"]["repeated"] == 7 and
                [(x["class"], x["repair"], x["line"])
                 for x in doc["findings"]] ==
                [("map-repeated", "first-copy", 17)], f"repeated: {doc}")
    rc, out, err = r.run(["plan", "--strict", "--json", rel])
    check_error(r, rc, err, rel, "plan --strict repeated")
    r.check("line 17" in err, f"strict repeated: {err!r}")
    # memattr lines: not descriptors, but the MAT plan --mat reads.
    rel = "variants/linux-memattr-arm64.txt"
    rc, out, err = r.run(["parse", rel])
    r.check('5 "efi: memattr:" lines' in out and "--mat" in out,
            f"memattr remark: {out}")
    rc, doc, err = r.run_json(["plan", "--mat", rel, rel], "memattr mat")
    if r.check(rc == 0 and doc, f"memattr mat: exit {rc}: {err}"):
        r.check(doc["mat"]["entries"] == 5 and doc["mat"]["ignored"] == 0
                and doc["pagetable"]["wx_pages"] == 0 and
                doc["input"]["mat_entries"] == 5, f"memattr: {doc['mat']}")
    # UTF-16 is converted, and said so.
    for rel in ("variants/uefi-shell-utf16.txt", "repro/utf16.txt"):
        rc, doc, err = r.run_json(["plan", rel], f"utf16 {rel}")
        r.check(rc == 0 and doc and doc["input"]["utf16"] is True and
                doc["input"]["format"] == "uefi-shell", f"utf16 {rel}: {err}")
        rc, out, err = r.run(["parse", rel])
        r.check(rc == 0 and "UTF-16" in out, f"utf16 parse {rel}: {err}")
    # No runtime descriptor at all is never silent.
    tmp = tempfile.mkdtemp(prefix="efivmap-cli-")
    p = os.path.join(tmp, "no-rt.txt")
    with open(p, "w") as f:
        f.write("RT_Data    0000000040000000-000000004000FFFF "
                "0000000000000010 000000000000000F\n")
    rc, out, err = r.run(["parse", p])
    r.check(rc == 0 and "no descriptor has EFI_MEMORY_RUNTIME" in out and
            "as by Linux" in out, f"no runtime: {out}")
    # A map that fails validation: the error document, exit 1.
    bad = os.path.join(tmp, "overlap.txt")
    with open(bad, "w") as f:
        f.write("Available  0000000040000000-0000000040FFFFFF "
                "0000000000001000 000000000000000F\n"
                "RT_Data    0000000040800000-000000004080FFFF "
                "0000000000000010 800000000000000F\n")
    rc, doc, err = r.run_json(["parse", "--strict", bad],
                              "parse json error")
    if doc is not None:
        e = doc.get("error", {})
        r.check(rc == 1 and e.get("stage") == "map" and
                e.get("descriptor") == 1 and e.get("line") == 2 and
                doc.get("findings") == [], f"parse json error: {doc}")
    rc, doc, err = r.run_json(["parse", bad], "parse json tolerated")
    r.check(rc == 0 and doc is not None and doc.get("valid") and
            [f["class"] for f in doc.get("findings", [])] ==
            ["overlap-runtime-other"], f"parse json tolerated: {doc}")
    rc, out, err = r.run(["plan", p])
    r.check(rc == 0 and "no descriptor has EFI_MEMORY_RUNTIME" in out,
            f"no runtime plan: {out}")


def case_defects(r, args):
    """Every map defect Linux maps anyway, through the CLI: tolerated with
    its finding and planned with verify ok, and refused by --strict where
    the library refused it before (README, Defects the library
    tolerates)."""
    tmp = tempfile.mkdtemp(prefix="efivmap-cli-")
    base = ["7 0x40000000 0x1000 0xf",
            "6 0x41000000 0x10 0x800000000000000f",
            "5 0x41010000 0x10 0x800000000000000f",
            "4 0x41020000 0x10 0xf"]
    # name: (lines added or replacing, version, class, strict refuses)
    cases = {
        "zero-pages": (["7 0x42000000 0 0xf"], 1, "zero-pages", True),
        "duplicate": (["4 0x41020000 0x10 0xf"], 1, "duplicate", True),
        "unknown-type": (["20 0x42000000 0x10 0xf"], 1, "unknown-type",
                         False),
        "oem-type": (["0x70000001 0x42000000 0x10 0x8000000000000001"], 1,
                     "oem-type", False),
        "os-type": (["0x80000001 0x42000000 0x10 0xf"], 1, "os-type",
                    False),
        "no-cacheability": (["11 0x9000000 0x1 0x8000000000000000"], 1,
                            "runtime-no-cacheability", False),
        "undefined-attrs": (["7 0x42000000 0x10 0x000000004000000f"], 1,
                            "undefined-attribute-bits", False),
        "version-2": ([], 2, "descriptor-version", True),
        "unsorted-mmio": (["11 0x9000000 0x1 0x8000000000000001"], 1,
                          "unsorted", False),
        "unaligned-other": (["7 0x42000800 0x1 0xf"], 1,
                            "start-unaligned", True),
        "unaligned-runtime": (["11 0x9000400 0x1 0x8000000000000001"], 1,
                              "start-unaligned", True),
        "overlap-other": (["7 0x40800000 0x10 0xf"], 1, "overlap-other",
                          True),
        # inside a region of the same type: one mapping serves both
        "overlap-runtime": (["6 0x41004000 0x8 0x800000000000000f"], 1,
                            "overlap-runtime", True),
    }
    for name, (extra, version, cls, strict_refuses) in cases.items():
        lines = base + extra
        path = os.path.join(tmp, name + ".txt")
        with open(path, "w") as f:
            f.write(f"# desc_size 48\n# desc_version {version}\n"
                    f"# type phys_start num_pages attribute\n" +
                    "\n".join(lines) + "\n")
        what = f"defect {name}"
        rc, doc, err = r.run_json(["plan", path], what)
        if r.check(rc == 0 and doc, f"{what}: exit {rc}, {err.strip()!r}"):
            check_plan(r, doc, what, "optimal", 0x1000)
            r.check(cls in [x["class"] for x in doc["findings"]],
                    f"{what}: no {cls} finding in {doc['findings']}")
        for g in ("16k", "64k"):
            rc, out, err = r.run(["plan", "--granule", g, path])
            r.check(rc == 0 and "\nverify: ok" in out,
                    f"{what} {g}: exit {rc}, {err.strip()!r}")
        rc, out, err = r.run(["plan", "--strict", path])
        if strict_refuses:
            check_error(r, rc, err, path, f"{what} --strict")
        else:
            r.check(rc == 0, f"{what} --strict: exit {rc}, {err.strip()!r}")


CASES = {
    "usage": case_usage,
    "errors": case_errors,
    "option-forms": case_option_forms,
    "golden": case_golden,
    "vmap": case_vmap,
    "all-maps": case_all_maps,
    "stdin": case_stdin,
    "emit-tables": case_emit_tables,
    "mat": case_mat,
    "compare": case_compare,
    "repro": case_repro,
    "1tib-region-fast": case_1tib_region_fast,
    "variants": case_variants,
    "defects": case_defects,
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("case", choices=sorted(CASES) + ["all"])
    ap.add_argument("--efivmap", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--golden", required=True)
    ap.add_argument("--update", action="store_true")
    args = ap.parse_args()
    args.efivmap = os.path.abspath(args.efivmap)
    args.data = os.path.abspath(args.data)
    args.golden = os.path.abspath(args.golden)
    r = Runner(args.efivmap, args.data)
    for name in (sorted(CASES) if args.case == "all" else [args.case]):
        CASES[name](r, args)
    for f in r.failures[:50]:
        print("FAIL:", f)
    if len(r.failures) > 50:
        print(f"... and {len(r.failures) - 50} more failures")
    print(f"{args.case}: {r.checks} checks, {len(r.failures)} failed")
    return 1 if r.failures else 0


if __name__ == "__main__":
    sys.exit(main())
