"""Importing a Linux Foundation landscape (``landscape.yml``) as an ecosystem.

A landscape file (the format of https://github.com/cncf/landscape, of
`landscape2 <https://github.com/cncf/landscape2>`_ and of every LF landscape
made with landscapeapp or the LFX tools) is a ``landscape:`` list of
categories, each with ``subcategories``, each with ``items`` (products,
projects, member logos)::

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

Next to it, a settings file (landscapeapp or landscape2 ``settings.yml``, LFX
``config.yml``) may say which category lists the members, the member classes
and the foundation's name; :mod:`.settings` reads all three styles.  The
mapping onto the model:

The foundation
    The focal firm (type ``firm``): the ``foundation`` argument (a crunchbase
    slug, URL or ``org-<slug>`` id), else the crunchbase URL the settings give
    (``global.self``, ``projectsDefaultCrunchbase``), else the organisation
    owning the most items with a ``project:`` field.  Only a real
    organisation (a crunchbase URL or an ``organization: {name}``) can be the
    foundation, never an item standing for itself; if none, or two tie, the
    import fails and asks for ``foundation=``.  Its name is the settings'
    display name (``short_name``, ``foundation``) where they have one.
Members
    The members category (:mod:`.roles`: the ``members`` argument, the
    settings, else the category whose name contains "member") is not a job:
    each member organisation gets one ``PARTNERS_WITH`` from the foundation
    with ``kind: member``, ``tier`` (its subcategory, e.g. ``Gold``; the
    first by the settings' member classes, else in file order, when listed
    in several, all of them as ``tiers``) and ``since`` (``joined``).
Jobs and capabilities
    Each technology category (:mod:`.roles` says which are not: member logos,
    events, hosting and service providers, organisation lists, working
    groups, stage lists, logos only, ``skip_categories``) is a ``job``
    (``job-<slug>``) that ``REQUIRES`` one ``capability`` per technology
    subcategory (``cap-<category slug>-<subcategory slug>``, ``kind:
    resource``, free attribute ``category``).  Two capabilities with the same
    name get their category in brackets (``Framework (Deep Learning)``).
    Empty subcategories are placeholders: reported, not capabilities, unless
    ``keep_placeholders``.
Organisations and provision
    Each item belongs to the organisation of its ``crunchbase`` URL (id
    ``org-<slug>``; slugs compared case-insensitively and percent-decoded),
    else to the one its ``organization`` names, else it is its own
    organisation (``org-item-<slug>``, ``organisation_unknown: true``).  An
    organisation ``PROVIDES`` the capability of every technology subcategory
    it has items in (the items' names in ``items``), ``second_path`` places
    included (matched exactly, then ignoring case, ``&``/``and`` and plural
    ``s``; a path that names no subcategory is reported once).  Names come
    from what the landscape says (:mod:`.names`).  Organisations whose items
    are all in skipped categories are not in the ecosystem; the report counts
    those items.

Nothing is dropped silently: the import report (:class:`LandscapeImport`,
:func:`report_lines`, :func:`report_json`) lists every job, every skipped
category with its reason, the members, the placeholders and the unresolved
paths, and ``items == items_placed + items_as_members + items_skipped``.

Ids are lowercase ``[a-z0-9-]`` slugs (accents folded to ASCII; a name with no
ASCII letter or digit, e.g. Chinese, gets ``x`` and 8 hex digits of its
SHA-1); when two different things slug the same, the later one in the file
gets ``-2``, ``-3``... (an id nothing else wants is never taken by such a
suffix: ``fossa-2`` is a real crunchbase slug).  The same files always give
the same graph with the same insertion order: the foundation, the partners in
order of first appearance, jobs, capabilities, then ``REQUIRES``,
``PROVIDES`` (those only made by a ``second_path`` last) and member
``PARTNERS_WITH`` relationships, in file order.

Reading is strict (:mod:`.reading`, :mod:`.walking`): only plain YAML data,
a near miss of a known key (``subcategoriez``) is an error with "did you
mean", and every problem is reported at once, with file and line, as an
:class:`~ecosystem.model.errors.InvalidEcosystemError`; a file that cannot be
read raises :class:`~ecosystem.model.errors.SourceError`.
"""

from __future__ import annotations

from .building import import_landscape, import_landscape_report
from .names import slugify
from .report import LandscapeImport, LandscapeJob, LandscapeMember, Skip, report_json, report_lines
from .settings import LandscapeSettings, read_settings

__all__ = [
    "LandscapeImport",
    "LandscapeJob",
    "LandscapeMember",
    "LandscapeSettings",
    "Skip",
    "import_landscape",
    "import_landscape_report",
    "read_settings",
    "report_json",
    "report_lines",
    "slugify",
]
