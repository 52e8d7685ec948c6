#!/usr/bin/env python3
"""check_cycles.py — no circles between the files and modules of src/service/.

A circle (a.c calls b.c, which calls back into a.c, directly or round a longer loop) makes
files that can only be read, tested and moved together; the module folders are only real if
their dependencies point one way. This reads the C sources as text and builds two graphs:

  includes  header → header it includes (among src/service/ headers);
  calls     file → file defining a non-static function it names (a call or a function
            pointer: any use of the name counts), found through a map of function name →
            the .c file that defines it;

and, from the call graph and the includes of .c files, module → module (a module is a folder
of src/service/). Any strongly connected component of more than one node is printed and the
script exits 1. Usage: check_cycles.py [PROJECT_ROOT]
"""
import os
import re
import sys

IDENT = re.compile(r"[A-Za-z_]\w*")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def strip_code(text):
    """The text without comments, string and character literals, and preprocessor lines."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    text = re.sub(r'"(\\.|[^"\\\n])*"', '""', text)
    text = re.sub(r"'(\\.|[^'\\\n])*'", "''", text)
    text = re.sub(r"^\s*#(.*\\\n)*.*$", " ", text, flags=re.M)
    return text


def definitions(code):
    """(name, is_static, body) of every function defined at file level."""
    out = []
    depth = 0
    start = 0  # where the current file-level declaration began
    i = 0
    while i < len(code):
        ch = code[i]
        if ch == "{":
            if depth == 0:
                head = code[start:i]
                m = re.search(r"(\w+)\s*\([^()]*(\([^()]*\)[^()]*)*\)\s*$", head)
                body_start = i
                depth = 1
                i += 1
                while i < len(code) and depth:
                    if code[i] == "{":
                        depth += 1
                    elif code[i] == "}":
                        depth -= 1
                    i += 1
                if m and m.group(1) not in ("if", "while", "for", "switch"):
                    static = re.search(r"\bstatic\b", head) is not None
                    out.append((m.group(1), static, code[body_start:i]))
                start = i
                continue
        elif ch in ";}" and depth == 0:
            start = i + 1
        i += 1
    return out


def scc(nodes, edges):
    """Tarjan's strongly connected components, iteratively."""
    index, low, on, stack, comps, counter = {}, {}, set(), [], [], [0]
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(edges.get(w, ())))))
                    advanced = True
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    comps.append(sorted(comp))
    return comps


def one_path(comp, edges):
    """A readable loop through the component: a → b → … → a."""
    members = set(comp)
    first = comp[0]
    path, seen = [first], {first}
    cur = first
    while True:
        nxt = sorted(w for w in edges.get(cur, ()) if w in members)
        back = [w for w in nxt if w == first]
        fresh = [w for w in nxt if w not in seen]
        if back and len(path) > 1 and not fresh:
            return path + [first]
        if not fresh:
            return path + ([first] if back else ["…"])
        cur = fresh[0]
        seen.add(cur)
        path.append(cur)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    service = os.path.join(root, "src", "service")
    files = {}
    for d, _, names in os.walk(service):
        for n in names:
            if n.endswith((".c", ".h")):
                rel = os.path.relpath(os.path.join(d, n), service)
                with open(os.path.join(d, n), encoding="utf-8") as f:
                    files[rel] = f.read()
    by_base = {}
    for rel in files:
        by_base.setdefault(os.path.basename(rel), rel)

    def module(rel):
        return rel.split(os.sep)[0]

    includes = {}
    for rel, text in files.items():
        for inc in INCLUDE.findall(text):
            target = by_base.get(os.path.basename(inc))
            if target and target != rel:
                includes.setdefault(rel, set()).add(target)

    defined_by, bodies, local = {}, {}, {}
    for rel, text in files.items():
        if not rel.endswith(".c"):
            continue
        defs = definitions(strip_code(text))
        bodies[rel] = " ".join(body for _, _, body in defs)
        local[rel] = {name for name, _, _ in defs}
        for name, static, _ in defs:
            if not static:
                defined_by.setdefault(name, rel)
    calls = {}
    for rel, body in bodies.items():
        for name in set(IDENT.findall(body)):
            target = defined_by.get(name)
            if target and target != rel and name not in local[rel]:
                calls.setdefault(rel, set()).add(target)

    header_graph = {a: {b for b in bs if b.endswith(".h")}
                    for a, bs in includes.items() if a.endswith(".h")}
    modules = {}
    for graph in (calls, includes):
        for a, bs in graph.items():
            for b in bs:
                if module(a) != module(b) and a.endswith(".c"):
                    modules.setdefault(module(a), set()).add(module(b))

    failed = False
    for title, graph in (("header include", header_graph), ("file call", calls),
                         ("module", modules)):
        nodes = sorted(set(graph) | {b for bs in graph.values() for b in bs})
        for comp in scc(nodes, graph):
            failed = True
            print(f"{title} cycle: {' → '.join(one_path(comp, graph))}"
                  f"  (component: {', '.join(comp)})")
    if failed:
        print("check_cycles: break each circle (move the shared piece down, or register a "
              "callback at init) — see docs/architecture.md", file=sys.stderr)
        return 1
    print(f"check_cycles: no cycles among {len(files)} service files "
          f"({len(defined_by)} functions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
