"""Welsh and English on the public pages (issue 15, item 7): a switch on each, remembered for
the visit and in the address; the page's words in the chosen language."""

from __future__ import annotations

from tests.app.helpers import TIMEOUT, new_app, ok, texts

STATEMENT = "pages/accessibility.py"


def _switch(at):
    found = [w for w in at.button_group if w.key == "language-switch"]
    assert len(found) == 1, [w.key for w in at.button_group]
    return found[0]


def test_the_statement_in_welsh_from_a_link(seeded):
    at = ok(new_app(lang="cy").run(timeout=TIMEOUT))
    at.switch_page(STATEMENT)
    ok(at.run(timeout=TIMEOUT))
    assert [t.value for t in at.title] == ["Datganiad hygyrchedd ar gyfer Genomics dialogue"]
    page = texts(at)
    assert "Statws cydymffurfio" in page and "Compliance status" not in page
    assert _switch(at).value == "cy"


def test_the_switch_changes_the_language_and_the_visit_keeps_it(seeded):
    at = ok(new_app().run(timeout=TIMEOUT))
    at.switch_page(STATEMENT)
    ok(at.run(timeout=TIMEOUT))
    assert at.title[0].value.startswith("Accessibility statement")
    _switch(at).set_value("cy")
    ok(at.run(timeout=TIMEOUT))
    assert at.title[0].value.startswith("Datganiad hygyrchedd")
    assert at.query_params.get("lang") == "cy"  # a link or reload keeps it
    at.switch_page("pages/public_results.py")
    ok(at.run(timeout=TIMEOUT))
    assert [t.value for t in at.title] == ["Dywedoch chi, gwnaethom ni"]
    assert "Nid oes canlyniadau wedi’u cyhoeddi eto." in texts(at)
    _switch(at).set_value("en")
    ok(at.run(timeout=TIMEOUT))
    assert [t.value for t in at.title] == ["You said, we did"]
    assert "lang" not in at.query_params
