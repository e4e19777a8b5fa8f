"""Migration 0011_cited_findings: a decision recorded before it gets its findings in words,
read from the brief it cited (issue 14, item 2), on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import sqlalchemy as sa
from sqlmodel import Session

from engagement.db import make_engine
from engagement.migrate import upgrade
from engagement.models import AnalysisSnapshot, Brief, Decision, Dialogue
from engagement.services import decisions

OLD_DATA = {
    "opinion": {
        "consensus": [{"id": 14, "text": "Explain every use of the data", "direction": "agree"}],
        "divisive": [{"id": 15, "text": None}],
        "groups": [{"letter": "A", "size": 20, "representative": []}],
    },
    "themes": {"themes": [{"label": "Trust in researchers", "n": 12}]},
    "shift": {"overall": {"n": 30}},
}


def _insert(connection, row) -> int:
    """Insert a model's row with only the columns its table has now; its new id."""
    table = sa.Table(row.__tablename__, sa.MetaData(), autoload_with=connection)
    values = {}
    for column in table.columns:
        value = getattr(row, column.name, None)
        if value is not None:
            values[column.name] = getattr(value, "value", value)  # enums as stored
    return connection.execute(table.insert().values(**values)).inserted_primary_key[0]


def test_old_decisions_get_their_findings_in_words(empty_db_url):
    upgrade(empty_db_url, "0010_staff_sessions")
    engine = make_engine(empty_db_url)
    try:
        # Rows written as the schema of 0010 has them: the models of today have columns
        # (later migrations') that the tables do not have yet.
        with engine.begin() as connection:
            dialogue_id = _insert(connection, Dialogue(
                slug="old", title="Old", proposed_use="Use", question="Q?", join_code="OLD001"))
            snapshot_id = _insert(connection, AnalysisSnapshot(
                dialogue_id=dialogue_id, params="{}", votes_version="v", fingerprint="f",
                code_version="c", result="{}"))
            brief_id = _insert(connection, Brief(
                dialogue_id=dialogue_id, snapshot_id=snapshot_id, version=3,
                data=json.dumps(OLD_DATA), fingerprint="x", signed_off_by="user:fran"))
        with Session(engine) as session:
            refs = ["S14", "S15", "group:A", "theme:Trust in researchers", "shift"]
            session.execute(sa.text(
                "INSERT INTO decision (dialogue_id, version, outcome, rationale, findings, "
                "departs_from_participants, brief_id, recorded_by, recorded_at, "
                "withdrawn_findings) VALUES (:d, 1, 'defer', 'Wait.', :f, false, :b, "
                "'user:bea', CURRENT_TIMESTAMP, '[\"S14\"]')"),
                {"d": dialogue_id, "f": json.dumps(refs), "b": brief_id})
            session.commit()
        engine.dispose()

        upgrade(empty_db_url, "head")

        with Session(engine) as session:
            decision = session.exec(sa.select(Decision)).scalars().one()
            cited = json.loads(decision.cited_findings)
            assert [c["ref"] for c in cited] == refs
            assert {c["version"] for c in cited} == {3}
            shown = decisions.cited_findings(decision)
    finally:
        engine.dispose()
    assert shown == [
        "Most people in every group agreed with “Explain every use of the data” (from version 3 "
        f"of the brief; {decisions.WITHDRAWN_NOTE})",
        "The groups differed on a statement whose author did not agree to be quoted (from "
        "version 3 of the brief)",
        "Opinion group A (from version 3 of the brief)",
        "The theme “Trust in researchers” (from version 3 of the brief)",
        "How support for the proposal moved before and after (from version 3 of the brief)",
    ]
