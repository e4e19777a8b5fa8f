"""One group palette: every colour reaches 3:1 on white, stays distinct for colour-blind
readers, and the brief's charts draw each group in its letter's colour."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from matplotlib.colors import to_hex

from engagement.brief import charts
from engagement.palette import GROUP_COLOURS, group_colour, label_colours

WHITE_CONTRAST = 3.0
MIN_DELTA_E = 15.0  # CIE76 distance between any two group colours, as each reader sees them

# Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of
# color vision deficiency", IEEE TVCG 15(6): severity 1.0 matrices on linear RGB.
MACHADO = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                   [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                     [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                   [0.004733, 0.691367, 0.303900]],
    "typical vision": np.eye(3),
}
SRGB_TO_XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                        [0.0193, 0.1192, 0.9505]])


def linear(hex_colour: str) -> np.ndarray:
    c = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def contrast_on_white(hex_colour: str) -> float:
    """WCAG 2.2 contrast ratio against white (#FFFFFF, relative luminance 1)."""
    luminance = float(linear(hex_colour) @ [0.2126, 0.7152, 0.0722])
    return 1.05 / (luminance + 0.05)


def cielab(linear_rgb: np.ndarray) -> np.ndarray:
    xyz = SRGB_TO_XYZ @ np.clip(linear_rgb, 0, 1) / (SRGB_TO_XYZ @ np.ones(3))
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_the_contrast_formula_matches_known_ratios():
    assert contrast_on_white("#000000") == pytest.approx(21.0)
    assert contrast_on_white("#FFFFFF") == pytest.approx(1.0)
    assert contrast_on_white("#767676") == pytest.approx(4.54, abs=0.01)  # WebAIM's 4.5:1 grey


@pytest.mark.parametrize("colour", GROUP_COLOURS)
def test_every_group_colour_reaches_3_to_1_on_white(colour):
    assert contrast_on_white(colour) >= WHITE_CONTRAST, colour


def test_the_old_light_blue_would_fail():
    """The dashboard's former group B (Streamlit's chart light blue): the check can fail."""
    assert contrast_on_white("#83c9ff") < WHITE_CONTRAST


@pytest.mark.parametrize("vision", MACHADO)
def test_group_colours_stay_apart_for_colour_blind_readers(vision):
    assert len(GROUP_COLOURS) >= 5  # one colour per group: the analysis forms up to five
    seen = [cielab(np.asarray(MACHADO[vision]) @ linear(c)) for c in GROUP_COLOURS]
    closest = min(float(np.linalg.norm(a - b)) for a, b in itertools.combinations(seen, 2))
    assert closest >= MIN_DELTA_E, (vision, closest)


def test_the_old_red_and_green_would_not_stay_apart():
    """The brief's former groups B and C (red #d4351c, green #00703c) are too close for a
    protanope: the check bites."""
    seen = [cielab(np.asarray(MACHADO["protanopia"]) @ linear(c))
            for c in ("#d4351c", "#00703c")]
    assert float(np.linalg.norm(seen[0] - seen[1])) < MIN_DELTA_E


def test_a_letter_has_one_colour_and_letters_differ():
    assert [group_colour(x) for x in "ABCDE"] == list(GROUP_COLOURS)
    assert label_colours("BA") == {"Group B": GROUP_COLOURS[1], "Group A": GROUP_COLOURS[0]}


def _drawn(monkeypatch, draw):
    figures = []
    monkeypatch.setattr(charts, "_png", lambda figure: figures.append(figure) or b"png")
    draw()
    assert len(figures) == 1
    return figures[0].axes[0]


def test_brief_opinion_map_colours_each_group_by_its_letter(monkeypatch):
    """Groups listed out of letter order (C before A) still get their letter's colour."""
    groups = [{"letter": "C", "center": (1, 1), "size": 9},
              {"letter": "A", "center": (0, 0), "size": 12},
              {"letter": "B", "center": (2, 0), "size": None}]
    axes = _drawn(monkeypatch, lambda: charts.opinion_map(groups))
    labels = [t.get_text().split("\n")[0] for t in axes.texts]
    colours = [to_hex(c.get_facecolor()[0][:3]) for c in axes.collections]
    assert labels == ["Group C", "Group A", "Group B"]
    assert dict(zip(labels, colours, strict=True)) == {
        k: v.lower() for k, v in label_colours("CAB").items()}


def test_brief_agreement_chart_colours_each_group_by_its_letter(monkeypatch):
    rows = [("B", 80.0), ("A", 20.0)]
    axes = _drawn(monkeypatch, lambda: charts.group_agreement("s", rows))
    colours = [to_hex(p.get_facecolor()[:3]) for p in axes.patches]
    assert colours == [group_colour("B").lower(), group_colour("A").lower()]
