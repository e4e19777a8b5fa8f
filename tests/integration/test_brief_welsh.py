"""The brief renders in Welsh too (issue 15, item 7): its own words from the catalogue, the
document's language cy (HTML and tagged PDF), its summary in Welsh, and what was written in
English (the proposal, quotes) marked lang="en"; the English brief is as it was."""

import re
from html import unescape

import pikepdf
import pytest

from engagement import i18n
from engagement.actors import SYSTEM_CLI
from engagement.brief import versions
from engagement.brief.render import to_html, to_pdf
from engagement.demo import load_demo
from engagement.services import staff
from engagement.services._lookup import dialogue_by_slug


@pytest.fixture
def brief_data(session):
    load_demo(session=session, participants_per_dialogue=(60, 60))
    fran = staff.create_user(session=session, username="fran", password="tulip-42-Oak",
                             role="facilitator", by=SYSTEM_CLI)
    dialogue = dialogue_by_slug(session, "insurance")
    brief = versions.sign_off_brief(session=session, dialogue_id=dialogue.id, by=fran,
                                    acknowledge_open=True, analysis_checked=True)
    return versions.brief_data(brief)


def _headings(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", html)]


def test_the_brief_in_welsh(brief_data, tmp_path):
    english, welsh = to_html(brief_data), to_html(brief_data, "cy")
    assert "<html lang='en'>" in english and english.count(" lang='en'") == 1
    assert "<html lang='cy'>" in welsh
    assert "<title>Briff llywodraethu: " in welsh
    headings = _headings(welsh)
    for wanted in ("Y cynnig", "Crynodeb", "Pwy gymerodd ran", "Grwpiau barn", "Dull"):
        assert wanted in headings
    own = [h for h in _headings(english) if i18n.gettext(h, "cy") != h]
    assert len(own) >= 8
    assert not set(own) & set(headings), "an English heading of the brief's own in Welsh"
    # The summary is in Welsh (gap e): the Welsh sentences, unmarked; none of the English.
    sentences = [s["text"] for s in brief_data["summary"]["sentences"]]
    welsh_sentences = [s["text"] for s in brief_data["summary_cy"]["sentences"]]
    assert sentences and len(welsh_sentences) == len(sentences)
    paragraphs = [unescape(p) for p in re.findall(r"<p>(.*?)</p>", welsh)]
    assert all(s in paragraphs for s in welsh_sentences)
    assert not [s for s in sentences if s in unescape(welsh)]
    assert [s["citations"] for s in brief_data["summary_cy"]["sentences"]] == [
        s["citations"] for s in brief_data["summary"]["sentences"]]
    # A brief issued before summaries were written in Welsh: the English, marked so.
    older = {k: v for k, v in brief_data.items() if k != "summary_cy"}
    marked = re.findall(r"<p lang='en'>(.*?)</p>", to_html(older, "cy"))
    assert all(any(unescape(m) == s for m in marked) for s in sentences)
    path = tmp_path / "brief-cy.pdf"
    path.write_bytes(to_pdf(brief_data, "cy"))
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "cy"
        assert str(pdf.docinfo.Title).startswith("Briff llywodraethu: ")


def test_a_brief_download_is_offered_in_the_readers_language(brief_data):
    assert "<html lang='cy'>" in versions.render_brief(brief_data, "html", "cy")
    assert versions.render_brief(brief_data, "md", "cy").startswith("# Briff llywodraethu: ")


def test_the_welsh_brief_names_the_sessions_in_welsh(brief_data):
    """Gap (a): the demo's sessions have Welsh names; the Welsh brief's table, chart text and
    shift rows use them, the English brief the English ones."""
    assert set(brief_data["participation"]["by_session"]) == {"In-person workshop", "Online"}
    welsh, english = to_html(brief_data, "cy"), to_html(brief_data)
    cells = [unescape(c) for c in re.findall(r"<td>(.*?)</td>", welsh)]
    assert {"Gweithdy wyneb yn wyneb", "Ar-lein"} <= set(cells), cells
    assert "In-person workshop" not in welsh
    assert "In-person workshop" in english and "Gweithdy" not in english

