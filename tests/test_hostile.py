"""Hostile packages: paths and links out of the package, zip-slip, zip bombs, over-large
files, and an HTTP server on 127.0.0.1 that misbehaves. An audit hook proves that nothing
outside the package is opened."""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import json
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

import medclusters as mc
from tests.helpers import package_entries, zip_of

_opened: list[str] | None = None


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _opened is not None and event == "open" and args and isinstance(args[0], str | Path):
        _opened.append(str(args[0]))


sys.addaudithook(_audit)  # process-wide and permanent; records only while a test asks


@pytest.fixture
def opened() -> Iterator[list[str]]:
    """Every path the process opens while the test runs."""
    global _opened
    _opened = []
    try:
        yield _opened
    finally:
        _opened = None


@pytest.fixture
def canary(tmp_path: Path) -> Path:
    """A file outside every package; no test may open it."""
    path = tmp_path / "outside" / "secret.csv"
    path.parent.mkdir()
    path.write_text("id\nsecret\n", encoding="utf-8")
    return path


def _point(package: Path, resource: str, path: str) -> None:
    descriptor_path = package / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    next(r for r in descriptor["resources"] if r["name"] == resource)["path"] = path
    descriptor_path.write_text(json.dumps(descriptor), encoding="utf-8")


@pytest.mark.parametrize("style", ["relative", "absolute", "symlink"])
def test_nothing_outside_the_package_is_read(
    style: str, package_copy: Path, canary: Path, opened: list[str]
) -> None:
    if style == "relative":
        _point(package_copy, "sources", "../outside/secret.csv")  # the canary, next door
        target = canary
    elif style == "absolute":
        _point(package_copy, "sources", str(canary))
        target = canary
    else:
        (package_copy / "data" / "sources.csv").unlink()
        (package_copy / "data" / "sources.csv").symlink_to(canary)
        target = canary
    with pytest.raises(mc.PackageError) as caught:
        mc.load(package_copy)
    assert caught.value.resource == "sources"
    assert str(target) not in opened
    assert not any(path.endswith("secret.csv") for path in opened)


def test_zip_slip_is_refused(tmp_path: Path, canary: Path, opened: list[str]) -> None:
    entries = package_entries()
    descriptor = json.loads(entries["p/datapackage.json"])
    descriptor["resources"][0]["path"] = "../../outside/secret.csv"
    descriptor["resources"][0].pop("hash")
    descriptor["resources"][0].pop("bytes")
    entries["p/datapackage.json"] = json.dumps(descriptor).encode()
    entries["outside/secret.csv"] = b"id\nsecret\n"  # a member outside the package folder
    path = tmp_path / "slip.zip"
    path.write_bytes(zip_of(entries))
    with pytest.raises(mc.PackageError, match="leaves the package folder"):
        mc.load(path)
    assert not any("secret" in p for p in opened)
    assert not (tmp_path.parent / "outside").exists()  # nothing was extracted anywhere


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    entries = package_entries(stamped=False)
    entries["p/data/statements.csv"] += b"\n" * (64 * 2**20)  # 64 MiB of newlines: ~64 KiB zipped
    path = tmp_path / "bomb.zip"
    path.write_bytes(zip_of(entries))
    assert path.stat().st_size < 2**20
    with pytest.raises(mc.PackageError, match="over the limit of 1,048,576") as caught:
        mc.load(path, max_bytes=2**20)
    assert caught.value.resource == "statements"


