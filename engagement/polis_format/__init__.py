"""The Pol.is export format: its files read into plain values (``read``) and written from them
(``write``), with no database and no use case; the import and export use cases are
``engagement.interop.polis``."""
