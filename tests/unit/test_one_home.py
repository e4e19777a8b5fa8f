"""One home per rule: no function body is written twice in the code that runs (engagement/,
pages/, harness/, bench/). Issue 13 found the join code, the audit log's and the withdrawal
register's form of a moment, PostgreSQL's newest programs folder and a free port each written
twice. (Migrations and tests are left out: a migration is frozen history.)"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("engagement", "pages", "harness", "bench")
SMALLEST = 12  # syntax-tree nodes: a one-line getter may well recur

# Pairs left on purpose (none today: the last, a withheld count's "not shown", now lives in
# engagement/disclosure/wording.py).
KNOWN: set[frozenset[str]] = set()


def _body(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.stmt]:
    """The statements of a function, without its docstring."""
    body = node.body
    first = body[0] if body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
            and isinstance(first.value.value, str):
        body = body[1:]
    return body


def _functions_by_body() -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                body = _body(node)
                if sum(1 for statement in body for _ in ast.walk(statement)) < SMALLEST:
                    continue
                dump = ast.dump(ast.Module(body=body, type_ignores=[]), annotate_fields=False)
                found[dump].append(f"{path.relative_to(ROOT).as_posix()} {node.name}")
    return found


def test_no_function_body_is_written_twice():
    functions = _functions_by_body()
    assert len(functions) > 500  # the walk found the code
    twice = [sorted(places) for places in functions.values()
             if len(places) > 1 and frozenset(places) not in KNOWN]
    assert twice == []
