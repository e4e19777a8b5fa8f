"""Welsh and English: the app's own words through gettext catalogues, and dates and numbers in
the reader's language (Babel). Pure: no database, no Streamlit.

The catalogues are the committed .po files under engagement/locale/ (English is the source
language; Welsh the translation), read with Babel once per process: nothing is compiled at
install time and nothing is fetched at run time. scripts/catalogue.py extracts the messages
from the sources and updates the files; tests/unit/test_i18n_catalogue.py fails on any
message without a Welsh entry.

Messages are marked where they are written: ``N_("...")`` for a constant translated later,
``Text("... {name} ...", name=value)`` for a message with values (a domain error, say),
translated when shown with ``translate(message, lang)``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from functools import cache
from pathlib import Path
from types import MappingProxyType

from babel import Locale, dates, numbers
from babel.messages.pofile import read_po

ENGLISH, WELSH = "en", "cy"
# Each language's name in itself: the switch offers them so.
LANGUAGES: Mapping[str, str] = MappingProxyType({ENGLISH: "English", WELSH: "Cymraeg"})
DEFAULT = ENGLISH
# Babel locales for dates and numbers: British English (2 December 2026), Welsh.
_LOCALES = {ENGLISH: "en_GB", WELSH: "cy_GB"}
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"


def language(code: object) -> str:
    """A supported language code for ``code`` (from a link, a form, a row); English when it
    is not one."""
    code = str(code or "").strip().lower()[:2]
    return code if code in LANGUAGES else DEFAULT


def other(lang: str) -> str:
    """The other of the two languages: the one content falls back to."""
    return ENGLISH if language(lang) == WELSH else WELSH


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _catalogue(lang: str) -> tuple:
    """A language's catalogue entries, neither empty nor fuzzy (so that they show the English
    source rather than nothing or a guess); none for English, the source language."""
    path = catalogue_path(lang)
    if lang == ENGLISH or not path.exists():
        return ()
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=lang)
    return tuple(message for message in catalogue
                 if message.id and message.string and not message.fuzzy)


@cache
def _translations(lang: str) -> Mapping[str, str]:
    """msgid -> msgstr of a language's catalogue."""
    return MappingProxyType({message.id: message.string for message in _catalogue(lang)
                             if isinstance(message.id, str)})


@cache
def _plural_translations(lang: str) -> Mapping[str, tuple[str, ...]]:
    """singular msgid -> the plural forms of a language's catalogue (in the catalogue's
    order, that of its Plural-Forms); entries with any form empty are left out."""
    return MappingProxyType({
        message.id[0]: tuple(message.string) for message in _catalogue(lang)
        if isinstance(message.id, tuple) and isinstance(message.string, tuple)
        and all(message.string)
    })


# CLDR's plural categories in the order gettext numbers a language's forms (Babel writes the
# Plural-Forms of a catalogue so): Welsh has all six (0, 1, 2, 3, 6, other), English two.
_CATEGORIES = ("zero", "one", "two", "few", "many", "other")


def plural_index(count: int, lang: str) -> int:
    """Which of ``lang``'s plural forms a count takes (Babel's CLDR rules): English 1 -> 0,
    else 1; Welsh 0, 1, 2, 3, 6 -> 0 to 4, else 5."""
    rule = Locale.parse(_LOCALES[language(lang)]).plural_form
    forms = [c for c in _CATEGORIES if c in rule.tags or c == "other"]
    return forms.index(rule(count))


def ngettext(singular: str, plural: str, count: int, lang: str) -> str:
    """The form of a message with a count for ``lang`` (its template, to fill with
    ``format``); the English source's form when untranslated."""
    forms = _plural_translations(language(lang)).get(singular)
    if forms:
        return forms[min(plural_index(count, lang), len(forms) - 1)]
    return singular if count == 1 else plural


def gettext(message: str, lang: str) -> str:
    """``message`` (English source text) in ``lang``; the source itself when untranslated."""
    return _translations(language(lang)).get(message, message)


def fill(message: str, lang: str, /, **values: object) -> str:
    """A sentence template of the catalogue in ``lang``, its values filled in."""
    words = gettext(message, lang)
    return words.format(**values) if values else words


def fill_count(singular: str, plural: str, count: int, lang: str, /, **values: object) -> str:
    """A template with a count, in ``lang``'s plural form for it, filled in; {number} is the
    count as its reader writes it."""
    return ngettext(singular, plural, count, lang).format(
        number=format_number(count, lang), **values)


def translator(lang: str) -> Callable[[str], str]:
    """A ``_`` for one reader: ``_ = translator("cy")``."""
    lang = language(lang)
    return lambda message: gettext(message, lang)


def N_(message: str) -> str:  # noqa: N802 (the gettext convention, which Babel extracts)
    """Mark a constant for the catalogue; it is translated where it is shown."""
    return message


class Text(str):
    """A message with values, translated when shown. It is the English text itself (a str),
    so code that takes it for text keeps working; ``in_language`` gives it in another."""

    def __new__(cls, template: str, /, **values: object) -> Text:
        made = super().__new__(cls, template.format(**values))
        made.template = template
        made.values = values
        return made

    def in_language(self, lang: str) -> str:
        values = {name: value.in_language(lang) if isinstance(value, Text) else value
                  for name, value in self.values.items()}
        return gettext(self.template, lang).format(**values)

    def __repr__(self) -> str:
        return f"Text({self.template!r}, **{self.values!r})"

    def __reduce__(self):
        return _text, (self.template, self.values)


def _text(template: str, values: dict) -> Text:
    return Text(template, **values)


def translate(message: str | Text, lang: str) -> str:
    """A message (plain source text, or a ``Text`` with values) in ``lang``."""
    if isinstance(message, Text):
        return message.in_language(lang)
    return gettext(message, lang)


def format_date(value: date | datetime, lang: str, *, style: str = "long") -> str:
    """A date as its reader writes it: '2 December 2026', '2 Rhagfyr 2026'."""
    if isinstance(value, datetime):
        value = value.date()
    return dates.format_date(value, format=style, locale=_LOCALES[language(lang)])


def format_number(value: int | float, lang: str) -> str:
    """A number with the reader's grouping and decimal marks: '1,234'."""
    return numbers.format_decimal(value, locale=_LOCALES[language(lang)])


def language_name(code: str, lang: str) -> str:
    """The name of language ``code`` in language ``lang`` ('Welsh', 'Saesneg')."""
    return Locale.parse(language(code)).get_display_name(_LOCALES[language(lang)]) or code


def pick(texts: Mapping[str, str], lang: str) -> tuple[str, str]:
    """Bilingual content (language -> text) for a reader of ``lang``: their language's text,
    else the other's. Returns the text and the language it is in (``lang`` unless it fell
    back), so that the page can say so and mark it."""
    lang = language(lang)
    own = (texts.get(lang) or "").strip()
    if own:
        return texts[lang], lang
    fallback = other(lang)
    if (texts.get(fallback) or "").strip():
        return texts[fallback], fallback
    return texts.get(lang) or "", lang
