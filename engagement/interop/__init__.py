"""Interoperability with other deliberation tools (Pol.is export folders)."""

from engagement.interop.polis import ExportSummary, ImportSummary, export_polis, import_polis

__all__ = ["ExportSummary", "ImportSummary", "export_polis", "import_polis"]
