"""The governance brief, in one package: what it shows, how it is checked and drawn, and its
versions.

Use cases (pages, the CLI and other services call these):
- ``versions``: sign a brief off, re-issue it after a withdrawal, list and fetch its versions,
  render and download them; each public function takes keyword-only ``session`` (and ``by``
  where staff act) and authorises the actor (engagement.permissions.SERVICE_RULES).
- ``evidence``: gathers what a brief shows from one frozen snapshot, every count through the
  disclosure gate (engagement/disclosure, below this package); runs inside ``versions``.

Pure (no database, no use case; the import-linter "pure rules" contract holds them to it):
- ``summary``: the plain-English summary whose every sentence cites what it rests on;
- ``document``: the brief as neutral blocks, ``charts`` its PNG charts, ``render`` the blocks as
  Markdown, HTML and PDF.
"""
