"""Ids and names for what a landscape holds: slugs, organisation names, distinct capability names.

Organisation names are taken from what the landscape says, in this order:

1. the ``organization: {name: ...}`` an item gives;
2. an item named like its own organisation: its name (without a trailing
   ``(tag)`` such as ``(hosting)`` or ``(member)`` and without a legal form
   such as ``Inc.`` or ``Co., Ltd``) is the organisation's crunchbase slug
   (``Harness`` for ``harness-512d``, ``AT&T`` for ``at-t``);
3. the first words of an item's name that spell the slug (``NVIDIA`` from
   ``NVIDIA Corporation``, ``Red Hat`` from ``Red Hat OpenShift``), or a
   parenthesised acronym that does (``AMD`` from ``Advanced Micro Devices
   (AMD)``);
4. the name of the organisation's entry in the members category (members
   lists name organisations, not products), without tag or legal form;
5. else the slug itself, made readable by :func:`slug_name`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from urllib.parse import unquote, urlsplit

__all__ = [
    "core_slug",
    "crunchbase_slug",
    "distinct_names",
    "organisation_name",
    "plain_name",
    "slug_name",
    "slugify",
    "spells_slug",
    "trailing_tag",
    "unique_ids",
]

#: Legal forms dropped from the end of slugs and names (``canonical-ltd``, ``Neo4j, Inc.``).
LEGAL_FORMS = frozenset(
    {
        "ab", "ag", "asa", "bv", "co", "corp", "corporation", "ev", "gmbh", "inc", "incorporated", "kk", "limited",
        "llc", "llp", "lp", "ltd", "nv", "oy", "pbc", "plc", "pte", "pty", "sa", "sarl", "sas", "spa", "srl",
    }
)  # fmt: skip
#: Common acronyms that hold a vowel (those without one are found by rule, e.g. ``lf``, ``cdf``).
ACRONYMS = frozenset(
    {
        "abb", "ai", "amd", "api", "aws", "bmw", "dxc", "eu", "ge", "hpe", "ibm", "ieee", "iot", "mit", "ml", "nasa",
        "nec", "nio", "oss", "ovh", "sap", "sas", "sql", "ucla", "ui", "uk", "usa", "ux", "zte",
    }
)  # fmt: skip
#: Words kept lower case inside a name (``University of Washington``).
SMALL_WORDS = frozenset({"a", "and", "at", "by", "de", "del", "der", "des", "du", "for", "in", "la", "le", "of",
                         "on", "the", "to", "und", "van", "von"})  # fmt: skip

#: Top-level domains that end some slugs (``gitlab-com`` is ``Gitlab.com``).
_DOMAINS = frozenset({"com", "io", "net", "org"})
_CRUNCHBASE_HOSTS = frozenset({"crunchbase.com", "www.crunchbase.com"})
_TAG = re.compile(r"\s*\(([^()]*)\)\s*$")
_LEGAL_TAIL = re.compile(r"[\s,]+([A-Za-z.]+)\.?\s*$")


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


def crunchbase_slug(url: str) -> tuple[str, str] | None:
    """``(slug, canonical url)`` of a crunchbase organisation URL, else ``None``.

    >>> crunchbase_slug("https://crunchbase.com/organization/Red-Hat?utm_source=x")
    ('Red-Hat', 'https://www.crunchbase.com/organization/Red-Hat')
    >>> crunchbase_slug("https://example.com/acme") is None
    True
    """
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


def _is_suffix(word: str) -> bool:
    """A crunchbase disambiguation suffix: 1-2 digits (``-2``) or 4 hex digits with a digit (``-512d``)."""
    return bool(re.fullmatch(r"\d{1,2}", word) or (re.fullmatch(r"[0-9a-f]{4}", word) and re.search(r"\d", word)))


def core_slug(slug: str) -> str:
    """A slug without crunchbase's numeric or hash suffix and without trailing legal forms.

    At least one word is always kept.

    >>> core_slug("harness-512d"), core_slug("fossa-2"), core_slug("canonical-ltd"), core_slug("shinesoft-co-ltd")
    ('harness', 'fossa', 'canonical', 'shinesoft')
    >>> core_slug("qihoo-360"), core_slug("3m"), core_slug("inc"), core_slug("ly-corporation")
    ('qihoo-360', '3m', 'inc', 'ly-corporation')
    """
    words = slugify(slug).split("-")
    if len(words) > 1 and _is_suffix(words[-1]):
        words.pop()
    return "-".join(_without_legal_forms(words))


def _without_legal_forms(words: list[str]) -> list[str]:
    """``words`` without trailing legal forms, unless fewer than 4 letters would be left (``LY Corporation``)."""
    kept = list(words)
    while len(kept) > 1 and kept[-1].lower().strip(".") in LEGAL_FORMS:
        kept.pop()
    return kept if len("".join(kept)) >= 4 else list(words)


def _vowelless(word: str) -> bool:
    return 2 <= len(word) <= 5 and word.isalpha() and not re.search(r"[aeiouy]", word)


def slug_name(slug: str) -> str:
    """A readable name made of a slug's words, without crunchbase suffixes or legal forms.

    Words that are acronyms are upper case: short words without a vowel
    (``lf``, ``cdf``), common acronyms with one (``ibm``, ``nasa``), and a
    last word made of the initials of the words before it, which is put in
    brackets.  Small words (``of``, ``and``...) stay lower case inside a
    name; words typed with capitals keep them.

    >>> [slug_name(s) for s in ("harness-512d", "fossa-2", "ibm", "nasa", "lf-energy", "red-hat")]
    ['Harness', 'Fossa', 'IBM', 'NASA', 'LF Energy', 'Red Hat']
    >>> slug_name("continuous-delivery-foundation-cdf"), slug_name("university-of-washington")
    ('Continuous Delivery Foundation (CDF)', 'University of Washington')
    >>> slug_name("Scout-APM"), slug_name("5g-lab"), slug_name("dreamworks-9660"), slug_name("gitlab-com")
    ('Scout APM', '5G Lab', 'Dreamworks', 'Gitlab.com')
    """
    words = [w for w in re.split(r"[-_\s]+", unquote(slug).strip()) if w]
    if not words:
        return slug
    if len(words) > 1 and _is_suffix(words[-1].lower()):
        words.pop()
    words = _without_legal_forms(words)
    if len(words) > 1 and words[-1].lower() in _DOMAINS:
        words[-2:] = [f"{words[-2]}.{words[-1].lower()}"]
    out: list[str] = []
    for index, word in enumerate(words):
        low = word.lower()
        initials = "".join(w[0] for w in words[:index] if w.lower() not in SMALL_WORDS).lower()
        if word != low:
            out.append(word)
        elif index >= 2 and len(low) >= 2 and low == initials[-len(low):] and index == len(words) - 1:
            out.append(f"({low.upper()})")
        elif low in ACRONYMS or _vowelless(low) or (low[:1].isdigit() and len(low) <= 3):
            out.append(low.upper())
        elif index > 0 and low in SMALL_WORDS:
            out.append(low)
        else:
            out.append(low[:1].upper() + low[1:])
    return " ".join(out)


def trailing_tag(name: str) -> str | None:
    """The text of a trailing ``(tag)`` of an item name, lower case, else ``None``.

    >>> trailing_tag("Amazon (hosting)"), trailing_tag("Intel(hosting)"), trailing_tag("Rook")
    ('hosting', 'hosting', None)
    """
    match = _TAG.search(name)
    return match.group(1).strip().casefold() if match and match.group(1).strip() else None


def plain_name(name: str) -> str:
    """A name without its trailing ``(tag)`` and legal forms (never empty).

    >>> plain_name("Huawei Technologies Co., Ltd"), plain_name("Neo4j, Inc. (member)"), plain_name("Inc.")
    ('Huawei Technologies', 'Neo4j', 'Inc.')
    """
    text = _TAG.sub("", name).strip() or name.strip()
    while True:
        match = _LEGAL_TAIL.search(text)
        if not match or match.group(1).lower().replace(".", "") not in LEGAL_FORMS or not text[: match.start()].strip():
            return text
        text = text[: match.start()].rstrip(" ,")


def spells_slug(name: str, slug: str) -> bool:
    """True if an item's name, without tag and legal form, is its organisation's slug.

    >>> spells_slug("Harness", "harness-512d"), spells_slug("Canonical (KCSP)", "canonical-ltd")
    (True, True)
    >>> spells_slug("Red Hat OpenShift", "red-hat")
    False
    """
    targets = {slugify(slug), core_slug(slug)}
    return slugify(plain_name(name)) in targets or slugify(name) in targets


def _prefix_spelling(name: str, targets: set[str]) -> str | None:
    """The leading words of ``name`` that spell one of ``targets``, else a bracketed acronym that does."""
    text = _TAG.sub("", name).strip()
    for match in re.finditer(r"[^\W_]+", text):
        prefix = text[: match.end()]
        if slugify(prefix) in targets:
            return prefix.strip(" ,")
    for inner in re.findall(r"\(([^()]+)\)", name):
        if slugify(inner) in targets:
            return inner.strip()
    return None


def organisation_name(slug: str, item_names: Sequence[str], member_names: Sequence[str]) -> str:
    """The name of a crunchbase organisation, from its items' names, else from its slug.

    ``item_names`` are the names of every item of the organisation in file
    order; ``member_names`` those of its entries in the members category.
    The rules are in this module's docstring.

    >>> organisation_name("harness-512d", ["Harness", "Harness CD"], [])
    'Harness'
    >>> organisation_name("nvidia", ["NVIDIA Corporation"], ["NVIDIA Corporation"])
    'NVIDIA'
    >>> organisation_name("neo-technology", ["Neo4j, Inc."], ["Neo4j, Inc."])
    'Neo4j'
    >>> organisation_name("fossa-2", ["Fossil Scanner"], [])
    'Fossa'
    >>> organisation_name("software-ag", ["Software AG (Nyoka)", "Software AG"], [])
    'Software AG'
    """
    targets = {slugify(slug), core_slug(slug)}
    for name in item_names:
        written = _TAG.sub("", name).strip()
        if written and slugify(written) == slugify(slug):
            return written
    for name in item_names:
        if spells_slug(name, slug):
            return plain_name(name)
    for name in item_names:
        found = _prefix_spelling(name, targets)
        if found:
            return found
    if member_names:
        return plain_name(member_names[0])
    return slug_name(slug)


def distinct_names(names: Sequence[str], contexts: Sequence[str]) -> list[str]:
    """``names`` with each name used more than once (ignoring case) followed by its context in brackets.

    >>> distinct_names(["Framework", "Platform", "Framework"], ["Machine Learning", "Deep Learning", "Deep Learning"])
    ['Framework (Machine Learning)', 'Platform', 'Framework (Deep Learning)']
    """
    counts: dict[str, int] = {}
    for name in names:
        counts[name.casefold()] = counts.get(name.casefold(), 0) + 1
    return [f"{n} ({c})" if counts[n.casefold()] > 1 and c.casefold() != n.casefold() else n
            for n, c in zip(names, contexts)]


def unique_ids(bases: Iterable[str]) -> list[str]:
    """Unique ids for ``bases`` (in order): a base used earlier gets ``-2``, ``-3``...

    Every base that is not repeated keeps its id, even if a suffixed id could
    have taken it (``fossa-2`` is a real crunchbase slug).

    >>> unique_ids(["org-c", "org-c", "org-c-2", "org-c"])
    ['org-c', 'org-c-3', 'org-c-2', 'org-c-4']
    """
    bases = list(bases)
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
