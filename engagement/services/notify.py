"""Outcome notifications for participants who asked to be told: sent by SMTP when it is
configured (SMTP_HOST, SMTP_PORT, SMTP_FROM, optional SMTP_USER/SMTP_PASSWORD/SMTP_STARTTLS),
otherwise kept in an outbox that a facilitator exports."""

from __future__ import annotations

import csv
import io
import os
import smtplib
from email.message import EmailMessage

from sqlmodel import Session, select

from engagement import audit
from engagement.actors import actor_name
from engagement.db import transaction
from engagement.models import (
    Decision,
    Dialogue,
    Notification,
    NotificationContact,
    Participant,
    User,
    utcnow,
)
from engagement.polis_format.read import guard_formula
from engagement.services._lookup import acting, check_id, latest_consents
from engagement.services.outcomes import OUTCOME_LABELS

PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8501")


def _wants_outcome(session: Session, dialogue_id: int) -> list[tuple[int, str]]:
    rows = session.exec(
        select(NotificationContact.participant_id, NotificationContact.email)
        .join(Participant, Participant.id == NotificationContact.participant_id)
        .where(Participant.dialogue_id == dialogue_id, Participant.withdrawn_at.is_(None))
    ).all()
    consents = latest_consents(session, {pid for pid, _ in rows})
    return [(pid, email) for pid, email in rows if pid in consents and consents[pid].notify]


def message_for(dialogue: Dialogue, decision: Decision) -> tuple[str, str]:
    subject = f"What was decided: {dialogue.title}"
    body = (
        f"Thank you for taking part in the public dialogue “{dialogue.title}”.\n\n"
        f"The governance board's decision: {OUTCOME_LABELS[decision.outcome]}.\n\n"
        f"Why: {decision.rationale}\n\n"
    )
    if decision.departure_explanation:
        body += "Where this differs from what participants said: "
        body += f"{decision.departure_explanation}\n\n"
    body += (
        f"Read what was heard and what was decided: {PUBLIC_BASE_URL}/results?dialogue="
        f"{dialogue.slug}\n\nYou asked to be told the outcome. We have now deleted your email "
        "address.\n"
    )
    return subject, body


def queue_outcome(session: Session, dialogue: Dialogue, decision: Decision) -> int:
    """Inside the decision's transaction: one message per participant who asked."""
    subject, body = message_for(dialogue, decision)
    recipients = _wants_outcome(session, dialogue.id)
    for pid, email in recipients:
        session.add(Notification(dialogue_id=dialogue.id, decision_id=decision.id,
                                 participant_id=pid, email=email, subject=subject, body=body))
    return len(recipients)


def smtp_configured() -> bool:
    return bool(os.environ.get("SMTP_HOST"))


def _send(message: Notification) -> None:
    email = EmailMessage()
    email["From"] = os.environ.get("SMTP_FROM", "dialogue@localhost")
    email["To"] = message.email
    email["Subject"] = message.subject
    email.set_content(message.body)
    port = int(os.environ.get("SMTP_PORT", "25"))
    with smtplib.SMTP(os.environ["SMTP_HOST"], port, timeout=20) as smtp:
        if os.environ.get("SMTP_STARTTLS") == "1":
            smtp.starttls()
        if os.environ.get("SMTP_USER"):
            smtp.login(os.environ["SMTP_USER"], os.environ.get("SMTP_PASSWORD", ""))
        smtp.send_message(email)


def send_outbox(*, session: Session, dialogue_id: int) -> int:
    """Send what waits in the outbox when SMTP is configured; returns how many were sent.
    A sent message's address is deleted: it was kept only for this."""
    if not smtp_configured():
        return 0
    sent = 0
    waiting = session.exec(
        select(Notification).where(Notification.dialogue_id == dialogue_id,
                                   Notification.status != "sent")
    ).all()
    for message in waiting:
        try:
            _send(message)
        except (OSError, smtplib.SMTPException):
            status = "failed"
        else:
            status = "sent"
        with transaction(session):
            row = session.get(Notification, message.id)
            row.status = status
            if status == "sent":
                row.sent_at, row.email = utcnow(), "(deleted after sending)"
                contact = session.exec(select(NotificationContact).where(
                    NotificationContact.participant_id == row.participant_id)).first()
                if contact is not None:
                    session.delete(contact)
                sent += 1
            session.add(row)
    return sent


def outbox(*, session: Session, dialogue_id: int, by: User) -> list[Notification]:
    """Messages waiting to be sent, with their e-mail addresses: for facilitators only."""
    acting(session, by, "facilitate")
    return list(session.exec(
        select(Notification).where(Notification.dialogue_id == dialogue_id,
                                   Notification.status != "sent").order_by(Notification.id)
    ))


def export_outbox_csv(*, session: Session, dialogue_id: int, by: User) -> str:
    """The outbox as CSV for a mail-merge; the export itself is audited."""
    by = acting(session, by, "facilitate")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["email", "subject", "body"])
    with transaction(session):
        rows = outbox(session=session, dialogue_id=check_id(dialogue_id, "dialogue"), by=by)
        for row in rows:
            writer.writerow([guard_formula(v) for v in (row.email, row.subject, row.body)])
        audit.record(session, actor=actor_name(by), action="outbox.exported",
                     object_type="dialogue", object_id=dialogue_id, dialogue_id=dialogue_id,
                     detail={"messages": len(rows)})
    return buffer.getvalue()
