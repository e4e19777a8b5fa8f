"""The shipped nginx configuration hardens what browsers get: a Content-Security-Policy that
allows nothing remote, frame-ancestors, Referrer-Policy, and no public `/_stcore/metrics`.
Started by scripts/serve_cluster.sh as in production (tests/e2e/test_cluster.py's fixtures),
then Chromium takes part through nginx: the app works under the policy, no request leaves
the site and the browser reports no policy violation."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest

from engagement.db import make_engine, new_session
from engagement.models import Dialogue
from harness.app_server import seed_dialogue
from tests.e2e.test_cluster import cluster, cluster_db  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.browser,
              pytest.mark.timeout(300)]

WAIT_MS = 30_000
# Another origin (loopback only: tests never reach out): the briefing's image must not load.
ELSEWHERE = "http://127.0.0.2:9/pixel.png"


def fetch(url: str) -> tuple[int, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def policy(headers: dict[str, str]) -> dict[str, list[str]]:
    text = headers.get("Content-Security-Policy", "")
    return {name: values for name, *values in
            (part.split() for part in text.split(";") if part.strip())}


LOCAL_SOURCES = {"'self'", "'unsafe-inline'", "'unsafe-eval'", "'none'", "data:", "blob:"}


def test_headers_and_metrics(cluster):  # noqa: F811 (the imported fixture)
    nginx, replica = cluster["nginx"], cluster["replicas"][0]
    for path in ("/", "/_stcore/health", "/static/does-not-exist.js"):
        _, headers = fetch(nginx + path)
        rules = policy(headers)
        assert rules, (path, headers)
        assert rules["frame-ancestors"] == ["'none'"]
        assert rules["object-src"] == ["'none'"]
        for name in ("default-src", "script-src", "img-src", "connect-src", "font-src",
                     "style-src", "frame-src"):
            assert rules[name] and set(rules[name]) <= LOCAL_SOURCES, (name, rules[name])
        assert headers.get("Referrer-Policy") == "no-referrer"
        assert headers.get("X-Content-Type-Options") == "nosniff"
    # Metrics: served by the replica on its own loopback port, never through nginx.
    assert fetch(replica + "/_stcore/metrics")[0] == 200
    for path in ("/_stcore/metrics", "/_stcore/metrics?format=json", "/_stcore/metrics/"):
        assert fetch(nginx + path)[0] == 404, path


def test_the_app_works_in_a_browser_under_the_policy(cluster, cluster_db, browser):  # noqa: F811
    from playwright.sync_api import expect

    seeded = seed_dialogue(cluster_db, statements=3, join_code="HARDEN", slug="harden")
    engine = make_engine(cluster_db)
    try:
        with new_session(engine) as session:
            dialogue = session.get(Dialogue, seeded.dialogue_id)
            dialogue.briefing = f"Please read this. ![chart]({ELSEWHERE}) <img src='{ELSEWHERE}'>"
            session.add(dialogue)
            session.commit()
    finally:
        engine.dispose()

    expect.set_options(timeout=WAIT_MS)
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.add_init_script("""
        window.__violations = [];
        document.addEventListener('securitypolicyviolation',
            e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
    """)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    response = page.goto(cluster["nginx"])
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]

    page.get_by_role("textbox", name="Join code").fill("HARDEN")
    page.get_by_role("button", name="Find my dialogue").click()
    page.get_by_role("button", name="Join this dialogue").click()
    expect(page.get_by_text("Step 1 of 8: Your consent", exact=True)).to_be_visible()
    page.get_by_text("in the report of this dialogue to the governance board", exact=False).click()
    page.get_by_role("button", name="Save my choices and continue").click()
    expect(page.get_by_text("Step 2 of 8: The briefing", exact=True)).to_be_visible()
    expect(page.get_by_text("Please read this.", exact=False)).to_be_visible()
    page.wait_for_timeout(1000)  # let any late request or report arrive

    # The first run found Streamlit's favicon for a :material/...: page icon fetched from
    # fonts.gstatic.com (a third party told of every visit); the app now uses an emoji.
    assert page.evaluate("window.__violations") == []
    origin = cluster["nginx"]
    assert requested and all(url.startswith(origin) or url.startswith(("data:", "blob:"))
                             for url in requested), [u for u in requested
                                                     if not u.startswith(origin)]
    assert not any(re.search(r"127\.0\.0\.2", url) for url in requested)
    context.close()
