"""Lists modules over 400 lines and functions over 60 lines of code in mapapp/.

Lines of code leave out blank lines, comments and docstrings. Exit status 1
when anything is over; `scripts/test.sh` runs it with the other gates.
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
from pathlib import Path

MAX_MODULE_LINES = 400
MAX_FUNCTION_CODE_LINES = 60


def code_lines(source: str) -> set[int]:
    """Line numbers holding code (not only comments, blank space or docstrings)."""
    lines: set[int] = set()
    docstrings: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                docstrings.update(range(body[0].lineno, (body[0].end_lineno or body[0].lineno) + 1))
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in (
            tokenize.COMMENT,
            tokenize.NL,
            tokenize.NEWLINE,
            tokenize.INDENT,
            tokenize.DEDENT,
            tokenize.ENDMARKER,
        ):
            continue
        lines.update(range(token.start[0], token.end[0] + 1))
    return lines - docstrings


def problems(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        total = source.count("\n")
        if total > MAX_MODULE_LINES:
            found.append(f"{path}: {total} lines (limit {MAX_MODULE_LINES})")
        code = code_lines(source)
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                span = set(range(node.lineno, (node.end_lineno or node.lineno) + 1))
                size = len(span & code)
                if size > MAX_FUNCTION_CODE_LINES:
                    found.append(
                        f"{path}:{node.lineno}: {node.name}() has {size} lines of code "
                        f"(limit {MAX_FUNCTION_CODE_LINES})"
                    )
    return found


def main() -> int:
    found = problems(Path(sys.argv[1] if len(sys.argv) > 1 else "mapapp"))
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
