"""Help for bulk work on large graphs.

Building millions of small containers next to a large graph triggers
Python's cyclic garbage collector again and again, and each full collection
walks every object of the graph.  Bulk builders (the generator, the readers,
the compiled analyses) pause it while they work.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

__all__ = ["gc_paused", "without_gc"]

_F = TypeVar("_F", bound=Callable[..., Any])


@contextmanager
def gc_paused() -> Iterator[None]:
    """Switch Python's cyclic garbage collector off for bulk work (restored as it was).

    >>> import gc
    >>> with gc_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def without_gc(func: _F) -> _F:
    """Decorator: run ``func`` with the garbage collector paused (see :func:`gc_paused`).

    >>> @without_gc
    ... def collecting() -> bool:
    ...     import gc
    ...     return gc.isenabled()
    >>> collecting()
    False
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with gc_paused():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
