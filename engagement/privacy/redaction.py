"""Redaction of personal data in participants' free text.

Public API (stable; other modules call it):

- ``redact(text) -> Redaction``: the text with each personal identifier replaced by a typed
  placeholder, and the spans that were replaced (offsets into the ORIGINAL text).
- ``is_valid_nhs_number(digits) -> bool``: the NHS mod-11 check (spaces/hyphens ignored).
- ``reidentification_risks(text) -> tuple[str, ...]``: plain-English reasons why a text may
  identify its author through a combination of details (for facilitator review; nothing is
  redacted because of it). Empty when there is nothing to flag.

Labels and placeholders:

=============== =================
PERSON          ``[name]``
EMAIL           ``[email]``
PHONE           ``[phone]``
NHS_NUMBER      ``[NHS number]``
POSTCODE        ``[postcode]``
DATE_OF_BIRTH   ``[date of birth]``
STREET_ADDRESS  ``[address]``
=============== =================

Everything is pure Python and regular expressions with a shipped name gazetteer: no model, no
network, thousands of texts per second. It errs towards leaving ordinary words alone (years,
statistics, gene symbols, invalid NHS-like numbers, "Hope"/"Will"/"May" used as words, eponymous
conditions such as Huntington's); names are found by titles, context cues and the gazetteer, so
an unusual name with no cue around it can be missed. Redacting already-redacted text adds nothing.

Detection reads a normalised view of the text (``normalise.view_of``: NFKC, invisible characters
removed), so a word joiner, direction isolates or full-width digits do not hide an identifier;
the spans still index the original, and each covers the invisible characters inside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from engagement.privacy.names import find_names
from engagement.privacy.nhs import find_nhs_numbers, is_valid_nhs_number
from engagement.privacy.normalise import View, view_of
from engagement.privacy.patterns import (
    find_dates_of_birth,
    find_emails,
    find_phones,
    find_postcodes,
    find_street_addresses,
)
from engagement.privacy.risks import reidentification_risks

__all__ = [
    "LABELS",
    "PLACEHOLDERS",
    "Redaction",
    "Span",
    "is_valid_nhs_number",
    "redact",
    "reidentification_risks",
]

PLACEHOLDERS: dict[str, str] = {
    "PERSON": "[name]",
    "EMAIL": "[email]",
    "PHONE": "[phone]",
    "NHS_NUMBER": "[NHS number]",
    "POSTCODE": "[postcode]",
    "DATE_OF_BIRTH": "[date of birth]",
    "STREET_ADDRESS": "[address]",
}
LABELS = tuple(PLACEHOLDERS)

# When candidate spans overlap, the earlier label in this order wins (then the longer span).
_PRIORITY = {
    label: rank
    for rank, label in enumerate(
        ("EMAIL", "NHS_NUMBER", "PHONE", "POSTCODE", "DATE_OF_BIRTH", "STREET_ADDRESS", "PERSON")
    )
}


@dataclass(frozen=True, slots=True)
class Span:
    """A redacted stretch of the original text: ``text[start:end]`` was a ``label``."""

    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class Redaction:
    """The redacted ``text`` and the ``spans`` of the original that were replaced.

    ``spans`` are sorted, non-overlapping, and index the ORIGINAL text.
    """

    text: str
    spans: tuple[Span, ...]


def _candidates(text: str) -> list[Span]:
    found: list[Span] = []
    finders = (
        ("EMAIL", find_emails),
        ("NHS_NUMBER", find_nhs_numbers),
        ("PHONE", find_phones),
        ("POSTCODE", find_postcodes),
        ("DATE_OF_BIRTH", find_dates_of_birth),
        ("STREET_ADDRESS", find_street_addresses),
        ("PERSON", find_names),
    )
    for label, finder in finders:
        found.extend(Span(s, e, label) for s, e in finder(text) if 0 <= s < e <= len(text))
    return found


def _resolve(candidates: list[Span]) -> tuple[Span, ...]:
    chosen: list[Span] = []
    for span in sorted(candidates, key=lambda s: (_PRIORITY[s.label], s.start - s.end, s.start)):
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return tuple(sorted(chosen, key=lambda s: s.start))


def _in_original(view: View, spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """Spans of the view mapped to the original; two that meet inside one original character
    (a ligature split by the detectors) become one, so none overlap."""
    mapped: list[Span] = []
    for span in spans:
        start, end = view.original(span.start, span.end)
        if mapped and start < mapped[-1].end:
            last = mapped.pop()
            mapped.append(Span(last.start, max(end, last.end), last.label))
        else:
            mapped.append(Span(start, end, span.label))
    return tuple(mapped)


def redact(text: str) -> Redaction:
    """Replace personal identifiers in ``text`` with typed placeholders (see module docs)."""
    view = view_of(text)
    spans = _in_original(view, _resolve(_candidates(view.text)))
    parts: list[str] = []
    cursor = 0
    for span in spans:
        parts.append(text[cursor : span.start])
        parts.append(PLACEHOLDERS[span.label])
        cursor = span.end
    parts.append(text[cursor:])
    return Redaction(text="".join(parts), spans=spans)
