"""The built wheel carries the data package and loads it without the source checkout."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import medclusters as mc

# Builds the wheel and the sdist: run by make check and CI, not by make test.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("medclusters-*.whl")
    return built


def test_wheel_contains_the_data_package(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    descriptor = json.loads((ROOT / "datapackage" / "datapackage.json").read_text("utf-8"))
    expected = {
        "medclusters/_data/datapackage.json",
        "medclusters/_data/README.md",
        "medclusters/_data/LICENSE",
        "medclusters/py.typed",
        "medclusters/countries/country_index.json",
        "medclusters/countries/country_aliases.csv",
        "medclusters/loader/bundled.tables",
    }
    expected |= {f"medclusters/_data/{r['path']}" for r in descriptor["resources"]}
    assert expected <= names


def test_the_readme_names_the_wheel_build_makes(wheel: Path) -> None:
    """medclusters is not on PyPI: the README's install lines name the files build writes."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"pip install dist/{wheel.name} " in readme
    assert f"'dist/{wheel.name}[pandas,parquet]'" in readme


def test_installed_wheel_loads_its_bundled_copy(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import medclusters as mc; ds = mc.load(); "
        "print(mc.bundled_path()); print(len(ds.clusters)); print(mc.validate().valid); "
        "print(mc.country('Łotwa').alpha_2); "
        "from medclusters.loader.prebuilt import load_prebuilt; "
        "print(load_prebuilt(mc.bundled_path()) is not None)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
    )
    path, clusters, valid, latvia, prebuilt = result.stdout.split()
    assert Path(path).is_relative_to(target)
    assert (clusters, valid, latvia) == (str(len(mc.load().clusters)), "True", "LV")
    assert prebuilt == "True"  # the installed copy's files are those the tables were built from


def _files(sdist: Path) -> list[str]:
    import tarfile

    with tarfile.open(sdist) as archive:
        return [member.name for member in archive.getmembers() if member.isfile()]


def test_the_sdist_holds_every_tracked_file(tmp_path: Path) -> None:
    """What `make test` needs in an unpacked sdist: every file git tracks (benchmarks,
    scripts, docs, mkdocs.yml, the Makefile, .ci ...), so that the sdist tests itself; and
    nothing git does not track (caches, local files)."""
    import shutil
    import tarfile

    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout (an unpacked sdist): nothing to compare with")
    tracked = subprocess.run(
        [git, "-C", str(ROOT), "ls-files", "-z"], check=True, capture_output=True
    ).stdout.decode("utf-8")
    expected = {name for name in tracked.split("\0") if name}
    command = [sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir"]
    subprocess.run(
        [*command, str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (sdist,) = tmp_path.glob("medclusters-*.tar.gz")
    with tarfile.open(sdist) as archive:
        top = archive.getnames()[0].split("/")[0]
        members = {name.removeprefix(top + "/") for name in archive.getnames()}
    for needed in ("Makefile", "mkdocs.yml", ".ci/run", "pyproject.toml"):
        assert needed in expected
    assert any(name.startswith("benchmarks/") for name in expected)
    assert any(name.startswith("scripts/") for name in expected)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"pip install dist/{sdist.name} " in readme  # the README's install line is true
    missing = sorted(expected - members)
    assert not missing, f"{len(missing)} tracked files are not in the sdist: {missing[:10]}"
    files = {m.removeprefix(top + "/") for m in _files(sdist)}
    stray = sorted(files - expected - {"PKG-INFO"})
    assert not stray, f"files git does not track are in the sdist: {stray[:10]}"
