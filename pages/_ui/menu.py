"""The app's menu: Streamlit's own navigation is hidden, and the menu is drawn here as page
links, because Streamlit's sidebar navigation puts its section headings (<p>) straight inside
its list (<ul>), which screen readers cannot make sense of (axe: list and listitem, serious).

A short script of the app's own (constant text, nothing from users) names the menu as a
navigation landmark, marks the current page, and on a phone (where the open sidebar covers the
page) makes the menu work by keyboard: opening it moves the focus to its first link, Escape
closes it and gives the focus back to its button, and it closes once a page is chosen or the
focus leaves it (Streamlit leaves it open, over whatever has the focus)."""

from __future__ import annotations

import streamlit as st

MENU_KEY = "main-menu"
MENU_NAME = "Menu"

# The sidebar overlays the page below Streamlit's "md" breakpoint (768 px).
_SCRIPT = """<script>
(() => {
  if (window.engagementMenu) return;
  window.engagementMenu = true;
  const selector = ".st-key-@KEY@";
  const mark = () => {
    const menu = document.querySelector(selector);
    if (!menu) return;
    if (menu.getAttribute("role") !== "navigation") {
      menu.setAttribute("role", "navigation");
      menu.setAttribute("aria-label", "@NAME@");
    }
    for (const link of menu.querySelectorAll("a[href]")) {
      // The first page's link is empty: it is the app's own address.
      const target = new URL(link.getAttribute("href") || ".", document.baseURI);
      const here = target.pathname === location.pathname;
      if (here && link.getAttribute("aria-current") !== "page") {
        link.setAttribute("aria-current", "page");
      } else if (!here && link.hasAttribute("aria-current")) {
        link.removeAttribute("aria-current");
      }
    }
  };
  new MutationObserver(mark).observe(document.body, {childList: true, subtree: true});
  mark();
  const phone = () => window.matchMedia("(max-width: 767.98px)").matches;
  const sidebar = () => document.querySelector("[data-testid=stSidebar]");
  const open = () => sidebar() && sidebar().getAttribute("data-collapsed") === "false";
  const opener = "[data-testid=stExpandSidebarButton]";
  // Streamlit draws the button after an animation: try again for a while (5 s at most).
  const later = (find, then) => {
    let tries = 0;
    const look = () => {
      const found = find();
      if (found) then(found); else if (tries++ < 200) setTimeout(look, 25);
    };
    look();
  };
  const close = (focusOpener) => {
    const button = document.querySelector("[data-testid=stSidebarCollapseButton] button");
    if (button) button.click();
    if (focusOpener) later(() => document.querySelector(opener), (b) => b.focus());
  };
  document.addEventListener("click", (event) => {
    if (!phone()) return;
    if (event.target.closest(selector + " a[href]")) close(false);
    // Opened from its button (by key or by pointer): the focus goes to the menu's first link,
    // not back to the top of the page behind it.
    if (event.target.closest(opener)) {
      later(() => open() && document.querySelector(selector + " a[href]"), (a) => a.focus());
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && phone() && open() && sidebar().contains(event.target)) {
      close(true);
    }
  });
  // On a phone the open menu covers the page: once the focus leaves the menu it closes, so
  // the focused control is never hidden under it.
  document.addEventListener("focusin", (event) => {
    if (phone() && open() && !sidebar().contains(event.target)
        && !event.target.closest(opener)) {
      close(false);
    }
  });
})();
</script>""".replace("@KEY@", MENU_KEY).replace("@NAME@", MENU_NAME)


def show_menu(sections: dict[str, list[st.Page]]) -> None:
    """The pages a role may open, by section, in the sidebar."""
    with st.sidebar:
        with st.container(key=MENU_KEY):
            for heading, pages in sections.items():
                st.markdown(f"**{heading}**")  # the app's own section names
                for page in pages:
                    st.page_link(page)
        st.html(_SCRIPT, unsafe_allow_javascript=True)
