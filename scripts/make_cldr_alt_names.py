"""Write scripts/data/cldr-alt-territories.json: Unicode CLDR's alternative territory names
(``-alt-short``, ``-alt-variant``, ``-alt-biot``, ``-alt-chagos``: "UK", "Czech Republic",
"Congo (DRC)", "Swaziland"...) in every language the country index knows.

babel, which the index reads CLDR's names through, drops the alternative forms when it
compiles its locale data; the official CLDR JSON release has them. This script reads them
from the ``cldr-localenames-full`` package of the CLDR version babel's data comes from, so
that the two agree. Run once per CLDR update, not in the tests (they need no network):

    npm pack cldr-localenames-full@47.0.0
    python scripts/make_cldr_alt_names.py cldr-localenames-full-47.0.0.tgz

The tarball must have the integrity the npm registry gives for that version (checked here).
Then recompile the index: ``python -m medclusters.countries._build``. CLDR's data are under the
Unicode License v3 (https://www.unicode.org/license.txt).
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "scripts" / "data" / "cldr-alt-territories.json"
PACKAGE = "cldr-localenames-full"
VERSION = "47.0.0"
#: `npm view cldr-localenames-full@47.0.0 dist.integrity`
INTEGRITY = (
    "sha512-5ztTX7z4V3+YhMe3GuboSslWfKhaipcypyvc0VEsgERlN3mR3gXjkFtxtOSl1"
    "wixmhKI2giXGPt6JEit7uvAgQ=="
)


def main(tarball: Path) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from medclusters.countries._names import LANGUAGES

    data = tarball.read_bytes()
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if integrity != INTEGRITY:
        raise SystemExit(f"{tarball}: integrity {integrity} is not {PACKAGE}@{VERSION}'s")
    names: dict[str, dict[str, list[str]]] = {}
    with tarfile.open(tarball) as archive:
        manifest = json.load(archive.extractfile("package/package.json"))  # type: ignore[arg-type]
        if manifest["version"] != VERSION:
            raise SystemExit(f"{tarball} holds version {manifest['version']}, not {VERSION}")
        for language in LANGUAGES:
            member = archive.extractfile(f"package/main/{language}/territories.json")
            territories = json.load(member)["main"][language]["localeDisplayNames"]  # type: ignore[arg-type]
            for code_alt, text in sorted(territories["territories"].items()):
                code, alt, _kind = code_alt.partition("-alt-")
                if alt:
                    names.setdefault(language, {}).setdefault(code, []).append(text)
    out = {
        "source": f"{PACKAGE}@{VERSION} (Unicode CLDR, the JSON release)",
        "cldr": VERSION.split(".")[0],
        "integrity": INTEGRITY,
        "licence": "Unicode License v3, https://www.unicode.org/license.txt",
        "names": names,
    }
    text = json.dumps(out, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
    TARGET.write_text(text, encoding="utf-8")
    count = sum(len(v) for codes in names.values() for v in codes.values())
    print(f"wrote {TARGET}: {count} alternative names in {len(names)} languages", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]))
