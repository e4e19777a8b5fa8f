"""cited findings in words: decision.cited_findings

Each finding a decision rests on is kept with the words it had in the brief version it came from
(the statement, the group's description, the theme's name, the shift sentence), so that no
page shows an internal reference such as "S14", "group:A" or "shift" (issue 14, item 2).
Existing decisions get their findings' words from the brief they cited.

Revision ID: 0011_cited_findings
Revises: 0010_staff_sessions
Create Date: 2026-12-02 19:00:00

"""
import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011_cited_findings'
down_revision: str | None = '0010_staff_sessions'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _quoted(item: dict) -> str:
    text = item.get('text')
    return f'“{text}”' if text else 'a statement whose author did not agree to be quoted'


def _words(ref: str, data: dict) -> tuple[str, str]:
    """(kind, words) of a reference of the old form, read from the brief it cited (as the
    brief package's findings module says them; a migration keeps its own copy)."""
    opinion = data.get('opinion') if isinstance(data.get('opinion'), dict) else {}
    if ref.startswith('S') and ref[1:].isdigit():
        for item in (i for i in opinion.get('consensus', []) if isinstance(i, dict)):
            if f"S{item.get('id')}" == ref:
                verb = 'disagreed' if item.get('direction') == 'disagree' else 'agreed'
                return 'statement', f'Most people in every group {verb} with {_quoted(item)}'
        for item in (i for i in opinion.get('divisive', []) if isinstance(i, dict)):
            if f"S{item.get('id')}" == ref:
                return 'statement', f'The groups differed on {_quoted(item)}'
        return 'statement', 'A statement of the brief'
    kind, _, rest = ref.partition(':')
    if kind == 'group':
        return 'group', f'Opinion group {rest}'
    if kind == 'theme':
        return 'theme', f'The theme “{rest}”'
    if ref == 'shift':
        return 'shift', 'How support for the proposal moved before and after'
    return 'statement', 'A finding of the brief'


def _json(text: str | None, kind: type):
    """Stored JSON of the expected kind; anything else (never written by the app) as empty."""
    try:
        value = json.loads(text or '')
    except ValueError:
        return kind()
    return value if isinstance(value, kind) else kind()


def upgrade() -> None:
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cited_findings', sa.Text(), nullable=False,
                                      server_default='[]'))
    bind = op.get_bind()
    briefs = {row.id: (row.version, row.data) for row in bind.execute(
        sa.text('SELECT id, version, data FROM brief'))}
    for row in bind.execute(sa.text('SELECT id, findings, brief_id FROM decision')).all():
        version, data = briefs.get(row.brief_id, (None, '{}'))
        data, refs = _json(data, dict), _json(row.findings, list)
        cited = []
        for ref in (r for r in refs if isinstance(r, str)):
            kind, words = _words(ref, data)
            cited.append({'ref': ref, 'kind': kind, 'text': words, 'brief_id': row.brief_id,
                          'version': version})
        bind.execute(sa.text('UPDATE decision SET cited_findings = :cited WHERE id = :id'),
                     {'cited': json.dumps(cited), 'id': row.id})


def downgrade() -> None:
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_column('cited_findings')
