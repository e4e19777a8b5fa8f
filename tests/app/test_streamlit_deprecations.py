"""The suite fails on a Streamlit deprecation warning, and the app's pages raise none."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import TIMEOUT, ok
from tests.support.streamlit_deprecations import no_streamlit_deprecations

DEPRECATED = """
import streamlit as st
st.dataframe({"a": [1, 2]}, use_container_width=True)
"""
CURRENT = """
import streamlit as st
st.dataframe({"a": [1, 2]}, width="stretch")
"""


@pytest.mark.streamlit_deprecation_expected
def test_a_deprecated_call_fails_the_check():
    with pytest.raises(pytest.fail.Exception, match="use_container_width"):
        with no_streamlit_deprecations():
            ok(AppTest.from_string(DEPRECATED, default_timeout=TIMEOUT).run())


@pytest.mark.streamlit_deprecation_expected
def test_the_same_warning_is_caught_again_in_a_later_test():
    """Streamlit's "show once" memory must not hide a repeat from the next test."""
    for _ in range(2):
        with pytest.raises(pytest.fail.Exception, match="use_container_width"):
            with no_streamlit_deprecations():
                ok(AppTest.from_string(DEPRECATED, default_timeout=TIMEOUT).run())


def test_a_current_call_passes_the_check():
    with no_streamlit_deprecations() as seen:
        ok(AppTest.from_string(CURRENT, default_timeout=TIMEOUT).run())
    assert seen == []


def test_every_test_is_checked(request):
    assert "_no_streamlit_deprecations" in request.fixturenames
