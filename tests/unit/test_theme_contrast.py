"""The theme's colours (.streamlit/config.toml) meet WCAG 2.2 AA: 4.5:1 for text, captions
included (Streamlit draws them in the text colour at 60% opacity), and 3:1 for the graphics
drawn in the primary colour."""

from __future__ import annotations

import tomllib

import pytest

from tests.app.helpers import ROOT
from tests.support.contrast import blend, contrast

TEXT, GRAPHICS = 4.5, 3.0
CAPTION_OPACITY = 0.6  # Streamlit's fadedText60: captions, help text, the progress label
THEME = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
BACKGROUNDS = ("backgroundColor", "secondaryBackgroundColor")


def test_the_contrast_formula_matches_known_ratios():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1)
    # The grey captions of the issue: Streamlit's default text colour at 60% on white.
    assert blend("#2f2d2b", "#ffffff", CAPTION_OPACITY) == "#828180"
    assert contrast("#828180", "#ffffff") == pytest.approx(3.88, abs=0.01)


def test_every_theme_colour_is_set():
    """Streamlit's defaults change between versions: the colours checked are the ones used."""
    assert {"primaryColor", "textColor", *BACKGROUNDS} <= THEME.keys()


@pytest.mark.parametrize("background", BACKGROUNDS)
def test_text_and_captions_reach_4_5_to_1(background):
    page, text = THEME[background], THEME["textColor"]
    caption = blend(text, page, CAPTION_OPACITY)
    print(f"{background} {page}: text {contrast(text, page):.2f}:1, "
          f"caption {caption} {contrast(caption, page):.2f}:1")
    assert contrast(text, page) >= TEXT
    assert contrast(caption, page) >= TEXT


@pytest.mark.parametrize("background", BACKGROUNDS)
def test_the_primary_colour_reaches_4_5_to_1_as_links_and_3_to_1_as_graphics(background):
    primary, page = THEME["primaryColor"], THEME[background]
    print(f"primary {primary} on {page}: {contrast(primary, page):.2f}:1")
    assert contrast(primary, page) >= TEXT  # links and selected tabs are text in it
    assert contrast(primary, page) >= GRAPHICS


def test_the_primary_buttons_white_label_reaches_4_5_to_1():
    assert contrast("#ffffff", THEME["primaryColor"]) >= TEXT
