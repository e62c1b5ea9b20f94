"""Write datapackage/README.md, the dataset card of the repository's (full) edition.

Run: python scripts/make_card.py   (a test fails when the committed file is stale)
"""

from __future__ import annotations

import sys
from pathlib import Path

from medclusters import release

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "datapackage" / "README.md"


def main() -> None:
    TARGET.write_text(release.card(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
