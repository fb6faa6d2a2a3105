"""What each category of a landscape is: the members list, a technology (a job), or something else.

The members category
    The ``members`` argument, else the category the settings file names
    (see :mod:`.settings`), else the category whose name contains "member"
    (case-insensitive; of several, the one with the most items).  Its
    subcategories are member tiers: never jobs, capabilities or gaps.
Non-technology categories (not jobs)
    Checked in this order, for every other category; the first rule that
    holds is the reason given in the import report:

    1. named in ``skip_categories`` (a category, or ``Category / Subcategory``);
    2. the projects category the settings file names (LFX's
       ``landscapeProjectsCategory``): the foundation's projects by stage;
    3. its name says it is not a technology (whole words, any case):
       member logos (``member``, ``membership``, ``sponsor``, ``supporter``),
       events (``event``, ``conference``, ``summit``, ``meetup``,
       ``hackathon``, ``webinar``, ``workshop``, ``days``, a year next to
       another word such as ``KubeCon 2024``), hosting and service providers (``hosting``, ``service
       provider``, ``consulting``, ``training partner``, ``partner``,
       ``reseller``, ``system integrator``, ``professional services``),
       organisation lists (``company``, ``organization``, ``institution``,
       ``university``, ``adopter``, ``end user``), working groups (``SIG``,
       ``special interest group``, ``working group``, ``WG``, ``technical
       advisory group``, ``committee``, ``task force``), or stages only
       (``Projects``, ``Graduated``, ``Sandbox``...);
    4. it is a stage list: two or more subcategories, all named by project
       stages (``graduated``, ``incubating``, ``sandbox``, ``archived``... or
       the ``project:`` values the file uses).

    Then each subcategory of a category that passes is checked: rules 1 and
    3 (with its own name), a name made only of end stages (``Archived``,
    ``Emeritus``, ``Deprecated``...), and its items: an organisation list
    (of 3 or more items, 80% share one trailing tag such as ``(KCSP)`` or
    ``(hosting)``; or of 5 or more items, 75% are named like their own
    organisation) or logos only (no item has a homepage, repository,
    description or project).  A category whose subcategories are all
    skipped is skipped.
Placeholders
    A subcategory with no item (none of its own and none placed there by a
    ``second_path``) is a placeholder: reported, not made a capability (it
    would be a gap nobody can close), unless ``keep_placeholders``.  A
    category with nothing but placeholders is not a job either.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ...model.errors import Problem
from .names import slugify, spells_slug
from .settings import LandscapeSettings
from .walking import Category, Subcategory, Walk

__all__ = ["CategoryRoles", "Skip", "choose_members", "classify"]

_WORD_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(pattern, re.IGNORECASE))
    for label, pattern in (
        ("member logos", r"\b(members?|membership|sponsors?|supporters?)\b"),
        (
            "events",
            r"\b(events?|conferences?|summits?|meetups?|hackathons?|webinars?|workshops?|days)\b"
            r"|(?<=\w )(19|20)\d\d\b|\b(19|20)\d\d(?= \w)",  # a year next to another word: "KubeCon 2024"
        ),
        (
            "hosting and service providers",
            r"\b(hosting|service providers?|consult(ing|ancy|ants?)|training (partners?|providers?)|partners?"
            r"|resellers?|system integrators?|professional services)\b",
        ),
        (
            "organisation lists",
            r"\b(compan(y|ies)|organi[sz]ations?|institutions?|universit(y|ies)|adopters?|end[- ]?users?)\b",
        ),
        (
            "working groups",
            r"\b(sigs?|special interest groups?|working groups?|wgs?|technical advisory groups?|committees?"
            r"|task forces?)\b",
        ),
    )
)
#: Words that name project stages (with the ``project:`` values of the file itself).
STAGE_WORDS = frozenset(
    {
        "active", "adoption", "all", "archive", "archived", "at", "deprecated", "early", "emeritus", "graduated",
        "graduation", "growth", "hosted", "impact", "inactive", "incubating", "incubation", "incubator", "lab",
        "labs", "large", "level", "mature", "maturity", "project", "projects", "retired", "sandbox", "stage",
    }
)  # fmt: skip
#: A subcategory named only by one of these (and project words) is a stage list wherever it is.
_END_STAGES = frozenset({"archive", "archived", "deprecated", "emeritus", "inactive", "retired"})


@dataclass(frozen=True)
class Skip:
    """A category (``Category``) or subcategory (``Category / Subcategory``) not taken as a technology."""

    path: str
    items: int
    reason: str


@dataclass
class CategoryRoles:
    """The role of every category and subcategory (indexes into ``Walk.categories``)."""

    members: int | None = None
    members_basis: str = ""
    #: category index -> indexes of its subcategories that are technologies (placeholders included)
    technology: dict[int, list[int]] = field(default_factory=dict)
    skipped: list[Skip] = field(default_factory=list)
    skipped_items: int = 0
    skipped_paths: set[tuple[int, int]] = field(default_factory=set)


def _find(name: str, categories: Sequence[Category]) -> int | None:
    wanted = name.strip().casefold()
    return next((i for i, c in enumerate(categories) if c.name.casefold() == wanted), None)


def _suggest(name: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}? " if close else ""


def choose_members(
    walk: Walk, settings: LandscapeSettings, members: str | None, source: str
) -> tuple[int | None, str, list[Problem]]:
    """The members category (index or ``None``), how it was chosen, and any problem.

    >>> from ecosystem.formats.landscape.walking import Category, Walk
    >>> walk = Walk(categories=[Category("Runtime", 2), Category("Foo Member Company", 9)])
    >>> choose_members(walk, LandscapeSettings(), None, "demo.yml")[:2]
    (1, "detected: the only category whose name contains 'member'")
    """
    names = [c.name for c in walk.categories]
    listing = "; the categories are " + ", ".join(repr(n) for n in names)
    if members is not None:
        found = _find(members, walk.categories)
        if found is None:
            return None, "", [Problem(f"members category {members!r} (the members argument) is not a category of "
                                      f"this landscape: {_suggest(members, names)}expected one of its category "
                                      f"names{listing}", source)]
        return found, "the members argument", []
    setting = settings.members_category
    if setting is not None:
        found = _find(setting.value, walk.categories)
        if found is None:
            return None, "", [Problem(f"members category {setting.value!r} ({setting.key}) is not a category of "
                                      f"{source}: {_suggest(setting.value, names)}expected one of its category "
                                      f"names, or pass members={listing}", setting.source, setting.line)]
        return found, setting.where, []
    candidates = [i for i, c in enumerate(walk.categories) if "member" in c.name.casefold()]
    if not candidates:
        return None, "none: no settings file names one and no category name contains 'member'", []
    if len(candidates) == 1:
        return candidates[0], "detected: the only category whose name contains 'member'", []
    best = max(candidates, key=lambda i: (walk.categories[i].entries, -i))
    others = ", ".join(repr(walk.categories[i].name) for i in candidates if i != best)
    return best, f"detected: the category with the most items whose name contains 'member' (others: {others})", []


def _word_reason(name: str) -> str | None:
    for label, pattern in _WORD_RULES:
        match = pattern.search(name)
        if match:
            return f"{label} (the name says {match.group(0)!r})"
    return None


def _stage_words(name: str, stages: frozenset[str]) -> bool:
    words = slugify(name).split("-")
    return bool(words) and all(w in stages for w in words)


def _items_reason(walk: Walk, subs: Sequence[Subcategory]) -> str | None:
    items = [item for sub in subs for item in sub.items]
    if not items:
        return None
    tags = Counter(item.tag for item in items if item.tag)
    if len(items) >= 3 and tags:
        tag, count = tags.most_common(1)[0]
        if count >= 0.8 * len(items):
            return f"organisation list ({count} of {len(items)} items are tagged '({tag})')"
    named = sum(1 for item in items if _named_like_org(walk, item.name, item.org))
    if len(items) >= 5 and named >= 0.75 * len(items):
        return f"organisation list ({named} of {len(items)} items are named like their own organisation)"
    if not any(item.detailed for item in items):
        return "logos only (no item has a homepage, repository, description or project)"
    return None


def _named_like_org(walk: Walk, name: str, key: tuple[str, str]) -> bool:
    org = walk.orgs[key]
    if org.kind == "crunchbase":
        return spells_slug(name, org.slug)
    return org.kind == "named" and spells_slug(name, slugify(org.slug))


def classify(
    walk: Walk,
    settings: LandscapeSettings,
    members: int | None,
    skip: Sequence[str],
    source: str,
) -> tuple[CategoryRoles, list[Problem]]:
    """The role of every category and subcategory, by the rules of this module's docstring.

    Placeholders are not decided here (they depend on ``second_path``
    placements): every subcategory that is a technology is listed in
    :attr:`CategoryRoles.technology`, empty or not.
    """
    roles = CategoryRoles(members=members)
    problems: list[Problem] = []
    wanted: dict[str, str] = {}
    for name in skip:
        wanted[" / ".join(part.strip() for part in str(name).split("/")).casefold()] = str(name)
    known = {c.name.casefold() for c in walk.categories} | {
        f"{c.name} / {s.name}".casefold() for c in walk.categories for s in c.subcategories
    }
    for key, name in wanted.items():
        if key not in known:
            choices = [c.name for c in walk.categories]
            problems.append(Problem(f"skip_categories names {name!r}, which is not a category of this landscape: "
                                    f"{_suggest(name, choices)}expected a category name or 'Category / "
                                    f"Subcategory'", source))
    values = {slugify(i.project) for c in walk.categories for s in c.subcategories for i in s.items if i.project}
    stages = STAGE_WORDS | frozenset(w for v in values for w in v.split("-"))
    projects = settings.projects_category
    for ci, category in enumerate(walk.categories):
        if ci == members:
            continue
        reason = None
        if category.name.casefold() in wanted:
            reason = "skipped by request (skip_categories)"
        elif projects is not None and category.name.casefold() == projects.value.casefold():
            reason = f"stage list (the projects category of {projects.where})"
        else:
            reason = _word_reason(category.name)
            own = stages | frozenset(slugify(category.name).split("-"))
            if reason is None and (_stage_words(category.name, stages) or (
                len(category.subcategories) >= 2 and all(_stage_words(s.name, own) for s in category.subcategories)
            )):
                names = ", ".join(s.name for s in category.subcategories)
                reason = f"stage list (subcategories {names} are project stages)" if not _stage_words(
                    category.name, stages) else f"stage list (the name says {category.name!r})"
        if reason is not None:
            _skip(roles, ci, None, category.name, category.entries, reason)
            continue
        kept: list[int] = []
        for si, sub in enumerate(category.subcategories):
            path = f"{category.name} / {sub.name}"
            sub_reason = None
            if path.casefold() in wanted:
                sub_reason = "skipped by request (skip_categories)"
            else:
                sub_reason = _word_reason(sub.name)
                if sub_reason is None and _stage_words(sub.name, _END_STAGES | {"project", "projects"}):
                    sub_reason = f"stage list (the name says {sub.name!r})"
                if sub_reason is None:
                    sub_reason = _items_reason(walk, [sub])
            if sub_reason is not None:
                _skip(roles, ci, si, path, sub.entries, sub_reason)
            else:
                kept.append(si)
        if category.subcategories and not kept:
            roles.skipped.append(Skip(category.name, 0, "every subcategory is skipped"))
            continue
        roles.technology[ci] = kept
    return roles, problems


def _skip(roles: CategoryRoles, ci: int, si: int | None, path: str, items: int, reason: str) -> None:
    roles.skipped.append(Skip(path, items, reason))
    roles.skipped_items += items
    if si is None:
        roles.skipped_paths.add((ci, -1))
    else:
        roles.skipped_paths.add((ci, si))
