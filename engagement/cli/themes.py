"""CLI subcommand ``themes``: themes in a JSON-lines file of texts.

Registered by the main CLI with ``register(subparsers)``; it then calls ``args.func(args)``,
which returns the exit code.

Input: one JSON object per line, ``{"id": ..., "text": ...}`` and optionally ``"group"`` (an
opinion-group label; adds a theme x group table).  Blank lines are ignored.
Output (stdout): one JSON object
``{"k", "themes": [{"label", "phrases", "keywords", "ids", "representative_ids", "size",
"sentiment"}],
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

from engagement import jsonl_input
from engagement.analysis.theme_methods import METHODS
from engagement.jsonl_input import EXIT_BAD_INPUT, InputError

__all__ = ["InputError", "read_jsonl", "register", "run_themes"]

EXIT_OK = 0


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``themes`` subcommand to an argparse ``subparsers`` object."""
    parser = subparsers.add_parser(
        "themes",
        help="find themes in free texts (JSON lines with id and text)",
        description='Find themes in free texts. Reads JSON lines {"id", "text"[, "group"]}'
        " and prints one JSON object with the themes; every id is in exactly one theme"
        ' (or in the theme labelled "Other").',
    )
    jsonl_input.add_input_options(parser)
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
    for lineno, row in jsonl_input.iter_objects(stream, name):
        for key in ("id", "text"):
            if key not in row:
                raise jsonl_input.line_error(name, lineno, f"missing {key!r}")
        ident, text = row["id"], row["text"]
        if not isinstance(ident, str | int) or isinstance(ident, bool):
            raise jsonl_input.line_error(name, lineno, "'id' must be a string or an integer")
        if text is not None and not isinstance(text, str):
            raise jsonl_input.line_error(name, lineno, "'text' must be a string")
        if ident in first_line:
            raise jsonl_input.line_error(
                name, lineno, f"duplicate id {ident!r} (first on line {first_line[ident]})"
            )
        group = row.get("group")
        if group is not None and not isinstance(group, str | int):
            raise jsonl_input.line_error(name, lineno, "'group' must be a string")
        first_line[ident] = lineno
        ids.append(ident)
        texts.append(text or "")
        groups.append(None if group is None else str(group))
    return ids, texts, groups


def run_themes(args: argparse.Namespace, stdout: IO[str] | None = None) -> int:
    """Run the ``themes`` subcommand; returns the exit code."""
    stdout = stdout or sys.stdout
    started = time.perf_counter()
    try:
        ids, texts, groups = jsonl_input.read_input(args.input, read_jsonl)
    except InputError as exc:
        print(f"themes: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT

    has_groups = any(g is not None for g in groups)
    from engagement.analysis.themes import find_themes  # heavy: only for this command

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
                "phrases": list(t.phrases),
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
