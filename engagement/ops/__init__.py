"""Operations: backup and restore of the whole database (``python -m engagement backup``)."""
