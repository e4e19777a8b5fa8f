"""Tests of the ``themes`` CLI subcommand through our own argparse parser."""

from __future__ import annotations

import argparse
import io
import json
import sys

import pytest

from engagement.cli import themes as theme_commands


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="engagement")
    sub = p.add_subparsers(dest="command", required=True)
    theme_commands.register(sub)
    return p


def run(argv: list[str], capsys) -> tuple[int, dict | None, str]:
    args = parser().parse_args(argv)
    code = args.func(args)
    captured = capsys.readouterr()
    out = json.loads(captured.out) if captured.out.strip() else None
    return code, out, captured.err


def write_jsonl(path, rows) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


ROWS = (
    [{"id": f"t{i}", "text": f"More buses and trains, fewer cars on roads {i}"} for i in range(12)]
    + [{"id": f"h{i}", "text": f"Cheaper rents and housing for tenants {i}"} for i in range(12)]
    + [{"id": "empty", "text": ""}, {"id": 7, "text": "the and of"}]
)


def test_happy_path_every_id_in_exactly_one_theme(tmp_path, capsys):
    path = write_jsonl(tmp_path / "in.jsonl", ROWS)
    code, out, err = run(["themes", "--input", path], capsys)
    assert code == 0, err
    assert set(out) >= {"themes", "seconds", "k"}
    ids = [i for t in out["themes"] for i in t["ids"]]
    assert sorted(map(str, ids)) == sorted(str(r["id"]) for r in ROWS)
    assert len(ids) == len(set(map(str, ids)))
    other = out["themes"][-1]
    assert other["label"] == "Other"
    assert "empty" in other["ids"] and 7 in other["ids"]
    for theme in out["themes"]:
        assert set(theme) >= {"label", "keywords", "ids", "sentiment"}
        assert -1.0 <= (theme["sentiment"]["mean_compound"] or 0.0) <= 1.0
    assert out["k"] == 2
    assert "theme_group_table" not in out


def test_stdin_groups_and_options(monkeypatch, capsys):
    rows = [dict(r, group="A" if i % 2 else "B") for i, r in enumerate(ROWS)]
    stdin = io.StringIO("".join(json.dumps(r) + "\n\n" for r in rows))
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, _ = run(["themes", "--input", "-", "--n-themes", "3", "--method", "nmf"], capsys)
    assert code == 0
    table = out["theme_group_table"]
    assert sum(map(sum, table["counts"])) == len(rows)
    assert table["groups"] == ["A", "B"]


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ('{"id": 1, "text": "a"}\nnot json\n', ", line 2: not valid JSON"),
        ('{"id": 1, "text": "a"}\n{"text": "b"}\n', ", line 2: missing 'id'"),
        ('{"id": 1}\n', ", line 1: missing 'text'"),
        ('{"id": 1, "text": "a"}\n\n{"id": 1, "text": "b"}\n', ", line 3: duplicate id 1"),
        ("[1, 2]\n", ", line 1: expected a JSON object"),
        ('{"id": [1], "text": "a"}\n', ", line 1: 'id' must be"),
        ('{"id": 1, "text": 5}\n', ", line 1: 'text' must be"),
    ],
)
def test_bad_input_exit_2_with_file_and_line(tmp_path, capsys, content, needle):
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    code, out, err = run(["themes", "--input", str(path)], capsys)
    assert code == 2
    assert out is None
    assert f"{path}{needle}" in err, err
    assert "Traceback" not in err


def test_missing_file_and_not_utf8(tmp_path, capsys):
    code, out, err = run(["themes", "--input", str(tmp_path / "nope.jsonl")], capsys)
    assert code == 2 and out is None and "nope.jsonl: no such file" in err
    bad = tmp_path / "latin1.jsonl"
    bad.write_bytes('{"id": 1, "text": "caf\u00e9"}\n'.encode("latin-1"))
    code, out, err = run(["themes", "--input", str(bad)], capsys)
    assert code == 2 and "not UTF-8" in err


def test_input_is_required(capsys):
    with pytest.raises(SystemExit) as exc:
        parser().parse_args(["themes"])
    assert exc.value.code == 2
    assert "--input" in capsys.readouterr().err
