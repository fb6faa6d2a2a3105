"""The page shell: Jinja2 templates, our static script and style, vis-network's, the policy, the data.

Every page is **one self-contained HTML file**:

* the markup comes from the templates in ``ecosystem/pages/templates/``,
  rendered by Jinja2 with autoescaping (every text from the data is
  HTML-escaped, quotes included, exactly as :func:`html.escape` does);
* our script and style are the files in ``ecosystem/pages/static/``, and
  vis-network's are the copies inside the pyvis package; all are inlined;
* a Content-Security-Policy forbids loading anything from the network and
  runs only the page's two inline scripts, by their SHA-256 hashes;
* the data travels as JSON in ``<script type="application/json">``
  (:func:`script_json`), read by the script with ``textContent`` and shown as
  text, so a partner called ``<img src=x onerror=alert(1)>`` shows up as
  those characters and runs nothing.

Jinja2 (which comes with pyvis) and pyvis are imported when a page is made.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import re
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..formats.records import figure
from ..model.errors import EcosystemError
from .styles import AGGREGATE_COLOR, EDGE_STYLES, FOCAL_BORDER, GAP_COLOR, NODE_STYLES

if TYPE_CHECKING:  # pragma: no cover
    from jinja2 import Environment

__all__ = [
    "base64_sha256",
    "content_security_policy",
    "escape",
    "package_version",
    "render",
    "render_page",
    "script_json",
    "static_text",
    "vis_assets",
]


def escape(text: Any) -> str:
    """HTML-escape any text (quotes included), as the templates do.

    >>> escape('<b title="x">Tom\\'s</b>')
    '&lt;b title=&quot;x&quot;&gt;Tom&#x27;s&lt;/b&gt;'
    """
    return html.escape(str(text), quote=True)


def script_json(value: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: ``<``, ``>``, ``&``, U+2028/9 escaped.

    >>> script_json({"name": "</script><b>&"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


def base64_sha256(text: str) -> str:
    """The base64 SHA-256 of UTF-8 text, as a Content-Security-Policy hash source wants it.

    >>> base64_sha256("")
    '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='
    """
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def content_security_policy(scripts: Sequence[str]) -> str:
    """A policy that loads nothing from anywhere and runs only these inline scripts (by hash).

    >>> content_security_policy(["alert(1)"]).split("; ")[:2]
    ["default-src 'none'", "script-src 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"]
    """
    hashes = " ".join("'sha256-" + base64_sha256(script) + "'" for script in scripts)
    return (
        "default-src 'none'; "
        f"script-src {hashes}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; "
        "media-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


@functools.cache
def static_text(name: str) -> str:
    """One of our static files (``map.js``, ``page.css``, ``review.css``), from the installed package.

    >>> static_text("map.js").startswith("(function () {")
    True
    """
    return (resources.files(__package__) / "static" / name).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str, str]:
    """vis-network's script and style from the copy inside the pyvis package, and its version.

    Made safe to inline: no source-map reference, no ``</script`` or ``</style``.
    """
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "lib"

    def version(folder: Path) -> tuple[int, ...]:
        return tuple(int(p) for p in re.findall(r"\d+", folder.name))

    folders = sorted((f for f in lib.glob("vis-*") if (f / "vis-network.min.js").is_file()), key=version)
    if not folders:
        raise EcosystemError(f"pyvis's copy of vis-network is missing (looked in {lib}): reinstall pyvis")
    folder = folders[-1]
    script = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    style = (folder / "vis-network.css").read_text(encoding="utf-8") if (folder / "vis-network.css").is_file() else ""
    script = re.sub(r"^//# sourceMappingURL=.*$", "", script, flags=re.M).rstrip() + "\n"
    script = re.sub(r"</(script)", r"<\\/\1", script, flags=re.I).replace("<!--", "<\\!--")
    style = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", style)
    style = re.sub(r"</(style)", r"<\\/\1", style, flags=re.I)
    return script, style, folder.name


@functools.lru_cache(maxsize=1)
def package_version() -> str:
    """The installed ``ecosystem``'s version, which every page names (``unknown`` if it is not installed).

    >>> import ecosystem
    >>> package_version() == ecosystem.__version__
    True
    """
    from importlib import metadata

    try:
        return metadata.version("ecosystem")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare source tree
        return "unknown"


def _escaped(value: Any) -> Any:
    """The templates' escaping: markup stays markup, any other value is escaped as :func:`escape` does.

    (Jinja2's own escaping writes quotes as ``&#34;`` and ``&#39;``; the pages
    have always used :func:`html.escape`'s ``&quot;`` and ``&#x27;``.)
    """
    from markupsafe import Markup

    if hasattr(value, "__html__"):
        return value
    return Markup(escape(value))


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment of the page templates (autoescaping, strict about undefined names)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader(__package__, "templates"),
        autoescape=True,
        finalize=_escaped,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
    )
    env.filters.update(
        figure=figure,  # a number as the command line's tables print it
        dumps=json.dumps,  # the exact value, for data-value attributes
        ids=lambda values: json.dumps(list(values), ensure_ascii=False),
        thousands=lambda number: f"{number:,}",
    )
    env.globals.update(
        node_styles=NODE_STYLES, edge_styles=EDGE_STYLES, gap_color=GAP_COLOR, focal_border=FOCAL_BORDER,
        aggregate_color=AGGREGATE_COLOR,
    )
    return env


def render(template: str, **context: Any) -> str:
    """Render one template of ``ecosystem/pages/templates`` (an HTML fragment)."""
    return environment().get_template(template).render(**context)


def render_page(
    template: str, *, title: str, payload: Mapping[str, Any], body_class: str, styles: Sequence[str] = (),
    **context: Any,
) -> str:
    """A whole self-contained page: ``template`` (which extends ``page.html``) with the policy,
    vis-network, our style (``page.css`` and ``styles``) and script, and the JSON ``payload``."""
    from markupsafe import Markup

    vis_js, vis_css, vis_version = vis_assets()
    scripts = ["\n" + vis_js.strip("\n") + "\n", "\n" + static_text("map.js")]
    css = static_text("page.css") + "".join("\n" + static_text(name) for name in styles)
    return render(
        template,
        csp=Markup(content_security_policy(scripts)),  # our own text: its single quotes stay as they are
        version=package_version(),
        vis_version=vis_version,
        title=title,
        body_class=body_class,
        # script and style text is not HTML: it goes in as it is (vis_assets and script_json keep
        # "</script" and "</style" out of it, and the policy runs only these scripts' hashes)
        vis_css=Markup(vis_css.strip("\n") + "\n"),
        css=Markup(css),
        data=Markup(script_json(payload)),
        vis_js=Markup(scripts[0]),
        app_js=Markup(scripts[1]),
        **context,
    )
