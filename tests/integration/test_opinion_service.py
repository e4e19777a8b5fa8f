"""Opinion analysis on a real database: matrix loading, snapshots and the CLI."""

import json

import pytest
from sklearn.metrics import adjusted_rand_score
from sqlmodel import select

from engagement.errors import Conflict
from engagement.models import AnalysisSnapshot, Participant
from engagement.services import dialogues, opinion, participation


@pytest.fixture
def two_camps(session, facilitator):
    """40 participants in two planted camps voting on 12 statements."""
    dialogue = dialogues.create_dialogue(session=session, slug="camps", template="blank",
                                         join_code="CAMPS1", by=facilitator)
    statements = [
        dialogues.add_seed_statement(session=session, dialogue_id=dialogue.id,
                                     text=f"Statement number {i}", by=facilitator)
        for i in range(12)
    ]
    dialogues.set_status(session=session, dialogue_id=dialogue.id, status="open",
                         by=facilitator)
    camps = {}
    for n in range(40):
        pid = participation.join(session=session, join_code="CAMPS1").participant.id
        participation.give_consent(session=session, participant_id=pid, report=True,
                                   quote=False, notify=False)
        camp = n % 2
        camps[pid] = camp
        for i, statement in enumerate(statements):
            value = "agree" if (i < 6) == (camp == 0) else "disagree"
            if i == 11:
                value = "agree"  # everyone agrees on the last one
            participation.cast_vote(session=session, participant_id=pid,
                                    statement_id=statement.id, value=value)
    return dialogue, statements, camps


def test_groups_consensus_and_snapshot_reuse(session, two_camps, facilitator):
    dialogue, statements, camps = two_camps
    first = opinion.current_analysis(session=session, dialogue_id=dialogue.id, by=facilitator)
    report = opinion.describe(session=session, snapshot=first, by=facilitator)
    assert report["k"] == 2 and report["n_clustered"] == 40
    pseudonyms = dict(session.exec(select(Participant.pseudonym, Participant.id)).all())
    truth = [camps[pseudonyms[key]] for key in report["groups"]]
    assert adjusted_rand_score(truth, list(report["groups"].values())) == 1.0
    assert statements[11].id in [c["statement_id"] for c in report["consensus"]]

    again = opinion.current_analysis(session=session, dialogue_id=dialogue.id, by=facilitator)
    assert again.id == first.id  # no vote changed: the snapshot is reused

    pid = next(iter(camps))
    participation.cast_vote(session=session, participant_id=pid,
                            statement_id=statements[0].id, value="pass")
    fresh = opinion.current_analysis(session=session, dialogue_id=dialogue.id, by=facilitator)
    assert fresh.id != first.id and fresh.fingerprint != first.fingerprint


def test_published_snapshot_never_changes(session, two_camps, facilitator):
    dialogue, _, _ = two_camps
    snapshot = opinion.run_analysis(session=session, dialogue_id=dialogue.id, by=facilitator)
    opinion.publish_snapshot(session=session, snapshot_id=snapshot.id, by=facilitator)
    with pytest.raises(Conflict):
        opinion.publish_snapshot(session=session, snapshot_id=snapshot.id, by=facilitator)
    stored = session.get(AnalysisSnapshot, snapshot.id)
    assert stored.published_by == "user:fran" and stored.result == snapshot.result


def test_analyse_cli_prints_one_json_object(engine, session, two_camps, capsys):
    from engagement.cli import main

    dialogue, _, _ = two_camps
    url = engine.url.render_as_string(hide_password=False)
    assert main(["--database-url", url, "analyse", dialogue.slug, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    for key in ("k", "n_participants", "n_clustered", "groups", "representative", "consensus",
                "divisive", "stability", "seconds"):
        assert key in report
    assert report["n_participants"] == 40 and len(report["groups"]) == 40


def test_analyse_collects_garbage_rarely_and_gives_the_thresholds_back(
        engine, session, two_camps, capsys, monkeypatch):
    """The command raises the collector's older thresholds while it runs (full passes over
    200,000 objects cost 0.75 s at 100,000 participants), and restores them for a caller in
    the same process, also when the command fails."""
    import gc

    from engagement.cli import main
    from engagement.services import opinion as service

    dialogue, _, _ = two_camps
    url = engine.url.render_as_string(hide_password=False)
    before = gc.get_threshold()
    seen = []
    real = service.run_analysis

    def spy(**kwargs):
        seen.append(gc.get_threshold())
        return real(**kwargs)

    monkeypatch.setattr(service, "run_analysis", spy)
    assert main(["--database-url", url, "analyse", dialogue.slug]) == 0
    assert seen and seen[0][0] == before[0] and min(seen[0][1:]) >= 1000
    assert gc.get_threshold() == before
    assert main(["--database-url", url, "analyse", "no-such-dialogue"]) == 2
    assert gc.get_threshold() == before
    capsys.readouterr()


def test_analyse_in_a_fresh_process_gives_the_same_report(engine, session, two_camps,
                                                          facilitator):
    """A fresh `analyse` process imports the analysis in a thread while it reads the votes
    (test_opinion_import_overlap); its report is the one this process computes."""
    import subprocess
    import sys
    from pathlib import Path

    dialogue, _, _ = two_camps
    here = opinion.run_analysis(session=session, dialogue_id=dialogue.id, by=facilitator)
    expected = opinion.describe(session=session, snapshot=here, by=facilitator)
    url = engine.url.render_as_string(hide_password=False)
    done = subprocess.run(
        [sys.executable, "-m", "engagement", "--database-url", url, "analyse", dialogue.slug],
        cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True, timeout=180,
        check=True)
    fresh = json.loads(done.stdout)
    assert fresh["snapshot_id"] != expected["snapshot_id"]
    for report in (fresh, expected):
        del report["snapshot_id"], report["seconds"]
    assert len(fresh["groups"]) == 40
    assert fresh == expected


def test_export_polis_fills_group_ids(engine, session, two_camps, tmp_path):
    import csv

    from engagement.cli import main

    dialogue, _, camps = two_camps
    url = engine.url.render_as_string(hide_password=False)
    assert main(["--database-url", url, "export-polis", dialogue.slug, str(tmp_path)]) == 0
    with open(tmp_path / "participants-votes.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 40 and all(row["group-id"] in ("0", "1") for row in rows)
    assert len({row["group-id"] for row in rows}) == 2
