"""JSON-lines input for the CLI subcommands that read texts (``themes``, ``redact``).

One JSON object per line; blank lines are skipped; ``-`` reads stdin. Every problem raises
:class:`InputError` with a message naming the file, and the line where there is one:
``FILE, line N: ...`` (or ``FILE: ...`` for the file as a whole). The commands print it on
stderr and exit with code 2; each checks its own fields on the objects it is given.

Refused as well, so that no input can exhaust memory or end in a traceback: a line longer than
``MAX_LINE_CHARS`` (read at most that far, never whole), nesting deeper than ``MAX_DEPTH``,
an escaped lone surrogate (``"\\ud800"``: not a character, it cannot be written out) and a
number too long to convert.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterator
from typing import IO, Any, TypeVar

__all__ = [
    "EXIT_BAD_INPUT",
    "MAX_DEPTH",
    "MAX_LINE_CHARS",
    "InputError",
    "add_input_options",
    "iter_objects",
    "line_error",
    "read_input",
]

EXIT_BAD_INPUT = 2
MAX_LINE_CHARS = 100_000
MAX_DEPTH = 20

T = TypeVar("T")


class InputError(Exception):
    """Bad input; the message names the file and line."""


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """The ``--input`` (a JSON-lines file, or ``-``) and ``--format`` options of a subcommand."""
    parser.add_argument(
        "--input", required=True, metavar="FILE.jsonl", help="JSON-lines file, or - for stdin"
    )
    parser.add_argument("--format", choices=["json"], default="json", help="output format")


def line_error(name: str, lineno: int, message: str) -> InputError:
    """An :class:`InputError` for line ``lineno`` of ``name``."""
    return InputError(f"{name}, line {lineno}: {message}")


def _lines(stream: IO[str], name: str) -> Iterator[tuple[int, str]]:
    """``(line number, line)``, each read at most ``MAX_LINE_CHARS`` (+ newline) far."""
    lineno = 0
    while line := stream.readline(MAX_LINE_CHARS + 1):
        lineno += 1
        if len(line) > MAX_LINE_CHARS and not line.endswith("\n"):
            raise line_error(name, lineno, f"longer than {MAX_LINE_CHARS:,} characters")
        yield lineno, line


def _problem(value: Any) -> str | None:
    """Why a parsed value cannot be used (too deep, a lone surrogate), or None."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                return f"nested more than {MAX_DEPTH} levels deep"
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
        elif isinstance(item, str) and _SURROGATE.search(item):
            return "contains an unpaired surrogate escape (such as \\ud800), not a character"
    return None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _parse(line: str, name: str, lineno: int) -> Any:
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise line_error(name, lineno, f"not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise line_error(name, lineno, f"nested more than {MAX_DEPTH} levels deep") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise line_error(name, lineno, f"not usable JSON ({str(exc).split(';')[0]})") from None


def iter_objects(stream: IO[str], name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` for each non-blank line; :class:`InputError` on a line that
    is not a JSON object, is too long or too deep, holds a lone surrogate, or on text that is
    not UTF-8."""
    try:
        for lineno, line in _lines(stream, name):
            if not line.strip():
                continue
            row = _parse(line, name, lineno)
            if not isinstance(row, dict):
                raise line_error(name, lineno, "expected a JSON object")
            problem = _problem(row)
            if problem:
                raise line_error(name, lineno, problem)
            yield lineno, row
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text ({exc.reason})") from None


def read_input(path: str, parse: Callable[[IO[str], str], T]) -> T:
    """``parse(stream, name)`` on the file at ``path`` (UTF-8), or on stdin for ``-``; a
    missing or unreadable file raises :class:`InputError`."""
    if path == "-":
        return parse(sys.stdin, "<stdin>")
    try:
        with open(path, encoding="utf-8") as stream:
            return parse(stream, path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
