"""The generated summaries in Welsh (issue 15, item 7, gap e): the brief's cited summary
(engagement/brief/summary.py) and the public page's plain summary (engagement/brief/plain.py)
take their sentences from the catalogue, with Welsh plural forms; the same sentences, citations
and figures as the English; none of the English templates' words left in."""

from __future__ import annotations

import string
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engagement import i18n
from engagement.brief.plain import DecisionFacts, public_summary
from engagement.brief.summary import (
    DivisionEvidence,
    Evidence,
    GroupEvidence,
    ShiftEvidence,
    StatementEvidence,
    SummaryCheckFailed,
    ThemeEvidence,
    check,
    summarise,
)
from tests.unit.test_i18n_catalogue import catalogue
from tests.unit.test_public_summary import _data


def _english_fragments(*sources: str) -> list[str]:
    """The literal words of every template of ``sources`` whose Welsh differs (the parts
    between placeholders, of two words or more): none may be left in a Welsh text."""
    fragments = set()
    for msgid, where in catalogue.extract().items():
        if not any(source in sources for source, _line in where):
            continue
        forms = msgid if isinstance(msgid, tuple) else (msgid,)
        for form in forms:
            if i18n.gettext(form, "cy") == form and not isinstance(msgid, tuple):
                continue
            for literal, *_rest in string.Formatter().parse(form):
                literal = literal.strip(" ,.;:()“”")
                if len(literal.split()) >= 2:
                    fragments.add(literal)
    assert len(fragments) > 20, fragments
    return sorted(fragments)


SUMMARY_ENGLISH = _english_fragments("engagement/brief/summary.py")
PLAIN_ENGLISH = _english_fragments("engagement/brief/plain.py")


def _s(i, text="Testun", agree=80.0, disagree=10.0, n_seen=100):
    return StatementEvidence(id=i, text=f"{text} {i}", pct_agree=agree, pct_disagree=disagree,
                             n_seen=n_seen)


def _evidence(**overrides) -> Evidence:
    base = dict(
        n_clustered=200,
        groups=(GroupEvidence("A", 120, agrees=(_s(1), _s(7))),
                GroupEvidence("B", 70, agrees=(_s(2),), disagrees=(_s(3, disagree=70),)),
                GroupEvidence("C", 10, agrees=(_s(4),))),
        consensus_agree=(_s(5, agree=90), _s(9, n_seen=None)),
        consensus_disagree=(StatementEvidence(8, None, None, None, 1),),
        divisions=(DivisionEvidence(_s(6), (("A", 80.0), ("B", 20.0))),),
        themes=(ThemeEvidence("Diogelwch data", 30, ("R7", "S8")),
                ThemeEvidence("Cost", 1, ("S1",))),
        shift=ShiftEvidence(n=1500, mean_change=0.4, ci_low=0.2, ci_high=0.6, p_value=0.0004),
    )
    base.update(overrides)
    return Evidence(**base)


CITABLE = {f"S{i}" for i in range(1, 10)} | {"R7", "Positions"}


def test_the_cited_summary_in_welsh():
    evidence = _evidence()
    english, welsh = summarise(evidence), summarise(evidence, "cy")
    check(welsh, evidence, citable=CITABLE)
    assert [s.citations for s in welsh.sentences] == [s.citations for s in english.sentences]
    assert welsh.covered_groups == english.covered_groups == ("A", "B", "C")
    left = [f for f in SUMMARY_ENGLISH if f in welsh.text]
    assert not left, (left, welsh.text)
    for wanted in ("Cytunodd y rhan fwyaf o bobl ym mhob grŵp â “Testun 5” (90% o’r 100 a "
                   "bleidleisiodd arno) [S5].",
                   "Anghytunodd y rhan fwyaf o bobl ym mhob grŵp â datganiad S8 "
                   "(pleidleisiodd 1 arno) [S8].",
                   "Roedd Grŵp A (120 o bobl, 60% o’r rhai mewn grwpiau) yn sefyll allan am "
                   "gytuno â “Testun 1” (80% o’r grŵp) ac â “Testun 7” (80% o’r grŵp)",
                   "“Cost” (1 testun) [S1].",
                   "Ymhlith y 1,500 o bobl a roddodd eu barn cyn ac ar ôl, cododd y gefnogaeth "
                   "i’r cynnig 0.40 pwynt ar y raddfa 1 i 5 (cyfwng 95% +0.20 i +0.60;"):
        assert wanted in welsh.text, (wanted, welsh.text)
    # The statistics stay as they are; a count is written for its reader (1,500).
    assert "p < 0.001" in welsh.text and "Among the 1,500 people" in english.text


def test_counts_take_their_plural_form_in_both_languages():
    one = _evidence(groups=(GroupEvidence("A", 1, agrees=(_s(1),)),), n_clustered=1,
                    min_reporting_size=1, divisions=(),
                    shift=ShiftEvidence(n=1, mean_change=-0.5, ci_low=-0.8, ci_high=-0.2,
                                        p_value=0.04))
    english, welsh = summarise(one).text, summarise(one, "cy").text
    assert "Group A (1 person, 100% of those grouped)" in english
    assert "Among the 1 person who gave" in english
    assert "Grŵp A (1 person, 100% o’r rhai mewn grwpiau)" in welsh
    assert "Ymhlith yr 1 person a roddodd ei farn" in welsh
    assert "gostyngodd y gefnogaeth i’r cynnig 0.50 pwynt" in welsh


