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
    ),
}

CURRENT_CONSENT_VERSION = max(CONSENT_TEXTS)


def consent_text(version: int = CURRENT_CONSENT_VERSION) -> ConsentText:
    return CONSENT_TEXTS[version]
