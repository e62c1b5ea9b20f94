"""Generated documentation stays current (the data dictionary, the pictures), the site builds
without a warning and works offline, and the pictures' labels do not overlap."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType

import pytest

import medclusters as mc
from tests.fixtures.browser import Browser
from tests.helpers import SCREENSHOTS, serving

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
#: The width GitHub gives a README's images, in CSS pixels, and the smallest text that stays
#: readable there.
README_WIDTH, READABLE_PX = 830, 10.0
#: Helvetica's advance widths (Adobe's AFM, thousandths of an em) for printable ASCII; Arial
#: and Liberation Sans, which browsers use for it, share them. Other characters count as 0.556.
_HELVETICA = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
    "abcdefghijklmnopqrstuvwxyz{|}~",
    [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278]
    + [556] * 10
    + [278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500,
       667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278,
       278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222,
       833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334,
       584],
    strict=True,
))  # fmt: skip


def _script(name: str) -> ModuleType:
    if str(ROOT / "scripts") not in sys.path:  # the scripts import their shared helpers
        sys.path.insert(0, str(ROOT / "scripts"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_data_dictionary_is_current() -> None:
    """Fails when datapackage.json changed: run python scripts/make_dictionary.py."""
    descriptor = json.loads((ROOT / "datapackage" / "datapackage.json").read_text("utf-8"))
    expected = _script("make_dictionary").render(descriptor)
    assert (ROOT / "docs" / "dictionary.md").read_text(encoding="utf-8") == expected


def test_data_dictionary_lists_every_field() -> None:
    text = (ROOT / "docs" / "dictionary.md").read_text(encoding="utf-8")
    for record_type in mc.RECORD_TYPES.values():
        for field in record_type.__attrs_attrs__:  # type: ignore[attr-defined]
            assert f"| `{field.name}` |" in text


def test_network_picture_is_current() -> None:
    """Fails when the data changed: run python scripts/make_network_svg.py (needs Graphviz).
    The picture carries the hash of the DOT text Graphviz drew it from; the text is rebuilt
    here from the data, without Graphviz, whose output differs between versions."""
    script = _script("make_network_svg")
    source = script.dot_source(mc.load().collaboration_graph(), mc.load().relationships)
    lines = (ROOT / "docs" / "network.svg").read_text(encoding="utf-8").splitlines()
    assert lines[1] == script.stamp(source)


def test_network_picture_shows_the_datasets_nodes_and_links() -> None:
    """The picture draws what ties clusters together: every link between two clusters, every
    programme of two or more clusters, every relationship, and each cluster they touch."""
    ds = mc.load()
    graph = ds.collaboration_graph()
    clusters = {f"cluster/{c.id}" for c in ds.clusters}
    links = {f"{e.source}--{e.target}" for e in graph.edges
             if e.source in clusters and e.target in clusters}  # fmt: skip
    shared = {f"programme/{h.programme.id}": [m for m in h.members if m in clusters]
              for h in graph.hyperedges}  # fmt: skip
    shared = {key: members for key, members in shared.items() if len(members) >= 2}
    links |= {f"{member}--{key}" for key, members in shared.items() for member in members}
    links |= {f"cluster/{r.cluster_id}--cluster/{r.related_cluster_id}" for r in ds.relationships}
    ends = {end for link in links for end in link.split("--")}
    root = ET.parse(ROOT / "docs" / "network.svg").getroot()
    assert _titles(root, "node") == ends
    assert _titles(root, "edge") == links
    assert {"cluster/welfare-tech", "cluster/danish-life-science-cluster"} <= ends


def test_the_data_licence_is_current() -> None:
    """Fails when the sources or the version changed: run python scripts/make_licence.py."""
    licence = (ROOT / "datapackage" / "LICENSE").read_text(encoding="utf-8")
    assert licence == _script("make_licence").render()
    assert f"version {mc.DATA_VERSION}" in licence
    assert "quoted" not in licence  # descriptions are the editors' words


def test_the_readme_counts_are_the_datas() -> None:
    ds = mc.load()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    countries = len({c.country for c in ds.clusters})
    assert f"**{len(ds.clusters)} cluster organisations in {countries} countries**" in readme
    assert f"from {len(ds.sources)} public\nsources" in readme
    assert f"{len(ds.leads)} organisations are kept as leads" in readme
    assert f"their {len(ds.organisations)} organisations are" in readme
    assert f"{len(mc.RECORD_TYPES)} CSV tables" in readme


def test_coverage_page_and_map_are_current() -> None:
    """Fails when the data changed: run python scripts/make_map_svg.py and
    scripts/make_coverage.py."""
    coverage = _script("make_coverage").render()
    assert (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8") == coverage
    script = _script("make_map_svg")
    basemap = json.loads(script.BASEMAP.read_text(encoding="utf-8"))
    drawn = script.render(mc.load(), basemap)
    for target in script.TARGETS:
        assert target.read_text(encoding="utf-8") == drawn


def test_the_map_places_every_cluster_with_coordinates() -> None:
    """One marker per place, each holding the clusters at that place in its title; every
    cluster with coordinates is in one, and none without."""
    ds = mc.load()
    root = ET.parse(ROOT / "docs" / "map.svg").getroot()
    titles = [circle.findtext(f"{SVG}title") or "" for circle in root.iter(f"{SVG}circle")]
    markers = [t for t in titles if t]
    placed = [c for c in ds.clusters if c.latitude is not None]
    assert sum(t.count(";") + 1 for t in markers) == len(placed)
    for cluster in placed:
        assert any(cluster.name in t for t in markers), cluster.id
    assert "Natural Earth" in (ROOT / "docs" / "map.svg").read_text(encoding="utf-8")


def test_data_model_picture_is_current() -> None:
    """Fails when datapackage.json changed: run python scripts/make_data_model_svg.py."""
    script = _script("make_data_model_svg")
    descriptor = json.loads((ROOT / "datapackage" / "datapackage.json").read_text("utf-8"))
    lines = (ROOT / "docs" / "data-model.svg").read_text(encoding="utf-8").splitlines()
    assert lines[1] == script.stamp(script.dot_source(descriptor))
    root = ET.parse(ROOT / "docs" / "data-model.svg").getroot()
    assert _titles(root, "node") == {resource["name"] for resource in descriptor["resources"]}
    drawn = {f"{a}->{b}" for a, _, b in script.foreign_keys(descriptor)}
    assert _titles(root, "edge") == drawn
    assert ("collaborations", ("partner_cluster_id",), "clusters") in script.foreign_keys(
        descriptor
    )


def test_architecture_picture_is_current() -> None:
    """Fails when an import between parts changed: run python scripts/make_architecture_svg.py.
    The picture draws every part (each subpackage, each module at the top) and the arrows
    between parts that no longer path implies."""
    script = _script("make_architecture_svg")
    lines = (ROOT / "docs" / "architecture.svg").read_text(encoding="utf-8").splitlines()
    assert lines[1] == script.stamp(script.dot_source())
    root = ET.parse(ROOT / "docs" / "architecture.svg").getroot()
    graph = script.reduced(script.units())
    assert _titles(root, "node") == set(graph)
    assert _titles(root, "edge") == {f"{a}->{b}" for a, targets in graph.items() for b in targets}
    assert {"io", "index", "publish", "loader", "countries"} <= set(graph)


def test_the_reduction_keeps_only_arrows_no_path_implies() -> None:
    script = _script("make_architecture_svg")
    graph = {"cli": {"package", "loader"}, "package": {"loader"}, "loader": set()}
    assert script.reduced(graph) == {"cli": {"package"}, "package": {"loader"}, "loader": set()}


def _titles(root: ET.Element, kind: str) -> set[str]:
    """The ``<title>`` of every Graphviz node or edge group of an SVG."""
    return {
        "".join(group.find(f"{SVG}title").itertext())  # type: ignore[union-attr]
        for group in root.iter(f"{SVG}g")
        if group.get("class") == kind
    }


def _text_boxes(root: ET.Element) -> list[tuple[str, float, float, float, float]]:
    """(text, left, top, right, bottom) of every text, in viewBox units, its width from
    Helvetica's metrics with 8 % to spare for bold (the browser test measures real glyphs)."""
    translate = re.search(r"translate\(([-\d.]+)[ ,]([-\d.]+)\)", root[0].get("transform", ""))
    dx, dy = (float(translate[1]), float(translate[2])) if translate else (0.0, 0.0)
    boxes = []
    for element in root.iter(f"{SVG}text"):
        text = "".join(element.itertext())
        size = float(element.get("font-size", "14"))
        width = 1.08 * size * sum(_HELVETICA.get(c, 556) for c in text) / 1000
        x, y = float(element.get("x", 0)) + dx, float(element.get("y", 0)) + dy
        anchor = element.get("text-anchor", "start")
        left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
        boxes.append((text, left, y - 0.75 * size, left + width, y + 0.25 * size))
    return boxes


