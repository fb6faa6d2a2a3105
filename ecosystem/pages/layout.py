"""The map's seeded layouts, computed in Python (same input, same picture, byte for byte).

* :func:`force_layout`: a Fruchterman-Reingold layout in which organisations
  lean left, capabilities sit in the middle and jobs and customers lean
  right (who brings what to which job, for whom), then labels are moved
  apart;
* :func:`layered_layout`: strict columns left to right (the integration view),
  ordered within a column to keep lines short;
* :func:`group_positions`: the "+k more" nodes in a row under the map.

numpy is imported by the functions that use it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

__all__ = ["force_layout", "group_positions", "layered_layout"]

#: Where each type leans on the x axis of the force layout (0 left .. 1 right).
_ANCHOR_X = {"firm": 0.0, "partner": 0.0, "unit": -0.15, "capability": 0.6, "job": 1.1, "customer": 1.5}
_PULL_X, _PULL_Y = 2.0, 1.0

def force_layout(
    types: list[str], pairs: list[tuple[int, int]], seed: int, widths: list[float] | None = None,
    sizes: list[float] | None = None,
) -> list[tuple[float, float]]:
    """A seeded Fruchterman-Reingold layout, types leaning to their column; pixel coordinates.

    ``pairs`` are the related nodes' indexes; ``widths`` and ``sizes`` (label
    widths and node radii, px) let up to 400 nodes be moved apart.

    >>> force_layout(["firm", "job"], [(0, 1)], seed=0)  # nearest neighbours about 130 px apart
    [(-65.0, 0.0), (65.0, 0.0)]
    """
    import numpy as np

    n = len(types)
    if n == 0:
        return []
    if n == 1:
        return [(0.0, 0.0)]
    rng = np.random.default_rng(seed)
    anchor = np.array([_ANCHOR_X.get(t, 0.5) for t in types])
    pos = np.column_stack([anchor + rng.normal(0.0, 0.04, n), rng.random(n)])
    k2 = 1.0 / n
    k = math.sqrt(k2)
    unique = sorted({(min(a, b), max(a, b)) for a, b in pairs if a != b})
    src = np.array([a for a, _ in unique], dtype=np.intp)
    dst = np.array([b for _, b in unique], dtype=np.intp)
    iterations = 150 if n <= 300 else 80 if n <= 1000 else 50
    pivots = None if n <= 2500 else np.sort(rng.choice(n, 1000, replace=False))
    degree = np.bincount(np.concatenate([src, dst]), minlength=n) if len(src) else np.zeros(n)
    pull_x = np.where(degree == 0, 4.0 * _PULL_X, _PULL_X)
    pull_y = np.where(degree == 0, 4.0 * _PULL_Y, _PULL_Y)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        disp = _repulsion(pos, k2, pivots)
        if len(src):
            delta = pos[src] - pos[dst]
            length = np.sqrt((delta * delta).sum(axis=1))
            pull = delta * (length / k)[:, None]
            for axis in (0, 1):
                disp[:, axis] -= np.bincount(src, pull[:, axis], n)
                disp[:, axis] += np.bincount(dst, pull[:, axis], n)
        disp[:, 0] += pull_x * (anchor - pos[:, 0])
        disp[:, 1] += pull_y * (0.5 - pos[:, 1])
        length = np.sqrt((disp * disp).sum(axis=1))
        length[length < 1e-9] = 1e-9
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    spread = np.percentile(pos, 95, axis=0) - np.percentile(pos, 5, axis=0)
    if spread[1] > 0 and spread[0] > 0:  # landscape, like screens and slides
        stretch = math.sqrt(max(1.0, 1.5 * spread[1] / spread[0]))
        pos = pos * np.array([stretch, 1.0 / stretch])
    pos = _to_pixels(pos, n)
    if n <= 400:
        radius = np.array(sizes if sizes is not None else [15.0] * n)
        label = np.array(widths if widths is not None else [120.0] * n)
        pos = _unclutter(pos, np.maximum(label, 2 * radius + 12), 2 * radius + 30)
    return [(float(x), float(y)) for x, y in pos]


def group_positions(
    groups: list[str], types: list[str], coords: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    """Put the "+k more" nodes in a row under the map, spread over its width in type order.

    >>> group_positions(["job"], ["firm"], [(0.0, 0.0), (400.0, 50.0)])  # centred, 300 px below the lowest
    [(200.0, 350.0)]
    """
    if not groups:
        return []
    xs = [x for x, _ in coords] or [0.0]
    bottom = max((y for _, y in coords), default=0.0) + 300.0
    left, right = min(xs), max(xs)
    step = max((right - left) / max(len(groups) - 1, 1), 300.0)
    start = (left + right) / 2 - step * (len(groups) - 1) / 2
    return [(start + i * step, bottom) for i in range(len(groups))]


def _repulsion(pos: Any, k2: float, pivots: Any) -> Any:
    import numpy as np

    n = len(pos)
    disp = np.zeros_like(pos)
    others = pos if pivots is None else pos[pivots]
    weight = 1.0 if pivots is None else n / len(pivots)
    for start in range(0, n, 2048):
        block = pos[start : start + 2048]
        dx = block[:, 0][:, None] - others[:, 0][None, :]
        dy = block[:, 1][:, None] - others[:, 1][None, :]
        d2 = dx * dx + dy * dy
        np.maximum(d2, 1e-9, out=d2)
        w = (k2 * weight) / d2
        w[d2 <= 1e-9] = 0.0
        disp[start : start + len(block), 0] = (dx * w).sum(axis=1)
        disp[start : start + len(block), 1] = (dy * w).sum(axis=1)
    return disp


def _to_pixels(pos: Any, n: int) -> Any:
    """Scale a layout so that nodes sit about 130 px from their nearest neighbour."""
    import numpy as np

    pos = pos - np.median(pos, axis=0)
    if n <= 3000:
        dx = pos[:, 0][:, None] - pos[:, 0][None, :]
        dy = pos[:, 1][:, None] - pos[:, 1][None, :]
        d = np.sqrt(dx * dx + dy * dy)
        np.fill_diagonal(d, np.inf)
        nearest = float(np.median(d.min(axis=1)))
    else:
        spread = np.percentile(pos, 95, axis=0) - np.percentile(pos, 5, axis=0)
        nearest = float(math.sqrt(max(spread[0] * spread[1], 1e-12) / n))
    return pos * (130.0 / max(nearest, 1e-9))


def _unclutter(pos: Any, widths: Any, heights: Any) -> Any:
    """Move nodes apart until their boxes (node and label below it: ``widths`` x ``heights`` px) no longer overlap.

    Overlapping pairs are pushed apart along the axis where they overlap least
    (mostly vertically, labels being wide), a few passes, all at once.
    """
    import numpy as np

    n = len(pos)
    order = np.arange(n)
    need_x = (widths[:, None] + widths[None, :]) / 2 + 8.0
    need_y = (heights[:, None] + heights[None, :]) / 2
    for _ in range(100):
        dx = pos[:, 0][:, None] - pos[:, 0][None, :]
        dy = pos[:, 1][:, None] - pos[:, 1][None, :]
        over_x = need_x - np.abs(dx)
        over_y = need_y - np.abs(dy)
        clash = (over_x > 0) & (over_y > 0)
        np.fill_diagonal(clash, False)
        if not clash.any():
            break
        # ties (same spot) are broken by index, so that the result is deterministic
        sign_y = np.where(dy != 0, np.sign(dy), np.sign(order[:, None] - order[None, :]))
        sign_x = np.where(dx != 0, np.sign(dx), np.sign(order[:, None] - order[None, :]))
        vertical = clash & (over_y <= over_x * 1.6)
        sideways = clash & ~vertical
        move_y = (np.where(vertical, over_y, 0.0) * sign_y).sum(axis=1) * 0.3
        move_x = (np.where(sideways, over_x, 0.0) * sign_x).sum(axis=1) * 0.3
        pos = pos + np.column_stack([move_x, move_y])
    return pos


def layered_layout(
    layers: list[int], neighbours: dict[int, list[int]], order_key: list[tuple[Any, ...]], sizes: list[float],
    tall: frozenset[int] = frozenset(),
) -> list[tuple[float, float]]:
    """Columns left to right; within a column, nodes ordered to keep edges short (barycentre sweeps).

    >>> layered_layout([0, 1, 1], {0: [1, 2]}, [(0,), (1,), (2,)], [10.0, 10.0, 10.0])
    [(0.0, 0.0), (520.0, -32.0), (520.0, 32.0)]
    """
    columns: dict[int, list[int]] = defaultdict(list)
    for index in sorted(range(len(layers)), key=lambda i: order_key[i]):
        columns[layers[index]].append(index)
    y: dict[int, float] = {}
    for column in columns.values():
        for rank, index in enumerate(column):
            y[index] = float(rank) / max(len(column) - 1, 1)
    first = min(columns, default=0)
    for _ in range(4):
        for number in sorted(columns)[1:] + sorted(columns)[::-1][1:]:
            if number == first:
                continue
            column = columns[number]

            def centre(index: int, number: int = number) -> tuple[float, tuple[Any, ...]]:
                near = [y[o] for o in neighbours.get(index, []) if layers[o] != number]
                return (sum(near) / len(near) if near else y[index], order_key[index])

            column.sort(key=centre)
            for rank, index in enumerate(column):
                y[index] = float(rank) / max(len(column) - 1, 1)
    width = 520.0
    positions: list[tuple[float, float]] = [(0.0, 0.0)] * len(layers)
    for number, column in columns.items():
        steps = [0.0]
        for before, after in zip(column, column[1:]):
            steps.append(steps[-1] + max(62.0, sizes[before] + sizes[after] + 44.0 + (20.0 if before in tall else 0.0)))
        offset = steps[-1] / 2
        for step, index in zip(steps, column):
            positions[index] = (number * width, step - offset)
    return positions