def _statement(draw, i: int) -> StatementEvidence:
    return StatementEvidence(i, draw(st.sampled_from([None, f"Barn {i}"])),
                             draw(st.one_of(st.none(), st.floats(0, 100))),
                             draw(st.one_of(st.none(), st.floats(0, 100))),
                             draw(st.one_of(st.none(), st.integers(1, 5000))))


@st.composite
def evidences(draw) -> Evidence:
    ids = iter(range(1, 100))
    groups = tuple(
        GroupEvidence(letter, draw(st.integers(1, 300)),
                      agrees=tuple(_statement(draw, next(ids))
                                   for _ in range(draw(st.integers(0, 2)))),
                      disagrees=tuple(_statement(draw, next(ids))
                                      for _ in range(draw(st.integers(0, 1)))),
                      size_hidden=draw(st.booleans()))
        for letter in "ABCDE"[:draw(st.integers(1, 5))])
    return Evidence(
        n_clustered=draw(st.integers(0, 1500)), groups=groups,
        consensus_agree=tuple(_statement(draw, next(ids)) for _ in range(draw(st.integers(0, 3)))),
        consensus_disagree=tuple(_statement(draw, next(ids))
                                 for _ in range(draw(st.integers(0, 2)))),
        divisions=tuple(DivisionEvidence(_statement(draw, next(ids)),
                                         (("A", draw(st.floats(0, 100))),
                                          ("B", draw(st.floats(0, 100)))))
                        for _ in range(draw(st.integers(0, 2)))),
        themes=tuple(ThemeEvidence(f"Thema {j}", draw(st.one_of(st.none(), st.integers(1, 999))),
                                   ("S1",)) for j in range(draw(st.integers(0, 3)))),
        shift=draw(st.one_of(st.none(), st.builds(
            ShiftEvidence, st.one_of(st.none(), st.integers(1, 5000)), st.floats(-4, 4),
            st.floats(-4, 4), st.floats(-4, 4), st.floats(0, 1)))),
        min_reporting_size=draw(st.integers(1, 20)), show_shares=draw(st.booleans()))


@settings(max_examples=150, deadline=None)
@given(evidences())
def test_any_welsh_summary_says_the_same_as_the_english_in_welsh(evidence):
    english, welsh = summarise(evidence), summarise(evidence, "cy")
    assert [s.citations for s in welsh.sentences] == [s.citations for s in english.sentences]
    assert welsh.covered_groups == english.covered_groups
    citable = {c for s in english.sentences for c in s.citations} | {"Positions"}
    try:
        check(english, evidence, citable=citable)
    except SummaryCheckFailed:  # a group with nothing to say: the Welsh fails the same
        with pytest.raises(SummaryCheckFailed):
            check(welsh, evidence, citable=citable)
    else:
        check(welsh, evidence, citable=citable)
    assert not [f for f in SUMMARY_ENGLISH if f in welsh.text], welsh.text


def test_the_public_pages_plain_summary_in_welsh():
    data = _data()
    data["sessions"][1]["name_cy"] = "Ar-lein"  # the workshop has no Welsh name
    data["dialogue"]["title_cy"] = "Canlyniadau profion genetig ac yswiriant bywyd"
    paragraphs = public_summary(data, decision=DecisionFacts("defer", date(2026, 4, 1)),
                                lang="cy")
    assert [p.heading for p in paragraphs] == [
        "Beth wnaethom ni ei ofyn", "Pwy gymerodd ran", "Beth roedd pobl yn cytuno arno",
        "Lle roedd pobl yn anghytuno", "Sut newidiodd barn pobl", "Y penderfyniad"]
    text = "\n".join(p.text for p in paragraphs)
    assert not [f for f in PLAIN_ENGLISH if f in text], text
    who = paragraphs[1].text
    assert who.startswith("Cymerodd 40 o bobl ran. Daethant mewn 2 sesiwn rhwng 2 Mawrth 2026 "
                          "a 14 Mawrth 2026.")
    assert "Ar-lein: 28 o bobl." in who and "Workshop: 12 o bobl." in who
    assert "am hyn: Canlyniadau profion genetig ac yswiriant bywyd." in paragraphs[0].text
    assert "Roedd pleidleisiau pobl yn perthyn i 2 grŵp." in paragraphs[3].text
    assert paragraphs[5].text.startswith("Ar 1 Ebrill 2026, dyma benderfyniad y bwrdd "
                                         "llywodraethu: aros cyn penderfynu.")
    # The English is as it was.
    english = public_summary(data, decision=DecisionFacts("defer", date(2026, 4, 1)))
    assert english[1].text.startswith("40 people took part. They came in 2 sessions between "
                                      "2 March 2026 and 14 March 2026.")
    assert "Online: 28 people." in english[1].text


def test_one_person_and_no_decision_in_welsh():
    data = _data(participation={"total": 1, "by_session": {"Online": None}},
                 sessions=[{"name": "Online", "mode": "online", "starts_on": None}])
    text = "\n".join(p.text for p in public_summary(data, lang="cy"))
    assert "Cymerodd 1 person ran. Daethant mewn 1 sesiwn." in text
    assert "Nid ydym yn rhoi niferoedd ar gyfer grwpiau bach iawn." in text
    assert "Nid yw’r bwrdd llywodraethu wedi penderfynu eto." in text
    assert not [f for f in PLAIN_ENGLISH if f in text], text
