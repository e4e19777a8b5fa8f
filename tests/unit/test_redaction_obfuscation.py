"""Redaction is not bypassed by invisible or look-alike characters (issue 12, item 6).

Identifiers are generated (valid e-mail addresses, UK phone numbers, postcodes and NHS numbers)
and obfuscated at random: invisible format characters inserted between their characters
(word joiner, zero-width characters, direction marks and isolates, soft hyphen…), full-width
forms of digits, letters and "@", other spaces, or a mix. Each must still be replaced, by a span
that indexes the original text and covers the invisible characters inside it.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from engagement.privacy.nhs import is_valid_nhs_number
from engagement.privacy.normalise import view_of
from engagement.privacy.redaction import PLACEHOLDERS, Redaction, redact
from engagement.privacy.risks import quasi_identifier_spans, reidentification_risks

SETTINGS = settings(max_examples=200, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

WORD_JOINER = "\u2060"
ISOLATES = ["\u2066", "\u2067", "\u2068", "\u2069"]
INVISIBLE = [
    WORD_JOINER, *ISOLATES, "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a",
    "\u202b", "\u202c", "\u202d", "\u202e", "\u00ad", "\ufeff", "\u180e", "\u2061", "\u2063",
    "\u034f", "\ufe0f", "\U000e0041",
]
OTHER_SPACES = ["\u00a0", "\u2009", "\u202f", "\u3000", "\u2002"]


def full_width(char: str) -> str:
    """The full-width form of a printable ASCII character ("7" -> "７", "@" -> "＠")."""
    return chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char


# --------------------------------------------------------------------------- identifiers
LOWER = "abcdefghijklmnopqrstuvwxyz"
DIGITS = "0123456789"
words = st.text(LOWER, min_size=2, max_size=8)
emails = st.builds(
    lambda local, extra, domain, tld: f"{local}{'.' + extra if extra else ''}@{domain}.{tld}",
    words, st.one_of(st.none(), words), words, st.sampled_from(["com", "org", "co.uk", "net"]),
)


def _digits(n: int) -> st.SearchStrategy[str]:
    return st.text(DIGITS, min_size=n, max_size=n)


phones = st.one_of(
    st.builds(lambda a, b, sep: f"07{a}{sep}{b}", _digits(3), _digits(6),
              st.sampled_from([" ", "", "-"])),
    st.builds(lambda a, b: f"+44 7{a} {b}", _digits(3), _digits(6)),
    st.builds(lambda a, b: f"020 {a} {b}", _digits(4), _digits(4)),
    st.builds(lambda a, b: f"01{a} {b}", _digits(3), _digits(6)),
)
AREA_FIRST = "ABCDEFGHIJKLMNOPRSTUWYZ"
AREA_SECOND = "ABCDEFGHKLMNOPQRSTUVWXY"
INWARD = "ABDEFGHJLNPQRSTUWXYZ"
postcodes = st.builds(
    lambda first, second, district, sector, unit: f"{first}{second}{district} {sector}{unit}",
    st.sampled_from(AREA_FIRST), st.sampled_from(["", *AREA_SECOND]), st.integers(1, 99),
    st.integers(0, 9), st.text(INWARD, min_size=2, max_size=2),
)


@st.composite
def nhs_numbers(draw) -> str:
    body = draw(st.sampled_from("123456789")) + draw(_digits(8))
    check = 11 - sum(int(d) * w for d, w in zip(body, range(10, 1, -1), strict=True)) % 11
    assume(check != 10)  # no number is issued with a check value of 10
    digits = body + str(check % 11)
    assert is_valid_nhs_number(digits)
    sep = draw(st.sampled_from(["", " ", "-"]))
    return sep.join([digits[:3], digits[3:6], digits[6:]])


IDENTIFIERS = {"EMAIL": emails, "PHONE": phones, "POSTCODE": postcodes,
               "NHS_NUMBER": nhs_numbers()}
# Our own short contexts (none taken from any evaluation set).
BEFORE = ["", "Reach me: ", "It is ", "details below\n", "(", "so - "]
AFTER = ["", ".", " thanks", ")", ", any time", "\n"]


# --------------------------------------------------------------------------- obfuscation
@st.composite
def obfuscated(draw, plain: str, *, invisible: bool, wide: bool) -> str:
    """``plain`` with invisible characters between characters and/or full-width forms."""
    out = []
    for index, char in enumerate(plain):
        if char == " " and draw(st.booleans()):
            char = draw(st.sampled_from(OTHER_SPACES))
        elif wide and draw(st.booleans()):
            char = full_width(char)
        out.append(char)
        if invisible and index < len(plain) - 1:
            out.extend(draw(st.lists(st.sampled_from(INVISIBLE), max_size=2)))
    return "".join(out)


MODES = st.sampled_from([(True, False), (False, True), (True, True)])


@st.composite
def cases(draw, label: str):
    plain = draw(IDENTIFIERS[label])
    invisible, wide = draw(MODES)
    hidden = draw(obfuscated(plain, invisible=invisible, wide=wide))
    before, after = draw(st.sampled_from(BEFORE)), draw(st.sampled_from(AFTER))
    if label == "NHS_NUMBER":
        before = "NHS number " + before
    return plain, before, hidden, after


def visible_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The stretch from the first to the last visible character of ``text[start:end]``."""
    keep = [i for i in range(start, end) if view_of(text[i]).text]
    return keep[0], keep[-1] + 1


def digits_of(text: str) -> str:
    return re.sub(r"\D", "", view_of(text).text)


