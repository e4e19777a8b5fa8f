"""Driving a page with the keyboard alone, checking the focus at every key press (the keyboard
browser tests share this: tests/e2e/test_keyboard_browser.py, test_keyboard_staff_browser.py).

Only Tab, Shift+Tab, Enter, Space, arrow keys, Escape and typing: no mouse, no element.click().
At every stop the focused element must show a visible focus indicator (a computed outline of
2 px or more, or a box-shadow, on the element or, for a visually hidden radio or checkbox input,
on its label), be on the screen and not covered by something else (a phone's open menu, say),
and Tab must move focus on (never trapped)."""

from __future__ import annotations

import re

MAX_TABS = 80
GRID_CELLS = 12  # the most Tab presses a data grid may keep the focus for

# The focused element (null on the page itself), the element that shows its focus (for a
# visually hidden radio or checkbox input, its label) and that element's part on the screen:
# shared by the measurement and the wait for the scroll below.
_FOCUSED_PART_JS = """
  const focusedPart = () => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const box = el.getBoundingClientRect();
    const hidden = box.width <= 2 || box.height <= 2 || getComputedStyle(el).opacity === '0';
    const shown = hidden ? (el.closest('label') || el) : el;
    const r = shown.getBoundingClientRect();
    const left = Math.max(r.left, 0), right = Math.min(r.right, window.innerWidth);
    const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, window.innerHeight);
    return {el, shown, left, right, top, bottom, onscreen: right > left && bottom > top};
  };
"""

# What the focused element is, and whether its focus can be seen.
FOCUS_JS = "() => {" + _FOCUSED_PART_JS + """
  const part = focusedPart();
  if (!part) return null;
  const {el, shown, left, right, top, bottom, onscreen} = part;
  const style = getComputedStyle(shown);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
  // On the screen, and not under something drawn over the page (the sidebar, which covers
  // the page on a phone, the header, a dialog): the top element at the middle of its visible
  // part is in no such layer, or in the one the focused element is in.
  const hit = onscreen ? document.elementFromPoint((left + right) / 2, (top + bottom) / 2)
                       : null;
  const layer = hit && hit.closest('[data-testid="stSidebar"], [data-testid="stHeader"], ' +
                                   '[data-testid="stBottom"], [role="dialog"]');
  const uncovered = !!hit && (!layer || layer.contains(shown) || shown.contains(hit));
  const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
  const name = (el.getAttribute('aria-label') || label || el.innerText || el.value ||
                el.getAttribute('title') || '').replace(/\\s+/g, ' ').trim();
  const group = el.closest('[role="radiogroup"]');
  const moved = window.__keyboardLast !== el;
  window.__keyboardLast = el;
  return {tag: el.tagName.toLowerCase(), type: el.type || '', name: name,
          role: el.getAttribute('role') || '',
          grid: !!el.closest('[data-testid="stDataFrame"]'),
          group: group ? group.getAttribute('aria-label') : null,
          checked: el.checked === true, visible: outline || shadow, moved: moved,
          onscreen: onscreen, uncovered: uncovered,
          covered_by: hit && !uncovered ? hit.outerHTML.slice(0, 120) : null,
          outline: style.outlineStyle + ' ' + style.outlineWidth, shadow: style.boxShadow};
}"""

# The browser scrolls a newly focused element into view, smoothly under some styles, and a
# busy machine draws late: the focus is measured once the element is on the screen or after
# SCROLL_MS, never earlier, so a slow scroll is not mistaken for focus left off the screen.
SCROLL_MS = 2000
FOCUS_ONSCREEN_JS = "() => {" + _FOCUSED_PART_JS + """
  const part = focusedPart();
  return !part || part.onscreen;
}"""

LIVE = '[role="status"], [role="alert"], [aria-live="polite"], [aria-live="assertive"]'

# How many live regions hold this text (a screen reader reads each of them).
LIVE_COUNT_JS = f"""(text) => [...document.querySelectorAll('{LIVE}')]
  .filter((el) => el.textContent.includes(text)).length"""


