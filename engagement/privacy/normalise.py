"""The text the detectors read, and the way back to the text as written.

Invisible characters and look-alike forms let identifiers through pattern detectors: a word
joiner inside an e-mail address, direction isolates around a phone number, full-width digits or
a full-width "＠". So detection runs on a *view* of the text:

- invisible characters are removed: format characters (Unicode category Cf: zero-width space and
  joiners, word joiner, direction marks and isolates, soft hyphen, byte order mark…), the other
  default-ignorable code points (variation selectors, combining grapheme joiner, Hangul fillers)
  and control characters other than white space;
- each remaining character, with the combining marks that follow it, is put in Unicode NFKC form
  (full-width and other compatibility forms become their plain forms: "０７７" -> "077",
  "＠" -> "@", a no-break space -> " ");
- combining marks still left over (which have no precomposed letter) are removed, and decimal
  digits of other scripts become ASCII digits.

Every character of the view remembers the stretch of the original it came from, so a span found
in the view maps back to the original, covering any invisible characters inside it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Default_Ignorable_Code_Point (Unicode DerivedCoreProperties) that are not category Cf.
_IGNORABLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0"
    "\U000e0100-\U000e01ef]"
)
_MARKS = frozenset({"Mn", "Me", "Mc"})
# Text made only of these and already in NFKC needs no work: printable ASCII, white space,
# Latin letters and the usual punctuation (no format character, mark or other digit among them).
_PLAIN = re.compile(r"[\t\n\r\x20-\x7e\u00a1-\u00ac\u00ae-\u017f\u2010-\u2027\u2030-\u205e]*")

__all__ = ["View", "view_of"]


@dataclass(frozen=True, slots=True)
class View:
    """``text`` for the detectors; ``starts[i]:ends[i]`` is where its ``i``-th character came
    from in the original (``None`` when the view is the original itself)."""

    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The stretch of the original that ``text[start:end]`` (not empty) came from."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def _invisible(char: str) -> bool:
    category = unicodedata.category(char)
    if category == "Cf":
        return True
    if category == "Cc":
        return not char.isspace()
    return bool(_IGNORABLE.match(char))


def _clusters(text: str):
    """``(start, end)`` of each character with the combining marks after it."""
    start = 0
    for index in range(1, len(text)):
        char = text[index]
        if unicodedata.category(char) in _MARKS or unicodedata.combining(char):
            continue
        yield start, index
        start = index
    if text:
        yield start, len(text)


def _plain_form(cluster: str) -> str:
    visible = "".join(c for c in cluster if not _invisible(c))
    out = []
    for char in unicodedata.normalize("NFKC", visible):
        if unicodedata.category(char) in _MARKS or _invisible(char):
            continue
        digit = unicodedata.decimal(char, None)
        out.append(str(digit) if digit is not None else char)
    return "".join(out)


def view_of(text: str) -> View:
    """The detectors' view of ``text`` (see the module documentation)."""
    if _PLAIN.fullmatch(text) and unicodedata.is_normalized("NFKC", text):
        return View(text)
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for start, end in _clusters(text):
        plain = _plain_form(text[start:end])
        chars.append(plain)
        starts.extend([start] * len(plain))
        ends.extend([end] * len(plain))
    return View("".join(chars), tuple(starts), tuple(ends))
