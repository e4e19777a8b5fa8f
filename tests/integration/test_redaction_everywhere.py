"""Participants' words are redacted wherever they come from (issue 12, item 6): statements
written here, even with invisible or full-width characters, and imported Pol.is comments, which
are redacted on import like a participant's statement here, so no brief, export or page ever
shows the original."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlmodel import select

from engagement.actors import SYSTEM_INTEROP
from engagement.brief.evidence import StatementTexts
from engagement.interop import export_polis, import_polis
from engagement.models import Statement
from engagement.services import moderation, participation

# Our own phrasings; the invisible and full-width forms are the ones that used to get through.
PERSONAL = {
    "0": ("Phone Dr Ifeoma Adeyemi on 07700 900456 about the buses", ["Adeyemi", "900456"]),
    "1": ("Write to bus.fan@example.net, I live at SW1A\u00a01AA", ["bus.fan", "SW1A"]),
    "2": ("My NHS number is 943\u2060476\u20605919 and my mobile "
          "０７７００\u2066 ９００７８９\u2069", ["5919", "７８９"]),
}
HEADER = "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"


def write_folder(folder: Path) -> Path:
    folder.mkdir(parents=True)
    with (folder / "comments.csv").open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER)
        writer = csv.writer(handle, lineterminator="\n")
        for cid, (body, _) in PERSONAL.items():
            writer.writerow([1500000000000 + int(cid), "x", cid, cid, 1, 0, 1, body])
        writer.writerow([1500000009000, "x", 3, 0, 0, 0, 1, "Trams should be free"])
    (folder / "votes.csv").write_text(
        "timestamp,datetime,comment-id,voter-id,vote\n"
        + "".join(f"15000000100{c}0,x,{c},{v},1\n" for c in range(4) for v in range(3)),
        encoding="utf-8")
    return folder


def assert_no_identifier(text: str) -> None:
    for _, fragments in PERSONAL.values():
        for fragment in fragments:
            assert fragment not in text, (fragment, text)


def test_imported_comments_are_redacted_everywhere(session, tmp_path):
    summary = import_polis(session=session, folder=write_folder(tmp_path / "personal"),
                           by=SYSTEM_INTEROP)
    stored = session.exec(select(Statement).where(
        Statement.dialogue_id == summary.dialogue_id)).all()
    assert len(stored) == 4
    for statement in stored:
        assert_no_identifier(statement.text + " " + statement.normalised)
    texts = {s.external_id: s.text for s in stored}
    assert texts["0"] == "Phone Dr [name] on [phone] about the buses"
    assert texts["1"] == "Write to [email], I live at [postcode]"
    assert "[NHS number]" in texts["2"] and "[phone]" in texts["2"]
    assert texts["3"] == "Trams should be free"

    shown = StatementTexts(session, summary.dialogue_id).text
    assert len(shown) == 4
    for text in shown.values():
        assert_no_identifier(text)

    out = tmp_path / "out"
    export_polis(session=session, slug=summary.slug, folder=out, by=SYSTEM_INTEROP)
    exported = (out / "comments.csv").read_text(encoding="utf-8")
    assert "[phone]" in exported
    assert_no_identifier(exported)


def test_comments_imported_before_redaction_are_redacted_in_briefs(session, tmp_path):
    """Dialogues imported by an earlier version keep their stored words: the brief's texts
    are redacted on the way out as well."""
    summary = import_polis(session=session, folder=write_folder(tmp_path / "older"),
                           by=SYSTEM_INTEROP)
    statement = session.exec(select(Statement).where(
        Statement.dialogue_id == summary.dialogue_id, Statement.external_id == "0")).one()
    statement.text = PERSONAL["0"][0]  # as stored before comments were redacted on import
    session.add(statement)
    session.commit()
    shown = StatementTexts(session, summary.dialogue_id).text[statement.id]
    assert shown == "Phone Dr [name] on [phone] about the buses"


def test_obfuscated_personal_data_in_a_statement_is_redacted(session, open_dialogue,
                                                             facilitator):
    pid = participation.join(session=session, join_code="TEST01").participant.id
    participation.give_consent(session=session, participant_id=pid, report=True, quote=True,
                               notify=False)
    text = "Text me on \u2066０７７００ ９００３３３\u2069 or sam\u2060＠example.org"
    statement = participation.add_statement(session=session, participant_id=pid, text=text)
    assert participation.public_text(statement) == "Text me on \u2066[phone]\u2069 or [email]"
    review = moderation.privacy_review(
        session=session, dialogue_id=open_dialogue.id, by=facilitator)
    assert [(i.id, i.removed) for i in review] == [(statement.id, ("EMAIL", "PHONE"))]
    moderation.moderate(session=session, statement_ids=[statement.id], decision="accepted",
                        by=facilitator)
    stored = session.get(Statement, statement.id)
    assert "３３３" not in stored.text and "sam" not in stored.text + stored.normalised