def _overlaps(boxes: list[tuple[str, float, float, float, float]]) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes overlap: by more than half a unit across, and by more than a
    tenth of the lower box's height up and down (a browser's box of a line reaches from the
    font's ascent to its descent, so the lines of one label, set 1.07 em apart by Graphviz,
    touch by a fraction of a pixel without their glyphs meeting)."""
    found = []
    for number, (text, left, top, right, bottom) in enumerate(boxes):
        for other, left2, top2, right2, bottom2 in boxes[number + 1 :]:
            across = min(right, right2) - max(left, left2)
            down = min(bottom, bottom2) - max(top, top2)
            if across > 0.5 and down > 0.1 * min(bottom - top, bottom2 - top2):
                found.append((text, other))
    return found


@pytest.mark.parametrize("name", ["network.svg", "data-model.svg", "architecture.svg"])
def test_picture_labels_do_not_overlap_and_fit(name: str) -> None:
    root = ET.parse(ROOT / "docs" / name).getroot()
    boxes = _text_boxes(root)
    assert len(boxes) > 20
    assert _overlaps(boxes) == []
    _, _, width, height = map(float, root.get("viewBox", "").split())
    outside = [b[0] for b in boxes if b[1] < 0 or b[2] < 0 or b[3] > width or b[4] > height]
    assert outside == []
    smallest = min(float(e.get("font-size", "14")) for e in root.iter(f"{SVG}text"))
    assert smallest * README_WIDTH / width >= READABLE_PX, "too small at the README's width"


def test_overlap_check_finds_overlaps() -> None:
    boxes = [("a", 0.0, 0.0, 10.0, 10.0), ("b", 5.0, 5.0, 15.0, 15.0), ("c", 11.0, 0, 20, 4)]
    assert _overlaps(boxes) == [("a", "b")]


@pytest.mark.slow
def test_reliability_page_is_current() -> None:
    """Fails when an error message or the corpus changed: run scripts/make_reliability.py."""
    script = _script("make_reliability")
    expected = script.render(script.outcomes())
    assert (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8") == expected


def test_dataset_card_is_current() -> None:
    """Fails when the data changed: run python scripts/make_card.py."""
    from medclusters import release

    card = (ROOT / "datapackage" / "README.md").read_text(encoding="utf-8")
    assert card == release.card()
    assert "contacts" in card  # the full edition's card
    assert "| `kv-teklic-2024` | Teklić (teklic.hr) |" in card  # every source, with publisher


def test_public_card_leaves_out_contacts() -> None:
    from medclusters import release

    card = release.card(public=True, copies=("SQLite", "Parquet"))
    assert "`contacts`" not in card.split("## Personal data")[0]
    assert "public edition" in card
    assert "medclusters.sqlite" in card
    assert "parquet/" in card


# -- the documentation site ------------------------------------------------------------------


def _mkdocs(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip


def _warnings(output: str) -> list[str]:
    return [line for line in output.splitlines() if re.match(r"\s*(WARNING|ERROR)\b", line)]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documentation site, built as ``make docs`` builds it; fails on any warning."""
    target = tmp_path_factory.mktemp("site")
    result = _mkdocs(ROOT, target)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert _warnings(output) == [], output
    assert "Documentation built" in output
    return target


