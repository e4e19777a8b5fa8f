"""Statement routing on a real database (SQLite and PostgreSQL): the next statement follows
the latest analysis snapshot's priorities, the fixed order before the first analysis, and never
offers what the participant may not answer."""

import hashlib
import json

import pytest

from engagement.analysis import routing as pure
from engagement.disclosure.rules import effective_minimum
from engagement.models import AnalysisSnapshot
from engagement.services import dialogues, moderation, opinion, participation
from engagement.services import routing as service


def _voter(session, code="ROUTE1"):
    pid = participation.join(session=session, join_code=code).participant.id
    participation.give_consent(session=session, participant_id=pid, report=True, quote=False,
                               notify=False)
    return pid


@pytest.fixture
def voted(session, facilitator):
    """12 statements; 24 participants in two camps. Statements 0-7 get every vote, 8-10 a
    few, 11 none: the counts, and so the priorities, differ."""
    dialogue = dialogues.create_dialogue(session=session, slug="routing", template="blank",
                                         join_code="ROUTE1", by=facilitator)
    statements = [
        dialogues.add_seed_statement(session=session, dialogue_id=dialogue.id,
                                     text=f"Routing statement {i}", by=facilitator).id
        for i in range(12)
    ]
    dialogues.set_status(session=session, dialogue_id=dialogue.id, status="open",
                         by=facilitator)
    for n in range(24):
        pid = _voter(session)
        camp = n % 2
        for i, statement_id in enumerate(statements[:11]):
            if i >= 8 and n % 6:
                continue  # statements 8-10: four votes each
            value = "agree" if (i < 4) == (camp == 0) else "disagree"
            if i in (6, 7):
                value = "pass" if n % 3 else "agree"
            participation.cast_vote(session=session, participant_id=pid,
                                    statement_id=statement_id, value=value)
    return dialogue, statements


def _fixed_first(pseudonym, candidates):
    return min(candidates, key=lambda s: hashlib.sha256(f"{pseudonym}:{s}".encode()).hexdigest())


def _weights(snapshot, minimum, candidates, answers=None):
    """What the snapshot's priorities, adapted to ``answers``, weigh: computed here from the
    stored result (the priority alone for a snapshot without the groups' counts)."""
    stats = opinion.snapshot_result(snapshot)["statement_stats"]
    priorities = pure.StatementPriorities.from_counts(
        stats["keys"], stats["n_agree"], stats["n_disagree"], stats["n_pass"],
        stats["divergence"])
    minimum = effective_minimum(minimum)
    if "group_counts" not in stats:
        return priorities.weights(candidates, minimum)
    profiles = pure.GroupProfiles.from_counts(
        stats["keys"], stats["group_counts"], stats["n_agree"], stats["n_disagree"],
        stats["n_pass"])
    return pure.adapted_weights(priorities, profiles, candidates, answers or {}, minimum)


def _routed_first(snapshot, minimum, pseudonym, candidates, answers=None):
    """What the snapshot draws for a participant with these answers."""
    weights = _weights(snapshot, minimum, candidates, answers)
    return candidates[pure.draw(weights, pure.presentation_uniforms(pseudonym, candidates))]


def _pseudonym(session, pid):
    return participation.active_participant(session, pid).pseudonym


def test_fixed_order_before_the_first_analysis(session, voted):
    _, statements = voted
    for _ in range(5):
        pid = _voter(session)
        shown = participation.next_statement(session=session, participant_id=pid).id
        assert shown == _fixed_first(_pseudonym(session, pid), statements)


def test_next_statement_follows_the_snapshot_priorities(session, voted, facilitator):
    dialogue, statements = voted
    snapshot = opinion.run_analysis(session=session, dialogue_id=dialogue.id, by=facilitator)
    assert "statement_stats" in opinion.snapshot_result(snapshot)
    for _ in range(15):
        pid = _voter(session)
        pseudonym = _pseudonym(session, pid)
        shown = participation.next_statement(session=session, participant_id=pid).id
        assert shown == _routed_first(snapshot, dialogue.min_reporting_size, pseudonym,
                                      statements)
        # a reload shows the same statement until they answer
        assert participation.next_statement(session=session, participant_id=pid).id == shown
    # The priorities, not the fixed order, decide: over fixed seeds, not the voters' random
    # pseudonyms (15 of those all drew their fixed-order statement once: a flake).
    seeds = [f"routing-seed-{i}" for i in range(40)]
    assert any(_routed_first(snapshot, dialogue.min_reporting_size, seed, statements)
               != _fixed_first(seed, statements) for seed in seeds)


