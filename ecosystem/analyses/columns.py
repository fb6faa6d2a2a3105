"""Column helpers for the bulk analyses: the same figures as the record-by-record code, on numpy arrays.

Every figure the tools print is rounded to :data:`DECIMALS` decimals with
Python's :func:`round`.  :func:`round_figures` gives exactly the same doubles
for a whole array at numpy speed, so a figure does not depend on which code
path computed it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["DECIMALS", "round_figures", "ranks", "running_sums", "sort_order"]

#: Decimals kept in every printed figure.
DECIMALS = 6

_SCALE = 10.0**DECIMALS
#: Above this magnitude (2**52 / 10**6) a scaled double has no fraction left to round.
_EXACT_LIMIT = 2.0**52 / _SCALE


def round_figures(values: np.ndarray) -> np.ndarray:
    """``round(v, 6)`` of every value, as Python computes it, for a float array.

    numpy rounds ``v * 10**6`` to an integer ``k`` and returns ``k / 10**6``:
    the double nearest to the decimal ``k``e-6, which is what Python returns
    too, *unless* the scaled product landed on the other side of a half-way
    point than the exact value.  That can only happen within one ulp of a
    half-way point (or for huge values); those few values are redone with
    :func:`round`.

    >>> import numpy as np
    >>> values = np.array([105.2, 0.1 + 0.2, 2.675, 1e-7, 0.0000005, 2.5e-6, -1.0000005, 1e12 + 0.3])
    >>> round_figures(values).tolist() == [round(v, 6) for v in values.tolist()]
    True
    """
    values = np.asarray(values, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):  # huge values are redone below
        scaled = values * _SCALE
        rounded = np.rint(scaled) / _SCALE
        fraction = np.abs(scaled - np.floor(scaled) - 0.5)
        doubtful = (fraction <= 2 * np.spacing(np.abs(scaled))) | ~(np.abs(values) < _EXACT_LIMIT)
    if doubtful.any():
        for i in np.flatnonzero(doubtful).tolist():
            rounded[i] = round(float(values[i]), DECIMALS)
    return rounded


def ranks(ids: Sequence[str]) -> np.ndarray:
    """Each id's position in sorted order (ids are distinct).

    >>> ranks(["b", "c", "a"]).tolist()
    [1, 2, 0]
    """
    result = np.empty(len(ids), dtype=np.int64)
    if len(ids) > 1000 and not any("\x00" in i for i in ids):
        # numpy compares fixed-width strings by code point, as Python does (but drops trailing NULs)
        order = np.argsort(np.array(ids, dtype=str), kind="stable")
    else:
        order = np.array(sorted(range(len(ids)), key=ids.__getitem__), dtype=np.int64)
    result[order] = np.arange(len(ids), dtype=np.int64)
    return result


def running_sums(groups: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Per group, the sum of its values added one by one in array order (as a Python loop would).

    ``np.bincount`` adds in array order, so a sum does not depend on numpy's
    pairwise summation and equals ``0.0 + v1 + v2 + ...`` exactly.

    >>> import numpy as np
    >>> running_sums(np.array([0, 1, 0]), np.array([0.1, 5.0, 0.2]), 3).tolist() == [0.1 + 0.2, 5.0, 0.0]
    True
    """
    if len(groups) == 0:
        return np.zeros(size, dtype=np.float64)
    return np.bincount(groups, weights=values, minlength=size).astype(np.float64, copy=False)


def sort_order(first: np.ndarray, second: np.ndarray, seconds: int, third: np.ndarray, thirds: int) -> np.ndarray:
    """The order that sorts rows by ``first`` (floats), then ``second`` and ``third`` (ranks below ``seconds``, ``thirds``).

    The same order as ``np.lexsort((third, second, first))``; when the three
    fit in one 64-bit key (almost always), one integer sort does it.

    >>> import numpy as np
    >>> sort_order(np.array([2.0, 1.0, 2.0, 1.0]), np.array([0, 1, 0, 0]), 2, np.array([1, 0, 0, 0]), 2).tolist()
    [3, 1, 2, 0]
    """
    values, first_rank = np.unique(first, return_inverse=True)
    if len(values) * seconds * thirds >= 2**62:
        return np.lexsort((third, second, first))
    key = (first_rank.reshape(-1).astype(np.int64) * seconds + second) * thirds + third
    return np.argsort(key, kind="stable")