def test_a_lying_zip_header_cannot_inflate_past_the_limit(tmp_path: Path) -> None:
    """A member whose header claims a small size still stops at the limit when unpacked."""
    entries = package_entries()
    entries["p/data/statements.csv"] += b"x" * 3 * 2**20
    data = bytearray(zip_of(entries))
    name = b"p/data/statements.csv"
    true_size = len(entries["p/data/statements.csv"]).to_bytes(4, "little")
    for header in (b"PK\x03\x04", b"PK\x01\x02"):  # forge the size in both headers
        start = 0
        while (start := data.find(header, start)) != -1:
            size_at = start + (22 if header == b"PK\x03\x04" else 24)
            name_at = start + (30 if header == b"PK\x03\x04" else 46)
            if (
                data[name_at : name_at + len(name)] == name
                and data[size_at : size_at + 4] == true_size
            ):
                data[size_at : size_at + 4] = (1000).to_bytes(4, "little")
            start += 4
    path = tmp_path / "liar.zip"
    path.write_bytes(bytes(data))
    with pytest.raises(mc.PackageError) as caught:
        mc.load(path, max_bytes=2**20)
    assert caught.value.resource == "statements"


def test_an_over_large_file_is_refused_and_the_limit_can_be_raised(package_copy: Path) -> None:
    with pytest.raises(
        mc.PackageError, match=r"raise it with load\(\.\.\., limits=Limits\(max_bytes=\.\.\.\)\)"
    ):
        mc.load(package_copy, max_bytes=1000)
    assert len(mc.load(package_copy, max_bytes=10**6).clusters) == len(mc.load().clusters)


def test_a_zip_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "fake.zip"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(mc.PackageError, match="not a readable zip file"):
        mc.load(path)


# -- a misbehaving HTTP server -------------------------------------------------------------------


class _Misbehaving(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, Any]] = {}
    requested: ClassVar[list[str]] = []  # every path asked for, in order

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002  # base signature
        pass

    def do_GET(self) -> None:
        self.requested.append(self.path)
        route = self.routes.get(self.path)
        if route is None:
            self.send_error(404)
            return
        route(self)


def _send(body: bytes, length: int | None = None, delay: float = 0.0) -> Any:
    def respond(handler: http.server.BaseHTTPRequestHandler) -> None:
        time.sleep(delay)
        handler.send_response(200)
        if length is not None:
            handler.send_header("Content-Length", str(length))
        handler.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            handler.wfile.write(body)

    return respond


def _drip(body: bytes, interval: float, headers: bool = False) -> Any:
    """Send ``body`` a byte every ``interval`` seconds: every read is quick, the whole is not.
    With ``headers``, drip a header line instead, before any body."""

    def respond(handler: http.server.BaseHTTPRequestHandler) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError, OSError):
            handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
            if headers:
                handler.wfile.write(b"X-Slow: ")
                for _ in range(200):
                    handler.wfile.write(b"x")
                    handler.wfile.flush()
                    time.sleep(interval)
                handler.wfile.write(b"\r\n")
            handler.wfile.write(f"Content-Length: {len(body)}\r\n\r\n".encode())
            for byte in body:
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
                time.sleep(interval)

    return respond


