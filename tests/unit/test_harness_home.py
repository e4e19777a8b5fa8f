"""What the tests and the benchmarks share (the app server, the Streamlit client, a throwaway
PostgreSQL) has one home, harness/: tests/ and bench/ both import it, never each other, and it
imports neither (issue 13: tests imported bench/, bench/ imported tests/support/)."""

from __future__ import annotations

import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return grimp.build_graph("tests", "bench", "harness", cache_dir=None)


def _direct(graph: grimp.ImportGraph, importer: str, imported: str) -> list[str]:
    """Each direct import (lazy ones inside functions included) from one package into another."""
    return sorted(f"{module} -> {target}"
                  for module in graph.find_descendants(importer)
                  for target in graph.find_modules_directly_imported_by(module)
                  if target == imported or target.startswith(imported + "."))


def test_both_use_the_harness(graph):
    assert _direct(graph, "tests", "harness"), "the tests start the app through harness/"
    assert _direct(graph, "bench", "harness"), "the benchmarks start the app through harness/"


@pytest.mark.parametrize(("importer", "imported"), [
    ("tests", "bench"), ("bench", "tests"), ("harness", "tests"), ("harness", "bench"),
])
def test_no_import_across(graph, importer, imported):
    assert _direct(graph, importer, imported) == []
