"""Small dialogues for the disclosure tests: sizes near the minimum, uneven sessions and
opinion camps, votes spread over days, positions before and after, reflections."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np
from sqlmodel import Session

from engagement.models import (
    Consent,
    Dialogue,
    DialogueSession,
    Participant,
    Position,
    Reflection,
    Statement,
    User,
    Vote,
)

REFLECTIONS = ["Insurers should never see this", "I worry about privacy and fairness",
               "Independent oversight matters most", "Families deserve protection",
               "It could help research but trust is fragile"]
START = datetime(2026, 3, 2, 10, tzinfo=UTC)


@dataclass
class Plan:
    """What to build: people per session (by name), the camp each person leans with (people
    in one camp vote alike), the day each person votes on, who gives positions."""

    minimum: int
    sessions: dict[str, int]
    seed: int = 0
    camps: int = 2
    statements: int = 8
    vote_share: float = 0.9
    positions_share: float = 1.0
    reflections_share: float = 0.5
    days: list[int] = field(default_factory=list)  # a day per person; empty: all on day 0
    withdrawn: int = 0  # how many of the last people withdraw


def staff(session: Session, role: str = "board", name: str = "bea") -> User:
    user = User(username=name, password_hash="x", role=role)
    session.add(user)
    session.commit()
    return user


def build(session: Session, plan: Plan, slug: str = "small") -> Dialogue:
    rng = np.random.default_rng(plan.seed)
    dialogue = Dialogue(slug=slug, title="Small dialogue", proposed_use="p", question="q",
                        join_code=f"J{slug[:14]}", status="open",
                        min_reporting_size=plan.minimum)
    session.add(dialogue)
    session.flush()
    rooms = {name: DialogueSession(dialogue_id=dialogue.id, name=name) for name in plan.sessions}
    session.add_all(rooms.values())
    statements = [Statement(dialogue_id=dialogue.id, text=f"Statement {i}",
                            normalised=f"statement {i}") for i in range(plan.statements)]
    session.add_all(statements)
    session.flush()
    leaning = rng.random((plan.camps, plan.statements))
    people = [name for name, n in plan.sessions.items() for _ in range(n)]
    total = len(people)
    for i, room in enumerate(people):
        camp = int(rng.integers(0, plan.camps))
        p = Participant(dialogue_id=dialogue.id, pseudonym=f"P-{slug}-{i}",
                        session_id=rooms[room].id)
        gone = i >= total - plan.withdrawn
        if gone:
            p.withdrawn_at = START  # withdrawal deletes their answers: none are made
        session.add(p)
        session.flush()
        if gone:
            continue
        session.add(Consent(participant_id=p.id, version=dialogue.consent_version, report=True,
                            quote=bool(rng.random() < 0.6)))
        when = START + timedelta(days=plan.days[i] if plan.days else 0)
        for j, s in enumerate(statements):
            if rng.random() < plan.vote_share:
                value = 1 if rng.random() < leaning[camp, j] else -1
                session.add(Vote(participant_id=p.id, statement_id=s.id,
                                 dialogue_id=dialogue.id, value=value, created_at=when,
                                 updated_at=when))
        if rng.random() < plan.positions_share:
            before = int(rng.integers(1, 6))
            session.add(Position(participant_id=p.id, dialogue_id=dialogue.id, stage="pre",
                                 support=before, confidence=3))
            session.add(Position(participant_id=p.id, dialogue_id=dialogue.id, stage="post",
                                 support=int(np.clip(before + rng.integers(-1, 2), 1, 5)),
                                 confidence=3))
        if rng.random() < plan.reflections_share:
            session.add(Reflection(participant_id=p.id, dialogue_id=dialogue.id,
                                   text=REFLECTIONS[int(rng.integers(0, len(REFLECTIONS)))]))
    session.commit()
    return dialogue
