"""The ``redact`` subcommand, driven through a parser built here (as the main CLI does)."""

from __future__ import annotations

import argparse
import io
import json

import pytest

from engagement.cli import redact as commands


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="engagement")
    subparsers = parser.add_subparsers(dest="command", required=True)
    commands.register(subparsers)
    args = parser.parse_args(argv)
    return args.func(args)


def write_lines(path, lines):
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_redacts_each_line_in_order(tmp_path, capsys):
    text = "Dr Okafor rang 07700 900123 about NHS number 943 476 5919."
    src = write_lines(
        tmp_path / "in.jsonl",
        [
            json.dumps({"id": "a", "text": text, "topic": "ignored"}),
            "",
            json.dumps({"id": 7, "text": "Nothing personal here."}),
        ],
    )
    assert run(["redact", "--input", str(src)]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert out[0] == {
        "id": "a",
        "text": "Dr [name] rang [phone] about NHS number [NHS number].",
        "spans": [
            {"start": 3, "end": 9, "label": "PERSON"},
            {"start": 15, "end": 27, "label": "PHONE"},
            {"start": 45, "end": 57, "label": "NHS_NUMBER"},
        ],
    }
    assert out[1] == {"id": 7, "text": "Nothing personal here.", "spans": []}
    for span in out[0]["spans"]:
        assert text[span["start"] : span["end"]] not in out[0]["text"]


def test_reads_stdin(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO('{"id": 1, "text": "Email jo@example.com"}\n'))
    assert run(["redact", "--input", "-", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["text"] == "Email [email]"


def test_missing_file_is_exit_2_with_message(tmp_path, capsys):
    missing = tmp_path / "nope.jsonl"
    assert run(["redact", "--input", str(missing)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert str(missing) in captured.err and "no such file" in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    ("bad_line", "expected"),
    [
        ("{not json", "not valid JSON"),
        ('["a", "list"]', "expected a JSON object"),
        ('{"text": "no id"}', "missing 'id'"),
        ('{"id": 3}', "missing 'text'"),
        ('{"id": 3, "text": 12}', "missing 'text'"),
    ],
)
def test_bad_line_names_file_and_line(tmp_path, capsys, bad_line, expected):
    src = write_lines(tmp_path / "bad.jsonl", ['{"id": 1, "text": "fine"}', bad_line])
    assert run(["redact", "--input", str(src)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # nothing half-written
    assert f"{src}, line 2" in captured.err
    assert expected in captured.err
    assert "Traceback" not in captured.err


def test_not_utf8_is_exit_2(tmp_path, capsys):
    src = tmp_path / "latin.jsonl"
    src.write_bytes(b'{"id": 1, "text": "caf\xe9"}\n')
    assert run(["redact", "--input", str(src)]) == 2
    assert "not UTF-8" in capsys.readouterr().err


def test_input_is_required(capsys):
    with pytest.raises(SystemExit) as exc:
        run(["redact"])
    assert exc.value.code == 2
    assert "--input" in capsys.readouterr().err
