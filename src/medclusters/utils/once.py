"""Lock and load once: values built on first use, exactly once even under threads.

Indexes, the bundled dataset and compiled builders are worth building only when asked for, and
must not be built twice when two threads ask together. pycountry writes this once, as a
decorator (``lazy_load``); so does this module, for a module-level value (:func:`once`) and a
per-instance one (:class:`once_property`). The first build holds one re-entrant lock (builds
are rare and may ask for other builds) with the cyclic garbage collector paused, since a build
makes many objects and none of them is garbage.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

from medclusters.utils.gc import collector_paused

__all__ = ["once", "once_property", "stored"]

_T = TypeVar("_T")
_lock = threading.RLock()
_UNSET: Any = object()


class once(Generic[_T]):  # noqa: N801 - a decorator, named like one
    """``build()`` on the first call, its value on every later call; ``built`` says whether
    that first call happened.

    >>> calls = []
    >>> @once
    ... def answer() -> int:
    ...     calls.append(1)
    ...     return 42
    >>> answer.built, answer(), answer(), len(calls), answer.built
    (False, 42, 42, 1, True)
    """

    def __init__(self, build: Callable[[], _T]) -> None:
        self.build = build
        self.value: Any = _UNSET
        self.__doc__ = build.__doc__
        self.__wrapped__ = build

    def __call__(self) -> _T:
        value = self.value
        if value is _UNSET:
            with _lock:
                if self.value is _UNSET:
                    with collector_paused():
                        self.value = self.build()
                value = self.value
        return value  # type: ignore[no-any-return]

    @property
    def built(self) -> bool:
        """Whether the value has been built."""
        return self.value is not _UNSET


class once_property(Generic[_T]):  # noqa: N801 - named like the property it stands for
    """A cached property built once per instance, under the lock.

    The value is kept in the instance's ``__dict__`` under the property's name, so every later
    access is a plain attribute read (the descriptor defines no ``__set__``). The owner needs a
    ``__dict__``: a frozen attrs class with ``slots=False`` will do.
    """

    def __init__(self, build: Callable[[Any], _T]) -> None:
        self.build = build
        self.name = build.__name__
        self.__doc__ = build.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type) -> once_property[_T]: ...
    @overload
    def __get__(self, instance: object, owner: type) -> _T: ...
    def __get__(self, instance: object | None, owner: type) -> once_property[_T] | _T:
        if instance is None:
            return self
        return stored(instance, self.name, self.build)


def stored(instance: object, name: str, build: Callable[[Any], _T]) -> _T:
    """``instance.__dict__[name]``, made by ``build(instance)`` under the lock the first
    time it is asked for (a frozen instance's ``__dict__`` is written directly)."""
    kept = instance.__dict__
    with _lock:
        if name not in kept:
            with collector_paused():
                kept[name] = build(instance)
    return kept[name]  # type: ignore[no-any-return]
