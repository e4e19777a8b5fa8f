"""NHS numbers: the mod-11 check digit and a finder for the common written forms."""

from __future__ import annotations

import re
from collections.abc import Iterator

# 10 digits written plain, as 3-3-4 with single spaces, or as 3-3-4 with hyphens (the same
# separator twice). Not part of a longer run of digits, words or decimals.
NHS_CANDIDATE = re.compile(r"(?<![\w.,/+-])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\w-]|[.,/]\d)")

_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def is_valid_nhs_number(digits: str) -> bool:
    """True when ``digits`` is a 10-digit NHS number whose mod-11 check digit is right.

    Spaces and hyphens are ignored, so ``"943 476 5919"`` and ``"943-476-5919"`` are accepted as
    well as ``"9434765919"``. Anything else (letters, a wrong length, a check value of 10, which no
    NHS number is issued with) returns False.
    """
    plain = digits.replace(" ", "").replace("-", "")
    if len(plain) != 10 or not plain.isascii() or not plain.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(plain[:9], _WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(plain[9])


_NHS_CONTEXT = re.compile(r"\b(?:NHS|CHI|H&C|health)\b", re.IGNORECASE)


def find_nhs_numbers(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each NHS-number-shaped run of digits with a valid check digit.

    A number starting with 0 is also a plausible UK phone number; it is taken as an NHS number
    only when "NHS"/"CHI"/"health" appears shortly before it (else the phone finder decides).
    """
    for m in NHS_CANDIDATE.finditer(text):
        if not is_valid_nhs_number(m.group(1) + m.group(3) + m.group(4)):
            continue
        if m.group(1).startswith("0") and not _NHS_CONTEXT.search(
            text, max(0, m.start() - 40), m.start()
        ):
            continue
        yield m.start(), m.end()
