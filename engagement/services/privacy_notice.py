"""The privacy notice a participant reads before they consent (UK GDPR Articles 13 and 14):
who holds their answers, how to reach them, why, on what lawful basis, for how long, and
their rights.

What differs per deployment comes from environment variables, with demonstration defaults,
as the accessibility statement's settings do; the organisation's name is that statement's
setting (``ENGAGEMENT_ORGANISATION``), not a second one. docs/privacy-notice.md lists them."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from engagement.accessibility import Organisation
from engagement.i18n import N_, Text

SETTINGS = {
    # environment variable: (field, demonstration default)
    "ENGAGEMENT_PRIVACY_EMAIL": ("email", "privacy@example.org"),
    "ENGAGEMENT_PRIVACY_POSTAL_ADDRESS": (
        "address", "Data Protection Officer, Example Genomics Organisation, 1 Example Street, "
        "London, EC1A 1AA"),
    "ENGAGEMENT_PRIVACY_PURPOSE": (
        "purpose", N_("To find out what members of the public think about a new way to use "
        "genomic data. We tell the governance board what people said. The board decides if the "
        "new use goes ahead.")),
    "ENGAGEMENT_PRIVACY_LAWFUL_BASIS": (
        "lawful_basis", N_("Your consent (UK GDPR Article 6(1)(a)). If you tell us anything about "
        "your health, your explicit consent (Article 9(2)(a)). You can withdraw your consent "
        "at any time.")),
    "ENGAGEMENT_PRIVACY_RETENTION": (
        "retention", N_("We keep your answers until 2 years after the governance board publishes "
        "its decision, so that the decision can be checked. Then we delete them. If you give an "
        "email address to hear the outcome, we delete it once we have told you.")),
}


@dataclass(frozen=True)
class PrivacySettings:
    organisation: str
    email: str
    address: str
    purpose: str
    lawful_basis: str
    retention: str

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> PrivacySettings:
        """Each setting from its environment variable when set and not blank, otherwise the
        demonstration default."""
        environ = os.environ if environ is None else environ
        values = {field: (environ.get(name) or "").strip() or default
                  for name, (field, default) in SETTINGS.items()}
        organisation = Organisation.from_environment(environ).organisation
        return cls(organisation=organisation, **values)


@dataclass(frozen=True)
class NoticeSection:
    heading: str
    paragraphs: tuple[str | Text, ...] = ()
    items: tuple[str | Text, ...] = ()


def notice(settings: PrivacySettings) -> tuple[str, tuple[NoticeSection, ...]]:
    """The notice's title and its sections, each a plain statement (no markdown), marked for
    the catalogue: the page shows them in the reader's language (a setting the deployment
    changed from its default is shown as written)."""
    return N_("How we use your information"), (
        NoticeSection(N_("Who we are"), paragraphs=(
            Text("{organisation} runs this dialogue. It is in charge of your answers: in law, "
                 "it is the data controller.", organisation=settings.organisation),
        )),
        NoticeSection(N_("How to contact us"), paragraphs=(
            Text("Email {email}, or write to {address}.", email=settings.email,
                 address=settings.address),
        )),
        NoticeSection(N_("What we collect"), paragraphs=(
            N_("We do not ask for your name. We keep your answers under a random name. Your "
            "answers are your consent choices, your views on the proposal, your votes, and any "
            "statement or reflection you write. We keep an email address only if you ask to "
            "hear the outcome."),
        )),
        NoticeSection(N_("Why we use it"), paragraphs=(settings.purpose,)),
        NoticeSection(N_("Our lawful basis"), paragraphs=(settings.lawful_basis,)),
        NoticeSection(N_("How long we keep it"), paragraphs=(settings.retention,)),
        NoticeSection(N_("Your rights"), paragraphs=(
            N_("You have the right to:"),
        ), items=(
            N_("see everything we hold about you, and download a copy (on this page, once you "
            "have joined)"),
            N_("change your answers while the dialogue is open"),
            N_("withdraw at any time: we then delete everything you gave"),
            N_("object to, or ask us to limit, how we use your answers"),
            Text("ask us about any of these by emailing {email}", email=settings.email),
            N_("complain to the Information Commissioner's Office (ICO) at ico.org.uk or on "
            "0303 123 1113 if you are unhappy with how we use your information"),
        )),
    )
