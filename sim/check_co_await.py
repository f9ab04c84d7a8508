#!/usr/bin/env python3
"""Rejects co_await inside the condition of if, while, for and switch statements.

g++ 12 miscompiles some of these: a coroutine whose loop ends through a condition such as
`while ((co_await child()) < n)` or `if ((co_await child()) >= n) break;` never resumes the
coroutine that awaits it (reproduced without the harness; clang 14 is correct). Awaiting into a
named variable first is always fine, so the rule is simply: no co_await inside a condition.

Usage: check_co_await.py FILE...   (exit 1 and one line per finding, file:line, when any)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

KEYWORD = re.compile(r"\b(if|while|for|switch)\s*(?:constexpr\s*)?\(")
CO_AWAIT = re.compile(r"\bco_await\b")


def strip_comments_and_strings(text: str) -> str:
    """Blanks comments and string/char literals, keeping newlines so line numbers hold."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("".join("\n" if ch == "\n" else " " for ch in text[i:j]))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(c + " " * (j - i - 2) + c if j - i >= 2 else c)
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def findings(path: Path) -> list[str]:
    code = strip_comments_and_strings(path.read_text(errors="replace"))
    found = []
    for m in KEYWORD.finditer(code):
        depth, j = 1, m.end()
        while j < len(code) and depth:
            depth += {"(": 1, ")": -1}.get(code[j], 0)
            j += 1
        condition = code[m.end():j - 1]
        if CO_AWAIT.search(condition):
            line = code.count("\n", 0, m.start()) + 1
            found.append(f"{path}:{line}: co_await inside the condition of '{m.group(1)}': "
                         "await into a variable first (g++ 12 miscompiles some of these)")
    return found


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    all_found = [f for name in argv for f in findings(Path(name))]
    for f in all_found:
        print(f)
    print(f"co_await check: {len(argv)} files, {len(all_found)} findings")
    return 1 if all_found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
