"""Plainer consent wording is a new consent version (issue 15 item 8): a dialogue made before it
keeps the words its participants agreed to, and 'everything we hold about you' shows each
participant the version and the very words they agreed to, never the wording in force now."""

import pytest
import textstat

from engagement.consent import CONSENT_TEXTS, CURRENT_CONSENT_VERSION
from engagement.models import Dialogue, Participant
from engagement.services import dialogues, participation

# Version 1 as released, word for word: what participants of dialogues made before the plain
# wording agreed to. Editing it in place would change what they are shown they agreed to.
FIRST = {
    "report": "My answers (votes, positions, statements and reflection) may be used, without my "
              "name, in this dialogue's report to the governance board. (Required to take part.)",
    "quote": "My own words may be quoted anonymously in the report and on the public results "
             "page, after anything that could identify me has been removed. (Optional.)",
    "notify": "I would like to be told what the board decided and why. (Optional.)",
}
FIRST_REPORT_CY = ("Gellir defnyddio fy atebion (pleidleisiau, safbwyntiau, datganiadau a "
                   "myfyrdod), heb fy enw, yn adroddiad y ddeialog hon i’r bwrdd llywodraethu. "
                   "(Angenrheidiol i gymryd rhan.)")
PARTS = ("report", "quote", "notify")


def _made_before_the_plain_wording(session, dialogue) -> Dialogue:
    """A dialogue as the database holds one made before version 2: at consent version 1,
    with no wording of its own (the default of its time)."""
    dialogue.consent_version = 1
    session.add(dialogue)
    session.commit()
    return dialogue


def _consented(session, quote=True) -> int:
    pid = participation.join(session=session, join_code="TEST01").participant.id
    participation.give_consent(session=session, participant_id=pid, report=True, quote=quote,
                               notify=False)
    return pid


def _sections(held, lang="en"):
    return {s.heading: s for s in participation.readable_data(held, lang=lang)}


def test_the_first_wording_is_kept_word_for_word():
    assert {part: getattr(CONSENT_TEXTS[1], part) for part in PARTS} == FIRST
    assert CONSENT_TEXTS[1].report_cy == FIRST_REPORT_CY


def test_a_new_dialogue_starts_with_the_plain_wording(session, open_dialogue):
    assert CURRENT_CONSENT_VERSION >= 2  # the plain wording or a later one
    assert open_dialogue.consent_version == CURRENT_CONSENT_VERSION
    wording = dialogues.consent_wording(session=session, dialogue_id=open_dialogue.id)
    assert wording == CONSENT_TEXTS[CURRENT_CONSENT_VERSION]
    textstat.set_lang("en_US")
    for part in PARTS:
        print(f"consent {part}: grade {textstat.flesch_kincaid_grade(getattr(wording, part)):.1f}")
        assert textstat.flesch_kincaid_grade(getattr(wording, part)) <= 7.0, part
        assert getattr(wording, f"{part}_cy"), part  # and its Welsh
    held = participation.my_data(session=session, participant_id=_consented(session))
    assert held["consent"][0]["version"] == CURRENT_CONSENT_VERSION
    assert held["consent"][0]["wording"]["report"]["en"] == wording.report


def test_a_dialogue_made_before_keeps_the_words_its_participants_agreed_to(session,
                                                                           open_dialogue):
    dialogue = _made_before_the_plain_wording(session, open_dialogue)
    pid = _consented(session)
    # The plainer default neither rewrites their wording nor asks them again.
    assert dialogues.consent_wording(session=session, dialogue_id=dialogue.id).version == 1
    assert not participation.needs_consent(session=session,
                                           participant=session.get(Participant, pid))
    held = participation.my_data(session=session, participant_id=pid)
    assert [c["version"] for c in held["consent"]] == [1]
    assert {part: held["consent"][0]["wording"][part]["en"] for part in PARTS} == FIRST
    assert held["consent"][0]["wording"]["report"]["cy"] == FIRST_REPORT_CY
    sections = _sections(held)
    assert sections["Your consent"].rows[0][1:] == ("Yes", "Yes", "No", "1")
    assert sections["The wording you agreed to"].rows == (
        ("1", FIRST["report"], FIRST["quote"], FIRST["notify"]),)
    welsh = _sections(held, "cy")["The wording you agreed to"].rows
    assert welsh[0][:2] == ("1", FIRST_REPORT_CY)


def test_moving_to_the_plain_wording_is_a_new_version_and_keeps_the_old_one(
        session, open_dialogue, facilitator):
    """A facilitator may give an older dialogue the plain wording: a new version, so everyone
    is asked again, and what each person agreed to before stays as it was."""
    dialogue = _made_before_the_plain_wording(session, open_dialogue)
    pid = _consented(session)
    plain = CONSENT_TEXTS[CURRENT_CONSENT_VERSION]
    changed = dialogues.change_consent_wording(
        session=session, dialogue_id=dialogue.id, report=plain.report, quote=plain.quote,
        notify=plain.notify, report_cy=plain.report_cy, quote_cy=plain.quote_cy,
        notify_cy=plain.notify_cy, by=facilitator)
    assert changed.version == 2 and changed.report == plain.report
    participant = session.get(Participant, pid)
    assert participation.needs_consent(session=session, participant=participant)
    held = participation.my_data(session=session, participant_id=pid)
    assert {part: held["consent"][0]["wording"][part]["en"] for part in PARTS} == FIRST

    participation.give_consent(session=session, participant_id=pid, report=True, quote=False,
                               notify=False)
    held = participation.my_data(session=session, participant_id=pid)
    assert [c["version"] for c in held["consent"]] == [1, 2]
    assert [c["wording"]["quote"]["en"] for c in held["consent"]] == [FIRST["quote"],
                                                                      plain.quote]
    rows = _sections(held)["The wording you agreed to"].rows
    assert [row[:2] for row in rows] == [("1", FIRST["report"]), ("2", plain.report)]


@pytest.mark.parametrize("version", sorted(CONSENT_TEXTS))
def test_each_released_version_has_its_three_texts_in_both_languages(version):
    wording = CONSENT_TEXTS[version]
    assert wording.version == version
    for part in PARTS:
        assert getattr(wording, part).strip() and getattr(wording, f"{part}_cy").strip()
