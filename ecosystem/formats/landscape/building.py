"""Building an ecosystem from a walked landscape: the foundation, placements, ids, the report."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ...model.building import EcosystemBuilder
from ...model.errors import InvalidEcosystemError, Problem
from ...model.graph import Ecosystem, NodeType, RelType
from .names import crunchbase_slug, distinct_names, organisation_name, slugify, unique_ids
from .reading import parse_yaml, read_text
from .report import LandscapeImport, LandscapeJob, LandscapeMember
from .roles import CategoryRoles, choose_members, classify
from .settings import LandscapeSettings, read_settings, settings_files
from .walking import TEXT_KEYS, Org, OrgKey, Walk, walk_landscape

__all__ = ["import_landscape", "import_landscape_report"]


def _norm(text: str) -> str:
    """A loose form of a category/subcategory name for matching ``second_path``."""
    words = re.findall(r"\w+", text.casefold().replace("&", " and "))
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)


@dataclass
class _Placement:
    """Where the items went."""

    #: (org key, category index, subcategory index) -> item names
    provisions: dict[tuple[OrgKey, int, int], list[str]] = field(default_factory=dict)
    #: org key -> [(tier, joined, line)]
    memberships: dict[OrgKey, list[tuple[str, str | None, int | None]]] = field(default_factory=dict)
    placed: int = 0
    as_members: int = 0
    second_paths: int = 0
    unresolved: list[str] = field(default_factory=list)


def _place(walk: Walk, roles: CategoryRoles) -> _Placement:
    out = _Placement()
    technology = {(ci, si) for ci, subs in roles.technology.items() for si in subs}
    second: list[tuple[OrgKey, str, str, tuple[int, int] | None]] = []
    for ci, category in enumerate(walk.categories):
        for si, sub in enumerate(category.subcategories):
            for item in sub.items:
                primary: tuple[int, int] | None = None
                if ci == roles.members:
                    out.memberships.setdefault(item.org, []).append((sub.name, item.joined, item.line))
                    walk.orgs[item.org].member_names.append(item.name)
                    out.as_members += 1
                elif (ci, si) in technology:
                    out.provisions.setdefault((item.org, ci, si), []).append(item.name)
                    out.placed += 1
                    primary = (ci, si)
                second.extend((item.org, item.name, path, primary) for path in item.paths)
    exact: dict[tuple[str, str], tuple[int, int]] = {}
    loose: dict[tuple[str, str], tuple[int, int] | None] = {}
    for ci, category in enumerate(walk.categories):
        for si, sub in enumerate(category.subcategories):
            exact.setdefault((category.name, sub.name), (ci, si))
            key = (_norm(category.name), _norm(sub.name))
            loose[key] = None if key in loose and loose[key] != (ci, si) else (ci, si)
    for org, item_name, path, primary in second:
        parts = path.split("/")
        splits = [("/".join(parts[:i]).strip(), "/".join(parts[i:]).strip()) for i in range(1, len(parts))]
        target = next((exact[s] for s in splits if s in exact), None)
        if target is None:
            found = {loose.get((_norm(a), _norm(b))) for a, b in splits} - {None}
            target = found.pop() if len(found) == 1 else None
        if target is None:
            if path not in out.unresolved:
                out.unresolved.append(path)
            continue
        if target == primary or target not in technology:
            continue  # already there, or a members tier / skipped subcategory
        names = out.provisions.setdefault((org, *target), [])
        if item_name not in names:
            names.append(item_name)
        out.second_paths += 1
    return out


def _no_foundation(message: str, source: str, line: int | None = None) -> InvalidEcosystemError:
    return InvalidEcosystemError(
        [Problem(f"cannot tell which organisation is the landscape's foundation: {message}; pass foundation= "
                 "(its crunchbase slug or URL, e.g. 'cloud-native-computing-foundation')", source, line)],
        source,
    )


def _foundation(walk: Walk, foundation: str | None, settings: LandscapeSettings, source: str) -> tuple[OrgKey, str]:
    """The key of the foundation (registering it if it owns no item but is given by URL) and how it was found."""
    if foundation is not None:
        wanted = str(foundation).strip()
        parsed = crunchbase_slug(wanted)
        slug = parsed[0] if parsed else unquote(wanted)
        candidates = [slug.casefold()] + ([slug.casefold()[4:]] if slug.casefold().startswith("org-") else [])
        for candidate in candidates:
            for kind in ("crunchbase", "named"):
                if (kind, candidate) in walk.orgs:
                    return (kind, candidate), "given as the foundation argument"
        if parsed is not None:
            walk.orgs[("crunchbase", slug.casefold())] = Org("crunchbase", slug, None, crunchbase=parsed[1])
            return ("crunchbase", slug.casefold()), "given as the foundation argument (it owns no item)"
        known = [k[1] for k in walk.orgs if k[0] == "crunchbase"]
        close = difflib.get_close_matches(candidates[-1], known, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise InvalidEcosystemError(
            [Problem(f"foundation {wanted!r} owns no item in this landscape{hint}; give the crunchbase slug of an "
                     "organisation that does, or the full crunchbase URL of one that does not", source)],
            source,
        )
    if settings.foundation_url is not None:
        slug, canonical = crunchbase_slug(settings.foundation_url.value) or ("", "")
        key = ("crunchbase", slug.casefold())
        if key not in walk.orgs:
            walk.orgs[key] = Org("crunchbase", slug, None, crunchbase=canonical)
        return key, f"named in {settings.foundation_url.where}"
    owners = [(org.projects, key) for key, org in walk.orgs.items() if org.projects and org.kind != "item"]
    if not owners:
        products = sum(org.projects for org in walk.orgs.values())
        why = (f"the {products} items with a `project:` field name no organisation (no crunchbase URL or "
               "organization: {name})") if products else "no item has a `project:` field"
        raise _no_foundation(why, source)
    most = max(count for count, _ in owners)
    best = [key for count, key in owners if count == most]
    if len(best) > 1:
        names = " and ".join(repr(walk.orgs[k].slug) for k in best[:3])
        raise _no_foundation(f"{names} each own {most} items with a `project:` field", source, walk.orgs[best[0]].line)
    return best[0], f"the organisation owning the most items with a `project:` field ({most})"


def _org_name(org: Org) -> str:
    if org.kind == "item":  # an item standing for its organisation: its name without a trailing (tag)
        return re.sub(r"\s*\([^()]*\)\s*$", "", org.slug).strip() or org.slug
    if org.kind == "named":
        return org.org_name or org.slug
    return org.org_name or organisation_name(org.slug, org.item_names, org.member_names)


def _landscape_name(members: str | None, display: str | None, focal_name: str, source: str) -> str:
    if display:
        return f"{display} Landscape"
    parts = re.split(r"\b(?:members?|membership|supporters?|sponsors?)\b", members or "", maxsplit=1, flags=re.I)
    prefix = parts[0].strip(" -:") if len(parts) > 1 else ""
    if prefix or focal_name:
        return f"{prefix or focal_name} Landscape"
    return Path(source).stem


def import_landscape_report(
    path: str | Path,
    foundation: str | None = None,
    *,
    settings: str | Path | None = None,
    members: str | None = None,
    skip_categories: Iterable[str] = (),
    keep_placeholders: bool = False,
    text: str | None = None,
) -> tuple[Ecosystem, LandscapeImport]:
    """Import a landscape file; return the ecosystem and the import report.

    Parameters
    ----------
    path : str or Path
        The ``landscape.yml`` file (with ``text``, only its name is used).
    foundation : str, optional
        The landscape's foundation, the focal firm: a crunchbase slug
        (``cloud-native-computing-foundation``), URL or ``org-<slug>`` id.
        By default the one the settings file names, else the organisation
        owning the most items that have a ``project:`` field.
    settings : str or Path, optional
        A settings file (landscapeapp or landscape2 ``settings.yml``, LFX
        ``config.yml``).  By default those next to ``path`` (none with ``text``).
    members : str, optional
        The name of the members category (overrides the settings).
    skip_categories : iterable of str
        Categories (or ``Category / Subcategory``) that are not technologies.
    keep_placeholders : bool
        Keep empty subcategories as capabilities nobody provides.
    text : str, optional
        The file's content, to import text that is not in a file.

    Returns
    -------
    tuple of (Ecosystem, LandscapeImport)
        The ecosystem and the report of what it was made from.

    Raises
    ------
    SourceError
        If the file (or a settings file) cannot be read.
    InvalidEcosystemError
        If it is not a valid landscape, a name given cannot be found, or the
        foundation cannot be identified (every problem, with file and line).

    Examples
    --------
    >>> eco, report = import_landscape_report("demo.yml", text='''
    ... landscape:
    ...   - name: Storage
    ...     subcategories:
    ...       - name: Block
    ...         items:
    ...           - name: Rook
    ...             project: graduated
    ...             crunchbase: https://www.crunchbase.com/organization/cncf
    ...           - name: Tiny Disk
    ... ''')
    >>> report.items, report.items_with_crunchbase, report.items_without_organisation
    (2, 1, 1)
    """
    source = str(path)
    if text is None:
        text, problems = read_text(Path(path), source, "a landscape.yml file")
        if text is None:
            raise InvalidEcosystemError(problems, source)
        paths = [Path(settings)] if settings is not None else settings_files(Path(path))
    else:
        paths = [Path(settings)] if settings is not None else []
    if not text.strip():
        raise InvalidEcosystemError(
            [Problem("the file is empty; expected a `landscape:` list of categories", source)], source
        )
    doc, problems = parse_yaml(text, source, TEXT_KEYS)
    if doc is None and not problems:
        problems = [Problem("the file holds no YAML document; expected a `landscape:` list of categories", source)]
    if doc is None:
        raise InvalidEcosystemError(problems, source)
    walk, walk_problems = walk_landscape(doc, source)
    problems.extend(walk_problems)
    if problems:
        raise InvalidEcosystemError(problems, source)
    found = read_settings(paths) if paths else LandscapeSettings()
    skip = (skip_categories,) if isinstance(skip_categories, str) else tuple(skip_categories)
    members_ci, members_basis, problems = choose_members(walk, found, members, source)
    roles, more = classify(walk, found, members_ci, skip, source)
    problems.extend(more)
    if problems:
        raise InvalidEcosystemError(problems, source)
    roles.members_basis = members_basis
    placement = _place(walk, roles)
    focal_key, basis = _foundation(walk, foundation, found, source)
    return _build(walk, roles, placement, found, focal_key, basis, keep_placeholders, source)


def _build(
    walk: Walk,
    roles: CategoryRoles,
    placement: _Placement,
    settings: LandscapeSettings,
    focal_key: OrgKey,
    basis: str,
    keep_placeholders: bool,
    source: str,
) -> tuple[Ecosystem, LandscapeImport]:
    provided = {(ci, si) for _, ci, si in placement.provisions}
    placeholders: list[str] = []
    caps: dict[int, list[int]] = {}
    for ci, subs in roles.technology.items():
        category = walk.categories[ci]
        empty = [si for si in subs if (ci, si) not in provided]
        placeholders.extend(f"{category.name} / {category.subcategories[si].name}" for si in empty)
        if not category.subcategories:
            placeholders.append(category.name)
        kept = subs if keep_placeholders else [si for si in subs if (ci, si) in provided]
        if kept or (keep_placeholders and not category.subcategories):
            caps[ci] = kept

    used = {key for key, _, _ in placement.provisions} | set(placement.memberships)
    org_keys = [focal_key, *(k for k in walk.orgs if k != focal_key and k in used)]
    cap_keys = [(ci, si) for ci in caps for si in caps[ci]]
    bases = [("org-item-" if walk.orgs[k].kind == "item" else "org-") + slugify(walk.orgs[k].slug) for k in org_keys]
    bases += ["job-" + slugify(walk.categories[ci].name) for ci in caps]
    bases += [f"cap-{slugify(walk.categories[ci].name)}-{slugify(walk.categories[ci].subcategories[si].name)}"
              for ci, si in cap_keys]
    unique = iter(unique_ids(bases))
    org_ids = {k: next(unique) for k in org_keys}
    job_ids = {ci: next(unique) for ci in caps}
    cap_ids = {key: next(unique) for key in cap_keys}
    cap_names = dict(zip(cap_keys, distinct_names(
        [walk.categories[ci].subcategories[si].name for ci, si in cap_keys],
        [walk.categories[ci].name for ci, _ in cap_keys],
    )))

    display = settings.foundation_name.value if settings.foundation_name else None
    names = {k: _org_name(walk.orgs[k]) for k in org_keys}
    if display:
        names[focal_key] = display
    builder = EcosystemBuilder(source)
    for key, org_id in org_ids.items():
        org = walk.orgs[key]
        record: dict[str, Any] = {"id": org_id, "name": names[key]}
        if org.crunchbase:
            record["crunchbase"] = org.crunchbase
        if org.kind == "item":
            record["organisation_unknown"] = True
            if org.homepage_url:
                record["homepage_url"] = org.homepage_url
        builder.add_node(record, NodeType.FIRM if key == focal_key else NodeType.PARTNER, line=org.line)
    for ci, job_id in job_ids.items():
        category = walk.categories[ci]
        builder.add_node({"id": job_id, "name": category.name}, NodeType.JOB, line=category.line)
    for (ci, si), cap_id in cap_ids.items():
        category, sub = walk.categories[ci], walk.categories[ci].subcategories[si]
        builder.add_node({"id": cap_id, "name": cap_names[(ci, si)], "kind": "resource", "category": category.name},
                         NodeType.CAPABILITY, line=sub.line)
    for (ci, si), cap_id in cap_ids.items():
        builder.add_relationship({"type": RelType.REQUIRES.value, "from": job_ids[ci], "to": cap_id},
                                 line=walk.categories[ci].subcategories[si].line)
    for (key, ci, si), item_names in placement.provisions.items():
        builder.add_relationship(
            {"type": RelType.PROVIDES.value, "from": org_ids[key], "to": cap_ids[(ci, si)], "items": sorted(item_names)},
            line=walk.categories[ci].subcategories[si].line,
        )
    tier_order = _tier_order(walk, roles, settings)
    members: list[LandscapeMember] = []
    for key, tiers in placement.memberships.items():
        if key == focal_key:
            continue
        ordered = sorted(tiers, key=lambda t: tier_order.get(t[0], len(tier_order)))
        props: dict[str, Any] = {"kind": "member", "tier": ordered[0][0]}
        distinct = list(dict.fromkeys(t for t, _, _ in ordered))
        if len(distinct) > 1:
            props["tiers"] = distinct
        since = next((j for _, j, _ in tiers if j), None)
        if since:
            props["since"] = since
        builder.add_relationship(
            {"type": RelType.PARTNERS_WITH.value, "from": org_ids[focal_key], "to": org_ids[key], **props},
            line=tiers[0][2],
        )
        members.append(LandscapeMember(org_ids[key], names[key], ordered[0][0]))

    members_name = walk.categories[roles.members].name if roles.members is not None else None
    eco = builder.finish(_landscape_name(members_name, display, names[focal_key], source), org_ids[focal_key])
    items_in = {ci: sum(len(v) for (_, c, _), v in placement.provisions.items() if c == ci) for ci in caps}
    report = LandscapeImport(
        source=source,
        settings=settings.files,
        foundation=org_ids[focal_key],
        foundation_name=names[focal_key],
        foundation_basis=basis,
        members_category=members_name,
        members_basis=roles.members_basis,
        members=tuple(members),
        member_tiers=tuple(sorted(tier_order, key=tier_order.__getitem__)),
        jobs=tuple(LandscapeJob(walk.categories[ci].name, job_ids[ci],
                                tuple(cap_names[(ci, si)] for si in caps[ci]), items_in[ci]) for ci in caps),
        skipped=tuple(roles.skipped),
        placeholders=tuple(placeholders),
        placeholders_kept=keep_placeholders,
        items=walk.items,
        items_placed=placement.placed,
        items_as_members=placement.as_members,
        items_skipped=roles.skipped_items,
        organisations=len(org_ids),
        capabilities=len(cap_ids),
        provisions=len(placement.provisions),
        items_with_crunchbase=walk.with_crunchbase,
        items_named_organisation=walk.named,
        items_without_organisation=walk.unknown,
        second_paths=placement.second_paths,
        unresolved_second_paths=tuple(placement.unresolved),
    )
    return eco, report


def _tier_order(walk: Walk, roles: CategoryRoles, settings: LandscapeSettings) -> dict[str, int]:
    """The member tiers in order: the settings' member classes first, then the subcategories in file order."""
    if roles.members is None:
        return {}
    subs = [s.name for s in walk.categories[roles.members].subcategories]
    by_case = {s.casefold(): s for s in subs}
    ordered = [by_case[c.casefold()] for _, c in settings.member_classes if c.casefold() in by_case]
    ordered += [s for s in subs if s not in ordered]
    return {tier: i for i, tier in enumerate(dict.fromkeys(ordered))}


