"""Domain errors: every one carries a message fit to show a person as it is."""

from __future__ import annotations


class DomainError(Exception):
    """Base class: a use case refused its input; nothing was changed."""

    def __init__(self, message: object):
        # ``message`` is English text, or an engagement.i18n.Text that a page shows in the
        # reader's language (``text``); ``message`` is always the English.
        super().__init__(str(message))
        self.message = str(message)
        self.text = message

    def __str__(self) -> str:
        return self.message


class NotFound(DomainError):
    pass


class InvalidInput(DomainError):
    pass


class Conflict(DomainError):
    """The request clashes with what is already there (a duplicate, a wrong status)."""


class PermissionDenied(DomainError):
    pass


class AuthenticationFailed(DomainError):
    pass


class ImportFailed(DomainError):
    """A file to import is malformed; the message names the file and line."""
