"""How a topic template is written: its briefing ends with one shared section on what happens
with the answers, and is stored with one line per paragraph."""

from __future__ import annotations

from engagement.templates import DialogueTemplate

ANSWERS_SECTION = """\
## What happens with your answers

Your votes, positions, statements and reflection go into a report for the organisation's
governance board, without your name. The board reads the report before it decides. This
dialogue informs the decision; it is not a vote that settles it. Results are only shown for
groups large enough that no one can be singled out. Afterwards the board will explain what it
decided and why. You can withdraw at any time using your resume code, and your answers will be
deleted."""


def unwrap(markdown: str) -> str:
    """Join the hard-wrapped lines of each paragraph or list item (kept short for the source
    file) so the stored Markdown has one line per paragraph and per item."""
    blocks = []
    for block in markdown.strip().split("\n\n"):
        lines: list[str] = []
        for raw in block.splitlines():
            line = raw.strip()
            if lines and not line.startswith(("- ", "#")) and not lines[-1].startswith("#"):
                lines[-1] += " " + line
            else:
                lines.append(line)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def topic_template(*, briefing: str, seed_statements: tuple[str, ...],
                   **fields: str) -> DialogueTemplate:
    """A topic's template: its briefing followed by the shared section, unwrapped."""
    return DialogueTemplate(briefing=unwrap(briefing + "\n\n" + ANSWERS_SECTION),
                            seed_statements=seed_statements, **fields)