def check_redacted(label: str, plain: str, before: str, hidden: str, after: str) -> None:
    text = before + hidden + after
    result = redact(text)
    first, last = visible_bounds(text, len(before), len(before) + len(hidden))
    covering = [s for s in result.spans if s.start <= first and last <= s.end]
    assert covering, (label, text, result)
    assert covering[0].label == label, (text, result)
    seen = view_of(result.text).text
    assert plain not in seen
    if label in ("PHONE", "NHS_NUMBER"):
        assert re.sub(r"\D", "", plain)[-9:] not in digits_of(result.text)
    assert PLACEHOLDERS[label] in result.text


@pytest.mark.parametrize("label", sorted(IDENTIFIERS))
def test_generated_identifiers_are_found_without_obfuscation(label):
    """The generators make real identifiers: plain, each is found with its label."""
    @SETTINGS
    @given(plain=IDENTIFIERS[label], before=st.sampled_from(BEFORE),
           after=st.sampled_from(AFTER))
    def plain_case(plain, before, after):
        prefix = "NHS number " + before if label == "NHS_NUMBER" else before
        check_redacted(label, plain, prefix, plain, after)

    plain_case()


@SETTINGS
@given(case=cases("EMAIL"))
@example(case=("jo.bloggs@example.org", "Reach me: ", "jo\u2060.bloggs@example.org", "."))
@example(case=("jo@example.com", "", "jo＠example.com", ""))
def test_obfuscated_emails_are_redacted(case):
    check_redacted("EMAIL", *case)


@SETTINGS
@given(case=cases("PHONE"))
@example(case=("07700 900123", "Call ", "\u206607700 900123\u2069", " now"))
@example(case=("07700 900123", "Call ", "０７７００ ９００１２３", ""))
@example(case=("07700 900123", "", "0\u20607\u20607\u206000 900123", ""))
def test_obfuscated_phone_numbers_are_redacted(case):
    check_redacted("PHONE", *case)


@SETTINGS
@given(case=cases("POSTCODE"))
@example(case=("SW1A 1AA", "It is ", "SW\u20601A 1AA", ""))
@example(case=("B1 1AA", "", "Ｂ１ １ＡＡ", ""))
def test_obfuscated_postcodes_are_redacted(case):
    check_redacted("POSTCODE", *case)


@SETTINGS
@given(case=cases("NHS_NUMBER"))
@example(case=("943 476 5919", "NHS number ", "943\u2060 476 5919", ""))
@example(case=("943 476 5919", "NHS number ", "９４３ ４７６ ５９１９", ""))
@example(case=("9434765919", "NHS number ", "\u2067943476\u00ad5919\u2069", ""))
def test_obfuscated_nhs_numbers_are_redacted(case):
    check_redacted("NHS_NUMBER", *case)


def test_span_covers_the_invisible_characters_inside_and_indexes_the_original():
    text = ("Write to \u2068jo\u2060.blog\u200bgs＠example.org\u2069 or call "
            "０７７００\u2060 900123.")
    result = redact(text)
    assert [(s.label, text[s.start : s.end]) for s in result.spans] == [
        ("EMAIL", "jo\u2060.blog\u200bgs＠example.org"),
        ("PHONE", "０７７００\u2060 900123"),
    ]
    assert result.text == "Write to \u2068[email]\u2069 or call [phone]."


def splice(text: str, result: Redaction) -> str:
    parts, cursor = [], 0
    for span in result.spans:
        parts += [text[cursor : span.start], PLACEHOLDERS[span.label]]
        cursor = span.end
    return "".join(parts) + text[cursor:]


ANY_TEXT = st.text(
    st.one_of(st.characters(), st.sampled_from(INVISIBLE + OTHER_SPACES + ["ﬁ", "㏂", "①", "＠"])),
    max_size=80,
)


@settings(max_examples=300, deadline=None, database=None)
@given(prefix=ANY_TEXT, middle=st.one_of(*IDENTIFIERS.values()), suffix=ANY_TEXT)
def test_spans_always_index_the_original(prefix, middle, suffix):
    """Whatever the text, spans are in order, do not overlap, lie inside the original, and the
    redacted text is the original with exactly those spans replaced."""
    text = prefix + middle + suffix
    result = redact(text)
    assert all(0 <= s.start < s.end <= len(text) for s in result.spans)
    assert all(a.end <= b.start for a, b in zip(result.spans, result.spans[1:], strict=False))
    assert result.text == splice(text, result)


@pytest.mark.parametrize("text", [
    "Plain ASCII text, with 3 numbers 12 and tabs\tand lines\n.",
    "Zoë’s café – “quoted” Łódź",
])
def test_view_keeps_plain_text_as_it_is(text):
    assert view_of(text).text == text
    assert view_of(text).original(6, 11) == (6, 11)


@pytest.mark.parametrize(("text", "seen"), [
    ("Zoë’s \u2060café", "Zoë’s café"),  # a word joiner among Latin letters
    ("Zoë ０７", "Zoë 07"),
    ("Zoe\u0308 ½", "Zoë 1⁄2"),  # decomposed, and a compatibility fraction
    ("٠٧٧ ۹", "077 9"),  # Arabic-Indic and Persian digits
])
def test_view_normalises_what_plain_text_does_not_contain(text, seen):
    assert view_of(text).text == seen


def test_reidentification_review_sees_through_invisible_characters():
    plain = "My son was treated for Angelman syndrome at the Royal Infirmary in May 2021."
    hidden = plain.replace("son", "s\u2060on").replace("Infirmary", "Infir\u200bmary")
    assert reidentification_risks(plain)
    assert reidentification_risks(hidden)
    spans = quasi_identifier_spans(hidden)
    assert spans and all(0 <= s < e <= len(hidden) for s, e in spans)
    assert any("Infir\u200bmary" in hidden[s:e] for s, e in spans)
