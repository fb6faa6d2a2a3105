"""The figures of one analysis, each computed once: the core of :class:`~ecosystem.analyses.context.Analysis`.

An analysis looks at one ecosystem from one focal firm at one depth.  Its
figures (the scope, the coverage model, the gaps, the integrator ranking...)
are computed on first use and kept: every analysis function accepts a
:class:`Figures` (or an :class:`~ecosystem.model.graph.Ecosystem`, for a
one-off answer) and keeps what it computed in it, so that the gaps a page
shows, the recommendations built from them and the risks all come from one
scope and one coverage model.

Figures that do not depend on the focal firm or depth (the opportunities,
the integrator ranking, the partnership graph, the communities) are shared by
the sibling analyses :meth:`Figures.at` returns.

The module sits under the analysis modules (which import it to read and keep
figures); :mod:`ecosystem.analyses.context` sits over them and gives each
figure its name.  An analysis assumes its ecosystem does not change while it
is in use: after a change, start a new one.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from ..model.errors import ModelError
from ..model.graph import Ecosystem
from .opportunity import job_opportunities
from .scope import Scope, check_depth, scope

__all__ = ["Figures", "figures_of"]

T = TypeVar("T")
F = TypeVar("F", bound="Figures")


class _Shared:
    """What the analyses of one ecosystem share: graph-wide figures and the analyses themselves."""

    __slots__ = ("figures", "contexts")

    def __init__(self) -> None:
        self.figures: dict[Hashable, Any] = {}
        self.contexts: dict[tuple[str | None, int], Figures] = {}


class Figures:
    """One ecosystem seen from one focal firm at one depth, with every figure computed at most once.

    Parameters
    ----------
    eco : Ecosystem
    focal : str, optional
        The firm at the centre (default: the ecosystem's focal firm).
    depth : int
        Partnership hops from the focal firm that count as its ecosystem.

    Examples
    --------
    >>> import ecosystem
    >>> figures = Figures(ecosystem.load("sample_graphs/camera.yaml"))
    >>> figures.scope.organisations[:2], figures.at(depth=2).depth
    (('lumen', 'academy'), 2)
    >>> figures.at(depth=2).opportunities is figures.opportunities  # graph-wide: computed once
    True
    """

    def __init__(self, eco: Ecosystem, focal: str | None = None, depth: int = 1, *, shared: _Shared | None = None) -> None:
        self.eco = eco
        self.focal: str | None = focal if focal is not None else eco.focal
        self.depth: int = check_depth(depth)
        self._figures: dict[Hashable, Any] = {}
        self._shared = shared if shared is not None else _Shared()
        self._shared.contexts.setdefault((self.focal, self.depth), self)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self.eco.name!r} focal={self.focal!r} depth={self.depth}>"

    def at(self: F, depth: int | None = None, focal: str | None = None) -> F:
        """The analysis of the same ecosystem at another depth and/or focal firm (``None``: this one's).

        It shares this analysis's graph-wide figures; asking twice gives the same object.
        """
        key = (self.focal if focal is None else focal, self.depth if depth is None else depth)
        if key == (self.focal, self.depth):
            return self
        found = self._shared.contexts.get(key)
        if found is None:
            found = type(self)(self.eco, key[0], key[1], shared=self._shared)
        return found  # type: ignore[return-value]

    # -- keeping figures ------------------------------------------------------------------
    def figure(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The figure kept under ``key`` for this focal firm and depth, computed by ``compute()`` the first time."""
        try:
            return self._figures[key]
        except KeyError:
            value = self._figures[key] = compute()
            return value

    def shared_figure(self, key: Hashable, compute: Callable[[], T]) -> T:
        """A graph-wide figure (the same at every focal firm and depth), computed once for all siblings."""
        figures = self._shared.figures
        try:
            return figures[key]
        except KeyError:
            value = figures[key] = compute()
            return value

    # -- the figures everything else is built on ----------------------------------------------
    @property
    def opportunities(self) -> dict[str, float]:
        """Every job's opportunity (:func:`~ecosystem.analyses.opportunity.job_opportunities`), graph-wide."""
        return self.shared_figure("opportunities", lambda: job_opportunities(self.eco))

    @property
    def scope(self) -> Scope | None:
        """The focal firm's ecosystem at this depth; ``None`` when there is no focal firm in the graph."""
        if self.focal is None or self.focal not in self.eco:
            return None
        return self.figure("scope", lambda: scope(self.eco, self.depth, self.focal))

    def require_scope(self) -> Scope:
        """The scope, or the :class:`ModelError` that says why there is none."""
        found = self.scope
        if found is None:
            raise ModelError(f"no focal firm {self.focal!r} in this ecosystem")
        return found


def figures_of(source: Ecosystem | Figures, depth: int | None = None, focal: str | None = None) -> Figures:
    """The analysis an analysis function works in: ``source`` itself (or its sibling at ``depth``/``focal``).

    An :class:`~ecosystem.model.graph.Ecosystem` gets a new analysis (depth 1
    unless given), whose figures live as long as the caller keeps it.

    >>> import ecosystem
    >>> eco = ecosystem.load("sample_graphs/camera.yaml")
    >>> figures = Figures(eco)
    >>> figures_of(figures) is figures, figures_of(figures, depth=2) is figures.at(depth=2)
    (True, True)
    >>> figures_of(eco, 2).depth
    2
    """
    if isinstance(source, Figures):
        return source.at(depth, focal)
    if isinstance(source, Ecosystem):
        return Figures(source, focal, 1 if depth is None else depth)
    raise TypeError(f"expected an Ecosystem or an Analysis, got {type(source).__name__}")
