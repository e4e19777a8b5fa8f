"""Every chart of the board's dashboard has a text alternative (its figures in words) and,
beside it, a table of the same figures: a screen reader user, or anyone who would rather read
numbers, gets what the chart shows (WCAG 2.2: 1.1.1 non-text content, 1.4.1 use of colour)."""

from __future__ import annotations

import base64
import json

import numpy as np

from tests.app.test_board_disclosure import _plotted_voters, board, voters

# The column of each table that holds what its chart plots, by the chart's kind.
VALUE_COLUMNS = ("People", "Agreed (%)")


def _numbers(values) -> list[float]:
    """A Plotly trace's values: a list, or (Plotly 6) a base64 typed array."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return [float(v) for v in values]


def _plotted(chart) -> list[float]:
    """What a Plotly chart draws: bar heights, or the map's circle sizes (people)."""
    plotted = []
    for trace in json.loads(chart.proto.spec)["data"]:
        plotted += _numbers(trace["marker"]["size"] if trace["type"] == "scatter"
                            else trace["y"])
    return sorted(plotted)


def test_every_chart_has_a_text_alternative_and_a_table_of_its_figures(seeded):
    voters(seeded, 14, session_id=seeded.session_id)
    at = board(seeded)
    plotly, lines = list(at.get("plotly_chart")), list(at.get("vega_lite_chart"))
    # The map, at least one division, the shift of views; participation over time.
    assert len(plotly) >= 3 and len(lines) == 1
    tables = list(at.table)
    assert len(tables) == len(plotly) + len(lines), "one table per chart"

    for chart, table in zip(plotly, tables, strict=False):
        alt, frame = chart.proto.alt, table.value
        column = next(c for c in VALUE_COLUMNS if c in frame.columns)
        print(f"{alt[:90]}… | table {list(frame.columns)}, {len(frame)} rows")
        assert alt.strip()
        assert sorted(float(v) for v in frame[column]) == _plotted(chart)
        if "Up" not in frame.columns:  # a bar chart (not the map): its figures in words
            assert all(f"{v:g}" in alt for v in frame[column]), (alt, list(frame[column]))

    line, days = lines[0], tables[-1].value
    assert line.proto.alt.strip()
    assert sorted(days["People voting"]) == sorted(_plotted_voters(line))
    assert all(f"{v} votes" in line.proto.alt for v in days["Votes"])
