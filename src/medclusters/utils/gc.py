"""Pause the cyclic garbage collector while building many small objects.

Loading a package or building an index creates hundreds of thousands of records, strings and
tuples and no reference cycles; each automatic collection meanwhile walks every object made so
far, which doubled the time of large loads. The collector is restored afterwards.

When the collector comes back on, the objects made meanwhile would all sit in its youngest
generation, and the first young collection would walk every one of them (a tenth of a large
load). They are long-lived, so they are moved to the oldest generation instead:
``gc.freeze()`` then ``gc.unfreeze()`` moves every tracked object there in constant time.
Other objects of the process move with them; they are still collected, by the next full
collection rather than a young one. (``gc.freeze()`` alone would keep any garbage cycle of
the process from ever being collected, so it is not left on.)

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
                gc.freeze()  # every tracked object to the permanent generation, then
                gc.unfreeze()  # all of them to the oldest: no young collection walks them
                gc.enable()
