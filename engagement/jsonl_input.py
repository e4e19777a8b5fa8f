"""JSON-lines input for the CLI subcommands that read texts (``themes``, ``redact``).

One JSON object per line; blank lines are skipped; ``-`` reads stdin. Every problem raises
:class:`InputError` with a message naming the file, and the line where there is one:
``FILE, line N: ...`` (or ``FILE: ...`` for the file as a whole). The commands print it on
stderr and exit with code 2; each checks its own fields on the objects it is given.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from typing import IO, Any, TypeVar

__all__ = [
    "EXIT_BAD_INPUT",
    "InputError",
    "add_input_options",
    "iter_objects",
    "line_error",
    "read_input",
]

EXIT_BAD_INPUT = 2

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


def iter_objects(stream: IO[str], name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` for each non-blank line; :class:`InputError` on a line that
    is not a JSON object or on text that is not UTF-8."""
    try:
        for lineno, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise line_error(name, lineno, f"not valid JSON ({exc.msg})") from None
            if not isinstance(row, dict):
                raise line_error(name, lineno, "expected a JSON object")
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
