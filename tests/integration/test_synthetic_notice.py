"""Honest demo: everything made from synthetic participants says so (brief in every format,
the public page and its download, staff pages, the Pol.is export), and nothing made from real
participants only does."""

from __future__ import annotations

import pytest
from sqlmodel import col, select, update

from engagement.actors import SYSTEM_CLI
from engagement.brief import versions
from engagement.brief.render import to_html, to_markdown, to_pdf
from engagement.demo import load_demo
from engagement.interop import export_polis
from engagement.models import Participant
from engagement.services import public, staff, synthetic
from engagement.services._lookup import dialogue_by_slug
from tests.support.pdf_text import pdf_text

NOTICES = {"all": synthetic.ALL_SYNTHETIC, "some": synthetic.SOME_SYNTHETIC, "none": None}
MARK = "synthetic"


@pytest.fixture
def world(session):
    load_demo(session=session, participants_per_dialogue=(60, 60))
    fran = staff.create_user(session=session, username="fran", password="tulip-42-Oak",
                             role="facilitator", by=SYSTEM_CLI)
    bea = staff.create_user(session=session, username="bea", password="lamp-kettle-7",
                            role="board", by=SYSTEM_CLI)
    return dialogue_by_slug(session, "insurance"), fran, bea


def make(session, dialogue_id: int, kind: str) -> None:
    """The demo's participants are synthetic; make all, some or none of them so."""
    people = select(Participant.id).where(Participant.dialogue_id == dialogue_id)
    assert session.exec(people).all(), "the demo made participants"
    session.exec(update(Participant).where(Participant.dialogue_id == dialogue_id)
                 .values(synthetic=kind != "none"))
    if kind == "some":
        first = min(session.exec(people).all())
        session.exec(update(Participant).where(col(Participant.id) == first)
                     .values(synthetic=False))
    session.commit()


@pytest.mark.parametrize("kind", NOTICES)
def test_every_output_says_when_participants_are_synthetic(session, world, tmp_path, kind):
    dialogue, fran, bea = world
    make(session, dialogue.id, kind)
    notice = NOTICES[kind]
    brief = versions.sign_off_brief(session=session, dialogue_id=dialogue.id, by=fran,
                                    acknowledge_open=True, analysis_checked=True)
    data = versions.brief_data(brief)
    assert data["synthetic_notice"] == notice
    shown = public.public_results(session=session, dialogue_id=dialogue.id)
    assert shown.notice == notice
    outputs = {
        "markdown": to_markdown(data),
        "html": to_html(data),
        "pdf": pdf_text(to_pdf(data)),
        "public download": to_html(shown.brief),
    }
    assert "Governance brief" in outputs["pdf"], "the PDF's text was read"
    folder = tmp_path / "polis"
    export_polis(session=session, slug=dialogue.slug, folder=folder, by=fran)
    notice_file = folder / "NOTICE.txt"
    outputs["polis export"] = notice_file.read_text() if notice_file.exists() else ""
    for name, text in outputs.items():
        said = MARK in text.lower()
        assert said == (notice is not None), (name, kind)
    if notice:
        assert notice.split(":")[0] in outputs["markdown"].split("## The proposal")[0]
    assert synthetic.notice_for(session=session, dialogue_id=dialogue.id, by=bea) == notice


def test_an_export_overwritten_with_real_data_loses_its_old_notice(session, world, tmp_path):
    dialogue, fran, _ = world
    folder = tmp_path / "polis"
    export_polis(session=session, slug=dialogue.slug, folder=folder, by=fran)
    assert (folder / "NOTICE.txt").exists()
    make(session, dialogue.id, "none")
    export_polis(session=session, slug=dialogue.slug, folder=folder, by=fran, overwrite=True)
    assert not (folder / "NOTICE.txt").exists()
