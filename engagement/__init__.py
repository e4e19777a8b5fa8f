"""Dialogue and deliberation platform: the domain package (never imports streamlit)."""

__version__ = "0.1.0"
