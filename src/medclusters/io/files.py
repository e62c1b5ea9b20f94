"""Reading one regular file within a limit, without blocking: what every reader of the
boundary does with a local file, and what the bundled package's prebuilt tables use to read
theirs. A FIFO, device, socket or folder is refused on the open file itself (opened
non-blocking, then checked), never read; a file over the limit, or one that grows past it
while it is read, is refused by size. Every refusal is a PackageError naming the file.
"""

from __future__ import annotations

import os
import stat

from medclusters.errors import PackageError

__all__ = ["read_regular"]


def _over(what: str, size: int, limit: int, setting: str, resource: str | None) -> PackageError:
    """The refusal of ``what``, ``size`` bytes against ``limit``, named by its setting."""
    hint = f"raise it with load(..., limits=Limits({setting}=...))"
    if setting == "max_total_bytes":
        return PackageError(
            f"{what} has {size:,} bytes, more than the {limit:,} left under the limit on all "
            f"the package's files together ({hint})",
            resource=resource,
        )
    return PackageError(
        f"{what} has {size:,} bytes, over the limit of {limit:,} ({hint})", resource=resource
    )


def read_regular(
    path: str, limit: int, resource: str | None, shown: str, setting: str = "max_bytes"
) -> bytes:
    """Read a regular file, at most ``limit`` bytes; refuse anything else without blocking."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise PackageError(f"the file {shown} is missing", resource=resource) from None
    except (OSError, ValueError) as error:
        raise PackageError(f"cannot open {shown}: {_reason(error)}", resource=resource) from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise PackageError(
                f"{shown} is not a regular file (a folder, link target, pipe or device): "
                "only files are read",
                resource=resource,
            )
        if status.st_size > limit:
            raise _over(shown, status.st_size, limit, setting, resource)
        with os.fdopen(descriptor, "rb", closefd=True) as handle:
            descriptor = -1
            data = handle.read(limit + 1)
    except PackageError:
        raise
    except OSError as error:
        raise PackageError(f"cannot read {shown}: {_reason(error)}", resource=resource) from None
    finally:
        if descriptor >= 0:
            os.close(descriptor)
    if len(data) > limit:
        raise PackageError(
            f"the file grew past the limit of {limit:,} bytes while it was read",
            resource=resource,
        )
    return data


def _reason(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error) or type(error).__name__