def test_docs_build_prints_no_warning(site: Path) -> None:
    assert (site / "index.html").is_file()
    assert (site / "data-model" / "index.html").is_file()


def test_the_api_page_documents_every_public_method_of_the_dataset(site: Path) -> None:
    """The Dataset's methods live in three classes (lookups, registry, exports): the page
    shows the inherited ones too, and not ``Tables.deferred``, the loader's own."""
    page = (site / "api" / "index.html").read_text(encoding="utf-8")
    public = [
        name
        for name in dir(mc.Dataset)
        if not name.startswith("_") and callable(getattr(mc.Dataset, name)) and name != "deferred"
    ]
    assert len(public) >= 40
    missing = [name for name in public if f'id="medclusters.dataset.Dataset.{name}"' not in page]
    assert missing == []
    assert 'id="medclusters.dataset.Dataset.deferred"' not in page


def test_warnings_are_seen(tmp_path: Path) -> None:
    """The check above can fail: a broken link is a warning (and, strict, an error)."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nSee [this](missing.md).\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nstrict: true\n")
    result = _mkdocs(tmp_path, tmp_path / "site")
    assert result.returncode != 0
    assert any("missing.md" in line for line in _warnings(result.stdout + result.stderr))


#: Elements and attributes through which a page loads something (links to follow are fine).
_LOADS = {
    "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"),
    "iframe": ("src",), "embed": ("src",), "object": ("data",), "video": ("src", "poster"),
    "audio": ("src",), "track": ("src",), "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"), "input": ("src",),
}  # fmt: skip
_LINK_LOADS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest",
               "apple-touch-icon", "shortcut"}  # fmt: skip
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")


def _external(url: str) -> bool:
    url = url.strip()
    return bool(re.match(r"(?i)([a-z][a-z0-9+.-]*:)?//", url)) and not re.match(
        r"(?i)(https?:)?//(127\.0\.0\.1|localhost)[:/]", url
    )


class _Loads(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        urls = [values[a] for a in _LOADS.get(tag, ()) if a in values]
        if tag == "link" and set(values.get("rel", "").lower().split()) & _LINK_LOADS:
            urls.append(values.get("href", ""))
        urls += [m[0] or m[1] for m in _CSS_URL.findall(values.get("style", ""))]
        for url in urls:
            candidates = [part.split()[0] for part in url.split(",") if part.strip()]
            self.found += [f"<{tag}> {c}" for c in candidates if _external(c)]


def external_loads(folder: Path) -> list[str]:
    """Every script, style, font, image or frame a built site loads from another host."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.suffix in {".html", ".svg"}:
            parser = _Loads()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            found += [f"{path.relative_to(folder)}: {item}" for item in parser.found]
        if path.suffix in {".html", ".css"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            if path.suffix == ".html":  # only inside <style> elements
                text = " ".join(re.findall(r"(?is)<style[^>]*>(.*?)</style>", text))
            for match in _CSS_URL.findall(text):
                url = match[0] or match[1]
                if _external(url):
                    found.append(f"{path.relative_to(folder)}: css {url}")
    return found


def test_site_loads_nothing_from_another_host(site: Path) -> None:
    assert external_loads(site) == []
    text = (site / "data-model" / "index.html").read_text(encoding="utf-8")
    assert "erDiagram" not in text
    assert 'src="../data-model.svg"' in text


def test_the_scan_finds_external_loads(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        '<script src="https://cdn.example/x.js"></script><link rel="stylesheet" '
        'href="//fonts.example/f.css"><a href="https://example.org/">fine</a>'
        '<img srcset="/local.png 1x, https://img.example/i.png 2x">'
        '<style>@font-face { src: url("https://fonts.example/f.woff2") }</style>'
        '<script src="js/local.js"></script><img src="http://127.0.0.1:8000/i.png">'
    )
    (tmp_path / "s.css").write_text("@import 'https://example.org/more.css';")
    assert [item.split(": ", 1)[1] for item in external_loads(tmp_path)] == [
        "<script> https://cdn.example/x.js",
        "<link> //fonts.example/f.css",
        "<img> https://img.example/i.png",
        "css https://fonts.example/f.woff2",
        "css https://example.org/more.css",
    ]


@pytest.fixture(scope="module")
def served_site(site: Path) -> Iterator[str]:
    """The built site on a free loopback port."""
    with serving(site) as url:
        yield url


_TABLES = """[...document.querySelectorAll('.rst-content table')].map(t => {
  const column = document.querySelector('.rst-content').getBoundingClientRect();
  const box = t.getBoundingClientRect();
  return {left: box.left - column.left, right: column.right - box.right,
          cut: t.scrollWidth > t.clientWidth + 1 && getComputedStyle(t).overflowX === 'visible'};
})"""


def test_site_works_offline_in_a_browser(browser: Browser, served_site: str, site: Path) -> None:
    """Chromium, with every host but 127.0.0.1 unresolvable, shows the data model as a
    picture and every table inside its column at 1280 px."""
    page = browser.page(1280, 900)
    try:
        page.open(f"{served_site}/data-model/")
        assert [url for url in page.requests() if not url.startswith(served_site)] == []
        assert page.failed() == []
        images = page.evaluate("[...document.images].map(i => [i.src, i.naturalWidth])")
        assert [url for url, width in images if width == 0] == []
        assert any(url.endswith("/data-model.svg") for url, _ in images)
        assert "erDiagram" not in page.evaluate("document.body.innerText")
        page.screenshot(SCREENSHOTS / "docs-data-model.png")
        pages = sorted(p.parent.relative_to(site).as_posix() + "/"
                       for p in site.glob("*/index.html") if p.parent.name != "search")  # fmt: skip
        assert {"dictionary/", "lookups/", "publishing/", "serve/"} <= set(pages)
        wide = 0
        for path in pages:
            page.open(f"{served_site}/{path}")
            tables = page.evaluate(_TABLES)
            assert [t for t in tables if t["left"] < -1 or t["right"] < -1 or t["cut"]] == [], path
            wide += len(tables)
            if path == "publishing/":
                page.screenshot(SCREENSHOTS / "docs-publishing.png")
        assert wide > 30
        page.open(f"{served_site}/")
        assert page.evaluate("document.querySelector('img[src$=\"network.svg\"]').naturalWidth") > 0
        page.screenshot(SCREENSHOTS / "docs-home.png")
    finally:
        page.close()


_TEXT_BOXES = """(() => {
  const svg = document.documentElement.getBoundingClientRect();
  const boxes = [...document.querySelectorAll('text')].map(t => {
    const r = t.getBoundingClientRect();
    return [t.textContent, r.left, r.top, r.right, r.bottom];
  });
  return {svg: [svg.left, svg.top, svg.right, svg.bottom], boxes: boxes};
})()"""


@pytest.mark.parametrize("name", ["network.svg", "data-model.svg", "architecture.svg"])
def test_picture_labels_in_a_browser(browser: Browser, served_site: str, name: str) -> None:
    """The real glyphs' boxes, as Chromium draws them, neither overlap nor leave the picture."""
    page = browser.page(1280, 900)
    try:
        page.open(f"{served_site}/{name}")
        found = page.evaluate(_TEXT_BOXES)
    finally:
        page.close()
    boxes = [tuple(box) for box in found["boxes"]]
    assert len(boxes) > 20
    assert _overlaps(boxes) == []
    left, top, right, bottom = found["svg"]
    assert [b[0] for b in boxes if b[1] < left or b[2] < top or b[3] > right or b[4] > bottom] == []