def test_a_newer_snapshot_and_a_late_statement_are_followed(session, voted, facilitator):
    dialogue, statements = voted
    opinion.run_analysis(session=session, dialogue_id=dialogue.id, by=facilitator)
    pid = _voter(session)
    for statement_id in statements[:3]:
        participation.cast_vote(session=session, participant_id=pid, statement_id=statement_id,
                                value="disagree")
    late = dialogues.add_seed_statement(session=session, dialogue_id=dialogue.id,
                                        text="A statement added late", by=facilitator).id
    newer = opinion.run_analysis(session=session, dialogue_id=dialogue.id, by=facilitator)
    everything = [*statements, late]
    for _ in range(8):
        fresh = _voter(session)
        shown = participation.next_statement(session=session, participant_id=fresh).id
        assert shown == _routed_first(newer, dialogue.min_reporting_size,
                                      _pseudonym(session, fresh), everything)
    priorities, minimum = service.snapshot_priorities(session=session, dialogue_id=dialogue.id)
    assert minimum == effective_minimum(dialogue.min_reporting_size)
    weights = priorities.weights(everything, minimum)
    reached = priorities.n_seen[: len(statements)] >= minimum
    assert reached.any()
    assert weights[-1] >= pure.UNREPORTED_FAVOUR * weights[:-1][reached].max()


def test_routing_never_offers_answered_skipped_rejected_or_own(session, voted, facilitator):
    dialogue, statements = voted
    author = _voter(session)
    own = participation.add_statement(session=session, participant_id=author,
                                      text="My own routed statement")
    moderation.moderate(session=session, statement_ids=[own.id], decision="accepted",
                        by=facilitator)
    opinion.run_analysis(session=session, dialogue_id=dialogue.id, by=facilitator)
    moderation.moderate(session=session, statement_ids=[statements[5]], decision="rejected",
                        reason=next(iter(moderation.REJECTION_REASONS)), by=facilitator)
    answered, skipped = statements[:2], statements[2]
    for statement_id in answered:
        participation.cast_vote(session=session, participant_id=author,
                                statement_id=statement_id, value="agree")
    participation.skip_statement(session=session, participant_id=author, statement_id=skipped)
    shown = []
    while (statement := participation.next_statement(session=session, participant_id=author)):
        shown.append(statement.id)
        participation.cast_vote(session=session, participant_id=author,
                                statement_id=statement.id, value="pass")
    assert shown, "the participant was offered nothing"
    assert sorted(shown) == sorted(set(statements) - {*answered, skipped, statements[5]})


def test_a_stale_snapshot_is_not_followed(session, voted, facilitator):
    dialogue, statements = voted
    snapshot = opinion.run_analysis(session=session, dialogue_id=dialogue.id, by=facilitator)
    pid = _voter(session)
    routed = participation.next_statement(session=session, participant_id=pid).id
    assert routed == _routed_first(snapshot, dialogue.min_reporting_size,
                                   _pseudonym(session, pid), statements)
    stored = session.get(AnalysisSnapshot, snapshot.id)
    stored.stale = True  # as when a participant whose votes it used withdraws
    session.add(stored)
    session.commit()
    assert participation.next_statement(session=session, participant_id=pid).id == \
        _fixed_first(_pseudonym(session, pid), statements)


def _store_edited(session, stored: AnalysisSnapshot, result: dict, mark: str) -> None:
    """Save an edited result, as if older code had stored it; a new fingerprint makes it a
    different snapshot for the process's cache."""
    stored.result = json.dumps(result)
    stored.fingerprint = mark * 64
    session.add(stored)
    session.commit()


@pytest.mark.parametrize("stored_before", ["routing counts", "the divergence"])
def test_a_snapshot_stored_before_routing_counts_falls_back_to_the_fixed_order(
        session, voted, facilitator, stored_before):
    dialogue, statements = voted
    snapshot = opinion.run_analysis(session=session, dialogue_id=dialogue.id, by=facilitator)
    stored = session.get(AnalysisSnapshot, snapshot.id)
    result = opinion.snapshot_result(stored)
    if stored_before == "routing counts":
        del result["statement_stats"]
    else:  # it carries Pol.is's extremity only, on another scale: not to be mistaken for it
        assert "divergence" in result["statement_stats"]
        del result["statement_stats"]["divergence"]
    _store_edited(session, stored, result, "0")
    for _ in range(3):
        pid = _voter(session)
        assert participation.next_statement(session=session, participant_id=pid).id == \
            _fixed_first(_pseudonym(session, pid), statements)


