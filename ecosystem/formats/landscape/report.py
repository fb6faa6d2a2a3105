"""The import report: what :func:`~ecosystem.formats.landscape.import_landscape_report` made of a landscape.

:class:`LandscapeImport` is a frozen dataclass; :func:`report_lines` renders
it as text lines for people and :func:`report_json` as JSON for pipes.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..records import render_json
from .roles import Skip

__all__ = ["LandscapeImport", "LandscapeJob", "LandscapeMember", "Skip", "report_json", "report_lines"]


@dataclass(frozen=True)
class LandscapeJob:
    """A category taken as a job.

    Attributes
    ----------
    name : str
        The category.
    id : str
        The job's id.
    capabilities : tuple of str
        The names of the capabilities it requires (its subcategories).
    items : int
        The items placed in those subcategories (``second_path`` placements included).
    """

    name: str
    id: str
    capabilities: tuple[str, ...]
    items: int


@dataclass(frozen=True)
class LandscapeMember:
    """A member organisation of the foundation, with its tier (its subcategory in the members category)."""

    id: str
    name: str
    tier: str


@dataclass(frozen=True)
class LandscapeImport:
    """What :func:`~ecosystem.formats.landscape.import_landscape_report` made of a landscape file.

    Every item entry of the file is counted once: ``items == items_placed +
    items_as_members + items_skipped``.

    Attributes
    ----------
    source : str
        The landscape file (or the name given with ``text``).
    settings : tuple of str
        The settings files read (``settings.yml``, ``config.yml``), if any.
    foundation : str
        Id of the focal firm, the landscape's foundation.
    foundation_name : str
        Its name.
    foundation_basis : str
        How it was identified (the argument, a settings key, or the
        organisation owning the most items with a ``project:`` field).
    members_category : str or None
        The category listing the foundation's members.
    members_basis : str
        How it was chosen (the argument, a settings key and line, or detected by name).
    members : tuple of LandscapeMember
        The member organisations, in file order (the foundation itself excluded).
    member_tiers : tuple of str
        The tiers (subcategories of the members category), in order.
    jobs : tuple of LandscapeJob
        Every category taken as a job.
    skipped : tuple of Skip
        Every category or subcategory not taken as a technology, and why.
    placeholders : tuple of str
        Empty subcategories (``Category / Subcategory``), not made capabilities
        unless asked (then they are capabilities nobody provides).
    placeholders_kept : bool
        True if the placeholders were kept as capabilities.
    items : int
        Item entries in the file.
    items_placed : int
        Items placed in a technology subcategory (each gives a ``PROVIDES``).
    items_as_members : int
        Items of the members category.
    items_skipped : int
        Items of skipped categories and subcategories.
    organisations : int
        Organisations in the ecosystem (the foundation and the partners).
    capabilities : int
        Capabilities (technology subcategories).
    provisions : int
        ``PROVIDES`` relationships.
    items_with_crunchbase : int
        Items whose organisation came from their ``crunchbase`` URL.
    items_named_organisation : int
        Items without ``crunchbase`` whose ``organization`` named it.
    items_without_organisation : int
        Items without ``crunchbase`` or ``organization``: their own organisation.
    second_paths : int
        ``second_path`` entries that placed an item in another subcategory.
    unresolved_second_paths : tuple of str
        ``second_path`` entries that name no subcategory, each once, in file order.
    """

    source: str
    settings: tuple[str, ...]
    foundation: str
    foundation_name: str
    foundation_basis: str
    members_category: str | None
    members_basis: str
    members: tuple[LandscapeMember, ...]
    member_tiers: tuple[str, ...]
    jobs: tuple[LandscapeJob, ...]
    skipped: tuple[Skip, ...]
    placeholders: tuple[str, ...]
    placeholders_kept: bool
    items: int
    items_placed: int
    items_as_members: int
    items_skipped: int
    organisations: int
    capabilities: int
    provisions: int
    items_with_crunchbase: int
    items_named_organisation: int
    items_without_organisation: int
    second_paths: int
    unresolved_second_paths: tuple[str, ...] = ()


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def report_lines(report: LandscapeImport) -> list[str]:
    """The import report as text lines for people (the CLI prints them to stderr).

    Every list of the report is printed in full, one entry a line, except
    the members: one line per tier, names separated by commas.

    >>> from ecosystem.formats.landscape import import_landscape_report
    >>> eco, report = import_landscape_report("demo.yml", text='''
    ... landscape:
    ...   - name: Storage
    ...     subcategories:
    ...       - name: Block
    ...         items:
    ...           - {name: Rook, project: graduated, crunchbase: "https://www.crunchbase.com/organization/cncf"}
    ...       - name: Object
    ...   - name: Dev Days 2024
    ...     subcategories:
    ...       - name: Talks
    ...         items: [{name: Keynote, homepage_url: "https://example.org"}]
    ... ''')
    >>> print("\\n".join(report_lines(report)))
    Landscape demo.yml: 2 items = 1 placed + 0 as members + 1 skipped
    Settings: none
    Foundation (focal firm): CNCF (org-cncf), the organisation owning the most items with a `project:` field (1)
    Members category: none (none: no settings file names one and no category name contains 'member')
    Jobs (1 category, 1 capability, 1 provision):
      Storage: 1 capability (Block), 1 item
    Skipped (1):
      Dev Days 2024 (1 item): events (the name says 'Days')
    Placeholders (1, not made capabilities):
      Storage / Object
    Unresolved second paths (0)
    """
    r = report
    lines = [
        f"Landscape {r.source}: {_count(r.items, 'item')} = {r.items_placed} placed + {r.items_as_members} "
        f"as members + {r.items_skipped} skipped",
        "Settings: " + (", ".join(r.settings) if r.settings else "none"),
        f"Foundation (focal firm): {r.foundation_name} ({r.foundation}), {r.foundation_basis}",
    ]
    if r.members_category is None:
        lines.append(f"Members category: none ({r.members_basis})")
    else:
        lines.append(f"Members category: {r.members_category} ({r.members_basis}): "
                     f"{_count(len(r.members), 'member')}")
        for tier in r.member_tiers:
            names = [m.name for m in r.members if m.tier == tier]
            lines.append(f"  {tier} ({len(names)}): {', '.join(names)}")
    lines.append(f"Jobs ({_count(len(r.jobs), 'category', 'categories')}, "
                 f"{_count(r.capabilities, 'capability', 'capabilities')}, {_count(r.provisions, 'provision')}):")
    for job in r.jobs:
        lines.append(f"  {job.name}: {_count(len(job.capabilities), 'capability', 'capabilities')} "
                     f"({', '.join(job.capabilities)}), {_count(job.items, 'item')}")
    lines.append(f"Skipped ({len(r.skipped)}):" if r.skipped else "Skipped (0)")
    for skip in r.skipped:
        lines.append(f"  {skip.path} ({_count(skip.items, 'item')}): {skip.reason}")
    kept = "kept as capabilities nobody provides" if r.placeholders_kept else "not made capabilities"
    lines.append(f"Placeholders ({len(r.placeholders)}, {kept}):" if r.placeholders else "Placeholders (0)")
    lines.extend(f"  {p}" for p in r.placeholders)
    unresolved = r.unresolved_second_paths
    lines.append(f"Unresolved second paths ({len(unresolved)}):" if unresolved else "Unresolved second paths (0)")
    lines.extend(f"  {p}" for p in unresolved)
    return lines


def report_json(report: LandscapeImport) -> str:
    """The import report as indented JSON text (every field, lists in full).

    >>> from ecosystem.formats.landscape import import_landscape_report
    >>> _, report = import_landscape_report("demo.yml", text="landscape:\\n  - name: A\\n    subcategories:\\n"
    ...     "      - name: B\\n        items: [{name: X, project: sandbox, organization: {name: Foo}}]\\n")
    >>> import json; json.loads(report_json(report))["jobs"]
    [{'name': 'A', 'id': 'job-a', 'capabilities': ['B'], 'items': 1}]
    """
    return render_json(report)
