"""Capability gaps: what the focal firm's ecosystem cannot get done, and who could fill it.

A **gap** is a (job, capability) pair where the job requires the capability
and nobody in scope provides it (see :mod:`ecosystem.analyses.coverage`).

* **Severity** = opportunity(job) x requirement weight.
* **Candidates** = organisations outside the scope that provide the
  capability themselves or through a unit, best first: highest proficiency,
  then the most total gap severity they could close, then id.

The gaps come back as a :class:`GapTable`: a read-only sequence of
:class:`Gap` records held as numpy columns, each record built when it is
read.  A million-node ecosystem has about a million gaps; ranking them takes
seconds, building a million records as well would double that.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np

from ..model.graph import ORGANISATIONS, Ecosystem, NodeType, RelType
from .columns import ranks, round_figures, running_sums, sort_order
from .coverage import CoverageModel, coverage_model
from .engine import gc_paused, without_gc
from .figures import Figures, figures_of
from .ranking import candidate_order

__all__ = ["Gap", "CapabilityGap", "GapTable", "capability_gaps", "gap_totals", "gaps_in"]

#: Records built at a time when a GapTable is read in order.
_CHUNK = 8192

PROVIDES, PART_OF, REQUIRES = RelType.PROVIDES.value, RelType.PART_OF.value, RelType.REQUIRES.value


@dataclass(frozen=True, slots=True)
class Gap:
    """A job that needs a capability nobody in scope provides."""

    job: str
    capability: str
    weight: float
    opportunity: float
    severity: float
    candidates: tuple[str, ...]


@dataclass(frozen=True)
class CapabilityGap:
    """One missing capability over all the jobs that need it."""

    capability: str
    name: str
    jobs: int
    severity: float
    candidates: tuple[str, ...]


class GapTable(Sequence[Gap]):
    """The capability gaps, most severe first (then by job, then capability), held as columns.

    A read-only sequence of :class:`Gap` records: index it, slice it,
    iterate it, compare it with a list.  A record is built when it is read,
    so ranking a million gaps does not build a million objects; the
    per-capability totals and candidates the other analyses need are kept
    as arrays.  Build one with :func:`gaps_in` or :func:`capability_gaps`.

    >>> import ecosystem
    >>> gaps = capability_gaps(ecosystem.load("sample_graphs/camera.yaml"))
    >>> len(gaps), gaps[0].capability, [g.severity for g in gaps[1:3]]
    (4, 'spare-parts-logistics', [44.0, 28.4])
    >>> gaps == list(gaps)
    True
    """

    __slots__ = (
        "_jobs", "_job_opportunity", "_job", "_capability", "_weight", "_severity",
        "capabilities", "capability_severity", "capability_jobs",
        "organisations", "candidate_offsets", "candidate_organisation", "_candidates",
    )

    def __init__(
        self,
        jobs: list[str],
        job_opportunity: list[float],
        job: np.ndarray,
        capability: np.ndarray,
        weight: np.ndarray,
        severity: np.ndarray,
        capabilities: list[str],
        capability_severity: np.ndarray,
        organisations: list[str],
        candidate_offsets: np.ndarray,
        candidate_organisation: np.ndarray,
    ) -> None:
        self._jobs = jobs
        self._job_opportunity = job_opportunity
        self._job, self._capability, self._weight, self._severity = job, capability, weight, severity
        #: The gap capabilities, by id; row ``k`` of the per-capability arrays.
        self.capabilities = capabilities
        #: Per capability: its gaps' severities added in rank order (unrounded).
        self.capability_severity = capability_severity
        #: Per capability: how many jobs miss it.
        self.capability_jobs = np.bincount(capability, minlength=len(capabilities))
        #: The candidate organisations (indexes into this list below).
        self.organisations = organisations
        #: Capability ``k``'s candidates are ``candidate_organisation[offsets[k]:offsets[k + 1]]``, best first.
        self.candidate_offsets = candidate_offsets
        self.candidate_organisation = candidate_organisation
        self._candidates: list[tuple[str, ...] | None] = [None] * len(capabilities)
        for column in (job, capability, weight, severity, capability_severity, self.capability_jobs,
                       candidate_offsets, candidate_organisation):
            column.setflags(write=False)  # a result, not a scratch pad

    @classmethod
    def empty(cls) -> GapTable:
        """A table of no gaps (what an ecosystem without a focal firm shows).

        >>> len(GapTable.empty()), GapTable.empty().total_severity
        (0, 0.0)
        """
        none_i, none_f = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        return cls([], [], none_i, none_i.copy(), none_f, none_f.copy(), [], none_f.copy(), [],
                   np.zeros(1, dtype=np.int64), none_i.copy())

    def __len__(self) -> int:
        return len(self._severity)

    @overload
    def __getitem__(self, index: int) -> Gap: ...

    @overload
    def __getitem__(self, index: slice) -> list[Gap]: ...

    def __getitem__(self, index: int | slice) -> Gap | list[Gap]:
        if isinstance(index, slice):
            return [self._record(i) for i in range(len(self))[index]]
        return self._record(range(len(self))[index])

    def __iter__(self) -> Iterator[Gap]:
        # records are built a chunk at a time with the garbage collector paused: otherwise
        # building many small objects next to a big graph sets off collections that walk the graph
        jobs, values, capabilities = self._jobs, self._job_opportunity, self.capabilities
        candidates = [self.candidates_of(k) for k in range(len(capabilities))]
        for start in range(0, len(self), _CHUNK):
            stop = start + _CHUNK
            with gc_paused():
                chunk = [
                    Gap(jobs[j], capabilities[k], weight, values[j], severity, candidates[k])
                    for j, k, weight, severity in zip(
                        self._job[start:stop].tolist(), self._capability[start:stop].tolist(),
                        self._weight[start:stop].tolist(), self._severity[start:stop].tolist(),
                    )
                ]
            yield from chunk

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, (str, bytes)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<GapTable: {len(self)} gaps>"

    def _record(self, i: int) -> Gap:
        j, k = int(self._job[i]), int(self._capability[i])
        return Gap(
            self._jobs[j], self.capabilities[k], float(self._weight[i]), self._job_opportunity[j],
            float(self._severity[i]), self.candidates_of(k),
        )

    def candidates_of(self, k: int) -> tuple[str, ...]:
        """The candidates of gap capability number ``k``, best first."""
        found = self._candidates[k]
        if found is None:
            start, stop = self.candidate_offsets[k], self.candidate_offsets[k + 1]
            found = tuple(self.organisations[o] for o in self.candidate_organisation[start:stop].tolist())
            self._candidates[k] = found
        return found

    @property
    def total_severity(self) -> float:
        """The severities of all gaps added in rank order (unrounded)."""
        return float(np.cumsum(self._severity)[-1]) if len(self) else 0.0

    def without_candidates(self) -> tuple[Gap, ...]:
        """The gaps no known organisation outside the scope can fill, in rank order."""
        counts = np.diff(self.candidate_offsets)
        with gc_paused():
            return tuple(self._record(i) for i in np.flatnonzero(counts[self._capability] == 0).tolist())


@without_gc
def gaps_in(model: CoverageModel) -> GapTable:
    """The gaps of a coverage model, with candidates, by severity (then job, capability).

    Two passes in the order the graph was built (so memory is read mostly in
    sequence): the jobs' ``REQUIRES`` relationships give the gaps, the
    outside organisations' and units' ``PROVIDES`` relationships give the
    candidates.  Ranking, totals and candidate order are array operations.
    """
    eco = model.eco
    nodes, succ = eco.node_data, eco.out_links
    inside = model.scope.distance
    covered = model.in_house | model.providers.keys()
    opportunity = model.opportunity
    jobs = list(opportunity)

    # the gaps: one row per job and capability it requires that nobody in scope provides
    row_job = array("q")
    row_capability = array("q")
    row_weight = array("d")
    capability_index = dict.fromkeys(covered, -1)  # one look-up per requirement: covered, or which gap
    found: list[str] = []
    for i, job in enumerate(jobs):
        for capability, keys in succ[job].items():
            requirement = keys.get(REQUIRES)
            if requirement is None:
                continue
            k = capability_index.get(capability)
            if k is None:
                k = capability_index[capability] = len(found)
                found.append(capability)
            elif k < 0:
                continue
            row_job.append(i)
            row_capability.append(k)
            row_weight.append(requirement.get("weight", 1.0))

    # the candidates: organisations outside the scope providing a gap capability, themselves or by a unit
    organisation_types = {t.value for t in ORGANISATIONS}
    unit = NodeType.UNIT.value
    organisations: list[str] = []
    units: list[str] = []
    for node, attributes in nodes.items():
        kind = attributes["type"]
        if kind in organisation_types:
            if node not in inside:
                organisations.append(node)
        elif kind == unit:
            units.append(node)
    organisation_index = {o: i for i, o in enumerate(organisations)}
    pair_capability = array("q")
    pair_organisation = array("q")
    pair_proficiency = array("d")
    providers = [(o, o) for o in organisations]
    for actor in units:
        parent = next((o for o, keys in succ[actor].items() if PART_OF in keys), None)
        if parent in organisation_index:
            providers.append((actor, parent))
    for actor, organisation in providers:
        o = organisation_index[organisation]
        for capability, keys in succ[actor].items():
            provision = keys.get(PROVIDES)
            if provision is None:
                continue
            k = capability_index.get(capability)
            if k is not None and k >= 0:
                pair_capability.append(k)
                pair_organisation.append(o)
                pair_proficiency.append(float(provision.get("proficiency", 1.0)))
    return _ranked(jobs, opportunity, found, row_job, row_capability, row_weight, organisations,
                   pair_capability, pair_organisation, pair_proficiency)


def _ranked(
    jobs: list[str],
    opportunity: dict[str, float],
    found: list[str],
    row_job: array[int],
    row_capability: array[int],
    row_weight: array[float],
    organisations: list[str],
    pair_capability: array[int],
    pair_organisation: array[int],
    pair_proficiency: array[float],
) -> GapTable:
    """Rank the gap rows and their candidates (array work) into a :class:`GapTable`."""
    # rows: severity (rounded, as printed) down, then job id, then capability id
    job_value = np.fromiter(map(opportunity.__getitem__, jobs), dtype=np.float64, count=len(jobs))
    job_rank = ranks(jobs)
    job_order = np.argsort(job_rank)
    job = job_rank[np.frombuffer(row_job, dtype=np.int64)]
    weight = np.frombuffer(row_weight, dtype=np.float64)
    severity = round_figures(job_value[np.frombuffer(row_job, dtype=np.int64)] * weight)
    capability_rank = ranks(found)
    capability = capability_rank[np.frombuffer(row_capability, dtype=np.int64)]
    order = sort_order(-severity, job, len(jobs), capability, len(found))
    capabilities = [found[k] for k in np.argsort(capability_rank).tolist()]
    table_severity = severity[order]
    table_capability = capability[order]
    capability_severity = running_sums(table_capability, table_severity, len(found))

    # candidates: one pair per organisation and capability, with its best proficiency (direct or by a unit)
    pair_k = capability_rank[np.frombuffer(pair_capability, dtype=np.int64)]
    pair_o = np.frombuffer(pair_organisation, dtype=np.int64)
    pair_p = np.frombuffer(pair_proficiency, dtype=np.float64)
    best_first = np.lexsort((-pair_p, pair_o, pair_k))
    pair_k, pair_o, pair_p = pair_k[best_first], pair_o[best_first], pair_p[best_first]
    first = np.ones(len(pair_k), dtype=bool)
    first[1:] = (pair_k[1:] != pair_k[:-1]) | (pair_o[1:] != pair_o[:-1])
    pair_k, pair_o, pair_p = pair_k[first], pair_o[first], pair_p[first]
    # ranked by the one rule (best proficiency, then the most total gap severity they could
    # close, added in capability id order, then id)
    closable = running_sums(pair_o, capability_severity[pair_k], len(organisations))
    organisation_rank = ranks(organisations)
    best = candidate_order(pair_k, pair_p, closable[pair_o], organisation_rank[pair_o])
    offsets = np.zeros(len(found) + 1, dtype=np.int64)
    np.cumsum(np.bincount(pair_k, minlength=len(found)), out=offsets[1:])
    return GapTable(
        [jobs[i] for i in job_order.tolist()],
        round_figures(job_value[job_order]).tolist(),
        job[order],
        table_capability,
        weight[order],
        table_severity,
        capabilities,
        capability_severity,
        organisations,
        offsets,
        pair_o[best],
    )


def capability_gaps(source: Ecosystem | Figures, depth: int | None = None, focal: str | None = None) -> GapTable:
    """The capability gaps of the focal firm's ecosystem, most severe first.

    Parameters
    ----------
    source : Ecosystem or Analysis
    depth : int, optional
        Partnership hops from the focal firm that count as its ecosystem
        (default: the analysis's, 1 for an ecosystem).
    focal : str, optional
        Another firm to put at the centre.

    Examples
    --------
    >>> import ecosystem
    >>> eco = ecosystem.load("sample_graphs/camera.yaml")
    >>> top = capability_gaps(eco)[0]
    >>> top.job, top.capability, top.severity, top.candidates  # 52.6 x weight 2
    ('keep-gear-working', 'spare-parts-logistics', 105.2, ('gearlogix',))
    """
    figures = figures_of(source, depth, focal)
    return figures.figure("gaps", lambda: gaps_in(coverage_model(figures)))


def gap_totals(source: Ecosystem | Figures, gaps: Sequence[Gap] | None = None) -> list[CapabilityGap]:
    """Per missing capability: how many jobs it hurts and its total severity, most severe first.

    The total adds the gaps' (rounded) severities in the order given.  Without
    ``gaps``, the totals of ``source``'s own gaps (:func:`capability_gaps`).

    >>> import ecosystem
    >>> eco = ecosystem.load("sample_graphs/camera.yaml")
    >>> [(t.capability, t.jobs, t.severity) for t in gap_totals(eco)][:2]
    [('spare-parts-logistics', 1, 105.2), ('scene-recognition', 1, 44.0)]
    """
    if gaps is None:
        figures = figures_of(source)
        return list(figures.figure("gap_totals", lambda: tuple(gap_totals(figures, capability_gaps(figures)))))
    eco = source.eco if isinstance(source, Figures) else source
    if isinstance(gaps, GapTable):
        totals = round_figures(gaps.capability_severity)
        order = np.lexsort((np.arange(len(totals)), -totals)).tolist()
        jobs, values = gaps.capability_jobs.tolist(), totals.tolist()
        return [
            CapabilityGap(gaps.capabilities[k], eco.name_of(gaps.capabilities[k]), jobs[k], values[k], gaps.candidates_of(k))
            for k in order
        ]
    count: dict[str, int] = defaultdict(int)
    severity: dict[str, float] = defaultdict(float)
    candidates = {g.capability: g.candidates for g in gaps}  # the same for every job that needs it
    for gap in gaps:
        count[gap.capability] += 1
        severity[gap.capability] += gap.severity
    rows = [
        CapabilityGap(c, eco.name_of(c), count[c], round(severity[c], 6), candidates[c]) for c in severity
    ]
    return sorted(rows, key=lambda r: (-r.severity, r.capability))
