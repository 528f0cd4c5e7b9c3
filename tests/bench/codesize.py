#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
"""aarch64 code size per module, the largest stack frame, and a recursion
check, from a cross compile of every library source at -Os with the
library's freestanding flags.

usage: codesize.py SRC_DIR WORK_DIR > code.json

Modules are read from SRC_DIR/meson.build (<module>_sources = files(...)).
Sizes come from `size -A` (.text* sections). Frames come from
-fstack-usage; the call graph from -fcallgraph-info=su, resolving a callee
to a function of the same file first (static functions), then to a global
one. A cycle in that graph is recursion. Calls through function pointers
(the firmware ops, callbacks) cannot be resolved statically and are
counted separately.
"""
import json
import os
import re
import subprocess
import sys

CROSS = os.environ.get("CROSS", "aarch64-linux-gnu-")
CORE = ["mmap", "layout", "boot", "pt", "arch", "arch_aarch64"]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True,
                          **kw).stdout


def modules(src):
    text = open(os.path.join(src, "meson.build")).read()
    mods = {}
    for m in re.finditer(r"(\w+)_sources\s*=\s*files\(([^)]*)\)", text):
        name = m.group(1)
        if name == "lib":
            continue
        mods[name] = re.findall(r"'([^']+)'", m.group(2))
    return mods


def flags(gcc):
    inc = run([gcc, "-print-file-name=include"]).strip()
    return ["-Os", "-std=c11", "-ffreestanding", "-fno-builtin",
            "-fno-common", "-fno-tree-loop-distribute-patterns",
            "-fno-stack-protector", "-mgeneral-regs-only", "-fpie",
            "-nostdinc", "-idirafter", inc]


def text_size(size_tool, obj):
    total = 0
    rodata = 0
    for line in run([size_tool, "-A", obj]).splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit():
            if parts[0].startswith(".text"):
                total += int(parts[1])
            elif parts[0].startswith(".rodata"):
                rodata += int(parts[1])
    return total, rodata


def parse_ci(path):
    """Defined functions (name -> frame) and edges (caller, callee)."""
    defined = {}
    edges = []
    for line in open(path):
        m = re.match(r'node: \{ title: "([^"]+)" label: "([^"]*)"(.*)\}',
                     line)
        if m:
            fm = re.search(r"\\n(\d+) bytes \((\w+)", m.group(2))
            if fm:
                defined[m.group(1)] = (int(fm.group(1)), fm.group(2))
            continue
        m = re.match(r'edge: \{ sourcename: "([^"]+)" targetname: '
                     r'"([^"]+)"', line)
        if m:
            edges.append((m.group(1), m.group(2)))
    return defined, edges


