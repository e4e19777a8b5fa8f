"""CLI subcommand ``themes``: themes in a JSON-lines file of texts.

Registered by the main CLI with ``register(subparsers)``; it then calls ``args.func(args)``,
which returns the exit code.

Input: one JSON object per line, ``{"id": ..., "text": ...}`` and optionally ``"group"`` (an
opinion-group label; adds a theme x group table).  Blank lines are ignored.
Output (stdout): one JSON object
``{"k", "themes": [{"label", "keywords", "ids", "representative_ids", "size", "sentiment"}],
"theme_group_table" (when groups are given), "seconds"}``; every input id is in exactly one
theme, the last one being the explicit theme labelled "Other".
Bad input (missing file, non-JSON line, missing id/text, duplicate id): a message naming the
file and line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import IO, Any

from engagement.analysis.themes import METHODS, find_themes

__all__ = ["InputError", "read_jsonl", "register", "run_themes"]

EXIT_OK = 0
EXIT_BAD_INPUT = 2


class InputError(Exception):
    """Bad input; the message names the file and line."""


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``themes`` subcommand to an argparse ``subparsers`` object."""
    parser = subparsers.add_parser(
        "themes",
        help="find themes in free texts (JSON lines with id and text)",
        description='Find themes in free texts. Reads JSON lines {"id", "text"[, "group"]}'
        " and prints one JSON object with the themes; every id is in exactly one theme"
        ' (or in the theme labelled "Other").',
    )
    parser.add_argument(
        "--input", required=True, metavar="FILE.jsonl", help="JSON-lines file, or - for stdin"
    )
    parser.add_argument("--format", choices=["json"], default="json", help="output format")
    parser.add_argument(
        "--n-themes", type=_positive_int, default=None, help="number of themes (default: auto)"
    )
    parser.add_argument("--max-themes", type=_positive_int, default=12)
    parser.add_argument("--method", choices=METHODS, default="embedding")
    parser.add_argument("--seed", type=int, default=0)
    parser.set_defaults(func=run_themes)
    return parser


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1: {value}")
    return number


def read_jsonl(stream: IO[str], name: str) -> tuple[list[Any], list[str], list[str | None]]:
    """Ids, texts and groups from JSON lines; raises :class:`InputError` on bad input."""
    ids: list[Any] = []
    texts: list[str] = []
    groups: list[str | None] = []
    first_line: dict[Any, int] = {}
    try:
        for lineno, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{name}:{lineno}: not valid JSON ({exc.msg})") from None
            if not isinstance(row, dict):
                raise InputError(f"{name}:{lineno}: expected a JSON object")
            for key in ("id", "text"):
                if key not in row:
                    raise InputError(f"{name}:{lineno}: missing {key!r}")
            ident, text = row["id"], row["text"]
            if not isinstance(ident, str | int) or isinstance(ident, bool):
                raise InputError(f"{name}:{lineno}: 'id' must be a string or an integer")
            if text is not None and not isinstance(text, str):
                raise InputError(f"{name}:{lineno}: 'text' must be a string")
            if ident in first_line:
                raise InputError(
                    f"{name}:{lineno}: duplicate id {ident!r} (first on line {first_line[ident]})"
                )
            group = row.get("group")
            if group is not None and not isinstance(group, str | int):
                raise InputError(f"{name}:{lineno}: 'group' must be a string")
            first_line[ident] = lineno
            ids.append(ident)
            texts.append(text or "")
            groups.append(None if group is None else str(group))
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text ({exc.reason})") from None
    return ids, texts, groups


def run_themes(args: argparse.Namespace, stdout: IO[str] | None = None) -> int:
    """Run the ``themes`` subcommand; returns the exit code."""
    stdout = stdout or sys.stdout
    started = time.perf_counter()
    name = args.input
    try:
        if name == "-":
            ids, texts, groups = read_jsonl(sys.stdin, "<stdin>")
        else:
            try:
                with open(name, encoding="utf-8") as fh:
                    ids, texts, groups = read_jsonl(fh, name)
            except FileNotFoundError:
                raise InputError(f"{name}: no such file") from None
            except IsADirectoryError:
                raise InputError(f"{name}: is a directory") from None
            except PermissionError:
                raise InputError(f"{name}: permission denied") from None
    except InputError as exc:
        print(f"themes: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT

    has_groups = any(g is not None for g in groups)
    result = find_themes(
        texts,
        ids=ids,
        groups=groups if has_groups else None,
        n_themes=args.n_themes,
        max_themes=args.max_themes,
        method=args.method,
        seed=args.seed,
    )
    out: dict[str, Any] = {
        "k": result.k,
        "themes": [
            {
                "label": t.label,
                "keywords": list(t.keywords),
                "size": t.size,
                "ids": list(t.ids),
                "representative_ids": list(t.representative_ids),
                "sentiment": t.sentiment.to_dict(),
            }
            for t in result.all_themes
        ],
    }
    if result.theme_group_table is not None:
        out["theme_group_table"] = result.theme_group_table.to_dict()
    out["seconds"] = round(time.perf_counter() - started, 4)
    json.dump(out, stdout, ensure_ascii=False)
    stdout.write("\n")
    return EXIT_OK
