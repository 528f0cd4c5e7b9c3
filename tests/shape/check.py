#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
"""The shape rules, as a test: no function in src/ over 60 lines, none in
examples/ over 100, no call circle between the library's source files
(a file that calls into another file that, directly or through others,
calls back into it), and a module map in README.md that names every
source file of the library and no file that is gone.

usage: check.py SOURCE_ROOT
Reads C the way the project writes it: a function body opens with '{' in
column 0 and closes with '}' in column 0.
"""
import os
import re
import sys

# the benchmark's cycle finder, which its recursion check uses too
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "bench"))
import codesize  # noqa: E402

LIMITS = {"src": 60, "examples": 100}
IDENT_CALL = re.compile(r"\b([A-Za-z_]\w*)\s*\(")
KEYWORDS = {"if", "for", "while", "switch", "return", "sizeof", "case",
            "_Alignas", "_Static_assert", "defined", "do"}


def functions(path):
    """(name, first line, last line, body text, static?) per function."""
    lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
    out = []
    i = 0
    while i < len(lines):
        if lines[i] == "{":
            # the signature: back to the line after a blank, '}' or ';'
            j = i - 1
            while j > 0 and lines[j - 1].strip() and \
                    not lines[j - 1].rstrip().endswith((";", "}", "*/")) \
                    and not lines[j - 1].startswith("#"):
                j -= 1
            sig = " ".join(lines[j:i])
            m = re.search(r"([A-Za-z_]\w*)\s*\(", sig)
            k = i
            while k < len(lines) and lines[k] != "}":
                k += 1
            if m and "=" not in sig.split("(")[0]:
                out.append((m.group(1), j + 1, k + 1,
                            "\n".join(lines[i:k]), "static" in sig.split()))
            i = k
        i += 1
    return out


def c_files(root, sub):
    for d, _, names in os.walk(os.path.join(root, sub)):
        for n in sorted(names):
            if n.endswith(".c"):
                yield os.path.join(d, n)


def check_lengths(root):
    bad = []
    for sub, limit in LIMITS.items():
        for path in c_files(root, sub):
            for name, a, b, _, _ in functions(path):
                if b - a + 1 > limit:
                    bad.append(f"{os.path.relpath(path, root)}:{a}: "
                               f"{name} is {b - a + 1} lines (limit {limit})")
    return bad


def check_circles(root):
    defs, calls = {}, {}
    for path in c_files(root, "src"):
        f = os.path.relpath(path, root)
        calls[f] = set()
        for name, _, _, body, static in functions(path):
            if not static:
                defs[name] = f
            calls[f] |= {m.group(1) for m in IDENT_CALL.finditer(body)
                         if m.group(1) not in KEYWORDS}
    edges = {f: {defs[c] for c in cs if c in defs and defs[c] != f}
             for f, cs in calls.items()}
    sccs = codesize.cycles(edges)
    return [f"call circle: {' <-> '.join(c)}" for c in sccs]


def check_module_map(root):
    """Every src/ file named in README's module table, and only those."""
    text = open(os.path.join(root, "README.md"), encoding="utf-8").read()
    rows = [l for l in text.split("\n") if l.startswith("| ") and "efivmap/" in l]
    named = set(re.findall(r"`([\w/]+\.[cS])`", "\n".join(rows)))
    have = set()
    for d, _, names in os.walk(os.path.join(root, "src")):
        for n in names:
            if n.endswith((".c", ".S")):
                have.add(os.path.relpath(os.path.join(d, n),
                                         os.path.join(root, "src")))
    bad = [f"README module map does not name src/{f}"
           for f in sorted(have - named)]
    bad += [f"README module map names src/{f}, which does not exist"
            for f in sorted(named - have)]
    return bad


def main():
    root = sys.argv[1]
    bad = check_lengths(root) + check_circles(root) + check_module_map(root)
    for b in bad:
        print(b)
    print(f"shape: {len(bad)} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