def cycles(graph):
    """The strongly connected components of @graph (node -> iterable of
    nodes) with more than one node or a self-loop: its cycles. Tarjan's
    algorithm, iterative."""
    index = {}
    low = {}
    onstack = set()
    stack = []
    sccs = []
    counter = [0]
    for root in graph:
        if root in index:
            continue
        work_stack = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        onstack.add(root)
        while work_stack:
            node, it = work_stack[-1]
            advanced = False
            for nxt in it:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter[0]
                    counter[0] += 1
                    stack.append(nxt)
                    onstack.add(nxt)
                    work_stack.append((nxt, iter(sorted(graph.get(nxt,
                                                                  ())))))
                    advanced = True
                    break
                if nxt in onstack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work_stack.pop()
            if work_stack:
                parent = work_stack[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    w = stack.pop()
                    onstack.discard(w)
                    comp.append(w)
                    if w == node:
                        break
                if len(comp) > 1 or node in graph.get(node, ()):
                    sccs.append(sorted(comp))
    return sccs


def main():
    src, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    top = os.path.dirname(os.path.abspath(src))
    gcc = CROSS + "gcc"
    size_tool = CROSS + "size"
    nm_tool = CROSS + "nm"
    os.makedirs(work, exist_ok=True)
    mods = modules(src)
    base = flags(gcc) + ["-I", os.path.join(top, "include"), "-I", src]

    result = {"compiler": run([gcc, "--version"]).splitlines()[0],
              "flags": [f for f in flags(gcc) if not f.startswith("/")],
              "modules": {}, "files": {}, "errors": {}}
    funcs = {}            # node id -> (frame, kind, file)
    file_edges = []       # (file, caller, callee)
    globals_ = {}         # global name -> node id
    for mod, files in sorted(mods.items()):
        mtext = mrodata = 0
        ok = True
        for f in files:
            path = os.path.join(src, f)
            stem = os.path.splitext(f)[0].replace("/", "_")
            obj = os.path.join(work, stem + ".o")
            cmd = [gcc] + base + ["-fstack-usage", "-fcallgraph-info=su",
                                  "-c", path, "-o", obj]
            if mod == "fdt":
                # libfdt's header needs the target's libc headers.
                cmd = [c for c in cmd if c not in ("-nostdinc",
                                                   "-ffreestanding")]
            try:
                subprocess.run(cmd, check=True, capture_output=True,
                               text=True, cwd=work)
            except subprocess.CalledProcessError as e:
                msg = e.stderr.replace(top + "/", "").strip()
                result["errors"][f] = msg.splitlines()[-1:]
                ok = False
                continue
            t, r = text_size(size_tool, obj)
            result["files"][f] = {"module": mod, "text": t, "rodata": r}
            mtext += t
            mrodata += r
            ci = os.path.join(work, stem + ".ci")
            if os.path.exists(ci):
                defined, edges = parse_ci(ci)
                glob = set()
                for line in run([nm_tool, obj]).splitlines():
                    p = line.split()
                    if len(p) == 3 and p[1] == "T":
                        glob.add(p[2])
                for name, (frame, kind) in defined.items():
                    nid = name if name in glob else f + ":" + name
                    funcs[nid] = (frame, kind, f, mod)
                    if name in glob:
                        globals_[name] = nid
                for a, b in edges:
                    file_edges.append((f, a, b, set(defined), glob))
        result["modules"][mod] = {"text": mtext, "rodata": mrodata,
                                  "complete": ok}

    # Resolve the call graph.
    graph = {n: set() for n in funcs}
    indirect = 0
    external = set()
    for f, a, b, defined, glob in file_edges:
        src_id = a if a in glob else f + ":" + a
        if b == "__indirect_call":
            indirect += 1
            continue
        if b in defined:
            dst = b if b in glob else f + ":" + b
        elif b in globals_:
            dst = globals_[b]
        else:
            external.add(b)
            continue
        graph.setdefault(src_id, set()).add(dst)

    # Cycles, then the deepest frame sum.
    sccs = cycles(graph)
    depth = {}
    if not sccs:
        order = []
        seen = set()
        for root in graph:
            if root in seen:
                continue
            st = [(root, False)]
            while st:
                n, done = st.pop()
                if done:
                    order.append(n)
                    continue
                if n in seen:
                    continue
                seen.add(n)
                st.append((n, True))
                for m in graph.get(n, ()):
                    if m not in seen:
                        st.append((m, False))
        for n in order:
            frame = funcs.get(n, (0,))[0]
            depth[n] = frame + max([depth.get(m, 0)
                                    for m in graph.get(n, ())] or [0])

    def pretty(nid):
        return nid.split(":")[-1]

    frames = sorted(((v[0], k, v[1], v[3]) for k, v in funcs.items()),
                    reverse=True)
    core_frames = [x for x in frames if x[3] in CORE]
    result["stack"] = {
        "largest_frames": [{"function": pretty(k), "bytes": b, "kind": kind,
                            "module": mod}
                           for b, k, kind, mod in frames[:8]],
        "largest_frame": frames[0][0] if frames else 0,
        "largest_core_frame": core_frames[0][0] if core_frames else 0,
        "dynamic_frames": [pretty(k) for b, k, kind, mod in frames
                           if kind != "static"],
        "functions": len(funcs),
        "recursion_cycles": [[pretty(n) for n in c] for c in sccs],
        "indirect_calls": indirect,
        "external_callees": sorted(e for e in external
                                   if not e.startswith("__builtin")),
    }
    if depth:
        worst = max(depth, key=lambda n: depth[n])
        result["stack"]["deepest_chain_bytes"] = depth[worst]
        result["stack"]["deepest_chain_root"] = pretty(worst)
    core = sum(result["modules"].get(m, {}).get("text", 0) for m in CORE)
    result["core_text"] = core
    result["core_modules"] = [m for m in CORE if m in result["modules"]]
    json.dump(result, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
