"""Welsh and English on the public pages (issue 15, item 7): a switch on each, remembered for
the visit and in the address; the page's words in the chosen language."""

from __future__ import annotations

import re

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


# --- A Welsh participant journey ----------------------------------------------------------------

WELSH_CONTENT = {
    "title_cy": "Deialog brawf", "proposed_use_cy": "Defnydd arfaethedig yn Gymraeg.",
    "question_cy": "A ddylem ni wneud hyn?", "briefing_cy": "## Y cynnig\n\nBriff yn Gymraeg.",
    "reflection_question_cy": "Oes unrhyw beth arall?",
}
WELSH_SEEDS = ("Datganiad un", "Datganiad dau", "Datganiad tri")
WELSH_SESSION = "Ar-lein gyda’r nos"  # the seeded session, "Evening online"


def _make_bilingual(seeded, *, statements: bool = True, sessions: bool = True) -> None:
    from sqlmodel import select

    from engagement.models import Statement, User
    from engagement.services import dialogues

    with seeded.db() as session:
        fran = session.exec(select(User).where(User.username == "fran")).one()
        dialogues.update_dialogue(session=session, dialogue_id=seeded.dialogue_id,
                                  changes=WELSH_CONTENT, by=fran)
        if statements:
            seeds = session.exec(select(Statement).where(
                Statement.dialogue_id == seeded.dialogue_id).order_by(Statement.id)).all()
            for statement, welsh in zip(seeds, WELSH_SEEDS, strict=True):
                dialogues.set_statement_welsh(session=session, statement_id=statement.id,
                                              text_cy=welsh, by=fran)
        # The consent wording is the default, which has its Welsh (engagement/consent.py).
        if sessions:
            for row in dialogues.sessions_of(session=session, dialogue_id=seeded.dialogue_id):
                dialogues.edit_session(session=session, session_id=row.id, name=row.name,
                                       mode=row.mode, starts_at=row.starts_at,
                                       location=row.location, name_cy=WELSH_SESSION, by=fran)


def _english_messages() -> list[str]:
    """The catalogue's English whose Welsh differs: none may show on a Welsh page."""
    from engagement import i18n

    messages = [m for m in i18n._translations(i18n.WELSH)
                if i18n.gettext(m, i18n.WELSH) != m and "{" not in m]
    assert len(messages) > 150
    # With values: the words before the first one ("You have answered ", "Step ").
    return messages


