"""What the command line prints: text from a package made harmless to a terminal, JSON,
plurals, wrapped items, and the one-line errors."""

from __future__ import annotations

import json
import sys
import unicodedata

# -- output that a hostile package cannot turn into terminal commands ----------------------------


#: What a package's text may not send to a terminal raw: control, format (bidirectional),
#: line and paragraph separator, surrogate and private-use characters.
_HIDDEN = frozenset(("Cc", "Cf", "Zl", "Zp", "Cs", "Co"))


def _safe(text: str, keep: str = "\n\t") -> str:
    """``text`` with hidden characters (but those in ``keep``) written as JSON escapes
    (``\\u001b``; a pair of surrogates past U+FFFF), so a package cannot move the cursor,
    ring the bell or reverse what the terminal shows, and JSON readers decode them back."""
    visible = text
    for char in keep:
        visible = visible.replace(char, "")
    if visible.isprintable():
        return text
    return "".join(
        json.dumps(char)[1:-1]
        if char not in keep and unicodedata.category(char) in _HIDDEN
        else char
        for char in text
    )


def _say(text: object = "") -> None:
    print(_safe(str(text)))


def _print_json(value: object) -> None:
    """JSON on standard output; what JSON leaves raw (DEL and C1 controls, bidirectional
    marks and other format characters) is escaped too. The only raw control left is the
    indentation's line feed."""
    print(_safe(json.dumps(value, ensure_ascii=False, indent=2), keep="\n"))


def _plural(count: int, noun: str, plural: str | None = None) -> str:
    """``1 partner``, ``2 partners``."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def _item(label: str, text: str) -> None:
    """``label: text``, wrapped to the terminal's width with a hanging indent."""
    import shutil  # for the two commands that wrap text; textwrap too
    import textwrap

    width = min(shutil.get_terminal_size((100, 24)).columns, 100)
    _say(textwrap.fill(f"{label}: {text}", width, initial_indent="  ", subsequent_indent="    "))


def _fail(message: object, code: int) -> int:
    print(f"error: {_safe(str(message))}", file=sys.stderr)
    return code


class _UsageError(Exception):
    """A command line that cannot be run as given (exit 2)."""