class Keyboard:
    """Key presses with focus checked after each one."""

    def __init__(self, page, artifacts, prefix: str):
        self.page = page
        self.artifacts = artifacts
        self.prefix = prefix
        self.shots = 0
        self.stops = 0  # focus stops checked, for the report
        self.announcements = 0  # confirmations checked to be said once

    def focused(self) -> dict | None:
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(FOCUS_ONSCREEN_JS, timeout=SCROLL_MS)
        except PlaywrightTimeout:
            pass  # still off the screen: check() says so, with what was focused
        return self.page.evaluate(FOCUS_JS)

    def check(self, where: str, focus: dict | None = None) -> dict:
        focus = focus or self.focused()
        assert focus is not None, f"{where}: focus fell to the page body"
        assert focus["visible"], f"{where}: focus is not visible on {focus}"
        assert focus["onscreen"], f"{where}: the focused element is off the screen: {focus}"
        assert focus["uncovered"], f"{where}: the focused element is covered: {focus}"
        self.stops += 1
        return focus

    def settle(self) -> None:
        self.page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        self.page.wait_for_function("!document.querySelector('[data-stale=\"true\"]')")

    def tab_to(self, name: str | re.Pattern, *, backwards: bool = False, group: str | None = None,
               exact: bool = True) -> dict:
        """Tab (or Shift+Tab) until the focused element has this name; every stop must show
        its focus and be a new element."""
        key = "Shift+Tab" if backwards else "Tab"
        in_grid = 0
        for _ in range(MAX_TABS):
            self.page.keyboard.press(key)
            focus = self.focused()
            if focus is None:  # between the page's last stop and the browser's own controls
                continue
            # A data grid (st.dataframe, a canvas) moves its own cell focus with Tab across a
            # row, then lets the focus go: allowed for a row's width, never for good.
            in_grid = in_grid + 1 if focus["grid"] and not focus["moved"] else 0
            assert focus["moved"] or 0 < in_grid <= GRID_CELLS, \
                f"{key} did not move focus on from {focus}: trapped"
            self.check(f"{key} towards {name!r}", focus)
            if group is not None:
                if focus["group"] == group:
                    return focus
                continue
            if matches(focus["name"], name, exact):
                return focus
        raise AssertionError(f"{MAX_TABS} presses of {key} did not reach {name!r}")

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def choose(self, group: str, option: str) -> None:
        """Tab into a radio group, then arrow keys to the option (arrows check as they move)."""
        focus = self.tab_to(group, group=group)
        if not focus["checked"]:
            self.press("Space")
        for _ in range(10):
            focus = self.check(f"radio group {group!r}")
            if focus["name"] == option:
                assert focus["checked"], f"{option!r} is focused but not chosen"
                return
            self.press("ArrowRight")
        raise AssertionError(f"arrow keys did not reach {option!r} in {group!r}")

    def step(self, text: str) -> None:
        """Wait for this text on the page, then for the page to settle."""
        from playwright.sync_api import expect

        expect(self.page.get_by_text(text, exact=True).filter(visible=True).first
               ).to_be_visible()
        self.settle()

    def announced(self, text: str) -> None:
        """The text is in a live region, and in only one: a screen reader says it once."""
        from playwright.sync_api import expect

        expect(self.page.locator(LIVE).filter(has_text=text).first).to_be_attached()
        assert self.live_count(text) == 1, f"{text!r} is in {self.live_count(text)} live regions"
        self.announcements += 1

    def watch_status(self) -> None:
        """Remember the page's status region (to check that it is kept: see status_kept)."""
        self.page.evaluate("() => { window.__statusRegion = document.querySelector("
                           "'.app-status[role=status]'); }")

    def status_kept(self) -> bool:
        """The status region watched is the one now on the page, still in it: a screen reader
        hears a change to a region it knows (one that arrives holding its message may not be
        read out)."""
        return self.page.evaluate("() => !!window.__statusRegion && "
                                  "window.__statusRegion.isConnected && window.__statusRegion "
                                  "=== document.querySelector('.app-status[role=status]')")

    def live_count(self, text: str) -> int:
        """How many live regions say this text."""
        return self.page.evaluate(LIVE_COUNT_JS, text)

    def shot(self, name: str) -> None:
        self.shots += 1
        self.page.screenshot(
            path=str(self.artifacts / f"keyboard-{self.prefix}-{self.shots:02d}-{name}.png"))


