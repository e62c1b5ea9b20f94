"""Writing files safely: never over an existing file unless asked, never half-written, and
never inside the package a dataset was read from.

Each write goes to a temporary file in the target's own folder and is then moved into place
in one step: with ``overwrite``, by a rename that replaces the old file; without it, by a
hard link that fails if the name was taken meanwhile (a plain check would race). The file
gets the permissions the user's umask gives any new file (0644 under 022), not the
temporary file's owner-only 0600.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["refuse_inside", "safe_path", "taken", "write_bytes"]


def refuse_inside(target: Path, origin: str | None) -> None:
    """Refuse a target inside the package folder (or over the zip) a dataset came from."""
    if not origin or "://" in origin:
        return
    source = Path(origin)
    folder = source.parent if source.name == "datapackage.json" else source
    try:
        resolved, base = target.resolve(), folder.resolve()
    except (OSError, RuntimeError):
        return
    if resolved == base or base in resolved.parents:
        raise PermissionError(
            f"{target} is inside the package the dataset was read from ({folder}); "
            "write it elsewhere"
        )


def _umask() -> int:
    """The process's umask: from /proc where there is one (reading it there changes
    nothing), else by setting it and back."""
    with contextlib.suppress(OSError, ValueError, StopIteration):
        status = Path("/proc/self/status").read_text(encoding="ascii").splitlines()
        return int(next(line for line in status if line.startswith("Umask:")).split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def taken(target: Path, message: str | None = None) -> FileExistsError:
    """The refusal to replace ``target`` (``filename`` names it, for the command line)."""
    error = FileExistsError(
        message or f"{target} exists and is replaced only when asked (overwrite=True)"
    )
    error.filename = str(target)
    return error


@contextlib.contextmanager
def safe_path(target: Path, *, overwrite: bool = False) -> Iterator[Path]:
    """A temporary path beside ``target`` to write to; moved onto ``target`` when the block
    ends without error, removed otherwise."""
    target = Path(target)
    if target.is_dir():
        raise IsADirectoryError(f"{target} is a folder; give a file name")
    if target.exists() and not overwrite:
        raise taken(target)
    blocking = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise NotADirectoryError(f"cannot write {target}: {blocking} is not a folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    # mkstemp makes it owner-only (0600); the file gets what any new file would (no fchmod
    # on Windows, whose files have no such modes)
    with contextlib.suppress(AttributeError, OSError):
        os.fchmod(handle, 0o666 & ~_umask())
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        if overwrite:
            os.replace(temporary, target)
        else:
            try:
                os.link(temporary, target)  # fails if the name was taken meanwhile
            except FileExistsError:
                raise taken(target) from None
            except OSError:  # a file system without hard links: check, then rename
                if target.exists():
                    raise taken(target) from None
                os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def write_bytes(target: Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to ``target`` whole or not at all; see :func:`safe_path`."""
    with safe_path(target, overwrite=overwrite) as temporary:
        temporary.write_bytes(data)
    return Path(target)
