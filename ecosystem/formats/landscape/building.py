"""Importing a Linux Foundation / CNCF ``landscape.yml`` as an ecosystem.

A landscape file (the format of https://github.com/cncf/landscape and every
other `landscape2 <https://github.com/cncf/landscape2>`_ landscape) is a
``landscape:`` list of categories, each with ``subcategories``, each with
``items`` (products and projects)::

    landscape:
      - category:
        name: Runtime
        subcategories:
          - subcategory:
            name: Cloud Native Storage
            items:
              - item:
                name: Rook
                project: graduated
                crunchbase: https://www.crunchbase.com/organization/cloud-native-computing-foundation

It is mapped onto the model like this:

Organisations
    Each item belongs to the organisation of its ``crunchbase`` URL
    (``https://www.crunchbase.com/organization/<slug>``): id ``org-<slug>``,
    name made of the slug's words (``red-hat`` -> ``Red Hat``) unless an item
    says ``organization: {name: ...}``, free attribute ``crunchbase`` (the URL
    without query string).  Slugs are compared case-insensitively and
    percent-decoded, so ``.../Red-Hat?utm_source=x`` is Red Hat too.
Items without ``crunchbase``
    If the item names its organisation (``organization: {name: X}``, or
    ``organization:`` holding a crunchbase URL) that organisation is used
    (id ``org-<slug of X>``; counted in
    :attr:`LandscapeImport.items_named_organisation`).  Otherwise the item is
    its own organisation: a partner ``org-item-<slug of the item name>`` named
    like the item, with free attributes ``organisation_unknown: true`` and
    ``homepage_url`` when the item has one (counted in
    :attr:`LandscapeImport.items_without_organisation`).  Items listed twice
    under the same name are the same organisation.
The foundation
    The focal firm (type ``firm``) is the landscape's own foundation: the
    ``foundation`` argument (a crunchbase slug, URL or ``org-<slug>`` id) or,
    without it, the organisation owning the most items with a ``project:``
    field (ties: the first in the file).  Every other organisation is a
    ``partner``.
Jobs and capabilities
    Each category is a ``job`` (``job-<slug>``) that ``REQUIRES`` one
    ``capability`` per subcategory (``cap-<category slug>-<subcategory slug>``,
    ``kind: resource``, free attribute ``category``), subcategories without
    items included: they are real gaps.
Provision
    An organisation ``PROVIDES`` the capability of every subcategory it has
    items in: one relationship per (organisation, capability) with a free
    property ``items``, the sorted names of those items.  An item's
    ``second_path`` entries (``"Category / Subcategory"``, the other places
    the landscape shows it) count as being in those subcategories too; a path
    that names no subcategory is matched again ignoring case, ``&``/``and``
    and plural ``s``, and if that fails it is skipped and listed in
    :attr:`LandscapeImport.unresolved_second_paths`.
Members
    A category whose name ends with ``Members`` (case-insensitive, e.g.
    ``CNCF Members``) is the foundation's membership list, not a job: each
    member organisation gets one ``PARTNERS_WITH`` relationship from the
    foundation with ``kind: member``, ``tier`` (the subcategory, e.g.
    ``Gold``; an organisation listed in several tiers gets the first in file
    order as ``tier`` and all of them as ``tiers``) and ``since`` (the item's
    ``joined`` date) when known.  The foundation itself, if listed, is skipped.
Name
    ``<prefix> Landscape`` where ``<prefix>`` is what precedes ``Members`` in
    the members category (``CNCF Landscape``), else the foundation's name +
    ``Landscape``, else the file's stem.

Ids are lowercase ``[a-z0-9-]`` slugs (accents folded to ASCII; a name with no
ASCII letter or digit, e.g. Chinese, gets ``x`` and 8 hex digits of its
SHA-1); when two different things slug the same, the later one in the file
gets ``-2``, ``-3``... (an id nothing else wants is never taken by such a
suffix: ``fossa-2`` is a real crunchbase slug).  The same file always gives the same graph with the
same insertion order: the foundation, the partners in order of first
appearance, jobs, capabilities, then ``REQUIRES``, ``PROVIDES`` (those only
made by a ``second_path`` last) and member ``PARTNERS_WITH`` relationships, in
file order.

The file is read with libyaml's event parser when available (a 1.1 MB
landscape parses in well under a second), strictly: only plain data (no
``!!python`` tags), no aliases, at most
:data:`~ecosystem.formats.documents.MAX_DEPTH` levels, one document, no repeated
keys.  Plain scalars other than ``null``/``~``/empty and ``true``/``false``
are kept as the text typed (``name: 2048`` is the name ``"2048"``, dates stay
text).  Every problem is reported at once, with file and line, as an
:class:`~ecosystem.model.errors.InvalidEcosystemError`; a file that cannot be read
raises :class:`~ecosystem.model.errors.SourceError`.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from ..model.building import EcosystemBuilder
from .documents import MAX_DEPTH, LocatedDict, line_of
from ..model.errors import InvalidEcosystemError, Problem, SourceError
from ..model.graph import Ecosystem, NodeType, RelType, show

__all__ = ["LandscapeImport", "import_landscape", "import_landscape_report", "is_members_category", "slugify"]


@dataclass(frozen=True)
class LandscapeImport:
    """What :func:`import_landscape_report` made of a landscape file.

    Attributes
    ----------
    source : str
        The file (or the name given with ``text``).
    foundation : str
        Id of the focal firm, the landscape's foundation.
    foundation_detected : bool
        True if the foundation was found from ``project:`` items, False if it
        was given as the ``foundation`` argument.
    items : int
        Item entries in the file, member entries included.
    organisations : int
        Organisations in the ecosystem (the foundation and the partners).
    members : int
        Member organisations (``PARTNERS_WITH`` relationships of kind member).
    jobs : int
        Jobs (categories other than the members category).
    capabilities : int
        Capabilities (their subcategories).
    empty_capabilities : int
        Capabilities nobody provides: subcategories without items.
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
        ``second_path`` entries that name no (non-member) subcategory, skipped.
    """

    source: str
    foundation: str
    foundation_detected: bool
    items: int
    organisations: int
    members: int
    jobs: int
    capabilities: int
    empty_capabilities: int
    provisions: int
    items_with_crunchbase: int
    items_named_organisation: int
    items_without_organisation: int
    second_paths: int
    unresolved_second_paths: tuple[str, ...] = ()


# -- public helpers ------------------------------------------------------------


def slugify(text: str) -> str:
    """A lowercase ``[a-z0-9-]`` slug of ``text`` (never empty).

    Accents are folded to ASCII; a text with no ASCII letter or digit left
    gets ``x`` and the first 8 hex digits of its SHA-1.

    >>> slugify("App Definition & Development"), slugify("Café Ünïcode"), slugify("开放原子")
    ('app-definition-development', 'cafe-unicode', 'x3cc1c72b')
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    if not slug:
        slug = "x" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return slug