def matches(found: str, wanted: str | re.Pattern, exact: bool) -> bool:
    if isinstance(wanted, re.Pattern):
        return wanted.search(found) is not None
    return found == wanted if exact else wanted in found


OWN = "Researchers should publish every use of the data."


def participant_journey(keys: Keyboard, url: str) -> None:
    """The whole participant journey of the seeded dialogue (tests/app/helpers.seed_database:
    three statements), from the skip link to the thank-you page and round again."""
    from playwright.sync_api import expect

    from tests.app.helpers import JOIN_CODE

    page = keys.page
    page.goto(url)
    keys.step("Take part in a public dialogue")
    # The first stop is the skip link: Enter takes focus past the navigation to the page.
    first = keys.tab_to(re.compile(".+"))
    assert first["name"] == "Skip to main content", first
    keys.shot("skip-link")
    keys.press("Enter")
    assert keys.check("after the skip link")["tag"] == "main"
    keys.tab_to("Join code")
    page.keyboard.type(JOIN_CODE.lower())
    keys.shot("join-code")
    keys.tab_to("Find my dialogue")
    keys.shot("find-button")
    keys.press("Enter")
    keys.step("Which session are you taking part in?")
    keys.tab_to("Join this dialogue")
    keys.press("Enter")

    keys.step("Step 1 of 8: Your consent")
    # Anchored: a focused container (the page's main region) holds the same words.
    keys.tab_to(re.compile(r"^My answers may be used in the report of this dialogue"))
    keys.press("Space")
    keys.shot("consent-box")
    keys.tab_to("Save my choices and continue")
    keys.press("Enter")

    keys.step("Step 2 of 8: The briefing")
    keys.tab_to("I have read the briefing")
    keys.shot("briefing-button")
    keys.press("Enter")

    keys.step("Step 3 of 8: Your view before")
    keys.choose("How far do you support the proposal?", "Oppose")
    keys.shot("position-radio")
    keys.choose("How sure are you?", "Fairly sure")
    keys.tab_to("Save and continue")
    keys.press("Enter")

    keys.step("Step 4 of 8: Statements")
    for vote, answered in (("Agree", 1), ("Skip", 1), ("Disagree", 2)):
        keys.tab_to(vote)
        if answered == 1 and vote == "Agree":
            keys.shot("vote-button")
        keys.press("Enter")
        expect(page.get_by_text(f"You have answered {answered} of 3 statements.")
               ).to_be_visible()
        keys.settle()
    keys.step("You have seen every statement. Thank you.")
    keys.tab_to("Continue")
    keys.press("Enter")

    keys.step("Step 5 of 8: Your own statement")
    keys.tab_to("Your statement")
    page.keyboard.type(OWN)
    keys.shot("statement-box")
    keys.tab_to("Send my statement")
    keys.press("Enter")
    keys.step("Step 6 of 8: Your reflection")
    keys.announced("your statement will be checked by a facilitator")
    keys.shot("statement-announced")

    keys.tab_to("Your answer (optional)")
    page.keyboard.type("Who would see it?")
    keys.tab_to("Save and continue")
    keys.press("Enter")

    keys.step("Step 7 of 8: Your view now")
    keys.announced("Saved.")
    keys.choose("How far do you support the proposal?", "Unsure")
    keys.choose("How sure are you?", "Not very sure")
    keys.tab_to("Save and continue")
    keys.press("Enter")

    keys.step("Step 8 of 8: Thank you")
    keys.announced("Thank you for taking part. Your answers have been recorded.")
    # Never trapped: Tab goes on past the page's last control and round to the skip link,
    # and Shift+Tab goes back the other way.
    keys.tab_to("Skip to main content")
    keys.tab_to("Review my answers", backwards=True, exact=False)
    keys.shot("thank-you")
