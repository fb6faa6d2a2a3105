"""Walking a parsed ``landscape.yml``: categories, subcategories, items and their organisations.

The walk is strict: a key the landscape format does not have, when it is
within a small edit distance of one it has (``subcategoriez``, ``itemz``,
``crunchbse``), is an error with "did you mean" and the line; an unknown key
of a category or subcategory that holds a list (entries that would be lost)
is an error too.  Other unknown keys (landscapes carry many: ``logo``,
``twitter``, ``extra``...) are left alone.  Every item is accounted for: it is
either read or reported as a problem.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from ...model.errors import Problem
from ...model.graph import show
from ..documents import line_of
from .names import crunchbase_slug, trailing_tag
from .reading import key_line, line_at

__all__ = ["Category", "Item", "Org", "OrgKey", "Subcategory", "TEXT_KEYS", "Walk", "walk_landscape"]

#: Keys whose plain scalar values are kept as typed (only null means "none").
TEXT_KEYS = frozenset({"name", "crunchbase", "project", "joined", "homepage_url", "repo_url", "second_path"})

_TOP_KEYS = ("landscape", "categories")
_CATEGORY_KEYS = ("category", "name", "subcategories")
_SUBCATEGORY_KEYS = ("subcategory", "name", "items", "note")
#: Item keys the importer reads: a near miss of one of them is an error.
_ITEM_KEYS = ("name", "crunchbase", "organization", "second_path", "project", "joined", "homepage_url", "repo_url",
              "description", "item")  # fmt: skip
#: Other item keys of the landscape formats (landscapeapp, landscape2, LFX), never taken for typos.
_OTHER_ITEM_KEYS = frozenset(
    {
        "additional_repos", "allow_duplicate_repo", "bluesky_url", "branch", "enduser", "extra", "image_data",
        "include_in_enduser", "license", "linkedin", "logo", "open_source", "project_org", "repo_urls", "slug",
        "stock_ticker", "twitter", "unnamed_organization", "url_for_bestpractices",
    }
)  # fmt: skip
#: Fields that show an item describes something (not just a logo and a name).
DETAIL_KEYS = ("homepage_url", "repo_url", "description", "project", "additional_repos")

OrgKey = tuple[str, str]


@dataclass
class Org:
    """An organisation met in the landscape, before any id is given out."""

    kind: str  # "crunchbase", "named" or "item"
    slug: str  # what the id is made from
    line: int | None
    crunchbase: str | None = None
    org_name: str | None = None
    homepage_url: str | None = None
    projects: int = 0
    item_names: list[str] = field(default_factory=list)
    member_names: list[str] = field(default_factory=list)


@dataclass
class Item:
    """One item of a subcategory."""

    name: str
    line: int | None
    org: OrgKey
    project: str | None
    joined: str | None
    paths: list[str]
    detailed: bool
    tag: str | None


@dataclass
class Subcategory:
    name: str
    line: int | None
    items: list[Item] = field(default_factory=list)
    entries: int = 0  # item entries, problems included


@dataclass
class Category:
    name: str
    line: int | None
    subcategories: list[Subcategory] = field(default_factory=list)

    @property
    def entries(self) -> int:
        """Item entries in all its subcategories."""
        return sum(s.entries for s in self.subcategories)


@dataclass
class Walk:
    """Everything read from the file, before any id is given out."""

    categories: list[Category] = field(default_factory=list)
    orgs: dict[OrgKey, Org] = field(default_factory=dict)
    items: int = 0
    with_crunchbase: int = 0
    named: int = 0
    unknown: int = 0


def _name_of(value: Any) -> str | None:
    """A usable name: a non-empty string (stripped), else ``None``."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _got(record: dict[str, Any], key: str) -> str:
    """``""`` if ``key`` is missing or null, else ``" (name: <value>)"`` for a value that is not a name."""
    value = record.get(key)
    return "" if value is None else f" ({key}: {show(value)})"


