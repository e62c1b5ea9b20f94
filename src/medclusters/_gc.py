"""Pause the cyclic garbage collector while building many small objects.

Loading a package or building an index creates hundreds of thousands of records, strings and
tuples and no reference cycles; each automatic collection meanwhile walks every object made so
far, which doubled the time of large loads. The collector is restored afterwards.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Disable automatic garbage collection for the block (it nests; restores the setting)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
