"""The app's menu: Streamlit's own navigation is hidden, and the menu is drawn here as page
links, because Streamlit's sidebar navigation puts its section headings (<p>) straight inside
its list (<ul>), which screen readers cannot make sense of (axe: list and listitem, serious).

A short script of the app's own (constant text, nothing from users) names the menu as a
navigation landmark, marks the current page, and closes the menu on a phone once a page is
chosen (the sidebar covers the page there; Streamlit leaves it open after a page link)."""

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
  document.addEventListener("click", (event) => {
    if (!event.target.closest(selector + " a[href]")) return;
    if (!window.matchMedia("(max-width: 767.98px)").matches) return;
    const close = document.querySelector("[data-testid=stSidebarCollapseButton] button");
    if (close) close.click();
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
