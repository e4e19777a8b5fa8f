"""The governance brief as Markdown, HTML and PDF (from the data of a signed-off brief)."""
