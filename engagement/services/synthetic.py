"""Honest demo: whether a dialogue's participants include synthetic ones (the demo data sets
``Participant.synthetic``), and the one wording every screen, brief and export uses to say so."""

from __future__ import annotations

from sqlmodel import Session, select

from engagement.i18n import N_
from engagement.models import Participant, User
from engagement.services._lookup import acting, dialogue_by_id

# Marked for the catalogues: the public page shows them in the reader's language.
ALL_SYNTHETIC = N_(
    "Demonstration data: every participant in this dialogue is synthetic. A computer program "
    "made them up. No real person took part. So these results do not tell us what people think."
)
SOME_SYNTHETIC = N_(
    "Demonstration data: some people in this dialogue are synthetic. A computer program made "
    "them up. So these results do not just show what real people think."
)


def synthetic_notice(session: Session, dialogue_id: int) -> str | None:
    """The notice to show with anything made from this dialogue's participants, or None when
    none of them is synthetic. Withdrawn participants count too: what they gave may already
    be in an earlier output."""
    flags = set(session.exec(
        select(Participant.synthetic).where(Participant.dialogue_id == dialogue_id).distinct()
    ).all())
    if True not in flags:
        return None
    return SOME_SYNTHETIC if False in flags else ALL_SYNTHETIC


def notice_for(*, session: Session, dialogue_id: int, by: User) -> str | None:
    """The notice for a staff page about one dialogue (None: real participants only)."""
    acting(session, by, "view_board")
    return synthetic_notice(session, dialogue_by_id(session, dialogue_id).id)
