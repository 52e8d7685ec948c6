#!/usr/bin/env python3
"""check_jpack.py SOURCE_DIR — reads every jpack(...) call under src/ against its format.

jansson's pack formats are read at run time, so the compiler cannot see a missing key or an
int passed where a string pointer is expected; one such call crashed the server for every
citizen. This check parses each call (comments, strings and nested parentheses understood),
counts the arguments the format consumes and compares them with those given, and flags an
argument of the wrong kind where the source makes the kind plain: a string literal where a
number or JSON value is read, a comparison or a number where a string or JSON value is read.
It also refuses json_pack anywhere under src/ but the helper itself, and a format that is not
a string literal (which no one could check)."""
import os
import re
import sys

ARGS = {"s": "str", "+": "str", "b": "int", "i": "int", "I": "int", "f": "double",
        "o": "json", "O": "json", "n": None}


def slots(fmt):
    """The kinds of the arguments a jansson pack format reads, in order."""
    out, i = [], 0
    while i < len(fmt):
        c = fmt[i]
        i += 1
        if c in " \t\n:,[]{}":
            continue
        if c not in ARGS:
            raise ValueError(f"unknown format character {c!r}")
        if ARGS[c] is None:
            continue
        out.append(ARGS[c])
        while i < len(fmt) and fmt[i] in "?*#%":
            if fmt[i] in "#%":
                out.append("len")
            i += 1
    return out


def skip_string(src, i):
    q = src[i]
    i += 1
    while src[i] != q:
        i += 2 if src[i] == "\\" else 1
    return i + 1


def call_args(src, start):
    """Splits the arguments of the call whose '(' is at start; returns (args, end)."""
    depth, i, cur, args = 0, start, [], []
    while True:
        c = src[i]
        if c in "\"'":
            j = skip_string(src, i)
            cur.append(src[i:j])
            i = j
            continue
        if src.startswith("/*", i):
            i = src.index("*/", i) + 2
            continue
        if src.startswith("//", i):
            i = src.index("\n", i)
            continue
        if c in "([{":
            depth += 1
            if depth == 1:
                i += 1
                continue
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append("".join(cur).strip())
                return args, i + 1
        elif c == "," and depth == 1:
            args.append("".join(cur).strip())
            cur = []
            i += 1
            continue
        cur.append(c)
        i += 1


def literal_text(arg):
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', arg)
    if not parts or re.sub(r'"(?:[^"\\]|\\.)*"', "", arg).strip():
        return None
    return bytes("".join(parts), "utf-8").decode("unicode_escape")


def top_level(arg):
    """The argument with strings and bracketed parts blanked, to see its outer operators."""
    out, depth, i = [], 0, 0
    while i < len(arg):
        c = arg[i]
        if c in "\"'":
            j = skip_string(arg, i)
            out.append("S")
            i = j
            continue
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif depth == 0:
            out.append(c)
        i += 1
    return "".join(out)


def kind_problem(kind, arg):
    outer = top_level(arg)
    is_literal = literal_text(arg) is not None
    boolean = re.search(r"==|!=|<=|>=|&&|\|\||(?<![-<>])[<>](?![<>=])", outer) or \
        outer.startswith("!")
    number = re.fullmatch(r"-?\d+[uUlL]*", arg.strip())
    if kind in ("int", "double", "len") and is_literal:
        return "a string literal where a number is read"
    if kind == "json" and (is_literal or number):
        return "a literal where a JSON value is read"
    if kind in ("str", "json") and "?" not in outer and (boolean or number):
        return "a comparison or number where a " + ("string" if kind == "str" else "JSON value") \
            + " is read"
    return None


def check_file(path, rel, problems):
    src = open(path, encoding="utf-8").read()
    if rel != os.path.join("src", "base", "jpack.c"):
        for m in re.finditer(r"\bjson_pack(_ex)?\s*\(", src):
            line = src.count("\n", 0, m.start()) + 1
            problems.append(f"{rel}:{line}: json_pack outside jpack; use jpack")
    for m in re.finditer(r"\bjpack\s*\(", src):
        line = src.count("\n", 0, m.start()) + 1
        if src[:m.start()].rstrip().endswith("define"):
            continue
        if re.match(r"\s*\(\s*const char", src[m.end() - 1:]):
            continue  # the prototype
        args, _ = call_args(src, m.end() - 1)
        if args == ["..."] or args == ["__VA_ARGS__"]:
            continue
        fmt = literal_text(args[0])
        if fmt is None:
            problems.append(f"{rel}:{line}: the format is not a string literal")
            continue
        try:
            kinds = slots(fmt)
        except ValueError as e:
            problems.append(f"{rel}:{line}: {e}")
            continue
        given = args[1:]
        if len(given) != len(kinds):
            problems.append(f"{rel}:{line}: format \"{fmt}\" reads {len(kinds)} arguments, "
                            f"{len(given)} given")
            continue
        for n, (kind, arg) in enumerate(zip(kinds, given), 1):
            why = kind_problem(kind, arg)
            if why:
                problems.append(f"{rel}:{line}: argument {n} ({arg!r}): {why}")


def main():
    root = sys.argv[1]
    problems, calls = [], 0
    for base in ("src",):
        for dirpath, _, files in os.walk(os.path.join(root, base)):
            for name in sorted(files):
                if name.endswith(".c"):
                    path = os.path.join(dirpath, name)
                    calls += len(re.findall(r"\bjpack\s*\(", open(path, encoding="utf-8").read()))
                    check_file(path, os.path.relpath(path, root), problems)
    for p in problems:
        print(p)
    print(f"check_jpack: {calls} calls read, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
