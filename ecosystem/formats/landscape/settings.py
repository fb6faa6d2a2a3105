"""A landscape's settings file: which category holds the members, their classes, the foundation's name.

Linux Foundation landscapes keep their settings next to ``landscape.yml`` in
one of three styles; every style is read, and the keys that matter here are:

landscapeapp ``settings.yml``
    ``global: {short_name: CNCF, name: CNCF Interactive Landscape, self:
    <crunchbase URL of the foundation>, membership: CNCF Members}`` (some
    landscapes name the members category in ``global: flags: companies:``).
landscape2 ``settings.yml``
    ``foundation: CNCF`` and ``members_category: CNCF Members``.
LFX ``config.yml``
    ``landscapeMemberCategory: LF AI & Data Member Company`` (or
    ``landscapeMembersCategory``), ``landscapeMemberClasses: [{name: Premier
    Membership, category: Premier}, ...]`` (or
    ``landscapeMembersSubcategories``), ``landscapeProjectsCategory`` (the
    category listing the foundation's projects by stage) and
    ``projectsDefaultCrunchbase`` (the foundation's crunchbase URL).

Other keys are left alone (settings files hold much else: colours, groups,
presets...), but a key within a small edit distance of one read here is an
error with "did you mean", and a value of the wrong type is an error with the
file and line.  When several files are given, the first that sets a value wins.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...model.errors import InvalidEcosystemError, Problem
from ...model.graph import show
from ..documents import line_of
from .names import crunchbase_slug
from .reading import key_line, line_at, parse_yaml, read_text

__all__ = ["SETTINGS_NAMES", "LandscapeSettings", "Setting", "read_settings", "settings_files"]

#: File names looked for next to ``landscape.yml``, in this order.
SETTINGS_NAMES = ("settings.yml", "settings.yaml", "config.yml", "config.yaml")

_MEMBER_KEYS = ("members_category", "landscapeMemberCategory", "landscapeMembersCategory")
_CLASS_KEYS = ("landscapeMemberClasses", "landscapeMembersSubcategories")
_READ_TOP = (*_MEMBER_KEYS, *_CLASS_KEYS, "foundation", "global", "landscapeProjectsCategory",
             "projectsDefaultCrunchbase", "membership")  # fmt: skip
_READ_GLOBAL = ("short_name", "name", "self", "membership", "flags")
#: Keys of the three styles that are not read, so never taken for typos of those that are.
_OTHER_TOP = frozenset(
    {
        "ads", "analytics", "artworkRepoUrl", "base_path", "basedir", "big_picture", "categories", "colors",
        "featured_items", "footer", "grid_items_size", "groups", "header", "home", "hostedLogosDir", "images",
        "landscapeName", "landscapeProjectsLevels", "landscapeProjectsSubcategories", "landscapefile",
        "logos_path", "memberSuffix", "memberUsePublicMembershipLogo", "missingcsvfile", "osano", "presets",
        "project", "projectsAddCategory", "projectsAddIndustrySector", "projectsAddParentProject",
        "projectsAddPMOManagedStatus", "projectsAddTechnologySector", "projectsAssignSIGs",
        "projectsFilterByParentSlug", "relation", "screenshot_width", "slug", "tacAgendaProjectUrl", "tags",
        "test", "twitter", "upcoming_event", "update_server", "url", "view",
    }
)  # fmt: skip
_OTHER_GLOBAL = frozenset({"company", "company_url", "email", "meta", "mode", "repo", "self_url", "short_domain",
                           "slack_channel", "website"})  # fmt: skip
_TEXT_KEYS = frozenset({*_MEMBER_KEYS, "foundation", "short_name", "name", "self", "membership", "companies",
                        "category", "landscapeProjectsCategory", "projectsDefaultCrunchbase"})  # fmt: skip


@dataclass(frozen=True)
class Setting:
    """One value read from a settings file, with where it was read.

    >>> Setting("CNCF Members", "landscape/settings.yml", 40, "global.membership").where
    'settings.yml line 40 (global.membership)'
    """

    value: str
    source: str
    line: int | None
    key: str

    @property
    def where(self) -> str:
        """``<file name> line <n> (<key>)``: where the value was read, for messages and reports."""
        at = f" line {self.line}" if self.line is not None else ""
        return f"{Path(self.source).name}{at} ({self.key})"


@dataclass(frozen=True)
class LandscapeSettings:
    """What the settings files say (each value ``None`` when none of them says it).

    Attributes
    ----------
    files : tuple of str
        The settings files read, in order.
    members_category : Setting or None
        The name of the category listing the foundation's members.
    member_classes : tuple of (str, str)
        The member classes, ``(class name, subcategory)``, in the order given.
    foundation_name : Setting or None
        The foundation's display name (``CNCF``).
    foundation_url : Setting or None
        The foundation's crunchbase URL.
    projects_category : Setting or None
        The category listing the foundation's projects by stage.
    """

    files: tuple[str, ...] = ()
    members_category: Setting | None = None
    member_classes: tuple[tuple[str, str], ...] = field(default=())
    foundation_name: Setting | None = None
    foundation_url: Setting | None = None
    projects_category: Setting | None = None


def settings_files(landscape: Path) -> list[Path]:
    """The settings files lying next to a ``landscape.yml``, in the order of :data:`SETTINGS_NAMES`."""
    folder = landscape.parent
    return [folder / name for name in SETTINGS_NAMES if (folder / name).is_file()]


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.values: dict[str, Any] = {}

    def problem(self, message: str, line: int | None) -> None:
        self.problems.append(Problem(message, self.source, line))

    def typos(self, mapping: dict[str, Any], read: Sequence[str], others: frozenset[str], where: str) -> None:
        for key in mapping:
            if not isinstance(key, str) or key in read or key in others:
                continue
            close = difflib.get_close_matches(key, read, n=1, cutoff=0.85)
            if close:
                self.problem(
                    f"unknown settings key {key!r}{where}: did you mean {close[0]!r}? "
                    f"(the importer reads {', '.join(read)})",
                    key_line(mapping, key),
                )

    def text(self, mapping: dict[str, Any], key: str, name: str, what: str, prefix: str = "") -> None:
        """Keep ``mapping[key]`` as the setting ``name`` if it is text; else report it."""
        if key not in mapping or mapping[key] is None or name in self.values:
            return
        value = mapping[key]
        line = key_line(mapping, key)
        if not isinstance(value, str) or not value.strip():
            self.problem(f"{prefix}{key} must be {what} (text), got {show(value)}", line)
            return
        self.values[name] = Setting(value.strip(), self.source, line, prefix + key)

    def read(self, doc: Any) -> None:
        if doc is None:
            return
        if not isinstance(doc, dict):
            self.problem(f"a settings file must be a mapping of keys, got {show(doc)}", line_of(doc, 1))
            return
        self.typos(doc, _READ_TOP, _OTHER_TOP, "")
        for key in _MEMBER_KEYS:
            self.text(doc, key, "members_category", "the name of the members category")
        self.text(doc, "foundation", "foundation_name", "the foundation's name")
        self.text(doc, "landscapeProjectsCategory", "projects_category", "the name of the projects category")
        self.text(doc, "projectsDefaultCrunchbase", "foundation_url", "the foundation's crunchbase URL")
        if isinstance(doc.get("membership"), str):  # a category name, not landscapeapp's tier mapping
            self.text(doc, "membership", "members_category", "the name of the members category")
        glob = doc.get("global")
        if glob is not None and not isinstance(glob, dict):
            self.problem(f"global must be a mapping (name, short_name, membership...), got {show(glob)}",
                         key_line(doc, "global"))
        elif isinstance(glob, dict):
            self.typos(glob, _READ_GLOBAL, _OTHER_GLOBAL, " in global")
            self.text(glob, "membership", "members_category", "the name of the members category", "global.")
            flags = glob.get("flags")
            if isinstance(flags, dict):
                self.text(flags, "companies", "members_category", "the name of the members category",
                          "global.flags.")
            self.text(glob, "short_name", "foundation_name", "the foundation's short name", "global.")
            if "foundation_name" not in self.values and isinstance(glob.get("name"), str):
                short = re.sub(r"\s*\b(interactive\s+)?landscape\s*$", "", glob["name"], flags=re.I).strip()
                if short:
                    self.values["foundation_name"] = Setting(short, self.source, key_line(glob, "name"),
                                                             "global.name")
            self.text(glob, "self", "foundation_url", "the foundation's crunchbase URL", "global.")
        url = self.values.get("foundation_url")
        if url is not None and crunchbase_slug(url.value) is None:
            self.problem(f"{url.key} must be a https://www.crunchbase.com/organization/<slug> URL, "
                         f"got {url.value!r}", url.line)
            del self.values["foundation_url"]
        for key in _CLASS_KEYS:
            if key in doc and doc[key] is not None and "member_classes" not in self.values:
                self.values["member_classes"] = self.classes(doc[key], key, key_line(doc, key))

    def classes(self, value: Any, key: str, line: int | None) -> tuple[tuple[str, str], ...]:
        if not isinstance(value, list):
            self.problem(f"{key} must be a list of {{name, category}} member classes, got {show(value)}", line)
            return ()
        found: list[tuple[str, str]] = []
        for index, entry in enumerate(value):
            at = line_at(value, index, line)
            category = entry.get("category") if isinstance(entry, dict) else None
            if not isinstance(category, str) or not category.strip():
                self.problem(f"each entry of {key} must be a mapping with a category (the members subcategory "
                             f"of the class), got {show(entry)}", at)
                continue
            name = entry.get("name")
            found.append((name.strip() if isinstance(name, str) and name.strip() else category.strip(),
                          category.strip()))
        return tuple(found)


def read_settings(paths: Sequence[Path]) -> LandscapeSettings:
    """Read settings files (any of the three styles); the first file that sets a value wins.

    Parameters
    ----------
    paths : sequence of Path
        The files, in order of precedence.

    Returns
    -------
    LandscapeSettings
        What they say.

    Raises
    ------
    SourceError
        If a file cannot be read.
    InvalidEcosystemError
        If a file is not valid YAML, or a value read here has the wrong type
        or a key read here is misspelt (every problem, with file and line).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "config.yml").write_text(
    ...     "landscapeMemberCategory: LF AI & Data Member Company\\n"
    ...     "landscapeMemberClasses:\\n  - {name: Premier Membership, category: Premier}\\n")
    >>> found = read_settings(settings_files(folder / "landscape.yml"))
    >>> found.members_category.value, found.members_category.where, found.member_classes
    ('LF AI & Data Member Company', 'config.yml line 1 (landscapeMemberCategory)', (('Premier Membership', 'Premier'),))
    """
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for path in paths:
        source = str(path)
        text, read_problems = read_text(Path(path), source, "a settings.yml or config.yml file")
        if text is None:
            problems.extend(read_problems)
            continue
        doc, parse_problems = parse_yaml(text, source, _TEXT_KEYS)
        problems.extend(parse_problems)
        reader = _Reader(source)
        reader.read(doc)
        problems.extend(reader.problems)
        for key, value in reader.values.items():
            values.setdefault(key, value)
    if problems:
        raise InvalidEcosystemError(problems, str(paths[0]) if len(paths) == 1 else None)
    return LandscapeSettings(files=tuple(str(p) for p in paths), **values)