def _redirect(location: str) -> Any:
    def respond(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return respond


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    folder = mc.bundled_path().parent
    zipped = zip_of(package_entries())
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    wrong = json.loads(json.dumps(descriptor))
    wrong["resources"][0]["hash"] = "sha256:" + hashlib.sha256(b"other").hexdigest()
    local = json.loads(json.dumps(descriptor))
    local["resources"][0]["path"] = "file:///etc/passwd"
    absolute = json.loads(json.dumps(descriptor))
    absolute["resources"][0]["path"] = "/etc/passwd"
    routes: dict[str, Any] = {
        "/ok.zip": _send(zipped, len(zipped)),
        "/slow.zip": _send(zipped, len(zipped), delay=3.0),
        "/short.zip": _send(zipped[: len(zipped) // 2], len(zipped)),
        "/big.zip": _send(b"", 10**12),
        "/endless.zip": _send(b"PK\x03\x04" + b"x" * (3 * 2**20)),
        "/to-file.zip": _redirect("file:///etc/passwd"),
        "/to-ftp.zip": _redirect("ftp://127.0.0.1/x.zip"),
        "/to-ok.zip": _redirect("/ok.zip"),
        "/drip.zip": _drip(zipped[:200], 0.05),
        "/drip-headers.zip": _drip(zipped, 0.05, headers=True),
        "/loop.zip": _redirect("/loop.zip"),
        "/wrong/datapackage.json": _send(json.dumps(wrong).encode()),
        "/local/datapackage.json": _send(json.dumps(local).encode()),
        "/absolute/datapackage.json": _send(json.dumps(absolute).encode()),
    }
    for prefix in ("/wrong/", "/local/", "/absolute/"):
        for path in (folder / "data").iterdir():
            routes[f"{prefix}data/{path.name}"] = _send(path.read_bytes())
    _Misbehaving.routes = routes
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Misbehaving)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_good_download_and_an_http_redirect_load(server: str) -> None:
    assert len(mc.load(f"{server}/ok.zip").clusters) == len(mc.load().clusters)
    assert len(mc.load(f"{server}/to-ok.zip").clusters) == len(mc.load().clusters)


@pytest.mark.parametrize(
    ("path", "options", "message"),
    [
        ("/slow.zip", {"timeout": 0.5}, "timed out"),
        ("/short.zip", {}, "cannot read|sent .* bytes of the"),
        ("/big.zip", {"max_bytes": 2**20}, "over the limit"),
        ("/endless.zip", {"max_bytes": 2**20}, "more than 1,048,576 bytes"),
        ("/to-file.zip", {}, "file:///etc/passwd' is not allowed|which is not http"),
        ("/to-ftp.zip", {}, "not http"),
        ("/wrong/datapackage.json", {}, "sha256 is .* where the descriptor declares"),
        ("/local/datapackage.json", {}, "absolute paths and URLs are refused"),
        ("/absolute/datapackage.json", {}, "absolute paths and URLs are refused"),
        ("/missing.zip", {}, "404"),
        ("/drip.zip", {"timeout": 1, "deadline": 1}, "took more than 1 seconds"),
        ("/drip-headers.zip", {"timeout": 1, "deadline": 1}, "took more than 1 seconds"),
        ("/loop.zip", {}, "redirect"),
    ],
)
def test_misbehaving_servers_are_refused(
    server: str, path: str, options: dict[str, Any], message: str, opened: list[str]
) -> None:
    started = time.perf_counter()
    with pytest.raises(mc.PackageError, match=message):
        mc.load(server + path, **options)
    assert time.perf_counter() - started < 2.5  # the timeout holds; nothing hangs
    assert "/etc/passwd" not in opened


@pytest.mark.parametrize(
    "path",
    [
        "%2e%2e/secret.csv",
        "..%2fsecret.csv",
        "data/%2E%2E/%2E%2E/secret.csv",
        "data/..\\..\\secret.csv",
        "data/\u2024\u2024/secret.csv",
        "data%00/x.csv",
    ],
)
def test_escaped_paths_are_refused_before_any_request(server: str, path: str) -> None:
    """The server would resolve escapes above the package; they never reach it."""
    folder = mc.bundled_path().parent
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][0]["path"] = path
    _Misbehaving.routes["/escape/datapackage.json"] = _send(json.dumps(descriptor).encode())
    _Misbehaving.requested.clear()
    with pytest.raises(mc.PackageError, match="path") as caught:
        mc.load(f"{server}/escape/datapackage.json")
    assert caught.value.resource == descriptor["resources"][0]["name"]
    assert _Misbehaving.requested == ["/escape/datapackage.json"]


@pytest.mark.parametrize("key", ["path", "schema", "dialect", "profile"])
def test_validate_on_a_folder_requests_nothing(package_copy: Path, server: str, key: str) -> None:
    """A local descriptor naming URLs: validate() reports it and fetches nothing."""
    descriptor_path = package_copy / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    resource = descriptor["resources"][0]
    resource[key] = f"{server}/ssrf/{key}"
    descriptor_path.write_text(json.dumps(descriptor), encoding="utf-8")
    _Misbehaving.requested.clear()
    report = mc.validate(package_copy)
    assert not report.valid
    assert _Misbehaving.requested == []
    with pytest.raises(mc.PackageError):
        mc.load(package_copy)
    assert _Misbehaving.requested == []
