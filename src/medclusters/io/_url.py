"""A package on the web: its descriptor and the files beside it, over http(s) only."""

from __future__ import annotations

from medclusters.io._reader import Reader
from medclusters.io.limits import Limits


class UrlReader(Reader):
    """A ``datapackage.json`` on the web; its resources are read from beside it, never from
    another scheme or from above its folder."""

    def __init__(self, url: str, data: bytes, limits: Limits) -> None:
        super().__init__(url, limits)
        import urllib.parse

        parts = urllib.parse.urlsplit(url)
        self.base = urllib.parse.urlunsplit(
            (parts.scheme, parts.netloc, parts.path.rsplit("/", 1)[0] + "/", "", "")
        )
        self.data = data

    @property
    def descriptor_label(self) -> str:
        return self.label

    def _descriptor_bytes(self) -> bytes:
        return self.data

    def _read(self, path: str, resource: str, limit: int) -> bytes:
        import urllib.parse

        quoted = "/".join(urllib.parse.quote(part, safe="") for part in path.split("/"))
        return _download(self.base + quoted, self.limits, limit, resource)


def _download(url: str, limits: Limits, max_bytes: int, resource: str | None = None) -> bytes:
    """``url``'s body, within ``max_bytes`` and the limits' timeout and deadline."""
    from medclusters.io._http import fetch  # urllib costs more to import than the library

    return fetch(
        url,
        max_bytes=max_bytes,
        timeout=limits.timeout,
        deadline=limits.download_deadline,
        resource=resource,
    )
