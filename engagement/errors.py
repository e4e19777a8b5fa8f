"""Domain errors: every one carries a message fit to show a person as it is."""


class DomainError(Exception):
    """Base class: a use case refused its input; nothing was changed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

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