def _visible(html: str) -> str:
    """What an st.html block shows or announces: its text, not its scripts, styles or tags
    (the menu's script names aria-current, which is no English shown to anyone)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    return re.sub(r"<[^>]+>", " ", html)


def everything(at) -> str:
    """Every word the page shows: elements' text and widgets' labels, help, options."""
    found: list[str] = []

    def walk(node) -> None:
        for attr in ("label", "help", "value", "body", "placeholder"):
            value = getattr(node, attr, None) if attr != "value" or hasattr(node, "proto") \
                else None
            if isinstance(value, str):
                found.append(_visible(value) if type(node).__name__ == "Html" else value)
        for option in getattr(node, "options", None) or ():
            found.append(str(option))
        proto = getattr(node, "proto", None)
        if proto is not None and getattr(proto, "text", None):
            found.append(proto.text)
        if type(node).__name__ == "PageLink":
            found.append(proto.label)  # a page link of the menu
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(found)


def _no_english(at, where: str, english: list[str]) -> None:
    shown = everything(at)
    assert shown.strip(), where
    left = [m for m in english if m in shown]
    assert not left, f"{where}: English on a Welsh page: {left}"


def _menu_links(at) -> list[str]:
    links = [node.proto.label for node in at.sidebar  # every element of the sidebar
             if type(node).__name__ == "PageLink"]
    assert links, "the menu has page links"
    return links


def test_the_menu_of_a_welsh_visitor_is_welsh_staff_sign_in_too(seeded):
    """Gap (c): the way to staff sign-in is in the menu everyone sees, so it is in Welsh."""
    at = ok(new_app(lang="cy").run(timeout=TIMEOUT))
    links = _menu_links(at)
    assert "Mewngofnodi staff" in links and "Staff sign-in" not in links, links
    assert set(links) >= {"Cymryd rhan", "Dywedoch chi, gwnaethom ni", "Hygyrchedd"}
    _no_english(at, "menu", _english_messages())
    english = ok(new_app().run(timeout=TIMEOUT))
    assert "Staff sign-in" in _menu_links(english)


def test_a_welsh_participant_journey_shows_none_of_the_apps_english(seeded):
    from tests.app.helpers import button, click, widget

    _make_bilingual(seeded)
    english = _english_messages()
    at = ok(new_app(lang="cy").run(timeout=TIMEOUT))
    _no_english(at, "join", english)
    widget(at.text_input, "Cod ymuno").input("test01")
    click(at, "Dod o hyd i’m deialog")
    _no_english(at, "choose a session", english)
    assert "Deialog brawf" in everything(at)
    choice = widget(at.radio, "Ym mha sesiwn rydych chi’n cymryd rhan?")
    assert list(choice.options) == [WELSH_SESSION]  # gap (a)
    assert "Mae’r rhan hon ar gael yn Saesneg yn unig." not in texts(at)
    click(at, "Ymuno â’r ddeialog hon")
    _no_english(at, "consent", english)
    click(at, "Cadw fy newisiadau a pharhau")  # nothing ticked: refused, in Welsh
    assert any("I gymryd rhan, mae arnom angen eich cytundeb" in e.value for e in at.error)
    _no_english(at, "consent refused", english)
    widget(at.checkbox, at.checkbox[0].label).check()
    assert at.checkbox[0].label.startswith("Gellir defnyddio fy atebion")
    click(at, "Cadw fy newisiadau a pharhau")
    _no_english(at, "briefing", english)
    assert "Briff yn Gymraeg." in everything(at)
    click(at, "Rwyf wedi darllen y briff")
    _no_english(at, "position before", english)
    widget(at.radio, "I ba raddau rydych chi’n cefnogi’r cynnig?").set_value(4)
    widget(at.radio, "Pa mor siŵr ydych chi?").set_value(3)
    click(at, "Cadw a pharhau")
    seen = []
    for _ in WELSH_SEEDS:
        _no_english(at, "voting", english)
        seen += [t.value for t in at.text if t.value in WELSH_SEEDS]
        click(at, "Cytuno")
    assert sorted(seen) == sorted(WELSH_SEEDS)
    _no_english(at, "voted all", english)
    click(at, "Parhau")
    _no_english(at, "own statement", english)
    widget(at.text_area, "Eich datganiad").input("")
    click(at, "Hepgor y cam hwn")
    _no_english(at, "reflection", english)
    click(at, "Cadw a pharhau")
    _no_english(at, "position after", english)
    widget(at.radio, "I ba raddau rydych chi’n cefnogi’r cynnig?").set_value(5)
    widget(at.radio, "Pa mor siŵr ydych chi?").set_value(4)
    click(at, "Cadw a pharhau")
    _no_english(at, "done", english)
    assert "Diolch am gymryd rhan. Mae eich atebion wedi’u cofnodi." in texts(at)
    # Everything held about them: its times written the Welsh way (gap b), its session named
    # in Welsh (gap a).
    widget(at.toggle, "Dangos popeth sydd gennych amdanaf").set_value(True)
    ok(at.run(timeout=TIMEOUT))
    _no_english(at, "held data", english)
    held = texts(at)
    assert f"Eich sesiwn: {WELSH_SESSION}" in held, held
    months = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December", "UTC")
    assert not [m for m in months if m in held], held
    assert re.search(r"\d{1,2} (Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi"
                     r"|Hydref|Tachwedd|Rhagfyr) \d{4}, \d\d:\d\d", held), held
    # The language is kept with the participant: their resume code alone brings it back.
    code = at.session_state["resume_code"]
    again = ok(new_app(resume=code).run(timeout=TIMEOUT))
    assert "Diolch am gymryd rhan. Mae eich atebion wedi’u cofnodi." in texts(again)
    assert button(again, "Dod â’m hymweliad i ben ar y ddyfais hon")


def test_content_not_written_in_welsh_is_shown_in_english_with_a_note(seeded):
    from tests.app.helpers import click, widget

    _make_bilingual(seeded, statements=False, sessions=False)
    at = ok(new_app(lang="cy").run(timeout=TIMEOUT))
    widget(at.text_input, "Cod ymuno").input("test01")
    click(at, "Dod o hyd i’m deialog")
    # A session named in English only: its name as written, with the note.
    choice = widget(at.radio, "Ym mha sesiwn rydych chi’n cymryd rhan?")
    assert list(choice.options) == ["Evening online"]
    assert "Mae’r rhan hon ar gael yn Saesneg yn unig." in texts(at)
    click(at, "Ymuno â’r ddeialog hon")
    widget(at.checkbox, at.checkbox[0].label).check()
    click(at, "Cadw fy newisiadau a pharhau")
    click(at, "Rwyf wedi darllen y briff")
    widget(at.radio, "I ba raddau rydych chi’n cefnogi’r cynnig?").set_value(4)
    widget(at.radio, "Pa mor siŵr ydych chi?").set_value(3)
    click(at, "Cadw a pharhau")
    shown = [t.value for t in at.text]
    assert any(s in shown for s in ("Statement one", "Statement two", "Statement three"))
    assert "Mae’r rhan hon ar gael yn Saesneg yn unig." in texts(at)


# --- The public page in Welsh -------------------------------------------------------------------

def test_the_public_page_in_welsh_shows_none_of_the_apps_english(seeded):
    """Gaps (a) and (e): the plain summary, its headings and the session's name in Welsh; no
    'in English only' note for them; the brief offered for download in Welsh."""
    from tests.app.test_public_summary_page import _in_order, _publish

    _make_bilingual(seeded)
    _publish(seeded)
    at = ok(new_app(lang="cy").run(timeout=TIMEOUT))
    at.switch_page("pages/public_results.py")
    ok(at.run(timeout=TIMEOUT))
    english = _english_messages()
    _no_english(at, "public page", english)
    seen = _in_order(at)
    headings = [text for kind, text in seen if kind in {"header", "subheader"}]
    assert headings[:4] == ["Beth wnaethom ni ei ofyn", "Pwy gymerodd ran",
                            "Sut newidiodd barn pobl", "Y penderfyniad"], headings
    who = seen[[t for _, t in seen].index("Pwy gymerodd ran") + 1]
    assert who == ("text", f"Cymerodd 14 o bobl ran. Daethant mewn 1 sesiwn. "
                           f"{WELSH_SESSION}: 14 o bobl."), who
    page = "\n".join(text for _, text in seen)
    assert "Deialog brawf" in page  # the dialogue's Welsh title
    for english_words in ("people", "took part", "session", "Evening online",
                          "Mae’r rhan hon yn Saesneg yn unig"):
        assert english_words not in page, english_words
