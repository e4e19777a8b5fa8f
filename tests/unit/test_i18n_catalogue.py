"""Welsh and English (issue 15, item 7): every message the app marks in a participant-facing or
public source has a Welsh entry; Welsh entries keep the English one's {placeholders}; the
public pages pass no bare English to Streamlit; dates and numbers follow the locale."""

from __future__ import annotations

import ast
import importlib.util
import string
from datetime import date, datetime

import pytest
from babel.messages.pofile import read_po

from engagement import i18n
from tests.app.helpers import ROOT


def _catalogue_tool():
    spec = importlib.util.spec_from_file_location("catalogue", ROOT / "scripts" / "catalogue.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


catalogue = _catalogue_tool()
PUBLIC_PAGES = ("pages/participate.py", "pages/public_results.py", "pages/accessibility.py")


def _welsh() -> dict[str, str]:
    with i18n.catalogue_path(i18n.WELSH).open("rb") as handle:
        return {m.id: m.string for m in read_po(handle, locale="cy") if m.id and not m.fuzzy}


def test_every_extracted_message_has_a_welsh_entry():
    found = catalogue.extract()
    assert len(found) > 60, "the extraction found too little: are the marks still there?"
    welsh = _welsh()
    missing = [(msgid, where[0]) for msgid, where in found.items()
               if not _written(welsh.get(msgid))]
    assert not missing, f"{len(missing)} message(s) without Welsh: {missing[:10]}"
    print(f"{len(found)} messages extracted from {len(catalogue.SOURCES)} sources, all in Welsh")


def test_a_new_marked_message_without_welsh_is_found(tmp_path, monkeypatch):
    """The check itself can fail: a source with a message no catalogue holds is reported."""
    source = tmp_path / "new_page.py"
    source.write_text('st.write(_("A sentence nobody has translated yet."))\n')
    monkeypatch.setattr(catalogue, "ROOT", tmp_path)
    monkeypatch.setattr(catalogue, "SOURCES", ("new_page.py",))
    assert catalogue.untranslated() == ["A sentence nobody has translated yet."]


def test_the_participant_and_public_pages_are_extracted():
    for page in PUBLIC_PAGES:
        assert page in catalogue.SOURCES


def _written(string: str | tuple | None) -> bool:
    """A Welsh entry, or every Welsh plural form of one, is written."""
    forms = string if isinstance(string, tuple | list) else (string,)
    return bool(forms) and all(forms)


def _fields(text: str | tuple) -> set[str]:
    if isinstance(text, tuple | list):  # plural forms: the plural's (a form may drop none)
        return _fields(text[-1])
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_welsh_entries_keep_the_placeholders():
    welsh = _welsh()
    with_values = [m for m in catalogue.extract() if _fields(m)]
    assert with_values and any(isinstance(m, tuple) for m in with_values)
    for msgid in with_values:
        forms = welsh[msgid] if isinstance(msgid, tuple) else (welsh[msgid],)
        assert all(_fields(form) == _fields(msgid) for form in forms), msgid


# Streamlit calls whose first argument is words a reader sees.
_SHOWN = {"title", "header", "subheader", "write", "caption", "info", "warning", "success",
          "error", "toast", "button", "form_submit_button", "download_button", "checkbox",
          "text_input", "text_area", "radio", "selectbox", "expander", "toggle", "markdown",
          "progress", "page_link", "segmented_control", "link_button"}


def _bare_english(path: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse((ROOT / path).read_text())):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in _SHOWN):
            continue
        words = [a for a in node.args[:1] if isinstance(a, ast.Constant)]
        words += [k.value for k in node.keywords if k.arg in ("label", "help", "text")
                  and isinstance(k.value, ast.Constant)]
        found += [(node.lineno, w.value) for w in words
                  if isinstance(w.value, str) and any(c.isalpha() for c in w.value)]
    return found


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_the_public_pages_show_no_bare_english(page):
    """Words go through _(): a literal passed straight to Streamlit would stay English."""
    assert (ROOT / page).exists()
    assert _bare_english(page) == []


def test_the_bare_english_check_finds_a_literal(tmp_path, monkeypatch):
    (tmp_path / "page.py").write_text('st.title("Hello")\nst.write(_("Fine"))\n')
    monkeypatch.setattr("tests.unit.test_i18n_catalogue.ROOT", tmp_path)
    assert _bare_english("page.py") == [(1, "Hello")]


def test_dates_follow_the_locale():
    when = datetime(2026, 12, 2, 18, 30)
    assert i18n.format_date(when, "en") == "2 December 2026"
    assert i18n.format_date(when, "cy") == "2 Rhagfyr 2026"
    assert i18n.format_date(date(2027, 1, 1), "cy") == "1 Ionawr 2027"


def test_numbers_follow_the_locale():
    assert i18n.format_number(1234567, "en") == "1,234,567"
    assert i18n.format_number(1234567, "cy") == "1,234,567"
    assert i18n.format_number(0.5, "cy") == "0.5"


def test_messages_are_shown_in_the_readers_language_or_english():
    assert i18n.gettext("Take part", "cy") == "Cymryd rhan"
    assert i18n.gettext("Take part", "en") == "Take part"
    assert i18n.gettext("Words not in any catalogue", "cy") == "Words not in any catalogue"
    text = i18n.Text("Governance brief: {title}", title="Insurance")
    assert str(text) == "Governance brief: Insurance"
    assert i18n.translate(text, "cy") == "Briff llywodraethu: Insurance"
    assert i18n.language("CY") == "cy" and i18n.language("fr") == "en"
    assert i18n.language(None) == "en"


def test_bilingual_content_falls_back_to_the_other_language():
    assert i18n.pick({"en": "Hello", "cy": "Shwmae"}, "cy") == ("Shwmae", "cy")
    assert i18n.pick({"en": "Hello", "cy": " "}, "cy") == ("Hello", "en")
    assert i18n.pick({"en": "", "cy": "Shwmae"}, "en") == ("Shwmae", "cy")
    assert i18n.pick({"en": "", "cy": ""}, "en") == ("", "en")


@pytest.mark.parametrize("asked", ['cy"><script>alert(1)</script>', "en';x", "", None, 7,
                                   "welsh", "\u0441y", "CYMRAEG", " cy "])
def test_a_language_from_a_link_is_only_ever_en_or_cy(asked):
    """?lang= comes from the address bar and ends up in the page's markup (<html lang>) and
    in the database (participant.language): only the two codes get through."""
    assert i18n.language(asked) in ("en", "cy")
    assert set(i18n.language(asked)) <= set("ency")