def import_landscape(
    path: str | Path,
    foundation: str | None = None,
    *,
    settings: str | Path | None = None,
    members: str | None = None,
    skip_categories: Iterable[str] = (),
    keep_placeholders: bool = False,
    text: str | None = None,
) -> Ecosystem:
    """Import a Linux Foundation landscape (``landscape.yml``) as an ecosystem.

    The mapping (the foundation as focal firm, its members as partners,
    technology categories as jobs requiring their subcategories as
    capabilities, organisations providing them) is described in
    :mod:`ecosystem.formats.landscape`.  The parameters are those of
    :func:`import_landscape_report`, which also returns the import report.

    Returns
    -------
    Ecosystem
        The foundation as focal firm, other organisations as partners.

    Raises
    ------
    SourceError
        If the file (or a settings file) cannot be read.
    InvalidEcosystemError
        If it is not a valid landscape, a name given cannot be found, or the
        foundation cannot be identified (every problem, with file and line).

    Examples
    --------
    >>> eco = import_landscape("demo.yml", text='''
    ... landscape:
    ...   - category:
    ...     name: Runtime
    ...     subcategories:
    ...       - subcategory:
    ...         name: Cloud Native Storage
    ...         items:
    ...           - item:
    ...             name: Rook
    ...             project: graduated
    ...             crunchbase: https://www.crunchbase.com/organization/cloud-native-computing-foundation
    ...           - item:
    ...             name: Portworx
    ...             crunchbase: https://www.crunchbase.com/organization/portworx
    ... ''')
    >>> eco.name, eco.focal
    ('Cloud Native Computing Foundation Landscape', 'org-cloud-native-computing-foundation')
    >>> [n.name for n in eco.partners()]
    ['Portworx']
    >>> [p.provider for p in eco.providers("cap-runtime-cloud-native-storage")]
    ['org-cloud-native-computing-foundation', 'org-portworx']
    """
    return import_landscape_report(
        path, foundation, settings=settings, members=members, skip_categories=skip_categories,
        keep_placeholders=keep_placeholders, text=text,
    )[0]