class _Walker:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.walk = Walk()

    def problem(self, message: str, line: int | None) -> None:
        self.problems.append(Problem(message, self.source, line))

    def keys(self, record: dict[str, Any], known: tuple[str, ...], others: frozenset[str], where: str,
             lists_lost: bool) -> None:
        """Report the unknown keys of ``record`` that look like typos or would lose entries."""
        for key, value in record.items():
            if key in known or key in others:
                continue
            text = str(key)
            close = difflib.get_close_matches(text, known, n=1, cutoff=0.8)
            lost = f"; its {len(value)} entries would be lost" if isinstance(value, list) and value else ""
            if close:
                self.problem(f"unknown key {text!r} in {where}: did you mean {close[0]!r}?{lost}",
                             key_line(record, key))
            elif lists_lost and isinstance(value, list) and value:
                self.problem(
                    f"unknown key {text!r} in {where} holds a list of {len(value)} entries that would be lost; "
                    f"expected only {', '.join(known)}",
                    key_line(record, key),
                )

    def run(self, doc: Any) -> Walk:
        top = next((k for k in _TOP_KEYS if isinstance(doc, dict) and k in doc), None)
        if top is None:
            if not isinstance(doc, dict):
                got = f"a {type(doc).__name__}: {show(doc)}"
            else:
                got = "the keys " + ", ".join(map(str, doc)) if doc else "an empty mapping"
                close = difflib.get_close_matches(" ".join(map(str, doc)), ["landscape"], n=1, cutoff=0.8)
                if close or any(difflib.get_close_matches(str(k), ["landscape"], cutoff=0.8) for k in doc):
                    got += " (did you mean 'landscape'?)"
            self.problem(
                f"not a landscape file: expected a top-level `landscape:` list of categories, got {got}",
                line_of(doc, 1),
            )
            return self.walk
        categories = doc[top]
        if not isinstance(categories, list):
            self.problem(f"{top} must be a list of categories, got {show(categories)}", line_of(doc, 1))
            return self.walk
        if not categories:
            self.problem(f"the {top} list is empty: no categories", line_of(doc, 1))
        for index, category in enumerate(categories):
            self.category(category, line_at(categories, index, line_of(doc, 1)))
        return self.walk

    def category(self, record: Any, near: int | None) -> None:
        if not isinstance(record, dict):
            self.problem(f"a category must be a mapping with name and subcategories, got {show(record)}", near)
            return
        line = line_of(record)
        name = _name_of(record.get("name"))
        if name is None:
            self.problem("a category has no name" + _got(record, "name"), line)
            name = f"category at line {line}"
        self.keys(record, _CATEGORY_KEYS, frozenset(), f"category {name!r}", True)
        entry = Category(name, line)
        self.walk.categories.append(entry)
        subs = record.get("subcategories")
        if subs is None:
            return
        if not isinstance(subs, list):
            self.problem(f"subcategories of {name!r} must be a list, got {show(subs)}", line)
            return
        for index, sub in enumerate(subs):
            self.subcategory(sub, entry, line_at(subs, index, line))

    def subcategory(self, sub: Any, category: Category, near: int | None) -> None:
        name = category.name
        if not isinstance(sub, dict):
            self.problem(f"a subcategory of {name!r} must be a mapping with name and items, got {show(sub)}", near)
            return
        sub_line = line_of(sub, near)
        sub_name = _name_of(sub.get("name"))
        if sub_name is None:
            self.problem(f"a subcategory of {name!r} has no name" + _got(sub, "name"), sub_line)
            sub_name = f"subcategory at line {sub_line}"
        self.keys(sub, _SUBCATEGORY_KEYS, frozenset(), f"subcategory {name} / {sub_name}", True)
        entry = Subcategory(sub_name, sub_line)
        category.subcategories.append(entry)
        items = sub.get("items")
        if items is None:
            return
        if not isinstance(items, list):
            self.problem(f"items of {name} / {sub_name} must be a list, got {show(items)}", sub_line)
            return
        entry.entries = len(items)
        for index, item in enumerate(items):
            self.item(item, category, entry, line_at(items, index, sub_line))

    def item(self, record: Any, category: Category, sub: Subcategory, near: int | None) -> None:
        self.walk.items += 1
        where = f"{category.name} / {sub.name}"
        if not isinstance(record, dict):
            self.problem(f"an item of {where} must be a mapping with name, got {show(record)}", near)
            return
        line = line_of(record, near)
        name = _name_of(record.get("name"))
        if name is None:
            self.problem(f"an item of {where} has no name" + _got(record, "name"), line)
        self.keys(record, _ITEM_KEYS, _OTHER_ITEM_KEYS, f"item {name or 'at line ' + str(line)!r} of {where}",
                  False)
        key = self.organisation(record, name, line)
        paths = record.get("second_path")
        if isinstance(paths, str):
            paths = [paths]
        if paths is not None and not (isinstance(paths, list) and all(isinstance(p, str) for p in paths)):
            self.problem(f"second_path of {name or 'an item'!r} must be a list of 'Category / Subcategory', "
                         f"got {show(paths)}", line)
            paths = None
        joined = record.get("joined")
        if joined is not None and not isinstance(joined, str):
            joined = str(joined)
        if key is None or name is None:
            return
        value = record.get("project")
        project = str(value).strip() if value not in (None, "") else None
        org = self.walk.orgs[key]
        org.item_names.append(name)
        if project:
            org.projects += 1
        detailed = any(record.get(k) not in (None, "", []) for k in DETAIL_KEYS)
        sub.items.append(Item(name, line, key, project, joined or None, list(paths or ()), detailed,
                              trailing_tag(name)))

    def organisation(self, record: dict[str, Any], name: str | None, line: int | None) -> OrgKey | None:
        """The key of an item's organisation (registering it), or ``None`` on a problem."""
        label = repr(name) if name else "an item"
        url = record.get("crunchbase")
        organization = record.get("organization")
        org_name: str | None = None
        org_url: str | None = None
        if organization is not None:
            if isinstance(organization, dict):
                org_name = _name_of(organization.get("name"))
                if org_name is None:
                    self.problem(f"organization of {label} has no name" + _got(organization, "name"), line)
                    return None
            elif isinstance(organization, str) and crunchbase_slug(organization):
                org_url = organization
            elif _name_of(organization):
                org_name = _name_of(organization)
            else:
                self.problem(f"organization of {label} must be a mapping with a name, got {show(organization)}", line)
                return None
        if url is not None and url != "":
            if not isinstance(url, str) or crunchbase_slug(url) is None:
                self.problem(
                    f"crunchbase of {label} must be a https://www.crunchbase.com/organization/<slug> URL, "
                    f"got {show(url)}",
                    line,
                )
                return None
        else:
            url = None
        if name is None:
            return None
        parsed = crunchbase_slug(url) if url is not None else crunchbase_slug(org_url) if org_url else None
        if parsed is not None:
            slug, canonical = parsed
            key = ("crunchbase", slug.casefold())
            if url is not None:
                self.walk.with_crunchbase += 1
            else:
                self.walk.named += 1
            org = self.walk.orgs.get(key)
            if org is None:
                org = self.walk.orgs[key] = Org("crunchbase", slug, line, crunchbase=canonical)
            if org_name is not None and org.org_name is None:
                org.org_name = org_name
            return key
        if org_name is not None:
            self.walk.named += 1
            key = ("named", org_name.casefold())
            if key not in self.walk.orgs:
                self.walk.orgs[key] = Org("named", org_name, line, org_name=org_name)
            return key
        self.walk.unknown += 1
        key = ("item", name.casefold())
        if key not in self.walk.orgs:
            homepage = record.get("homepage_url")
            self.walk.orgs[key] = Org(
                "item", name, line, org_name=name,
                homepage_url=homepage if isinstance(homepage, str) and homepage else None,
            )
        return key



def walk_landscape(doc: Any, source: str) -> tuple[Walk, list[Problem]]:
    """Walk a parsed landscape document; return what it holds and every problem found.

    >>> from ecosystem.formats.landscape.reading import parse_yaml
    >>> doc, _ = parse_yaml("landscape:\\n  - name: Runtime\\n    subcategoriez: []\\n", "demo.yml")
    >>> walk, problems = walk_landscape(doc, "demo.yml")
    >>> [c.name for c in walk.categories], [str(p) for p in problems]
    (['Runtime'], ["demo.yml:3: unknown key 'subcategoriez' in category 'Runtime': did you mean 'subcategories'?"])
    """
    walker = _Walker(source)
    walk = walker.run(doc)
    return walk, walker.problems