# ------------------------------------------------------------------ adaptive routing
def _answer(session, pid, answers):
    for statement_id, value in answers.items():
        participation.cast_vote(session=session, participant_id=pid, statement_id=statement_id,
                                value=value)


def test_the_snapshot_carries_each_groups_counts(session, voted, facilitator):
    dialogue, statements = voted
    snapshot = opinion.run_analysis(session=session, dialogue_id=dialogue.id, by=facilitator)
    result = opinion.snapshot_result(snapshot)
    counts = result["statement_stats"]["group_counts"]
    assert result["k"] == len(counts) == 2
    keys = result["statement_stats"]["keys"]
    assert len(counts[0]) == len(keys) == len(statements)
    for j in range(len(keys)):  # the groups' votes never exceed everyone's
        assert sum(g[j][0] for g in counts) <= result["statement_stats"]["n_agree"][j]
        assert sum(g[j][1] for g in counts) <= result["statement_stats"]["n_disagree"][j]
    first = keys.index(statements[0])
    assert sorted(g[first][:2] for g in counts) == [[0, 12], [12, 0]]  # the camps split


def test_participants_with_different_answers_get_different_next_statements(
        session, voted, facilitator):
    dialogue, statements = voted
    late = dialogues.add_seed_statement(session=session, dialogue_id=dialogue.id,
                                        text="A statement added late", by=facilitator).id
    snapshot = opinion.run_analysis(session=session, dialogue_id=dialogue.id, by=facilitator)
    minimum = effective_minimum(dialogue.min_reporting_size)
    camp_a, camp_b = _voter(session), _voter(session)
    _answer(session, camp_a, {statements[0]: "agree", statements[4]: "disagree"})
    _answer(session, camp_b, {statements[0]: "disagree", statements[4]: "agree"})
    candidates = [*statements[1:4], *statements[5:], late]
    got = {}
    for pid, answers in ((camp_a, {statements[0]: 1, statements[4]: -1}),
                         (camp_b, {statements[0]: -1, statements[4]: 1})):
        got[pid] = service.next_weights(session=session, dialogue_id=dialogue.id,
                                        candidates=candidates, answers=answers)
        assert got[pid] == pytest.approx(list(_weights(snapshot, dialogue.min_reporting_size,
                                                       candidates, answers)))
        shown = participation.next_statement(session=session, participant_id=pid).id
        assert shown == _routed_first(snapshot, dialogue.min_reporting_size,
                                      _pseudonym(session, pid), candidates, answers)
    # the same snapshot, weighed differently for each by what their answers say
    assert got[camp_a] != pytest.approx(got[camp_b])
    fresh = service.next_weights(session=session, dialogue_id=dialogue.id,
                                 candidates=candidates, answers={})
    assert fresh != pytest.approx(got[camp_a])
    # the late statement (no votes) still gets the floor over every statement that reached it
    priorities, _ = service.snapshot_priorities(session=session, dialogue_id=dialogue.id)
    reached = priorities.seen(candidates) >= minimum
    assert reached.any() and not reached[-1]
    for weights in got.values():
        assert weights[-1] >= pure.UNREPORTED_FAVOUR * max(
            w for w, r in zip(weights, reached, strict=True) if r)


def test_a_snapshot_without_group_counts_keeps_the_priority_alone(session, voted, facilitator):
    dialogue, statements = voted
    snapshot = opinion.run_analysis(session=session, dialogue_id=dialogue.id, by=facilitator)
    stored = session.get(AnalysisSnapshot, snapshot.id)
    result = opinion.snapshot_result(stored)
    assert "group_counts" in result["statement_stats"]
    del result["statement_stats"]["group_counts"]
    _store_edited(session, stored, result, "1")
    priorities, minimum = service.snapshot_priorities(session=session, dialogue_id=dialogue.id)
    weights = service.next_weights(session=session, dialogue_id=dialogue.id,
                                   candidates=statements, answers={statements[0]: 1})
    assert weights == pytest.approx(list(priorities.weights(statements, minimum)))
