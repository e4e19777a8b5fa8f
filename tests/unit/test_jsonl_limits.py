"""The JSON-lines commands (``redact``, ``themes``) refuse input that would exhaust memory or
end in a traceback, with one line on stderr and exit code 2 (issue 12, item 8)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from engagement.cli import redact as redact_commands
from engagement.cli import themes as theme_commands
from engagement.jsonl_input import MAX_DEPTH, MAX_LINE_CHARS

REPO = Path(__file__).resolve().parents[2]
COMMANDS = {"redact": redact_commands, "themes": theme_commands}
GOOD = json.dumps({"id": 1, "text": "Buses should be free"})


def run(command: str, path: Path) -> int:
    parser = argparse.ArgumentParser(prog="engagement")
    COMMANDS[command].register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args([command, "--input", str(path)])
    return args.func(args)


def nested(depth: int) -> str:
    return json.dumps({"id": 2, "text": "x", "extra": json.loads("[" * depth + "]" * depth)})


SURROGATE = "contains an unpaired surrogate"
BAD_LINES = {
    "lone-surrogate": ('{"id": 2, "text": "a\\ud800b"}', SURROGATE),
    "lone-low-surrogate-in-id": ('{"id": "\\udc00", "text": "a"}', SURROGATE),
    "deep-but-parsable": (nested(MAX_DEPTH + 5), f"nested more than {MAX_DEPTH} levels"),
    "deeper-than-the-parser": ('{"id": 2, "text": "x", "n": ' + "[" * 30_000 + "]" * 30_000
                               + "}", f"nested more than {MAX_DEPTH} levels"),
    "over-long": (json.dumps({"id": 2, "text": "word " * (MAX_LINE_CHARS // 5)}),
                  f"longer than {MAX_LINE_CHARS:,} characters"),
    "huge-integer": ('{"id": ' + "7" * 5000 + ', "text": "x"}', "not usable JSON"),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("case", sorted(BAD_LINES))
def test_bad_line_is_refused_with_one_line(tmp_path, capsys, command, case):
    line, expected = BAD_LINES[case]
    path = tmp_path / "in.jsonl"
    path.write_text(GOOD + "\n" + line + "\n" + GOOD.replace("1", "3") + "\n", encoding="utf-8")
    assert run(command, path) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1, captured.err
    assert f"{path}, line 2: {expected}" in captured.err


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_lines_at_the_limits_are_accepted(tmp_path, capsys, command):
    """Exactly MAX_LINE_CHARS characters, MAX_DEPTH levels and a surrogate pair are fine."""
    at_depth = nested(MAX_DEPTH - 1)  # the object itself is the first level
    long_line = json.dumps({"id": 9, "text": ""})
    long_line = long_line.replace('""', '"' + "x" * (MAX_LINE_CHARS - len(long_line)) + '"')
    assert len(long_line) == MAX_LINE_CHARS
    pair = '{"id": 8, "text": "a \\ud83d\\ude00 b"}'
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([GOOD, at_depth, long_line, pair]) + "\n", encoding="utf-8")
    assert run(command, path) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert out
    if command == "redact":
        assert len(out.splitlines()) == 4 and "😀" in out


def _peak_rss_mb(*argv: str) -> tuple[int, float, str]:
    """Run the CLI in a child process; (exit code, its peak resident memory in MB, stderr)."""
    probe = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "sys.stderr.write(done.stderr)\n"
        "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "engagement",
                           *argv], capture_output=True, text=True, cwd=REPO, timeout=300)
    code, kilobytes = done.stdout.split()
    return int(code), int(kilobytes) / 1024, done.stderr


def test_a_20_mb_line_is_refused_without_reading_it_whole(tmp_path):
    small, big = tmp_path / "small.jsonl", tmp_path / "big.jsonl"
    small.write_text(GOOD + "\n", encoding="utf-8")
    big.write_text(json.dumps({"id": 1, "text": "word " * 4_000_000}) + "\n", encoding="utf-8")
    assert big.stat().st_size > 20_000_000
    code, baseline, _ = _peak_rss_mb("redact", "--input", str(small))
    assert code == 0
    code, peak, err = _peak_rss_mb("redact", "--input", str(big))
    assert code == 2
    assert err.strip() == f"redact: {big}, line 1: longer than {MAX_LINE_CHARS:,} characters"
    assert peak - baseline < 50, (baseline, peak)  # reading it whole took some 575 MB more


def test_a_lone_surrogate_ends_in_a_message_not_a_traceback(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": 1, "text": "a\\ud800b"}\n', encoding="utf-8")
    code, _, err = _peak_rss_mb("redact", "--input", str(path))
    assert code == 2
    assert "Traceback" not in err and err.count("\n") == 1, err
