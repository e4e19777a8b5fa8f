"""Fail a test during which Streamlit reports a deprecated call.

Streamlit reports every deprecated call through `streamlit.deprecation_util.
show_deprecation_warning`, which always logs the message as a warning on the
`streamlit.deprecation_util` logger (and only sometimes shows it on the page). Its loggers do
not propagate, so a handler goes on that logger itself. The module imports the function by
name, so wrapping it would miss callers; the log record is the one place every report passes.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

LOGGER = "streamlit.deprecation_util"
# What Streamlit's deprecation messages say (make_deprecated_name_warning and the free texts).
SERVER_LOG_PATTERN = re.compile(r"will be removed after|is deprecated|deprecation", re.I)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def no_streamlit_deprecations() -> Iterator[list[str]]:
    """Fails (pytest.fail) on leaving if Streamlit reported a deprecated call inside."""
    from streamlit import deprecation_util

    deprecation_util._shown_warnings.clear()  # "show once" warnings must show again per test
    logger = logging.getLogger(LOGGER)
    collector = _Collector()
    logger.addHandler(collector)
    level = logger.level
    if logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)
    try:
        yield collector.messages
    finally:
        logger.removeHandler(collector)
        logger.setLevel(level)
    if collector.messages:
        pytest.fail("Streamlit deprecation warning: " + " | ".join(collector.messages),
                    pytrace=False)


def deprecations_in_server_log(log: Path) -> list[str]:
    """The lines of a `streamlit run` log that report a deprecated call."""
    text = log.read_text(errors="replace") if log.exists() else ""
    return [line for line in text.splitlines() if SERVER_LOG_PATTERN.search(line)]
