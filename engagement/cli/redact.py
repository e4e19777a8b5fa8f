"""CLI subcommand ``redact``: redact personal data in a JSON-lines file of texts.

Registered by the main CLI with ``register(subparsers)``; it then calls ``args.func(args)``,
which returns the exit code.

Input: one JSON object per line, ``{"id": ..., "text": "..."}`` (other keys ignored, blank lines
skipped); ``--input -`` reads stdin.
Output (stdout): one JSON line per input line, in order,
``{"id", "text": <redacted>, "spans": [{"start", "end", "label"}]}`` with offsets into the
original text.
Bad input (missing or unreadable file, a line that is not a JSON object, a missing ``id`` or a
``text`` that is not a string): a message naming the file and line on stderr, nothing on stdout,
exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO, Any

from engagement import jsonl_input
from engagement.jsonl_input import EXIT_BAD_INPUT, InputError
from engagement.privacy.redaction import redact

__all__ = ["InputError", "read_texts", "register", "run_redact"]

EXIT_OK = 0


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``redact`` subcommand to an argparse ``subparsers`` object."""
    parser = subparsers.add_parser(
        "redact",
        help="redact personal data in free texts (JSON lines with id and text)",
        description="Redact names, emails, phone numbers, NHS numbers, postcodes, dates of birth"
        ' and street addresses. Reads JSON lines {"id", "text"} and prints one JSON line per'
        ' input: {"id", "text", "spans": [{"start", "end", "label"}]} (offsets into the'
        " original text).",
    )
    jsonl_input.add_input_options(parser)
    parser.set_defaults(func=run_redact)
    return parser


def read_texts(stream: IO[str], name: str) -> list[tuple[Any, str]]:
    """``(id, text)`` pairs from JSON lines; raises :class:`InputError` on bad input."""
    rows: list[tuple[Any, str]] = []
    for lineno, row in jsonl_input.iter_objects(stream, name):
        if "id" not in row:
            raise jsonl_input.line_error(name, lineno, "missing 'id'")
        if not isinstance(row.get("text"), str):
            raise jsonl_input.line_error(name, lineno, "missing 'text' (a string)")
        rows.append((row["id"], row["text"]))
    return rows


def run_redact(args: argparse.Namespace) -> int:
    """Entry point for ``args.func``: prints redacted JSON lines, returns the exit code."""
    try:
        rows = jsonl_input.read_input(args.input, read_texts)
    except InputError as exc:
        print(f"redact: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    out = sys.stdout
    for row_id, text in rows:
        result = redact(text)
        record = {
            "id": row_id,
            "text": result.text,
            "spans": [{"start": s.start, "end": s.end, "label": s.label} for s in result.spans],
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()
    return EXIT_OK
