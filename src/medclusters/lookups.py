"""Deprecated: the answer types moved to :mod:`medclusters.results` (and are exported from
``medclusters``); the indexes live in the private ``medclusters._index``.

``from medclusters.lookups import Shared`` keeps working, with a DeprecationWarning.
"""

from __future__ import annotations

import warnings
from typing import Any

_MOVED = ("Attribution", "Party", "SearchHit", "Shared")
__all__: list[str] = []  # nothing new is to be imported from here


def __getattr__(name: str) -> Any:
    if name not in _MOVED:
        raise AttributeError(f"module 'medclusters.lookups' has no attribute {name!r}")
    warnings.warn(
        f"medclusters.lookups.{name} moved: import it from medclusters (or medclusters.results)",
        DeprecationWarning,
        stacklevel=2,
    )
    from medclusters import results

    return getattr(results, name)
