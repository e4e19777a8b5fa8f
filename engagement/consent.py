"""The default consent wording, by version. A new default is a new version, never an edit: a
dialogue keeps the version it was made with (a new one starts at the latest), so what its
participants agreed to stays the words they read. A dialogue's own change of wording
(services.dialogues.change_consent_wording) is a new version of that dialogue, and those who
agreed to an older one are asked again when they return."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ConsentText:
    version: int
    report: str
    quote: str
    notify: str
    # The same wording in Welsh ("" when not written: a Welsh reader sees the English, with a
    # note). The Welsh is part of the version: changing it asks everyone again.
    report_cy: str = ""
    quote_cy: str = ""
    notify_cy: str = ""

    def in_language(self, name: str) -> dict[str, str]:
        """One text (report, quote or notify) by language, for engagement.i18n.pick."""
        return {"en": getattr(self, name), "cy": getattr(self, f"{name}_cy")}


CONSENT_TEXTS = {
    1: ConsentText(
        version=1,
        report=(
            "My answers (votes, positions, statements and reflection) may be used, without my "
            "name, in this dialogue's report to the governance board. (Required to take part.)"
        ),
        quote=(
            "My own words may be quoted anonymously in the report and on the public results "
            "page, after anything that could identify me has been removed. (Optional.)"
        ),
        notify=("I would like to be told what the board decided and why. (Optional.)"),
        # Welsh: needs review by a Welsh speaker before public use (docs/accessibility.md).
        report_cy=(
            "Gellir defnyddio fy atebion (pleidleisiau, safbwyntiau, datganiadau a myfyrdod), "
            "heb fy enw, yn adroddiad y ddeialog hon i’r bwrdd llywodraethu. (Angenrheidiol i "
            "gymryd rhan.)"
        ),
        quote_cy=(
            "Gellir dyfynnu fy ngeiriau fy hun yn ddienw yn yr adroddiad ac ar y dudalen "
            "canlyniadau cyhoeddus, ar ôl tynnu unrhyw beth a allai fy adnabod. (Dewisol.)"
        ),
        notify_cy=("Hoffwn gael gwybod beth benderfynodd y bwrdd a pham. (Dewisol.)"),
    ),
    # The same promises in plainer words (Flesch-Kincaid grade 7 or below, issue 15 item 8). A
    # new version, not an edit of version 1: dialogues made before it keep version 1, so what
    # their participants agreed to stays the words they read (tests/integration/
    # test_consent_versions.py). Never edit a version once it is released; add one.
    2: ConsentText(
        version=2,
        report=(
            "My answers may be used in the report of this dialogue to the governance board. My "
            "answers are my votes, my views on the proposal, my statements and my reflection. "
            "The report will not give my name. (You must agree to this to take part.)"
        ),
        quote=(
            "My own words may be quoted in the report and on the public results page. My name "
            "will not be given, and anything that could show who I am will be taken out first. "
            "(Optional.)"
        ),
        notify=("I would like to be told what the board decided and why. (Optional.)"),
        # Welsh: needs review by a Welsh speaker before public use (docs/accessibility.md).
        report_cy=(
            "Gellir defnyddio fy atebion yn adroddiad y ddeialog hon i’r bwrdd llywodraethu. Fy "
            "atebion yw fy mhleidleisiau, fy marn am y cynnig, fy natganiadau a’m myfyrdod. Ni "
            "fydd yr adroddiad yn rhoi fy enw. (Rhaid i chi gytuno i hyn i gymryd rhan.)"
        ),
        quote_cy=(
            "Gellir dyfynnu fy ngeiriau fy hun yn yr adroddiad ac ar y dudalen canlyniadau "
            "cyhoeddus. Ni fydd fy enw’n cael ei roi, a bydd unrhyw beth a allai ddangos pwy ydw "
            "i yn cael ei dynnu allan yn gyntaf. (Dewisol.)"
        ),
        notify_cy=("Hoffwn gael gwybod beth benderfynodd y bwrdd a pham. (Dewisol.)"),
    ),
}

# The wording a new dialogue starts with (engagement.models.Dialogue.consent_version). A
# dialogue's version N with no wording of its own in the database is CONSENT_TEXTS[N].
CURRENT_CONSENT_VERSION = max(CONSENT_TEXTS)


def consent_text(version: int = CURRENT_CONSENT_VERSION) -> ConsentText:
    return CONSENT_TEXTS[version]
