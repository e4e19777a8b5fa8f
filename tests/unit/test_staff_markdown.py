"""Staff-written markdown shown to participants (briefing, proposal, questions) cannot make
their browsers load anything: checked with a CommonMark parser (markdown-it-py) as the
oracle, on fixed cases and on generated markdown."""

from __future__ import annotations

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from engagement.staff_markdown import safe_staff_markdown

PARSER = MarkdownIt("commonmark")


def tokens(text: str):
    for token in PARSER.parse(text):
        yield token
        yield from token.children or ()


def loads_or_runs_anything(text: str) -> list[str]:
    """Image and raw-HTML nodes: what would make a browser fetch a remote address."""
    return [t.type for t in tokens(text) if t.type in ("image", "html_inline", "html_block")]


def link_targets(text: str) -> list[str]:
    return [t.attrs["href"] for t in tokens(text) if t.type == "link_open"]


ATTACKS = [
    "Read this ![map](https://tracker.example/pixel.png) first",  # the finding
    "![](https://tracker.example/p.png)",
    '![map](<https://tracker.example/p x.png> "title")',
    "![ref image][pix]\n\n[pix]: https://tracker.example/p.png",
    "![pix]\n\n[pix]: https://tracker.example/p.png",
    "[![nested](https://tracker.example/p.png)](https://example.org)",
    '<img src="https://tracker.example/p.png">',
    "<div>\n<img src=https://tracker.example/p.png>\n</div>",
    "<script src=https://tracker.example/x.js></script>",
    "<https://tracker.example/p.png>",
    "> quoted ![x](https://tracker.example/p.png)",
    "- item ![x](https://tracker.example/a_(b).png)",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_no_image_or_html_survives(text):
    assert loads_or_runs_anything(text) or link_targets(text), "the case is not an attack"
    assert loads_or_runs_anything(safe_staff_markdown(text)) == []


def test_a_link_to_a_remote_host_becomes_its_text_and_address():
    text = "Read [the NHS page](https://www.nhs.uk/conditions/genetic/ 'NHS') first."
    shown = safe_staff_markdown(text)
    assert link_targets(text) == ["https://www.nhs.uk/conditions/genetic/"]
    assert link_targets(shown) == []
    assert shown == "Read the NHS page (`https://www.nhs.uk/conditions/genetic/`) first."


def test_a_javascript_link_is_only_text():
    shown = safe_staff_markdown("[click me](javascript:alert(1))")
    assert link_targets(shown) == [] and "click me" in shown


def test_ordinary_formatting_is_kept():
    text = "## What is proposed\n\n**Genomic data** may be *shared*:\n\n- one\n- two\n\n> Note"
    assert safe_staff_markdown(text) == text


@pytest.mark.parametrize("value", [None, 5, b"bytes"])
def test_not_text_shows_nothing(value):
    assert safe_staff_markdown(value) == ""


MARKDOWNISH = st.text(alphabet="![]()<>:/\\\"' \n`*_-.#xyh=", max_size=80)
PIECES = st.lists(st.sampled_from([
    "![", "](", ")", "[", "]", "<img src=", "<", ">", "https://t.example/p.png", "\\", " ",
    "\n", "\n\n", "[r]: ", "![r]", "`", "x", "(", "'", '"', "<https://t.example/>", "> ",
    "- ", "    ", "&lt;", "&#33;", "<!-- ", " -->", "<?", "<![CDATA[",
]), max_size=25).map("".join)


@settings(max_examples=600, deadline=None)
@given(st.one_of(MARKDOWNISH, PIECES))
def test_generated_markdown_never_yields_an_image_or_html(text):
    assert loads_or_runs_anything(safe_staff_markdown(text)) == []


@pytest.mark.parametrize("kind", ["image", "html_inline", "html_block"])
def test_the_generator_reaches_images_and_html_before_the_rule(kind):
    """The property above is not empty: unprotected, generated inputs make each kind."""
    found = find(st.one_of(MARKDOWNISH, PIECES), lambda t: kind in loads_or_runs_anything(t),
                 settings=settings(max_examples=5000, database=None))
    assert kind in loads_or_runs_anything(found)
    assert loads_or_runs_anything(safe_staff_markdown(found)) == []
