"""The consent a participant gives, by version. A new text means a new version: participants
who agreed to an older one are asked again when they return."""

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
}

CURRENT_CONSENT_VERSION = max(CONSENT_TEXTS)


def consent_text(version: int = CURRENT_CONSENT_VERSION) -> ConsentText:
    return CONSENT_TEXTS[version]
