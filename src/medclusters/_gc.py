"""Pause the cyclic garbage collector while building many small objects.

Loading a package or building an index creates hundreds of thousands of records, strings and
tuples and no reference cycles; each automatic collection meanwhile walks every object made so
far, which doubled the time of large loads. The collector is restored afterwards.

Threads may load at once: one lock and a count of the blocks running keep the collector's
state in one place. The first block in remembers whether collection was on and turns it off;
the last one out turns it back on.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_running = 0
_was_enabled = False


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Disable automatic garbage collection for the block; nests, and is safe under threads."""
    global _running, _was_enabled
    with _lock:
        if _running == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0 and _was_enabled:
                gc.enable()
