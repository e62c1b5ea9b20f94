"""What the picture scripts share: drawing DOT text with Graphviz, and the stamp that ties a
committed SVG to the DOT text it was drawn from (a test recomputes the text from the data and
compares the hash, so CI needs no Graphviz)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys

STAMP = "<!-- medclusters {picture}, drawn from DOT text of sha256 {digest} -->"


def stamp(source: str, picture: str) -> str:
    """The comment that ties ``picture`` to the DOT text it was drawn from."""
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()
    return STAMP.format(picture=picture, digest=digest)


def render(source: str, picture: str, engine: str = "dot") -> str:
    """The SVG Graphviz draws from ``source``, stamped after its XML declaration (Graphviz's
    own comment, next, names its version)."""
    executable = shutil.which(engine)
    if executable is None:
        sys.exit(f"error: Graphviz's {engine} is not installed (apt-get install graphviz)")
    result = subprocess.run(
        [executable, "-Tsvg"], input=source, capture_output=True, text=True, check=False
    )
    if result.returncode != 0 or result.stderr.strip():
        sys.exit(f"error: {engine} failed: {result.stderr.strip()}")
    head, _, rest = result.stdout.partition("\n")
    return f"{head}\n{stamp(source, picture)}\n{rest}"
