"""The brief's PDF is tagged for assistive technology (PDF/UA-1): a structure tree in reading
order, the document's language and title, headings in order and a text alternative for every
chart, the same as in the HTML brief."""

import re

import pikepdf
import pytest

from engagement.actors import SYSTEM_CLI
from engagement.brief import versions
from engagement.brief.document import build
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


def _elements(node, found=None) -> list:
    """Structure elements depth first: the tree's reading order."""
    found = [] if found is None else found
    if "/S" in node:
        found.append(node)
    kids = node.get("/K")
    kids = kids if isinstance(kids, pikepdf.Array) else [kids]
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/MCR":
            _elements(kid, found)
    return found


def test_brief_pdf_is_tagged_with_language_title_headings_and_alternatives(brief_data, tmp_path):
    blocks = build(brief_data)
    path = tmp_path / "brief.pdf"
    path.write_bytes(to_pdf(brief_data))
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert bool(root.MarkInfo.Marked) is True
        assert str(root.Lang) == "en"
        title = f"Governance brief: {brief_data['dialogue']['title']}"
        assert str(pdf.docinfo.Title) == title
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        with pdf.open_metadata() as xmp:
            assert xmp.get("dc:title") == title
            assert xmp.get("pdfuaid:part") == "1"
        elements = _elements(root.StructTreeRoot)
        roles = [str(e.S) for e in elements]

        headings = [int(r[2]) for r in roles if re.fullmatch(r"/H[1-6]", r)]
        wanted = [{"title": 1, "heading": 2, "subheading": 3}[b.kind] for b in blocks
                  if b.kind in ("title", "heading", "subheading")]
        assert len(wanted) > 5
        assert headings == wanted
        assert headings.count(1) == 1 and headings[0] == 1
        assert all(b <= a + 1 for a, b in zip(headings, headings[1:], strict=False))

        figures = [e for e in elements if str(e.S) == "/Figure"]
        images = [b for b in blocks if b.kind == "image"]
        assert len(images) >= 3
        assert [str(f.get("/Alt", "")) for f in figures] == [b.alt for b in images]
        assert all(b.alt and b.alt != b.text for b in images)

        header_cells = [e for e in elements if str(e.S) == "/TH"]
        assert len(header_cells) >= sum(len(b.rows[0]) for b in blocks if b.kind == "table")


def test_html_brief_gives_every_chart_its_alternative_and_table_headers(brief_data):
    page = to_html(brief_data)
    alts = re.findall(r"<img alt='([^']*)'", page)
    images = [b for b in build(brief_data) if b.kind == "image"]
    assert len(alts) == len(images) >= 3
    assert all(a for a in alts)
    assert "<th scope='col'>" in page and "<html lang='en'>" in page


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/x.png", "file:///etc/hostname"])
def test_brief_pdf_fetches_nothing_but_inline_data(url):
    """Nothing from another host or from disk goes into a PDF, whatever the HTML names: the
    fetch is refused before any connection (not merely failed)."""
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    from engagement.brief.render import _fetcher

    html = f"<html lang='en'><body><img alt='x' src='{url}'></body></html>"
    with pytest.raises(FatalURLFetchingError) as refused:
        HTML(string=html, url_fetcher=_fetcher()).write_pdf()
    assert "disallowed protocol" in str(refused.value.__cause__)
