"""Each theme is shown with its most typical text that may be quoted (issue 14, item 3), even
when the few most typical texts of all may not be: quote consent and redaction respected."""

from __future__ import annotations

import pytest

from engagement.brief import evidence
from engagement.demo import load_demo
from engagement.disclosure import Release
from engagement.models import Reflection, Statement
from engagement.privacy.redaction import redact
from engagement.services import participation
from engagement.services._lookup import dialogue_by_slug, reflection_quotable


@pytest.fixture
def brief_themes(session, monkeypatch):
    """The brief's themes section and, per reported theme, its members most typical first
    (id, author, text), as the analysis ranked them."""
    # 200 people: themes of 10 or more authors, which may be described and quoted
    load_demo(session=session, participants_per_dialogue=(200, 200))
    dialogue = dialogue_by_slug(session, "insurance")
    seen = []
    real = evidence.find_themes

    def keep_analysis(*args, **kwargs):  # the real analysis, kept to read its ranking
        seen.append(real(*args, **kwargs))
        return seen[-1]

    monkeypatch.setattr(evidence, "find_themes", keep_analysis)

    def run():
        seen.clear()
        section = evidence._themes_section(session, dialogue.id, {},
                                           Release(dialogue.min_reporting_size))
        ranked = {}
        for theme in seen[-1].themes:
            id_of = dict(zip(theme.member_indices, theme.ids, strict=True))
            ranked[theme.label] = [_text(session, id_of[i]) for i in theme.ranked_indices]
        return section, ranked

    return run


def _text(session, key: str) -> tuple[str, int, str, bool]:
    """id, author, words and whether the text itself (not its author) may be quoted."""
    if key.startswith("S"):
        s = session.get(Statement, int(key[1:]))
        return key, s.author_participant_id, s.text, True
    r = session.get(Reflection, int(key[1:]))
    return key, r.participant_id, redact(r.text).text, reflection_quotable(r)


def _set_quote(session, pids, quote: bool) -> None:
    for pid in pids:
        participation.give_consent(session=session, participant_id=pid, report=True,
                                   quote=quote, notify=False)


def _theme(section, label):
    return next(t for t in section["themes"] if t["label"] == label)


def test_quote_found_beyond_the_most_typical_texts(session, brief_themes):
    section, ranked = brief_themes()
    reported = [t["label"] for t in section["themes"]]
    assert reported, "no theme reported: nothing to check"
    label = reported[0]
    members = ranked[label]
    assert len(members) > 6
    # the first member past the five most typical whose author wrote none of the texts before it
    j = next(j for j in range(5, len(members))
             if members[j][3] and members[j][1] not in {m[1] for m in members[:j]})
    key, author, text, _ = members[j]
    _set_quote(session, {m[1] for m in members[:j]}, False)
    _set_quote(session, {author}, True)

    section, after = brief_themes()
    assert after[label] == members, "consent changed the themes: the test would prove nothing"
    theme = _theme(section, label)
    assert theme["quotes"] == [{"id": key, "text": redact(text).text}]
    assert theme["cites"] == [m[0] for m in members[:3]]  # what the summary cites: unchanged


def test_theme_without_a_quotable_text_shows_none(session, brief_themes):
    section, ranked = brief_themes()
    label = section["themes"][0]["label"]
    assert _theme(section, label)["quotes"], "the demo's theme starts with a quote"
    _set_quote(session, {m[1] for m in ranked[label]}, False)
    section, _ = brief_themes()
    assert _theme(section, label)["quotes"] == []
