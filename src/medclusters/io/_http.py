"""Downloads for the readers: http(s) only, redirects that stay on http(s), a cap on the
bytes, a timeout on each read and a deadline on the whole exchange.

The deadline is kept by a watchdog that shuts the connection's socket when it passes, so a
server that drips its headers or body a byte at a time, each within ``timeout``, is cut off
all the same. Imported on the first URL read: urllib.request (with http.client and email)
costs more to import than the rest of the library.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from typing import Any

from medclusters.errors import PackageError

__all__ = ["fetch"]

_CHUNK = 64 * 1024
_MAX_REDIRECTS = 5


class _Sockets:
    """The sockets one download opened (one per redirect), to shut at the deadline."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        self.expired = False

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            self._open.append(sock)
            if self.expired:
                self._shut(sock)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._open:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)  # wakes a read blocked in another thread


def fetch(
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    deadline: float,
    resource: str | None = None,
) -> bytes:
    """GET ``url``: at most ``max_bytes``, ``timeout`` seconds for any one read and
    ``deadline`` seconds for the whole exchange (connection, redirects, headers and body);
    redirects must stay on http(s)."""
    import urllib.parse

    if urllib.parse.urlsplit(url).scheme.lower() not in ("http", "https"):
        raise PackageError(f"only http and https URLs are read, not {url!r}", resource=resource)
    sockets = _Sockets()
    opener = _opener(sockets)
    watchdog = threading.Timer(deadline, sockets.expire)
    watchdog.daemon = True
    late = PackageError(
        f"{url} took more than {deadline:g} seconds to download (the deadline of one "
        "download; raise it with load(..., deadline=...))",
        resource=resource,
    )
    chunks: list[bytes] = []
    received = 0
    declared: str | None = None
    watchdog.start()
    try:
        with opener.open(url, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared is not None and declared.isdigit() and int(declared) > max_bytes:
                raise PackageError(
                    f"{url} is {int(declared):,} bytes, over the limit of {max_bytes:,} "
                    "(raise it with load(..., max_bytes=...))",
                    resource=resource,
                )
            while True:
                # read1 returns what has arrived; read(n) would wait for all n bytes
                chunk = response.read1(min(_CHUNK, max_bytes + 1 - received))
                if sockets.expired:
                    raise late
                if not chunk:
                    break
                chunks.append(chunk)
                received += len(chunk)
                if received > max_bytes:
                    raise PackageError(
                        f"{url} sends more than {max_bytes:,} bytes (raise the limit with "
                        "load(..., max_bytes=...))",
                        resource=resource,
                    )
    except PackageError:
        raise
    except Exception as error:  # noqa: BLE001  # URLError, HTTPError, timeouts, IncompleteRead, ...
        if sockets.expired:
            raise late from None
        raise PackageError(f"cannot read {url}: {error}", resource=resource) from None
    finally:
        watchdog.cancel()
    data = b"".join(chunks)
    if declared is not None and declared.isdigit() and int(declared) != len(data):
        raise PackageError(
            f"{url} sent {len(data):,} bytes of the {int(declared):,} announced",
            resource=resource,
        )
    return data


def _opener(sockets: _Sockets) -> Any:
    """A urllib opener whose connections register their sockets with ``sockets`` and whose
    redirects stay on http(s), at most a few of them."""
    import http.client
    import urllib.parse
    import urllib.request

    class Connection(http.client.HTTPConnection):
        def connect(self) -> None:
            super().connect()
            sockets.add(self.sock)

    class SecureConnection(http.client.HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            sockets.add(self.sock)

    class Plain(urllib.request.HTTPHandler):
        def http_open(self, req: Any) -> Any:
            return self.do_open(Connection, req)

    class Secure(urllib.request.HTTPSHandler):
        def https_open(self, req: Any) -> Any:
            return self.do_open(SecureConnection, req)  # the default, verifying context

    class HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
        max_redirections = _MAX_REDIRECTS

        def redirect_request(
            self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
        ) -> Any:
            if urllib.parse.urlsplit(newurl).scheme.lower() not in ("http", "https"):
                raise PackageError(f"{req.full_url} redirects to {newurl!r}, which is not http(s)")
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return urllib.request.build_opener(Plain(), Secure(), HttpOnlyRedirects())
