"""The accessibility statement, in the GOV.UK model (Public Sector Bodies Accessibility
Regulations 2018): who runs the service, what meets WCAG 2.2 AA and what does not yet, how to
ask for another format, how to complain.

Who runs the service and how to reach them differ per deployment: they come from environment
variables, with demonstration defaults (see ``Organisation.from_environment``). The list of
known failures is kept here, in one place, and must shrink only as each one is fixed and
checked (docs/accessibility.md)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from engagement.i18n import N_, Text

SETTINGS = {
    # environment variable: (field, demonstration default)
    "ENGAGEMENT_ORGANISATION": ("organisation", "Example Genomics Organisation (demonstration)"),
    "ENGAGEMENT_SERVICE_NAME": ("service", "Genomics dialogue"),
    "ENGAGEMENT_ACCESSIBILITY_EMAIL": ("email", "accessibility@example.org"),
    "ENGAGEMENT_ACCESSIBILITY_PHONE": ("phone", "020 7946 0000"),
    "ENGAGEMENT_ACCESSIBILITY_REPLY_DAYS": ("reply_days", "5"),
    "ENGAGEMENT_STATEMENT_DATE": ("prepared", "2 December 2026"),
}


@dataclass(frozen=True)
class Organisation:
    organisation: str
    service: str
    email: str
    phone: str
    reply_days: str
    prepared: str

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Organisation:
        """Each setting from its environment variable when set and not blank, otherwise the
        demonstration default."""
        environ = os.environ if environ is None else environ
        values = {field: (environ.get(name) or "").strip() or default
                  for name, (field, default) in SETTINGS.items()}
        return cls(**values)


@dataclass(frozen=True)
class Section:
    """Words marked for the catalogues: the page shows each in the reader's language
    (engagement.i18n.translate)."""

    heading: str
    paragraphs: tuple[str | Text, ...] = ()
    items: tuple[str | Text, ...] = ()


# What does not meet WCAG 2.2 AA yet, measured with axe-core 4.14.1 on every page of every role
# at 1280 and 390 px (tests/e2e/test_axe_browser.py) and by review (docs/accessibility.md).
# Each names the success criterion it fails. Fixed and checked since the first measurement:
# the menu's markup, caption contrast, the charts' text alternatives, the nameless message box,
# the skipped heading levels.
KNOWN_FAILURES = (
    N_("We have tested taking part and moderating statements with a keyboard alone, but not "
       "yet the other staff pages (2.1.1 Keyboard, 2.4.7 Focus visible, 4.1.3 Status "
       "messages)."),
)

# The law's own title: a name, which plain words cannot shorten. It is a value of the sentences
# that cite it (translated as its own message), so each sentence around it stays plain.
REGULATIONS = N_("Public Sector Bodies (Websites and Mobile Applications) (No. 2) "
                 "Accessibility Regulations 2018")

NOT_YET_AVAILABLE = (
    N_("The pages for taking part and the public results are in Welsh and English. The Welsh "
       "text has not yet been checked by a Welsh speaker. The pages for staff are in English "
       "only."),
    N_("The governance brief as a PDF is tagged for screen readers (PDF/UA-1). It has passed "
       "an automatic check of part of that standard, but not yet a full check or a test with "
       "screen reader users. The same brief is also available as a web page."),
)


def statement(org: Organisation) -> tuple[Text, list[Section]]:
    """The statement's title and its sections, in the order of the GOV.UK model."""
    title = Text("Accessibility statement for {service}", service=org.service)
    contact = {"email": org.email, "phone": org.phone}
    sections = [
        Section("", paragraphs=(
            Text("This accessibility statement is for {service}. {organisation} runs it.",
                 service=org.service, organisation=org.organisation),
            N_("We want as many people as possible to be able to use this service. For "
               "example, that means you should be able to:"),
        ), items=(
            N_("change colours, contrast levels and fonts using your browser or device "
               "settings"),
            N_("zoom in up to 400% without the text spilling off the screen"),
            N_("use most of the service with a screen reader"),
            N_("read the governance brief as a web page as well as a PDF"),
        )),
        Section(N_("How accessible this service is"), paragraphs=(
            N_("We know some parts of this service are not fully accessible:"),
        ), items=NOT_YET_AVAILABLE + (
            N_("some parts do not meet the standard yet: see the list of problems below"),
        )),
        Section(N_("Feedback and contact information"), paragraphs=(
            N_("You may need this service in a different format, like an accessible PDF, "
               "large print, easy read, a sound recording or braille, or in Welsh. If so, you "
               "can:"),
        ), items=(
            Text("email {email}", **contact),
            Text("call {phone}", **contact),
        )),
        Section("", paragraphs=(
            Text("We'll consider your request and get back to you in {days} working days.",
                 days=org.reply_days),
        )),
        Section(N_("Tell us about a problem"), paragraphs=(
            Text("We always want to make this service better. Have you found a problem that "
                 "is not on this page? Or do you think we are not meeting the law on "
                 "accessibility? Then email us at {email} or call us on {phone}.", **contact),
        )),
        Section(N_("Enforcement procedure"), paragraphs=(
            Text("The law on this is the {regulations} (the 'accessibility regulations'). "
                 "The Equality and Human Rights Commission (EHRC) makes sure that we keep to "
                 "it.", regulations=Text(REGULATIONS)),
            N_("Are you unhappy with how we dealt with your complaint? Then you can contact "
               "the Equality Advisory and Support Service (EASS)."),
            N_("Do you live in Northern Ireland? If you are not happy with how we deal with "
               "your complaint, you can contact the Equality Commission for Northern "
               "Ireland."),
        )),
        Section(N_("Technical information about accessibility"), paragraphs=(
            Text("{organisation} wants this service to be accessible. The law says it must "
                 "be: the {regulations}.", organisation=org.organisation,
                 regulations=Text(REGULATIONS)),
        )),
        Section(N_("Compliance status"), paragraphs=(
            N_("This service is partially compliant with the Web Content Accessibility "
               "Guidelines version 2.2 AA standard. This is because of the problems listed "
               "below. So it meets only part of the standard."),
        )),
        Section(N_("Non-compliance with the accessibility regulations"), items=KNOWN_FAILURES),
        Section(N_("What we are doing to fix these problems"), paragraphs=(
            N_("We are fixing each problem listed above. We will add automatic checks of every "
               "page to our tests, for accessibility and for use with a keyboard. We will "
               "update this statement as we fix each problem."),
            N_("Nothing in this service comes from other websites. Fonts, icons and images "
               "all come from the service itself."),
        )),
        Section(N_("Preparation of this accessibility statement"), paragraphs=(
            Text("This statement was prepared on {date}.", date=org.prepared),
            N_("The service was tested against WCAG 2.2 AA by the team that builds it, with "
               "the axe-core 4.14 checker in a browser on every page, for every role, at the "
               "width of a computer screen and of a phone, and by reviewing the pages."),
        )),
    ]
    return title, sections
