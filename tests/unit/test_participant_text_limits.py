"""A long paste is cut to the limit, not lost: what is cut always fits the service's check."""

from hypothesis import given, settings
from hypothesis import strategies as st

from engagement.errors import InvalidInput
from engagement.services import participation
from engagement.text import (
    REFLECTION_MAX_CHARS,
    STATEMENT_MAX_CHARS,
    clean_text,
    cut_to_limit,
)

LONG_TEXT = st.text(
    alphabet=st.sampled_from("ab yé\t\n\u200b.!"), min_size=0, max_size=2 * STATEMENT_MAX_CHARS)


@settings(max_examples=300)
@given(LONG_TEXT)
def test_a_cut_statement_always_passes_the_check(text):
    cut = cut_to_limit(text, max_chars=STATEMENT_MAX_CHARS)
    try:
        cleaned = clean_text(text, what="statement", max_chars=STATEMENT_MAX_CHARS)
    except InvalidInput as refused:
        if cut is None:  # fits: refused only for being empty
            assert "is empty" in str(refused)
            return
        assert "limit" in str(refused)
        assert clean_text(cut, what="statement", max_chars=STATEMENT_MAX_CHARS) == cut
        assert len(cut) <= STATEMENT_MAX_CHARS
        return
    assert cut is None, "text that fits is left alone"
    assert len(cleaned) <= STATEMENT_MAX_CHARS


def test_the_cut_keeps_the_beginning_and_says_so():
    pasted = "Insurers should never see it. " * 20
    fitted = participation.fit_statement(pasted)
    assert fitted.text == pasted.strip()[:STATEMENT_MAX_CHARS].rstrip()
    assert fitted.message.startswith("Your statement was longer than 400 characters")
    short = participation.fit_statement("A short statement")
    assert (short.text, short.message) == ("A short statement", None)


def test_a_long_reflection_keeps_its_paragraphs_when_cut():
    pasted = ("One paragraph of thought. " * 50 + "\n\n") * 3
    fitted = participation.fit_reflection(pasted)
    assert fitted.message is not None and len(fitted.text) <= REFLECTION_MAX_CHARS
    assert "\n\n" in fitted.text
    assert clean_text(fitted.text, what="reflection", max_chars=REFLECTION_MAX_CHARS,
                      multiline=True) == fitted.text


def test_what_is_not_text_is_left_to_the_service_to_refuse():
    assert participation.fit_statement(None).message is None
    assert cut_to_limit(42, max_chars=STATEMENT_MAX_CHARS) is None
