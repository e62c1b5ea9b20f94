r"""Markdown made from data, made inert: the data changelog (``diff --markdown``) and the
dataset card are Markdown that sites render, and their cells come from packages anyone may
write.

- :func:`cell` is a table cell's text: control characters go, line breaks become spaces, HTML
  is escaped (``<script>`` stays text, and so does an autolink ``<javascript:...>``), and what
  Markdown would read as a link, an image, code or an escape (``[ ] ` \``) is escaped, as is
  ``|``, which would end the cell.
- :func:`code` is a code span, whose content Markdown shows as it is (HTML in it is inert):
  its fence is longer than any run of backticks inside, and ``|`` is escaped only in a table,
  where it would end the cell even inside a span.
- :func:`link` makes a link only of an ``http``, ``https`` or ``mailto`` address.

>>> cell("<img src=x onerror=alert(1)> | [a](javascript:x)")
'&lt;img src=x onerror=alert(1)&gt; \\| \\[a\\](javascript:x)'
>>> code("a | b"), code("a | b", table=True), code("x`y")
('`a | b`', '`a \\| b`', '``x`y``')
>>> link("Home", "javascript:alert(1)"), link("Home", "https://example.org/a b")
('Home', '[Home](<https://example.org/a%20b>)')
"""

from __future__ import annotations

import re
from urllib.parse import quote

__all__ = ["cell", "code", "link"]

#: C0 and C1 controls and DEL, but tab, line feed and carriage return (made spaces below).
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BREAKS = re.compile(r"[\t\r\n\u2028\u2029]+")
_SPECIAL = re.compile(r"([\\`\[\]|])")
_LINKABLE = re.compile(r"(?i)(https?|mailto):")


def _plain(text: object) -> str:
    return _BREAKS.sub(" ", _CONTROLS.sub("", str(text)))


def cell(text: object) -> str:
    """``text`` as inert Markdown text for a table cell (or any inline position)."""
    plain = _plain(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", plain)


def code(text: object, *, table: bool = False) -> str:
    """``text`` as a code span; ``table`` escapes ``|`` for a table cell."""
    plain = _plain(text)
    longest = max((len(run) for run in re.findall(r"`+", plain)), default=0)
    fence = "`" * (longest + 1)
    if plain.startswith("`") or plain.endswith("`"):
        plain = f" {plain} "
    if table:
        plain = plain.replace("|", "\\|")
    return f"{fence}{plain}{fence}"


def link(text: object, url: object) -> str:
    """A Markdown link to ``url`` where it is an http(s) or mailto address, else the text."""
    address = _plain(url).strip()
    if not _LINKABLE.match(address):
        return cell(text)
    safe = quote(address, safe=":/?#[]@!$&'()*+,;=%~.-_")
    return f"[{cell(text)}](<{safe}>)"
