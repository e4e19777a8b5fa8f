"""The public page's plain-English summary (issue 14 item 4): made from a brief's data, in
words, every count one the brief shows, no statistics names, references or internal keys."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engagement.brief.plain import DecisionFacts, public_summary, shift_words
from engagement.services.synthetic import ALL_SYNTHETIC

FORBIDDEN = re.compile(r"\[|\]|group:|Wilcoxon|p [<=]|interval|\bS\d+\b|\bR\d+\b|Positions")


def _shift(mean: float, low: float, high: float, n: int | None = 40, up=15, down=10,
           same=15) -> dict:
    return {"overall": {"n": n, "mean_change": mean, "ci_low": low, "ci_high": high,
                        "p_value": 0.0004, "moved_up": up, "moved_down": down,
                        "unchanged": same}}


def _data(**changes) -> dict:
    data = {
        "dialogue": {"title": "Genetic test results and life insurance"},
        "participation": {"total": 40, "by_session": {"Online": 28, "Workshop": 12}},
        "sessions": [{"name": "Workshop", "mode": "workshop", "starts_on": "2026-03-14"},
                     {"name": "Online", "mode": "online", "starts_on": "2026-03-02"}],
        "opinion": {
            "groups": [
                {"letter": "A", "size": 22, "representative": [
                    {"id": 3, "text": "Insurers should never see results", "direction": "agree"}]},
                {"letter": "B", "size": 18, "representative": [
                    {"id": 4, "text": "A short list is fair", "direction": "agree"}]},
            ],
            "consensus": [{"id": 1, "text": "People must be told first.", "direction": "agree"},
                          {"id": 2, "text": None, "direction": "agree"},
                          {"id": 5, "text": "Tests should be forced", "direction": "disagree"}],
            "divisive": [{"id": 4, "text": "A short list is fair",
                          "agree_by_group": [["A", 21.4], ["B", 88.9]]}],
        },
        "shift": _shift(-0.18, -0.3, -0.06),
        "synthetic_notice": None,
    }
    data.update(changes)
    return data


def _text(data: dict, **kw) -> str:
    return "\n".join(p.text for p in public_summary(data, **kw))


def test_the_summary_reads_in_order_with_numbers_dates_and_sessions():
    paragraphs = public_summary(_data(), decision=DecisionFacts("defer", date(2026, 4, 1)))
    assert [p.heading for p in paragraphs] == [
        "What we asked", "Who took part", "What people agreed on", "Where people differed",
        "How views changed", "The decision"]
    who = paragraphs[1].text
    assert who.startswith("40 people took part.")
    assert "2 sessions between 2 March 2026 and 14 March 2026" in who
    assert "Online: 28 people." in who and "Workshop: 12 people." in who
    agreed = paragraphs[2].text
    assert "“People must be told first.”" in agreed  # its own full stop, not two
    assert "“Tests should be forced.”" in agreed and "did not agree" in agreed
    differed = paragraphs[3].text
    assert "2 groups" in differed and "One group of 22 people" in differed
    assert "89% agreed, but in another only 21% did" in differed
    assert "15 people gave more support; 10 people gave less; 15 people did not change" \
        in paragraphs[4].text
    assert paragraphs[5].text.startswith("On 1 April 2026, the governance board decided to "
                                         "wait before deciding.")


def test_no_references_statistics_or_keys_reach_the_public():
    text = _text(_data())
    assert "People must be told first" in text  # the summary is there to be checked
    assert not FORBIDDEN.search(text), FORBIDDEN.search(text)


@pytest.mark.parametrize(("mean", "low", "high", "expected"), [
    (-0.18, -0.30, -0.06, "Support for the proposal fell slightly after people took part. "
                          "A change this size is unlikely to be chance."),
    (0.40, 0.20, 0.60, "Support for the proposal rose a little after people took part. "
                       "A change this size is unlikely to be chance."),
    (-0.90, -1.2, -0.6, "Support for the proposal fell a lot after people took part. "
                        "A change this size is unlikely to be chance."),
    (0.12, -0.05, 0.29, "Support for the proposal rose slightly after people took part. "
                        "But a change this small could be chance."),
    (0.01, -0.10, 0.12, "Support for the proposal stayed about the same after people took "
                        "part. Any change was too small to tell from chance."),
])
def test_a_shift_is_told_by_its_size_and_whether_it_could_be_chance(mean, low, high, expected):
    assert shift_words({"mean_change": mean, "ci_low": low, "ci_high": high}) == expected


def test_counts_the_brief_hides_are_never_given():
    hidden = _data(participation={"total": 40, "by_session": {"Online": 36, "Workshop": None}})
    hidden["opinion"]["groups"][1]["size"] = None
    hidden["shift"] = _shift(-0.18, -0.3, -0.06, up=None, down=None, same=30)
    text = _text(hidden)
    assert "Online: 36 people." in text and "Workshop:" not in text
    assert "We do not give numbers for very small groups." in text
    assert "One group of 22 people" in text and "Another group agreed" in text
    assert "gave more support" not in text and "30 people" not in text  # the row whole or not
    assert sorted(int(n) for n in re.findall(r"(\d+) (?:people|person)", text)) == [22, 36, 40,
                                                                                    40]


def test_a_hidden_total_and_too_few_positions_say_so_without_numbers():
    data = _data(participation={"total": None, "by_session": {"Online": None}},
                 shift={"overall": None, "n_pairs": None})
    text = _text(data)
    assert "Only a few people took part. We do not say how many." in text
    assert "Too few people told us their view both before and after" in text
    assert sorted(re.findall(r"(\d+) people", text)) == ["18", "22"]  # the groups' sizes only


def test_unquotable_statements_are_not_quoted():
    data = _data()
    for item in data["opinion"]["consensus"]:
        item["text"] = None
    text = _text(data)
    assert "People must be told first" not in text
    assert "asked us not to quote them" in text


def test_the_synthetic_notice_comes_first():
    paragraphs = public_summary(_data(synthetic_notice=ALL_SYNTHETIC))
    assert paragraphs[0].text == ALL_SYNTHETIC
    assert ALL_SYNTHETIC not in _text(_data())
    assert public_summary(_data(), notice=ALL_SYNTHETIC)[0].text == ALL_SYNTHETIC


def test_no_decision_yet_is_said():
    assert public_summary(_data())[-1].text == "The governance board has not decided yet."


counts = st.one_of(st.none(), st.integers(5, 400))


@st.composite
def brief_data(draw) -> dict:
    data = _data()
    names = draw(st.lists(st.sampled_from(["Online", "Workshop", "Leeds"]), unique=True,
                          max_size=3))
    data["participation"] = {"total": draw(counts),
                             "by_session": {n: draw(counts) for n in names}}
    data["sessions"] = [{"name": n, "mode": "online",
                         "starts_on": draw(st.one_of(st.none(), st.dates(
                             date(2025, 1, 1), date(2027, 1, 1))).map(
                             lambda d: d and d.isoformat()))} for n in names]
    for group in data["opinion"]["groups"]:
        group["size"] = draw(counts)
    mean = draw(st.floats(-2, 2))
    half = draw(st.floats(0.01, 1))
    data["shift"] = draw(st.sampled_from([{"overall": None}, _shift(
        mean, mean - half, mean + half, n=draw(counts), up=draw(counts), down=draw(counts),
        same=draw(counts))]))
    return data


@settings(max_examples=60, deadline=None)
@given(brief_data())
def test_any_brief_gives_a_summary_without_references_and_with_only_shown_counts(data):
    text = _text(data)
    assert not FORBIDDEN.search(text)
    shown = {data["participation"]["total"], *data["participation"]["by_session"].values(),
             *(g["size"] for g in data["opinion"]["groups"])}
    if data["shift"]["overall"]:
        overall = data["shift"]["overall"]
        shown |= {overall["n"], overall["moved_up"], overall["moved_down"],
                  overall["unchanged"]}
    said = {int(n) for n in re.findall(r"(\d+) people", text)}
    assert said <= shown - {None}
