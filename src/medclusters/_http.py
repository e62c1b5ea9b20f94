"""Downloads for the readers: http(s) only, redirects that stay on http(s), a cap on the
bytes, a timeout on each read and a deadline on the whole body.

Imported on the first URL read: urllib.request (with http.client and email) costs more to
import than the rest of the library.
"""

from __future__ import annotations

import time
from typing import Any

from medclusters.errors import PackageError

__all__ = ["fetch"]

_CHUNK = 64 * 1024
_MAX_REDIRECTS = 5


def fetch(
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    deadline: float,
    resource: str | None = None,
) -> bytes:
    """GET ``url``: at most ``max_bytes``, ``timeout`` seconds for any one read and
    ``deadline`` seconds for the whole download; redirects must stay on http(s)."""
    import urllib.parse
    import urllib.request

    if urllib.parse.urlsplit(url).scheme.lower() not in ("http", "https"):
        raise PackageError(f"only http and https URLs are read, not {url!r}", resource=resource)
    opener = urllib.request.build_opener(_http_only_redirects())
    started = time.monotonic()
    chunks: list[bytes] = []
    received = 0
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
                if time.monotonic() - started > deadline:
                    raise PackageError(
                        f"{url} took more than {deadline:g} seconds to download (the deadline "
                        "of one download; raise it with load(..., deadline=...))",
                        resource=resource,
                    )
                chunk = response.read(min(_CHUNK, max_bytes + 1 - received))
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
    except Exception as error:  # URLError, HTTPError, timeouts, IncompleteRead, ...
        raise PackageError(f"cannot read {url}: {error}", resource=resource) from None
    data = b"".join(chunks)
    if declared is not None and declared.isdigit() and int(declared) != len(data):
        raise PackageError(
            f"{url} sent {len(data):,} bytes of the {int(declared):,} announced",
            resource=resource,
        )
    return data


def _http_only_redirects() -> Any:
    """A redirect handler that refuses to leave http(s) and to follow more than a few."""
    import urllib.parse
    import urllib.request

    class HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
        max_redirections = _MAX_REDIRECTS

        def redirect_request(
            self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
        ) -> Any:
            if urllib.parse.urlsplit(newurl).scheme.lower() not in ("http", "https"):
                raise PackageError(f"{req.full_url} redirects to {newurl!r}, which is not http(s)")
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return HttpOnlyRedirects()
