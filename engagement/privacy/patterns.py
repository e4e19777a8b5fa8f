"""Pattern finders for the structured identifiers: email, UK phone, postcode, date of birth and
street address. Each ``find_*`` function yields ``(start, end)`` offsets into the text it is given.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# --------------------------------------------------------------------------- email
EMAIL = re.compile(
    r"(?<![\w.+'-])[A-Za-z0-9](?:[\w.+'-]*[\w+-])?@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+(?![\w@-])"
)


def find_emails(text: str) -> Iterator[tuple[int, int]]:
    for m in EMAIL.finditer(text):
        yield m.start(), m.end()


# --------------------------------------------------------------------------- UK phone numbers
# A run of digit groups joined by at most one space, hyphen or dot; groups may be bracketed, and
# the run may open with +44 / 0044 and an optional "(0)". The run is then validated as a UK
# number by its digits (see ``_valid_uk_number``), trying shorter prefixes of the run when the
# whole run is not one (so a number followed by a year is still found).
_GROUP = r"(?:\+44|0044|\(0\)|\(\d{2,6}\)|\d{1,6})"
PHONE_RUN = re.compile(rf"(?<![\w+£$€.,/-]){_GROUP}(?:[ .-]?{_GROUP})*(?![\w])")
_GROUP_ONLY = re.compile(_GROUP)


def _national_digits(groups: list[str]) -> str | None:
    """The number in national form (leading 0), or None when it does not start like a UK one."""
    first = groups[0]
    rest = "".join(groups[1:])
    if first in ("+44", "0044"):
        rest = rest.replace("(0)", "", 1)
        if "(" in rest.replace("(0)", ""):
            # brackets after +44 are only ever the "(0)" trunk prefix or an area code
            pass
        digits = re.sub(r"\D", "", rest)
        return "0" + digits if digits and digits[0] != "0" else None
    if "(0)" in groups:
        return None
    digits = re.sub(r"\D", "", first + rest)
    return digits if digits.startswith("0") else None


def _valid_uk_number(national: str) -> bool:
    n = len(national)
    if n < 10 or not national.startswith("0") or national[1] == "0":
        return False
    kind = national[1]
    if kind in "27":  # London etc. 02x, mobiles and personal numbers 07
        return n == 11
    if kind == "1":  # geographic: 11 digits, a few areas 10
        return n in (10, 11)
    if kind in "358":  # non-geographic 03, 055/056, 08 (0800 can be 10 digits)
        return n == 11 or (national.startswith("0800") and n == 10)
    return False


def find_phones(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    while True:
        m = PHONE_RUN.search(text, pos)
        if m is None:
            return
        groups = [(g.start(), g.end(), g.group()) for g in _GROUP_ONLY.finditer(m.group())]
        pos = m.start() + groups[0][1]  # no number here: retry from the next group
        first = groups[0][2]
        if not (first in ("+44", "0044") or first.startswith(("0", "(0"))):
            continue
        if first.startswith("0") and len(first) < 3 and first != "0044":
            continue  # "0 14 044913" inside an ISBN; area codes have 3+ digits
        for k in range(len(groups), 0, -1):
            national = _national_digits([g[2] for g in groups[:k]])
            if national and _valid_uk_number(national):
                yield m.start(), m.start() + groups[k - 1][1]
                pos = m.start() + groups[k - 1][1]
                break


# --------------------------------------------------------------------------- postcodes
# Outward code (A9, A9A, A99, AA9, AA9A, AA99) + inward code (9AA), with the letter restrictions
# Royal Mail uses, optional single space; all upper case or all lower case.
_OUT = r"(?:[A-PR-UWYZ][0-9][A-HJKPSTUW0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY0-9]?)"
_IN = r"[0-9][ABD-HJLNP-UW-Z]{2}"
POSTCODE = re.compile(rf"(?<![\w-])(?:{_OUT} ?{_IN}|GIR ?0AA)(?![\w-])")
POSTCODE_LOWER = re.compile(rf"(?<![\w-])(?:{_OUT.lower()} ?{_IN.lower()})(?![\w-])")


def find_postcodes(text: str) -> Iterator[tuple[int, int]]:
    for m in POSTCODE.finditer(text):
        yield m.start(), m.end()
    for m in POSTCODE_LOWER.finditer(text):
        if " " in m.group():  # unspaced lower-case codes look like ordinary tokens ("b12abc")
            yield m.start(), m.end()


# --------------------------------------------------------------------------- dates of birth
MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89][0-9]{2}|20[0-9]{2})"
DATE = re.compile(
    rf"(?<![\w/.-])(?:"
    rf"{_DAY}(?:\s+of)?\s+{MONTH},?\s+(?:{_YEAR}|'?[0-9]{{2}})"  # 14 Apr 1958, 24th of May '90
    rf"|{MONTH}\s+{_DAY},?\s+{_YEAR}"  # November 14, 2020
    rf"|(?:3[01]|[12][0-9]|0?[1-9])([/.-])(?:1[0-2]|0?[1-9])\1(?:{_YEAR}|[0-9]{{2}})"  # 13/6/1944
    rf"|{_YEAR}-(?:1[0-2]|0[1-9])-(?:3[01]|[12][0-9]|0[1-9])"  # 1990-05-14
    rf"|{_DAY}(?:\s+of)?\s+{MONTH}"  # 3rd May (no year)
    rf"|{MONTH}\s+{_DAY}(?:st|nd|rd|th)?"  # May 3rd
    rf"|{MONTH},?\s+{_YEAR}"  # March 1985
    rf")(?![\w/-]|\.\d)",
    re.IGNORECASE,
)
DOB_CUE = re.compile(
    r"\b(?:born|d\.?\s?o\.?\s?b\b\.?|date\s+of\s+birth|birth\s?date|birthday|b\.(?=\s*\d))",
    re.IGNORECASE,
)
DOB_AFTER_CUE = re.compile(r"\s*[(\[]?\s*(?:d\.?o\.?b\.?|date of birth|born)\b", re.IGNORECASE)
# between a cue and its date: a short stretch that does not cross a sentence end
_GAP_MAX = 40
_SENTENCE_END = re.compile(r"[!?;\n]|\.(?:\s|$)")


def find_dates(text: str) -> Iterator[tuple[int, int]]:
    """Every date-like expression (used for dates of birth and for re-identification cues)."""
    for m in DATE.finditer(text):
        yield m.start(), m.end()


def find_dates_of_birth(text: str) -> Iterator[tuple[int, int]]:
    """Dates that a birth cue ("born", "DOB", "date of birth", "birthday") points at.

    The cue itself is kept; only the date is returned. A cue governs the first date within a
    short distance after it in the same sentence, or a date directly followed by "(DOB)".
    A year on its own ("born in 1985") is not treated as a date of birth.
    """
    dates = list(DATE.finditer(text))
    if not dates:
        return
    for cue in DOB_CUE.finditer(text):
        for d in dates:
            if d.start() < cue.end():
                continue
            gap = text[cue.end() : d.start()]
            if len(gap) <= _GAP_MAX and not _SENTENCE_END.search(gap):
                yield d.start(), d.end()
            break
    for d in dates:
        if DOB_AFTER_CUE.match(text, d.end()):
            yield d.start(), d.end()


# --------------------------------------------------------------------------- street addresses
STREET_SUFFIX = (
    r"(?:Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Drive|Dr|Close|Cl|Court|Ct|Crescent|Cres|Terrace"
    r"|Terr|Place|Pl|Way|Walk|Gardens|Gdns|Grove|Gr|Hill|Row|Square|Sq|Mews|Parade|View|Rise"
    r"|Park|Green|Vale|Meadows?|Fields?|Wharf|Quay|Yard|Gate|Boulevard|Embankment|Circus"
    r"|Broadway|Villas|Cottages|Mount|Chase|End|Bank|Brow|Croft|Nook|Heights|Wynd|Loan|Brae"
    r"|Path|Passage|Approach|Causeway|Glade|Dale|Copse|Orchard|Paddock|Hollow|Spinney|Hey)"
)
_STREET_WORD = r"(?:[A-Z][\w'’]*(?:-[A-Z]?[\w'’]+)*)"
STREET_ADDRESS = re.compile(
    r"(?<![\w-])(?:(?:Flat|Apartment|Apt|Unit|Suite|Room|Maisonette)\.?\s+\d{1,4}[A-Za-z]?,?\s+)?"
    rf"\d{{1,3}}[A-Za-z]?(?:[-/]\d{{1,3}}[A-Za-z]?)?,?\s+(?:(?:the|The)\s+)?"
    rf"(?:{_STREET_WORD}\s+){{1,3}}{STREET_SUFFIX}\.?(?![\w-])"
)


def find_street_addresses(text: str) -> Iterator[tuple[int, int]]:
    for m in STREET_ADDRESS.finditer(text):
        end = m.end()
        if text[end - 1] == "." and (end == len(text) or text[end : end + 1].isspace()):
            end -= 1  # a sentence full stop, not an abbreviation dot
        yield m.start(), end
