"""The message catalogues (engagement/locale/*/LC_MESSAGES/messages.po): which sources hold the
app's participant-facing and public words, their extraction with Babel, and updating the .po
files with what was added (keeping every translation already made).

    .venv/bin/python scripts/catalogue.py          # update the .po files
    .venv/bin/python scripts/catalogue.py --check  # list messages without a Welsh entry

tests/unit/test_i18n_catalogue.py runs the same extraction: a message marked in a source but
missing from the Welsh catalogue fails it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engagement import i18n  # noqa: E402 (after the path is set, when run as a script)

# Every file with words a participant or a member of the public reads.
SOURCES = (
    "pages/_ui/registry.py",
    "pages/_ui/text.py",
    "pages/participate.py",
    "pages/public_results.py",
    "pages/accessibility.py",
    "streamlit_app.py",
    "engagement/accessibility.py",
    "engagement/consent.py",
    "engagement/text.py",
    "engagement/services/participation.py",
    "engagement/services/_lookup.py",
    "engagement/services/public.py",
    "engagement/services/outcomes.py",
    "engagement/services/privacy_notice.py",
    "engagement/brief/document.py",
    "engagement/brief/render.py",
    "engagement/brief/plain.py",
    "engagement/brief/charts.py",
    "engagement/brief/summary.py",
    "engagement/services/synthetic.py",
    "engagement/disclosure/wording.py",
)
# The marks: _("...") in pages, N_("...") for constants, Text("...", name=value) for messages
# with values (domain errors).
# ngettext("{number} person", "{number} people", count, lang): a message whose words depend
# on a count (Welsh has six forms); its msgid is the pair.
KEYWORDS = {"_": None, "N_": None, "Text": None, "gettext": None, "ngettext": (1, 2)}


def extract() -> dict[str | tuple[str, str], list[tuple[str, int]]]:
    """msgid (a pair for a message with plural forms) -> where it is written (file, line),
    over all SOURCES."""
    found: dict[str | tuple[str, str], list[tuple[str, int]]] = {}
    for source in SOURCES:
        for line, message, _comments, _context in extract_from_file(
            "python", ROOT / source, keywords=KEYWORDS, comment_tags=(),
        ):
            if isinstance(message, tuple) and len(message) == 2 and all(message):
                found.setdefault(message, []).append((source, line))
            elif isinstance(message, str) and message:
                found.setdefault(message, []).append((source, line))
    return found


def translated(entry) -> bool:
    """An entry with a usable translation: its string, or every plural form, written."""
    if entry is None or entry.fuzzy:
        return False
    forms = entry.string if isinstance(entry.string, tuple | list) else (entry.string,)
    return bool(forms) and all(forms)


def _read(lang: str) -> Catalog:
    path = i18n.catalogue_path(lang)
    if not path.exists():
        return Catalog(locale=lang, domain=i18n.DOMAIN)
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def update() -> dict[str, int]:
    """Add new messages to each language's .po (English keeps msgstr empty: it is the
    source), drop messages no source holds any more; returns the number in each."""
    found = extract()
    counts = {}
    for lang in i18n.LANGUAGES:
        old = _read(lang)
        new = Catalog(locale=lang, domain=i18n.DOMAIN, project="engagement",
                      language_team="" if lang == i18n.ENGLISH else "Welsh (needs review)")
        for msgid in sorted(found, key=lambda m: m if isinstance(m, str) else m[0]):
            kept = old.get(msgid)
            string = kept.string if kept is not None and lang != i18n.ENGLISH else ""
            if isinstance(msgid, tuple) and not isinstance(string, tuple | list):
                string = ("",) * new.num_plurals  # one empty form per plural
            new.add(msgid, string, locations=found[msgid],
                    flags=kept.flags if kept is not None else ())
        path = i18n.catalogue_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, new, width=100, sort_output=True, include_lineno=False)
        counts[lang] = len(new)
    return counts


def untranslated(lang: str = i18n.WELSH) -> list[str]:
    """Extracted messages with no usable entry (missing, empty or fuzzy) in ``lang``."""
    catalogue = _read(lang)
    missing = []
    for msgid in extract():
        if not translated(catalogue.get(msgid)):
            missing.append(msgid)
    return missing


if __name__ == "__main__":
    if "--check" in sys.argv:
        missing = untranslated()
        for msgid in missing:
            print(msgid)
        sys.exit(1 if missing else 0)
    print(update())
