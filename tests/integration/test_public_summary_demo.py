"""The public summary of each demo dialogue (issue 14 item 4, issue 15 item 8): plain English
(Flesch-Kincaid grade 7 or below, each figure printed), the synthetic-data notice first, and
every count one the brief shows."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import textstat
from sqlmodel import SQLModel, select

from engagement import demo
from engagement.brief import versions
from engagement.db import make_engine, new_session
from engagement.models import User
from engagement.services import public, staff
from engagement.services.synthetic import ALL_SYNTHETIC

NOW = datetime(2026, 3, 20, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    real_hash = staff.hash_password
    staff.hash_password = lambda password: "not-a-real-hash"  # Argon2 is slow by design
    try:
        with new_session(engine) as session:
            loaded = demo.load_demo(session=session, seed=7, participants_per_dialogue=(60, 90),
                                    now=NOW)
            fran = session.exec(select(User).where(User.username == "facilitator")).one()
            found = []
            for dialogue in loaded.dialogues:
                versions.sign_off_brief(session=session, dialogue_id=dialogue.id, by=fran,
                                        acknowledge_open=True, analysis_checked=True)
                found.append((dialogue.slug, public.public_results(
                    session=session, dialogue_id=dialogue.id)))
            yield found
    finally:
        staff.hash_password = real_hash
        engine.dispose()


def test_each_demo_summary_is_plain_and_says_the_data_is_synthetic(published):
    assert len(published) == 6
    for slug, results in published:
        text = "\n".join(p.text for p in results.summary)
        figure = textstat.flesch_kincaid_grade(text)
        print(f"{slug}: public summary grade {figure:.1f} ({len(text.split())} words)")
        assert results.summary[0].text == ALL_SYNTHETIC
        assert figure <= 7.0, text


def test_each_demo_summary_gives_only_the_briefs_counts(published):
    for slug, results in published:
        text = "\n".join(p.text for p in results.summary)
        data = results.brief
        said = [int(n) for n in re.findall(r"(\d+) people", text)]
        assert said, slug  # the demo is large enough for counts to be shown
        shown = {data["participation"]["total"],
                 *data["participation"]["by_session"].values(),
                 *(g["size"] for g in data["opinion"]["groups"])}
        overall = data["shift"].get("overall") or {}
        shown |= {overall.get(k) for k in ("n", "moved_up", "moved_down", "unchanged")}
        assert set(said) <= shown - {None}, (slug, said)
        assert not re.search(r"\[|group:|Wilcoxon|p [<=]", text), slug
