"""Use cases. Each takes a keyword-only ``session``, owns its transaction and raises
``engagement.errors.DomainError`` subclasses for anything a person got wrong."""