def is_members_category(name: str) -> bool:
    """True if a category is a membership list: its name ends with "Members".

    >>> is_members_category("CNCF Members"), is_members_category("members"), is_members_category("Runtime")
    (True, True, False)
    """
    return name.strip().casefold().endswith("members")


# -- reading the YAML -----------------------------------------------------------

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STD = "tag:yaml.org,2002:"
_OK_SCALAR_TAGS = {None, "!", _STD + "str", _STD + "null", _STD + "bool", _STD + "int", _STD + "float"}
_OK_COLLECTION_TAGS = {None, "!", _STD + "map", _STD + "seq"}
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
#: Keys whose plain scalar values are kept as typed (only null means "none").
_TEXT_KEYS = frozenset({"name", "crunchbase", "project", "joined", "homepage_url", "repo_url", "second_path"})


class _Refused(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _LocatedList(list):  # type: ignore[type-arg]
    """A list that remembers the line of each of its items (``lines``)."""

    lines: list[int]


def _line_at(values: Any, index: int, default: int | None) -> int | None:
    lines = getattr(values, "lines", None)
    return lines[index] if lines is not None and index < len(lines) else default


_NO_KEY = object()
_BAD_KEY = object()


class _Frame:
    __slots__ = ("container", "key", "seen")

    def __init__(self, container: Any) -> None:
        self.container = container
        self.key: Any = _NO_KEY
        self.seen: dict[Any, int | None] = {}


def _scalar(event: Any, text_value: bool) -> Any:
    line = event.start_mark.line + 1
    tag, value = event.tag, event.value
    if tag not in _OK_SCALAR_TAGS:
        raise _Refused(line, f"refused: the tag {tag}; only plain data (mappings, lists, strings, numbers) is allowed")
    if tag in (None, "!"):
        if not event.implicit[0]:  # quoted or block scalar: always text
            return value
        if value in _NULLS:
            return None
        if text_value:
            return value
        return _BOOLS.get(value, value)
    if tag == _STD + "null":
        return None
    if tag == _STD + "bool" and value in _BOOLS:
        return _BOOLS[value]
    return value


def _in_text_value(stack: list[_Frame]) -> bool:
    """True if the next scalar is the value (or a list item of the value) of a text key."""
    if not stack:
        return False
    frame = stack[-1]
    if type(frame.container) is _LocatedList:
        return len(stack) >= 2 and stack[-2].key in _TEXT_KEYS
    return frame.key in _TEXT_KEYS


def _parse(text: str, source: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text into plain data with located mappings; never raises."""
    problems: list[Problem] = []
    roots: list[Any] = []
    stack: list[_Frame] = []
    documents = 0

    def put(value: Any, line: int) -> None:
        if not stack:
            roots.append(value)
            return
        frame = stack[-1]
        if type(frame.container) is _LocatedList:
            frame.container.append(value)
            frame.container.lines.append(line)
        elif frame.key is _NO_KEY:
            if isinstance(value, (dict, list)):
                what = "list" if isinstance(value, list) else "mapping"
                message = f"a mapping key must be a plain value, got a {what}"
                problems.append(Problem(message, source, line))
                frame.key = _BAD_KEY
            elif value in frame.seen:
                first = frame.seen[value]
                problems.append(
                    Problem(
                        f"duplicate key {value!r} in one mapping (first at line {first}); remove one of them",
                        source,
                        line,
                    )
                )
                frame.key = _BAD_KEY
            else:
                frame.seen[value] = line
                frame.key = value
        else:
            if frame.key is not _BAD_KEY:
                frame.container[frame.key] = value
            frame.key = _NO_KEY

    events: Iterator[Any] = yaml.parse(text, Loader=_Loader)
    try:
        for event in events:
            line = event.start_mark.line + 1 if event.start_mark is not None else None
            if isinstance(event, yaml.ScalarEvent):
                put(_scalar(event, _in_text_value(stack)), line or 0)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if event.tag not in _OK_COLLECTION_TAGS:
                    raise _Refused(line, f"refused: the tag {event.tag}; only plain data is allowed")
                if len(stack) >= MAX_DEPTH:
                    raise _Refused(line, f"nesting deeper than {MAX_DEPTH} levels")
                container: Any
                if isinstance(event, yaml.MappingStartEvent):
                    container = LocatedDict()
                    container.line = line
                else:
                    container = _LocatedList()
                    container.lines = []
                put(container, line or 0)
                stack.append(_Frame(container))
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
            elif isinstance(event, yaml.AliasEvent):
                raise _Refused(
                    line, "anchors and aliases (&name, *name) are not supported: write the value out in full"
                )
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Refused(line, "expected a single YAML document, found another one (---)")
    except _Refused as exc:
        return None, [*problems, Problem(exc.message, source, exc.line)]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        what = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        message = f"not valid YAML: {what}" + (f" ({context})" if context else "")
        return None, [*problems, Problem(message, source, mark.line + 1 if mark else None)]
    except RecursionError:  # pragma: no cover - the depth limit comes first
        return None, [*problems, Problem("the YAML is nested too deeply", source)]
    finally:
        close = getattr(events, "close", None)
        if close is not None:
            close()
    return (roots[0] if roots else None), problems


def _read_text(path: Path, source: str) -> tuple[str | None, list[Problem]]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise SourceError(f"{source} is a folder, not a landscape.yml file") from None
    except OSError as exc:
        raise SourceError(f"{source}: cannot be read ({exc.strerror or exc})") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                f"not UTF-8 text (byte {raw[exc.start]:#04x} at offset {exc.start}); save the file as UTF-8",
                source,
                line,
            )
        ]


# -- walking the landscape --------------------------------------------------------

_CRUNCHBASE_HOSTS = frozenset({"crunchbase.com", "www.crunchbase.com"})


def _crunchbase(url: str) -> tuple[str, str] | None:
    """``(slug, canonical url)`` of a crunchbase organisation URL, else ``None``."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or parts.netloc.lower() not in _CRUNCHBASE_HOSTS:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) < 2 or segments[0].lower() != "organization":
        return None
    slug = unquote(segments[1]).strip()
    if not slug:
        return None
    return slug, f"https://www.crunchbase.com/organization/{segments[1]}"


def _words(slug: str) -> str:
    """``red-hat`` -> ``Red Hat`` (inner capitals kept: ``Scout-APM`` -> ``Scout APM``)."""
    words = [w for w in re.split(r"[-_\s]+", slug) if w]
    return " ".join(w[:1].upper() + w[1:] for w in words) or slug


def _norm(text: str) -> str:
    """A loose form of a category/subcategory name for matching ``second_path``."""
    words = re.findall(r"\w+", text.casefold().replace("&", " and "))
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)


@dataclass
class _Org:
    kind: str  # "crunchbase", "named" or "item"
    slug: str  # what the id is made from
    default_name: str
    line: int | None
    crunchbase: str | None = None
    org_name: str | None = None
    homepage_url: str | None = None
    projects: int = 0


@dataclass
class _Subcategory:
    name: str
    line: int | None


@dataclass
class _Category:
    name: str
    line: int | None
    members: bool
    subcategories: list[_Subcategory] = field(default_factory=list)


@dataclass
class _Walk:
    """Everything read from the file, before any id is given out."""

    categories: list[_Category] = field(default_factory=list)
    orgs: dict[tuple[str, str], _Org] = field(default_factory=dict)
    #: (org key, category index, subcategory index) -> item names
    provisions: dict[tuple[tuple[str, str], int, int], list[str]] = field(default_factory=dict)
    #: org key -> [(tier, joined, line)]
    memberships: dict[tuple[str, str], list[tuple[str, str | None, int | None]]] = field(default_factory=dict)
    #: (org key, item name, path, primary (ci, si) or None, line)
    second: list[tuple[tuple[str, str], str, str, tuple[int, int] | None, int | None]] = field(default_factory=list)
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
        self.walk = _Walk()

    def problem(self, message: str, line: int | None) -> None:
        self.problems.append(Problem(message, self.source, line))

    def run(self, doc: Any) -> _Walk:
        if not isinstance(doc, dict) or "landscape" not in doc:
            if not isinstance(doc, dict):
                got = f"a {type(doc).__name__}: {show(doc)}"
            else:
                got = "the keys " + ", ".join(map(str, doc)) if doc else "an empty mapping"
            self.problem(
                f"not a landscape file: expected a top-level `landscape:` list of categories, got {got}",
                line_of(doc, 1),
            )
            return self.walk
        categories = doc["landscape"]
        if not isinstance(categories, list):
            self.problem(f"landscape must be a list of categories, got {show(categories)}", line_of(doc, 1))
            return self.walk
        if not categories:
            self.problem("the landscape list is empty: no categories", line_of(doc, 1))
        for index, category in enumerate(categories):
            self.category(category, _line_at(categories, index, line_of(doc, 1)))
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
        members = is_members_category(name)
        entry = _Category(name, line, members)
        ci = len(self.walk.categories)
        self.walk.categories.append(entry)
        subs = record.get("subcategories")
        if subs is None:
            return
        if not isinstance(subs, list):
            self.problem(f"subcategories of {name!r} must be a list, got {show(subs)}", line)
            return
        for index, sub in enumerate(subs):
            if not isinstance(sub, dict):
                self.problem(
                    f"a subcategory of {name!r} must be a mapping with name and items, got {show(sub)}",
                    _line_at(subs, index, line),
                )
                continue
            sub_line = line_of(sub, line)
            sub_name = _name_of(sub.get("name"))
            if sub_name is None:
                self.problem(f"a subcategory of {name!r} has no name" + _got(sub, "name"), sub_line)
                sub_name = f"subcategory at line {sub_line}"
            si = len(entry.subcategories)
            entry.subcategories.append(_Subcategory(sub_name, sub_line))
            items = sub.get("items")
            if items is None:
                continue
            if not isinstance(items, list):
                self.problem(f"items of {name} / {sub_name} must be a list, got {show(items)}", sub_line)
                continue
            for index, item in enumerate(items):
                self.item(item, entry, ci, si, sub_name, _line_at(items, index, sub_line))

    def item(self, record: Any, category: _Category, ci: int, si: int, tier: str, near: int | None) -> None:
        self.walk.items += 1
        where = f"{category.name} / {tier}"
        if not isinstance(record, dict):
            self.problem(f"an item of {where} must be a mapping with name, got {show(record)}", near)
            return
        line = line_of(record, near)
        name = _name_of(record.get("name"))
        if name is None:
            self.problem(f"an item of {where} has no name" + _got(record, "name"), line)
        key = self.organisation(record, name, line)
        paths = record.get("second_path")
        if isinstance(paths, str):
            paths = [paths]
        if paths is not None and not (isinstance(paths, list) and all(isinstance(p, str) for p in paths)):
            self.problem(f"second_path of {name or 'an item'!r} must be a list of 'Category / Subcategory', "
                         f"got {show(paths)}", line)
            paths = None
        project = record.get("project")
        joined = record.get("joined")
        if joined is not None and not isinstance(joined, str):
            joined = str(joined)
        if key is None or name is None:
            return
        org = self.walk.orgs[key]
        if project not in (None, ""):
            org.projects += 1
        if category.members:
            self.walk.memberships.setdefault(key, []).append((tier, joined, line))
            primary = None
        else:
            self.walk.provisions.setdefault((key, ci, si), []).append(name)
            primary = (ci, si)
        for path in paths or ():
            self.walk.second.append((key, name, path, primary, line))

    def organisation(self, record: dict[str, Any], name: str | None, line: int | None) -> tuple[str, str] | None:
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
            elif isinstance(organization, str) and _crunchbase(organization):
                org_url = organization
            elif _name_of(organization):
                org_name = _name_of(organization)
            else:
                self.problem(f"organization of {label} must be a mapping with a name, got {show(organization)}", line)
                return None
        if url is not None and url != "":
            if not isinstance(url, str) or _crunchbase(url) is None:
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
        parsed = _crunchbase(url) if url is not None else _crunchbase(org_url) if org_url is not None else None
        if parsed is not None:
            slug, canonical = parsed
            key = ("crunchbase", slug.casefold())
            if url is not None:
                self.walk.with_crunchbase += 1
            else:
                self.walk.named += 1
            org = self.walk.orgs.get(key)
            if org is None:
                org = self.walk.orgs[key] = _Org("crunchbase", slug, _words(slug), line, crunchbase=canonical)
            if org_name is not None and org.org_name is None:
                org.org_name = org_name
            return key
        if org_name is not None:
            self.walk.named += 1
            key = ("named", org_name.casefold())
            if key not in self.walk.orgs:
                self.walk.orgs[key] = _Org("named", org_name, org_name, line, org_name=org_name)
            return key
        self.walk.unknown += 1
        key = ("item", name.casefold())
        if key not in self.walk.orgs:
            homepage = record.get("homepage_url")
            self.walk.orgs[key] = _Org(
                "item", name, name, line, homepage_url=homepage if isinstance(homepage, str) and homepage else None
            )
        return key


def _resolve_second_paths(walk: _Walk) -> tuple[int, list[str]]:
    """Add the ``second_path`` placements to ``walk.provisions``; return (placed, unresolved)."""
    exact: dict[tuple[str, str], tuple[int, int]] = {}
    loose: dict[tuple[str, str], tuple[int, int] | None] = {}
    for ci, category in enumerate(walk.categories):
        if category.members:
            continue
        for si, sub in enumerate(category.subcategories):
            exact.setdefault((category.name, sub.name), (ci, si))
            loose_key = (_norm(category.name), _norm(sub.name))
            loose[loose_key] = None if loose_key in loose and loose[loose_key] != (ci, si) else (ci, si)
    placed, unresolved = 0, []
    for key, item, path, primary, _line in walk.second:
        parts = path.split("/")
        splits = [("/".join(parts[:i]).strip(), "/".join(parts[i:]).strip()) for i in range(1, len(parts))]
        target = next((exact[s] for s in splits if s in exact), None)
        if target is None:
            found = {loose.get((_norm(a), _norm(b))) for a, b in splits} - {None}
            target = found.pop() if len(found) == 1 else None
        if target is None:
            unresolved.append(path)
            continue
        if target == primary:
            continue
        names = walk.provisions.setdefault((key, *target), [])
        if item not in names:
            names.append(item)
        placed += 1
    return placed, unresolved


def _foundation_key(walk: _Walk, foundation: str | None, source: str) -> tuple[tuple[str, str], bool]:
    if foundation is not None:
        wanted = str(foundation).strip()
        parsed = _crunchbase(wanted)
        slug = parsed[0] if parsed else unquote(wanted)
        candidates = [slug.casefold()]
        if slug.casefold().startswith("org-"):
            candidates.append(slug.casefold()[4:])
        for candidate in candidates:
            key = ("crunchbase", candidate)
            if key in walk.orgs:
                return key, False
        known = [k[1] for k in walk.orgs if k[0] == "crunchbase"]
        close = difflib.get_close_matches(candidates[-1], known, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise InvalidEcosystemError(
            [
                Problem(
                    f"foundation {wanted!r} owns no item in this landscape{hint}; "
                    "give the crunchbase slug or URL of an organisation that does",
                    source,
                )
            ],
            source,
        )
    best: tuple[str, str] | None = None
    for key, org in walk.orgs.items():
        if org.projects and (best is None or org.projects > walk.orgs[best].projects):
            best = key
    if best is None:
        raise InvalidEcosystemError(
            [
                Problem(
                    "cannot tell which organisation is the landscape's foundation: no item has a `project:` field; "
                    "pass foundation= (its crunchbase slug or URL, e.g. 'cloud-native-computing-foundation')",
                    source,
                )
            ],
            source,
        )
    return best, True


def _unique_ids(bases: list[str]) -> list[str]:
    """Unique ids for ``bases`` (in order): a base used earlier gets ``-2``, ``-3``...

    Every base that is not repeated keeps its id, even if a suffixed id could
    have taken it (``fossa-2`` is a real crunchbase slug).

    >>> _unique_ids(["org-c", "org-c", "org-c-2", "org-c"])
    ['org-c', 'org-c-3', 'org-c-2', 'org-c-4']
    """
    ids: list[str | None] = []
    used: set[str] = set()
    for base in bases:
        ids.append(None if base in used else base)
        used.add(base)
    result: list[str] = []
    for base, given in zip(bases, ids):
        if given is None:
            n = 2
            while f"{base}-{n}" in used:
                n += 1
            given = f"{base}-{n}"
            used.add(given)
        result.append(given)
    return result


# -- the importer -------------------------------------------------------------


def import_landscape_report(
    path: str | Path, foundation: str | None = None, *, text: str | None = None
) -> tuple[Ecosystem, LandscapeImport]:
    """Import a landscape file; return the ecosystem and what was made of it.

    Parameters
    ----------
    path : str or Path
        The ``landscape.yml`` file (with ``text``, only its name is used).
    foundation : str, optional
        The landscape's foundation, the focal firm: a crunchbase slug
        (``cloud-native-computing-foundation``), URL or ``org-<slug>`` id.
        By default, the organisation owning the most ``project:`` items.
    text : str, optional
        The file's content, to import text that is not in a file.

    Returns
    -------
    tuple of (Ecosystem, LandscapeImport)
        The ecosystem and the counts of what it was made from.

    Raises
    ------
    SourceError
        If the file cannot be read.
    InvalidEcosystemError
        If it is not a valid landscape (every problem, with file and line),
        or the foundation cannot be found.

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
        text, problems = _read_text(Path(path), source)
        if text is None:
            raise InvalidEcosystemError(problems, source)
    if not text.strip():
        raise InvalidEcosystemError(
            [Problem("the file is empty; expected a `landscape:` list of categories", source)], source
        )
    doc, problems = _parse(text, source)
    if doc is None and not problems:
        problems = [Problem("the file holds no YAML document; expected a `landscape:` list of categories", source)]
    if doc is None:
        raise InvalidEcosystemError(problems, source)
    walker = _Walker(source)
    walker.problems.extend(problems)
    walk = walker.run(doc)
    if walker.problems:
        raise InvalidEcosystemError(walker.problems, source)
    placed, unresolved = _resolve_second_paths(walk)
    focal_key, detected = _foundation_key(walk, foundation, source)

    # ids: the foundation first, then organisations, jobs, capabilities in file order
    org_keys = [focal_key, *(k for k in walk.orgs if k != focal_key)]
    job_indexes = [ci for ci, c in enumerate(walk.categories) if not c.members]
    cap_indexes = [(ci, si) for ci in job_indexes for si in range(len(walk.categories[ci].subcategories))]
    bases = [("org-item-" if walk.orgs[k].kind == "item" else "org-") + slugify(walk.orgs[k].slug) for k in org_keys]
    bases += ["job-" + slugify(walk.categories[ci].name) for ci in job_indexes]
    bases += [
        f"cap-{slugify(walk.categories[ci].name)}-{slugify(walk.categories[ci].subcategories[si].name)}"
        for ci, si in cap_indexes
    ]
    unique = iter(_unique_ids(bases))
    org_ids: dict[tuple[str, str], str] = {k: next(unique) for k in org_keys}
    job_ids: dict[int, str] = {ci: next(unique) for ci in job_indexes}
    cap_ids: dict[tuple[int, int], str] = {key: next(unique) for key in cap_indexes}

    builder = EcosystemBuilder(source)
    for key in org_ids:
        org = walk.orgs[key]
        record: dict[str, Any] = {"id": org_ids[key], "name": org.org_name or org.default_name}
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
        builder.add_node(
            {"id": cap_id, "name": sub.name, "kind": "resource", "category": category.name},
            NodeType.CAPABILITY,
            line=sub.line,
        )
    for (ci, si), cap_id in cap_ids.items():
        builder.add_relationship(
            {"type": RelType.REQUIRES.value, "from": job_ids[ci], "to": cap_id},
            line=walk.categories[ci].subcategories[si].line,
        )
    provided: set[str] = set()
    for (key, ci, si), names in walk.provisions.items():
        cap_id = cap_ids[(ci, si)]
        provided.add(cap_id)
        builder.add_relationship(
            {"type": RelType.PROVIDES.value, "from": org_ids[key], "to": cap_id, "items": sorted(names)},
            line=walk.categories[ci].subcategories[si].line,
        )
    focal_id = org_ids[focal_key]
    members = 0
    for key, tiers in walk.memberships.items():
        if key == focal_key:
            continue
        props: dict[str, Any] = {"kind": "member", "tier": tiers[0][0]}
        distinct = list(dict.fromkeys(t for t, _, _ in tiers))
        if len(distinct) > 1:
            props["tiers"] = distinct
        since = next((j for _, j, _ in tiers if j), None)
        if since:
            props["since"] = since
        builder.add_relationship(
            {"type": RelType.PARTNERS_WITH.value, "from": focal_id, "to": org_ids[key], **props}, line=tiers[0][2]
        )
        members += 1

    member_categories = [c.name for c in walk.categories if c.members]
    prefix = member_categories[0].strip()[: -len("members")].strip() if member_categories else ""
    focal_name = walk.orgs[focal_key].org_name or walk.orgs[focal_key].default_name
    name = f"{prefix or focal_name} Landscape" if (prefix or focal_name) else Path(source).stem
    eco = builder.finish(name, focal_id)
    report = LandscapeImport(
        source=source,
        foundation=focal_id,
        foundation_detected=detected,
        items=walk.items,
        organisations=len(org_ids),
        members=members,
        jobs=len(job_ids),
        capabilities=len(cap_ids),
        empty_capabilities=len(cap_ids) - len(provided),
        provisions=len(walk.provisions),
        items_with_crunchbase=walk.with_crunchbase,
        items_named_organisation=walk.named,
        items_without_organisation=walk.unknown,
        second_paths=placed,
        unresolved_second_paths=tuple(unresolved),
    )
    return eco, report


def import_landscape(path: str | Path, foundation: str | None = None, *, text: str | None = None) -> Ecosystem:
    """Import a Linux Foundation / CNCF ``landscape.yml`` file as an ecosystem.

    The mapping (organisations, the foundation as focal firm, categories as
    jobs, subcategories as capabilities, the members category as
    partnerships) is described in :mod:`ecosystem.formats.landscape`.  To also get
    counts of what was imported, use :func:`import_landscape_report`.

    Parameters
    ----------
    path : str or Path
        The ``landscape.yml`` file (with ``text``, only its name is used).
    foundation : str, optional
        The landscape's foundation, the focal firm: a crunchbase slug, URL or
        ``org-<slug>`` id.  By default, the organisation owning the most items
        that have a ``project:`` field.
    text : str, optional
        The file's content, to import text that is not in a file.

    Returns
    -------
    Ecosystem
        The foundation as focal firm, other organisations as partners.

    Raises
    ------
    SourceError
        If the file cannot be read.
    InvalidEcosystemError
        If it is not a valid landscape (every problem, with file and line),
        or the foundation cannot be found.

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
    >>> eco.requirements("job-runtime")[0].capability
    'cap-runtime-cloud-native-storage'
    >>> [p.provider for p in eco.providers("cap-runtime-cloud-native-storage")]
    ['org-cloud-native-computing-foundation', 'org-portworx']
    """
    return import_landscape_report(path, foundation, text=text)[0]
